"""Business calendars and working-time arithmetic.

A calendar is an IANA zone, working windows per weekday in local wall-clock time,
whole-day holidays (the `holidays` package by country/subdivision, plus explicit
dates) and per-date overrides. An override replaces its date's windows and wins
over a holiday on the same date (it is the more specific statement: "we open on
Boxing Day 10:00-14:00").

Arithmetic is on a lazily built table: the working intervals of whole local years
as UTC epoch seconds (`starts`, `ends`, merged where they touch, so Mon 22:00-24:00
and Tue 00:00-02:00 are one stretch) and `cum_end[k]`, the working seconds from the
table's first instant to the end of interval k. W(x), the working seconds before x,
is one bisect; `add` is W(start) + seconds looked up in `cum_end` by a second
bisect; `between` is W(b) - W(a). The table covers a contiguous range of years and
grows in either direction when a query falls outside it.

Country holidays exist for the years the `holidays` package knows (for GB, up to
2100); beyond them only weekends, explicit dates and overrides apply.

Instants are whole seconds: a sub-second part of a datetime argument is dropped.
A wall time skipped by a spring-forward change is read as the instant of the change
(the clock jumps past it there); an ambiguous one (autumn) as its first occurrence.
"""

from __future__ import annotations

import json
import math
import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_KNOWN_KEYS = (
    "timezone", "week", "holidays", "holiday_country", "holiday_subdiv", "overrides", "always",
)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_FIRST_YEAR, _LAST_YEAR = 1, 9998   # datetime's range, less a year for local/UTC spill-over

Window = tuple[int, int]          # minutes since local midnight, end may be 1440 ("24:00")
Windows = tuple[Window, ...]
_WHOLE_WEEK: tuple[Windows, ...] = (((0, DAY_MINUTES),),) * 7


class CalendarError(ValueError):
    """An invalid calendar definition; `.key` names the offending key."""

    def __init__(self, key: str, what: str):
        self.key = key
        self.what = what
        super().__init__(f"{key}: {what}")


@dataclass(frozen=True, eq=False)
class Segment:
    """A piece of [a, b): working time, or non-working time with the reason it is skipped."""

    start: datetime
    end: datetime
    working: bool
    reason: str | None


class Calendar:
    """Working time on one calendar; build with `from_mapping` or `always`."""

    def __init__(
        self,
        *,
        id: str,
        timezone: str,
        week: tuple[Windows, ...],
        holidays: frozenset[date] = frozenset(),
        holiday_country: str | None = None,
        holiday_subdiv: str | None = None,
        overrides: dict[date, Windows] | None = None,
    ):
        """Takes already validated, normalised parts (see `from_mapping` for the checks)."""
        self.id = id
        self.timezone = timezone
        self._zone = ZoneInfo(timezone)
        self._week = week
        self._holidays = holidays
        self._country = holiday_country
        self._subdiv = holiday_subdiv
        self._overrides = dict(overrides or {})
        self.is_always = (
            week == _WHOLE_WEEK
            and not holidays and not holiday_country and not self._overrides
        )
        self.business_day_seconds = max(sum(e - s for s, e in day) for day in week) * 60
        self._holiday_years: dict[int, dict[date, str]] = {}
        self._year_intervals: dict[int, list[tuple[int, int]]] = {}
        self._years: tuple[int, int] | None = None
        # (lo, hi, starts, ends, cum_end) swapped as one tuple, so readers in other
        # threads always see a consistent table; the empty one covers nothing.
        self._table: tuple[int, int, list[int], list[int], list[int]] = (1, 0, [], [], [])
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Calendar({self.id!r}: {self.describe()})"

    # ---- construction -------------------------------------------------------------

    @classmethod
    def from_mapping(cls, data: dict, *, id: str = "calendar", check_holiday_region: bool = True) -> Calendar:
        """Validate the CAL.json form of DESIGN.md; an identical definition is built once per process.

        `check_holiday_region=False` takes `holiday_country` and `holiday_subdiv` as given,
        for definitions checked already (the built-in packs, by their tests): the check
        loads the holidays library, which takes longer than the console's whole first
        screen, and a calendar loads it anyway the first time it needs holiday dates.
        """
        try:
            cache_key = (id, json.dumps(data, sort_keys=True, default=str), check_holiday_region)
        except (TypeError, ValueError):
            cache_key = None   # not JSON-like: validation below will say what is wrong
        if cache_key is not None and cache_key in _BUILT:
            return _BUILT[cache_key]
        calendar = cls(id=id, **_validated(data, check_holiday_region=check_holiday_region))
        if cache_key is not None:
            _remember(cache_key, calendar)
        return calendar

    @classmethod
    def always(cls, id: str = "24x7") -> Calendar:
        """24/7 in UTC: working time is elapsed time."""
        cache_key = (id, "always")
        if cache_key not in _BUILT:
            _remember(cache_key, cls(id=id, timezone="UTC", week=_WHOLE_WEEK))
        return _BUILT[cache_key]

    # ---- arithmetic (hot paths first) ------------------------------------------------

    def add_epoch(self, start: int, seconds: int) -> int:
        """The earliest instant at which `seconds` of working time have elapsed since `start`.

        Negative `seconds` count back: the result r then has between(r, start) == -seconds.
        """
        if not seconds:
            return start
        lo, hi, starts, ends, cum_end = self._table
        if lo <= start <= hi:
            i = bisect_right(starts, start) - 1
            end = ends[i]
            target = cum_end[i] + seconds - (end - start if start < end else 0)
            if 0 < target <= cum_end[-1]:
                j = bisect_left(cum_end, target)
                return ends[j] - cum_end[j] + target
        return self._add_far(start, seconds)

    def between_epoch(self, a: int, b: int) -> int:
        """Working seconds in [a, b); negative when b < a."""
        lo, hi, starts, ends, cum_end = self._table
        if not (lo <= a <= hi and lo <= b <= hi):
            self._cover(a, b)
            lo, hi, starts, ends, cum_end = self._table
        i = bisect_right(starts, a) - 1
        end = ends[i]
        worked_a = cum_end[i] - (end - a if a < end else 0)
        i = bisect_right(starts, b) - 1
        end = ends[i]
        return cum_end[i] - (end - b if b < end else 0) - worked_a

    def add(self, start: datetime, seconds: int) -> datetime:
        return datetime.fromtimestamp(self.add_epoch(_epoch(start), seconds), UTC)

    def between(self, a: datetime, b: datetime) -> int:
        return self.between_epoch(_epoch(a), _epoch(b))

    def _add_far(self, start: int, seconds: int) -> int:
        """`add_epoch` when the start or the result lies outside the table: grow it, then look up."""
        self._cover(start)
        while True:
            _, _, starts, ends, cum_end = self._table
            i = bisect_right(starts, start) - 1
            target = cum_end[i] + seconds - max(ends[i] - start, 0)
            if target > cum_end[-1]:
                self._grow(forward=True, missing=target - cum_end[-1])
            elif target <= 0:
                self._grow(forward=False, missing=1 - target)
            else:
                j = bisect_left(cum_end, target)
                return ends[j] - cum_end[j] + target

    # ---- explanations -------------------------------------------------------------

    def segments(self, a: datetime, b: datetime) -> list[Segment]:
        """[a, b) cut into alternating working and non-working pieces; empty when b <= a.

        A non-working piece carries one reason, the weightiest of the days it spans:
        "holiday: <names>" (or "holiday" for explicit dates) when a holiday took away
        working hours, else "closed" when an override did, else "weekend" when it spans
        a day without regular windows, else "outside hours".
        """
        first, last = _epoch(a), _epoch(b)
        if last <= first:
            return []
        self._cover(first, last)
        _, _, starts, ends, _ = self._table
        pieces: list[Segment] = []
        k = bisect_right(starts, first) - 1
        t = first
        while t < last:
            if k >= len(starts):
                pieces.append(self._gap(t, last))
                break
            s, e = starts[k], ends[k]
            if e <= t:
                k += 1
            elif s > t:
                pieces.append(self._gap(t, min(s, last)))
                t = min(s, last)
            else:
                stop = min(e, last)
                pieces.append(Segment(_utc(t), _utc(stop), True, None))
                t = stop
                k += 1
        return pieces

    def _gap(self, s: int, e: int) -> Segment:
        names: list[str] = []
        causes = set()
        day = datetime.fromtimestamp(s, self._zone).date()
        final = datetime.fromtimestamp(e - 1, self._zone).date()
        while day <= final:
            windows, cause = self._day_plan(day)
            if not windows and cause:
                causes.add(cause.partition(":")[0])
                name = cause.partition(": ")[2]
                if name and name not in names:
                    names.append(name)
            day += timedelta(days=1)
        if "holiday" in causes:
            reason = "holiday: " + ", ".join(names) if names else "holiday"
        else:
            reason = next((c for c in ("closed", "weekend") if c in causes), "outside hours")
        return Segment(_utc(s), _utc(e), False, reason)

    def describe(self) -> str:
        """One line for screens and explanations, e.g. "09:00-17:30 Europe/London Mon-Fri"."""
        if self.is_always:
            return "24/7"
        groups: dict[Windows, list[int]] = {}
        for weekday, windows in enumerate(self._week):
            if windows:
                groups.setdefault(windows, []).append(weekday)
        if len(groups) == 1:
            (windows, days), = groups.items()
            text = f"{_windows_text(windows)} {self.timezone} {_days_text(days)}"
        else:
            text = ", ".join(f"{_days_text(d)} {_windows_text(w)}" for w, d in groups.items())
            text += f" {self.timezone}"
        extras = []
        if self._country:
            region = f"{self._country}-{self._subdiv}" if self._subdiv else self._country
            more = f" + {_count(len(self._holidays), 'date')}" if self._holidays else ""
            extras.append(f"holidays {region}{more}")
        elif self._holidays:
            extras.append(_count(len(self._holidays), "holiday"))
        if self._overrides:
            extras.append(_count(len(self._overrides), "override"))
        return ", ".join([text, *extras])

    # ---- the table ----------------------------------------------------------------

    def _cover(self, *instants: int) -> None:
        """Make the table's years include the local years of these instants."""
        years = [datetime.fromtimestamp(x, self._zone).year for x in instants]
        with self._lock:
            first, last = self._years or (min(years), max(years))
            self._set_years(min(first, *years), max(last, *years))

    def _grow(self, *, forward: bool, missing: int) -> None:
        """Add enough years on one side for `missing` more working seconds (estimated)."""
        with self._lock:
            first, last = self._years
            per_year = max(self._table[4][-1] // (last - first + 1), 1)
            more = max(1, math.ceil(missing / per_year))
            if forward:
                self._set_years(first, last + more)
            else:
                self._set_years(first - more, last)

    def _set_years(self, first: int, last: int) -> None:
        """Rebuild the table over these years (the caller holds the lock)."""
        if self._years == (first, last):
            return
        if first < _FIRST_YEAR or last > _LAST_YEAR:
            raise OverflowError(
                f"calendar {self.id}: instant beyond the years {_FIRST_YEAR}-{_LAST_YEAR}"
            )
        lo = self._wall_to_epoch(date(first, 1, 1), 0)
        hi = self._wall_to_epoch(date(last + 1, 1, 1), 0)
        starts, ends, cum_end = [lo], [lo], [0]   # a zero-length sentinel: W(lo) = 0
        total = 0
        for year in range(first, last + 1):
            for s, e in self._intervals_of(year):
                if s <= ends[-1] and len(ends) > 1:    # touches or overlaps the previous
                    if e > ends[-1]:
                        total += e - ends[-1]
                        ends[-1] = e
                        cum_end[-1] = total
                    continue
                total += e - s
                starts.append(s)
                ends.append(e)
                cum_end.append(total)
        self._table = (lo, hi, starts, ends, cum_end)
        self._years = (first, last)

    def _intervals_of(self, year: int) -> list[tuple[int, int]]:
        """A local year's working intervals in epoch seconds (cached per year)."""
        intervals = self._year_intervals.get(year)
        if intervals is None:
            intervals = []
            day = date(year, 1, 1)
            offset = self._midnight_offset(day)
            while day.year == year:
                following = day + timedelta(days=1)
                next_offset = self._midnight_offset(following)
                windows = self._day_plan(day)[0]
                if windows and offset == next_offset:    # no change of offset that day
                    base = (day.toordinal() - _EPOCH_ORDINAL) * 86400 - offset
                    intervals.extend((base + s * 60, base + e * 60) for s, e in windows)
                else:
                    for s, e in windows:
                        start, end = self._wall_to_epoch(day, s), self._wall_to_epoch(day, e)
                        if end > start:
                            intervals.append((start, end))
                day, offset = following, next_offset
            self._year_intervals[year] = intervals
        return intervals

    def _midnight_offset(self, day: date) -> int:
        wall = datetime(day.year, day.month, day.day, tzinfo=self._zone)
        return int(wall.utcoffset().total_seconds())

    def _day_plan(self, day: date) -> tuple[Windows, str | None]:
        """A date's windows, and why its regular windows are not worked (None when they are)."""
        regular = self._week[day.weekday()]
        if day in self._overrides:
            windows = self._overrides[day]
            return windows, (None if windows else "closed" if regular else "weekend")
        if not regular:
            return regular, "weekend"
        name = self._holidays_of(day.year).get(day)
        if name is not None:
            return (), f"holiday: {name}" if name else "holiday"
        return regular, None

    def _holidays_of(self, year: int) -> dict[date, str]:
        """Holiday names by date ("" for an explicit date the country does not name)."""
        found = self._holiday_years.get(year)
        if found is None:
            found = {d: "" for d in self._holidays if d.year == year}
            if self._country:
                found.update(_country_holidays(self._country, self._subdiv, year))
            self._holiday_years[year] = found
        return found

    def _wall_to_epoch(self, day: date, minute: int) -> int:
        if minute == DAY_MINUTES:
            day, minute = day + timedelta(days=1), 0
        wall = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=self._zone)
        epoch = int(wall.timestamp())
        before, after = wall.utcoffset(), wall.replace(fold=1).utcoffset()
        if after > before:      # skipped by a spring-forward change: the change itself
            return self._change_instant(epoch - int((after - before).total_seconds()), epoch)
        return epoch

    def _change_instant(self, lo: int, hi: int) -> int:
        """The first second in (lo, hi] that has hi's UTC offset."""
        target = datetime.fromtimestamp(hi, self._zone).utcoffset()
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if datetime.fromtimestamp(mid, self._zone).utcoffset() == target:
                hi = mid
            else:
                lo = mid
        return hi


# ---- helpers ----------------------------------------------------------------------

_BUILT: dict[tuple, Calendar] = {}
_BUILT_LIMIT = 256


def _remember(key: tuple, calendar: Calendar) -> None:
    if len(_BUILT) >= _BUILT_LIMIT:
        del _BUILT[next(iter(_BUILT))]
    _BUILT[key] = calendar


def _epoch(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError(f"{value.isoformat()} has no time zone")
    return math.floor(value.timestamp())


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


@lru_cache(maxsize=64)
def _country_holidays(country: str, subdiv: str | None, year: int) -> dict[date, str]:
    import holidays  # imported here: it is slow to import and most calendars do not need it

    return dict(holidays.country_holidays(country, subdiv=subdiv, years=year))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _windows_text(windows: Windows) -> str:
    return " & ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in windows)


def _days_text(days: list[int]) -> str:
    if len(days) == 7:
        return "every day"
    runs: list[list[int]] = []
    for d in days:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    names = [k.capitalize() for k in DAY_KEYS]
    return ", ".join(
        f"{names[r[0]]}-{names[r[-1]]}" if len(r) > 2 else ", ".join(names[d] for d in r)
        for r in runs
    )


# ---- validation -------------------------------------------------------------------

def _validated(data: dict, *, check_holiday_region: bool = True) -> dict:
    """Check a CAL.json mapping; return the keyword arguments of `Calendar`."""
    if not isinstance(data, dict):
        raise CalendarError("calendar", f"expected an object, got {type(data).__name__}")
    for key in data:
        if key not in _KNOWN_KEYS:
            raise CalendarError(str(key), f"unknown key (expected one of {', '.join(_KNOWN_KEYS)})")
    always = data.get("always", False)
    if not isinstance(always, bool):
        raise CalendarError("always", f"expected true or false, got {always!r}")
    if always and "week" in data:
        raise CalendarError("always", "cannot be combined with week (always means every day 00:00-24:00)")
    if not always and "week" not in data:
        raise CalendarError("week", "required")
    if not always and "timezone" not in data:
        raise CalendarError("timezone", "required")
    timezone = data.get("timezone", "UTC")
    if not isinstance(timezone, str) or not timezone:
        raise CalendarError("timezone", f"expected an IANA zone name, got {timezone!r}")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError("timezone", f"{timezone!r} is not a known IANA time zone") from None

    if always:
        week = _WHOLE_WEEK
    else:
        raw_week = data["week"]
        if not isinstance(raw_week, dict):
            raise CalendarError("week", "expected an object of days (mon..sun) to lists of windows")
        for key in raw_week:
            if key not in DAY_KEYS:
                raise CalendarError(f"week.{key}", "unknown day (expected mon, tue, wed, thu, fri, sat, sun)")
        week = tuple(_windows(raw_week.get(k, []), f"week.{k}") for k in DAY_KEYS)
        if not any(week):
            raise CalendarError("week", "has no working window on any day")

    raw_holidays = data.get("holidays", [])
    if not isinstance(raw_holidays, list):
        raise CalendarError("holidays", "expected a list of dates (YYYY-MM-DD)")
    holidays = frozenset(_date(v, f"holidays[{i}]") for i, v in enumerate(raw_holidays))

    raw_overrides = data.get("overrides", {})
    if not isinstance(raw_overrides, dict):
        raise CalendarError("overrides", "expected an object of dates (YYYY-MM-DD) to lists of windows")
    overrides = {
        _date(k, f"overrides.{k}"): _windows(v, f"overrides.{k}") for k, v in raw_overrides.items()
    }
    country, subdiv = data.get("holiday_country"), data.get("holiday_subdiv")
    if check_holiday_region:
        country, subdiv = _holiday_region(country, subdiv)
    return {
        "timezone": timezone, "week": week, "holidays": holidays, "overrides": overrides,
        "holiday_country": country, "holiday_subdiv": subdiv,
    }


def _windows(value, key: str) -> Windows:
    if not isinstance(value, list):
        raise CalendarError(key, 'expected a list of windows like [["09:00", "17:30"]]')
    windows: list[tuple[int, int, int]] = []
    for i, pair in enumerate(value):
        where = f"{key}[{i}]"
        if not (isinstance(pair, list) and len(pair) == 2):
            raise CalendarError(where, f'expected ["HH:MM", "HH:MM"], got {_show(pair)}')
        start, end = (_minute(t, where) for t in pair)
        if start == DAY_MINUTES:
            raise CalendarError(where, '"24:00" can only end a window')
        if end == start:
            raise CalendarError(where, f"is empty ({pair[0]}-{pair[1]})")
        if end < start:
            raise CalendarError(where, f"ends before it starts ({pair[0]}-{pair[1]})")
        windows.append((start, end, i))
    windows.sort()
    merged: list[Window] = []
    for n, (start, end, i) in enumerate(windows):
        if merged and start < merged[-1][1]:
            other = windows[n - 1][2]
            raise CalendarError(
                f"{key}[{i}]", f"{_hhmm(start)}-{_hhmm(end)} overlaps {key}[{other}]"
            )
        if merged and start == merged[-1][1]:    # touching windows are one stretch
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def _show(value) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _minute(text, where: str) -> int:
    match = _TIME.fullmatch(text) if isinstance(text, str) else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if (hours < 24 and minutes < 60) or (hours, minutes) == (24, 0):
            return hours * 60 + minutes
    raise CalendarError(where, f"{_show(text)} is not a time (expected HH:MM, 00:00 to 24:00)")


def _date(text, where: str) -> date:
    if isinstance(text, date) and not isinstance(text, datetime):   # a TOML date
        return text
    try:
        if isinstance(text, str) and len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise CalendarError(where, f"{_show(text)} is not a date (expected YYYY-MM-DD)")


def _holiday_region(country, subdiv) -> tuple[str | None, str | None]:
    if country is None:
        if subdiv is not None:
            raise CalendarError("holiday_subdiv", "needs holiday_country")
        return None, None
    if not isinstance(country, str) or not country:
        raise CalendarError("holiday_country", f"expected a country code like \"GB\", got {country!r}")
    if subdiv is not None and (not isinstance(subdiv, str) or not subdiv):
        raise CalendarError("holiday_subdiv", f"expected a subdivision code like \"ENG\", got {subdiv!r}")
    import holidays

    try:
        known = holidays.country_holidays(country)
    except NotImplementedError:
        raise CalendarError("holiday_country", f"{country!r} is not a supported country code") from None
    if subdiv is None:
        return country, None
    aliases = getattr(known, "subdivisions_aliases", {}) or {}
    code = aliases.get(subdiv, subdiv)
    if code not in known.subdivisions:
        listed = ", ".join(known.subdivisions) or "none"
        raise CalendarError("holiday_subdiv", f"{subdiv!r} is not a subdivision of {country} ({listed})")
    return country, code
