"""Properties of working-time arithmetic, over fixed and random calendars.

`is_working` below is an oracle written from the definition alone (is this instant's
local wall-clock time inside its date's windows?), so the table-based arithmetic is
checked against something that shares none of its code. Random windows have whole-hour
bounds: a bound inside a repeated autumn hour is read as its first occurrence, which
the plain wall-clock oracle cannot express.
"""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.calendar import DAY_KEYS, Calendar

SETTINGS = settings(max_examples=200, deadline=None)
WEEKDAYS = DAY_KEYS[:5]
Y2025 = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
Y2028 = int(datetime(2028, 1, 1, tzinfo=UTC).timestamp())
# The 2025-2027 changes of both zones, as UTC instants.
DST_CHANGES = [
    int(datetime.fromisoformat(t).timestamp()) for t in (
        "2025-03-30T01:00Z", "2025-10-26T01:00Z", "2026-03-29T01:00Z", "2026-10-25T01:00Z",
        "2025-03-09T07:00Z", "2025-11-02T06:00Z", "2026-03-08T07:00Z", "2026-11-01T06:00Z",
        "2027-03-14T07:00Z", "2027-03-28T01:00Z",
    )
]
BUSINESS_WEEK = 5 * 30600

PRO2COL = {
    "timezone": "Europe/London",
    "week": {d: [["09:00", "17:30"]] for d in WEEKDAYS},
    "holiday_country": "GB",
    "holiday_subdiv": "ENG",
}
NEW_YORK = {
    "timezone": "America/New_York",
    "week": {d: [["08:00", "12:00"], ["13:00", "18:00"]] for d in WEEKDAYS},
    "holiday_country": "US",
    "holiday_subdiv": "NY",
}
# A night desk across midnight, in a DST zone: the changes fall inside its windows.
NIGHTS = {
    "timezone": "Europe/London",
    "week": {"mon": [["20:00", "24:00"]], "tue": [["00:00", "03:00"], ["20:00", "24:00"]],
             "sat": [["00:00", "24:00"]], "sun": [["00:00", "06:00"]]},
    "overrides": {"2026-12-24": [["09:00", "13:00"]], "2026-03-29": [["01:00", "03:00"]]},
}
ALWAYS_LONDON = {"timezone": "Europe/London", "week": {d: [["00:00", "24:00"]] for d in DAY_KEYS}}
ALWAYS_NEW_YORK = {**ALWAYS_LONDON, "timezone": "America/New_York"}

any_instant = st.integers(Y2025, Y2028)
near_a_change = st.builds(
    lambda change, offset: change + offset,
    st.sampled_from(DST_CHANGES), st.integers(-5 * 86400, 5 * 86400),
)
instants = st.one_of(any_instant, near_a_change)
amounts = st.one_of(st.integers(0, 2 * BUSINESS_WEEK), st.integers(0, 7200))


@st.composite
def random_windows(draw, *, allow_empty=True):
    hours = sorted(draw(st.sets(st.integers(0, 24), max_size=6)))
    if len(hours) % 2:
        hours = hours[:-1]
    windows = [[f"{s:02d}:00", f"{e:02d}:00"] for s, e in zip(hours[::2], hours[1::2], strict=True)]
    return windows if windows or allow_empty else [["09:00", "17:00"]]


@st.composite
def random_calendars(draw):
    zone = draw(st.sampled_from(["Europe/London", "America/New_York", "UTC"]))
    week = {day: draw(random_windows()) for day in DAY_KEYS}
    if not any(week.values()):
        week["mon"] = [["09:00", "17:00"]]
    days = st.dates(date(2025, 1, 1), date(2027, 12, 31))
    holidays = sorted({d.isoformat() for d in draw(st.lists(days, max_size=20))})
    overrides = {d.isoformat(): draw(random_windows()) for d in draw(st.lists(days, max_size=5))}
    return {"timezone": zone, "week": week, "holidays": holidays, "overrides": overrides}


calendars = st.one_of(st.sampled_from([PRO2COL, NEW_YORK, NIGHTS]), random_calendars())


def build(mapping: dict) -> Calendar:
    return Calendar.from_mapping(mapping, id="property")


def is_working(mapping: dict, epoch: int) -> bool:
    """Whether the second starting at `epoch` is working time, from the definition alone."""
    local = datetime.fromtimestamp(epoch, ZoneInfo(mapping["timezone"]))
    day = local.date()
    key = day.isoformat()
    if key in mapping.get("overrides", {}):
        windows = mapping["overrides"][key]
    elif key in mapping.get("holidays", ()) or _country_holiday(mapping, day):
        windows = []
    else:
        windows = mapping["week"].get(DAY_KEYS[day.weekday()], [])
    clock = local.strftime("%H:%M:%S")
    return any(start + ":00" <= clock < end + ":00" for start, end in windows)


def _country_holiday(mapping: dict, day: date) -> bool:
    country = mapping.get("holiday_country")
    return bool(country) and day in _holidays_of(country, mapping.get("holiday_subdiv"))


@lru_cache
def _holidays_of(country: str, subdiv: str | None):
    import holidays

    return holidays.country_holidays(country, subdiv=subdiv)


# ---- the arithmetic -----------------------------------------------------------------------

@SETTINGS
@given(calendars, instants, amounts)
def test_between_undoes_add(mapping, start, seconds):
    cal = build(mapping)
    assert cal.between_epoch(start, cal.add_epoch(start, seconds)) == seconds


@SETTINGS
@given(calendars, instants, amounts)
def test_going_back_undoes_going_forward(mapping, start, seconds):
    cal = build(mapping)
    assert cal.between_epoch(cal.add_epoch(start, -seconds), start) == seconds


@SETTINGS
@given(calendars, instants, instants, amounts, amounts)
def test_add_is_monotone_in_start_and_in_seconds(mapping, a, b, x, y):
    cal = build(mapping)
    a, b = sorted((a, b))
    x, y = sorted((x, y))
    assert cal.add_epoch(a, x) <= cal.add_epoch(b, x)
    assert cal.add_epoch(a, x) <= cal.add_epoch(a, y)


@SETTINGS
@given(calendars, instants, instants, instants)
def test_between_is_additive_and_antisymmetric(mapping, a, b, c):
    cal = build(mapping)
    assert cal.between_epoch(a, c) == cal.between_epoch(a, b) + cal.between_epoch(b, c)
    assert cal.between_epoch(b, a) == -cal.between_epoch(a, b)
    assert cal.between_epoch(a, a) == 0


@SETTINGS
@given(calendars, instants, st.integers(1, 2 * BUSINESS_WEEK))
def test_a_deadline_ends_working_time(mapping, start, seconds):
    # Never strictly inside a non-working stretch: the second before it was worked
    # (it may be exactly a window's end).
    cal = build(mapping)
    due = cal.add_epoch(start, seconds)
    assert is_working(mapping, due - 1)
    assert due >= start


@SETTINGS
@given(calendars, instants)
def test_the_table_agrees_with_the_definition(mapping, instant):
    cal = build(mapping)
    assert cal.between_epoch(instant, instant + 1) == int(is_working(mapping, instant))


@settings(max_examples=100, deadline=None)
@given(calendars, instants, st.integers(0, 8 * 86400))
def test_segments_cover_the_range_and_alternate(mapping, a, length):
    cal = build(mapping)
    start, end = (datetime.fromtimestamp(x, UTC) for x in (a, a + length))
    pieces = cal.segments(start, end)
    if not length:
        assert pieces == []
        return
    assert pieces[0].start == start and pieces[-1].end == end
    for before, after in pairwise(pieces):
        assert before.end == after.start and before.working != after.working
    for piece in pieces:
        assert piece.start < piece.end
        assert (piece.reason is None) == piece.working
    worked = sum(int((p.end - p.start).total_seconds()) for p in pieces if p.working)
    assert worked == cal.between(start, end)


# ---- elapsed-time calendars ----------------------------------------------------------------

@SETTINGS
@given(st.sampled_from([None, ALWAYS_LONDON, ALWAYS_NEW_YORK]), instants, instants, amounts)
def test_24_7_is_elapsed_time_in_any_zone(mapping, a, b, seconds):
    cal = Calendar.always() if mapping is None else build(mapping)
    assert cal.is_always
    assert cal.add_epoch(a, seconds) == a + seconds
    assert cal.between_epoch(a, b) == b - a


@SETTINGS
@given(instants, st.integers(0, 10**8))
def test_datetime_api_matches_the_epoch_api(start, seconds):
    cal = build(PRO2COL)
    moment = datetime.fromtimestamp(start, UTC)
    assert cal.add(moment, seconds) == datetime.fromtimestamp(cal.add_epoch(start, seconds), UTC)
    assert cal.add(moment, seconds).tzinfo is UTC
    assert cal.between(moment, moment + timedelta(seconds=seconds)) == cal.between_epoch(start, start + seconds)
