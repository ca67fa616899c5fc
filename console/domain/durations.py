"""Policy durations ("8 hours", "2 business days"), their length in working seconds,
and how a number of seconds reads ("1h05m", "2d03h", "-0h12m").

`minutes` and `hours` are working time on the metric's calendar (elapsed time on a
24/7 one); `days` are 24 hours each (packs pair them with a 24/7 calendar);
`business_days` are multiples of the calendar's full business day, so one business
day on a 09:00-17:30 calendar is 8.5 working hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from console.domain.calendar import Calendar

UNITS = ("minutes", "hours", "days", "business_days")
_UNIT_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400}
_SPELLINGS = {
    "minutes": ("minutes", "minute", "mins", "min", "m"),
    "hours": ("hours", "hour", "h"),
    "days": ("days", "day", "d"),
    "business_days": ("business_days", "business_day", "business days", "business day", "bd"),
}
_UNIT_OF = {spelling: unit for unit, spellings in _SPELLINGS.items() for spelling in spellings}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z_ ]*?)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    amount: float
    unit: str

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown duration unit {self.unit!r} (expected {', '.join(UNITS)})")
        if self.amount < 0:
            raise ValueError(f"a duration cannot be negative ({self.amount} {self.unit})")

    def __str__(self) -> str:
        amount = f"{self.amount:g}"
        noun = self.unit.replace("_", " ")
        return f"{amount} {noun[:-1]}" if self.amount == 1 else f"{amount} {noun}"


def parse_duration(text: str) -> Duration:
    """Read "8 hours", "1 business day", "30m", "2bd", "7d" and the like."""
    match = _DURATION.fullmatch(text) if isinstance(text, str) else None
    unit = _UNIT_OF.get(" ".join(match[2].lower().split())) if match else None
    if unit is None:
        raise ValueError(
            f"{text!r} is not a duration (expected a number and one of minutes, hours, days, "
            "business days; e.g. \"8 hours\", \"30m\", \"2 business days\")"
        )
    amount = float(match[1])
    return Duration(int(amount) if amount.is_integer() else amount, unit)


def working_seconds(duration: Duration, calendar: Calendar) -> int:
    """How many working seconds of `calendar` the duration stands for."""
    if duration.unit == "business_days":
        return round(duration.amount * calendar.business_day_seconds)
    return round(duration.amount * _UNIT_SECONDS[duration.unit])


def format_span(seconds: int | None, *, days: bool = False, compact: bool = False, plus: bool = False) -> str:
    """Seconds in whole hours and minutes, "1h05m"; overdue "-0h12m"; "-" for none.

    Every screen and command writes spans through this, so a countdown reads the same
    everywhere. `days` puts whole days first ("2d03h05m"); `compact` does too but then
    drops the minutes ("2d03h"), for fixed-width columns; `plus` marks a change ("+1h05m").
    """
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else "+" if plus else ""
    whole_days, rest = divmod(abs(seconds) // 60, 24 * 60) if days or compact else (0, abs(seconds) // 60)
    hours, minutes = divmod(rest, 60)
    if not whole_days:
        return f"{sign}{hours}h{minutes:02d}m"
    return f"{sign}{whole_days}d{hours:02d}h" + ("" if compact else f"{minutes:02d}m")
