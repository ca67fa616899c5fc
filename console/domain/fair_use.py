"""The fair-use ledger: out-of-hours minutes a contract year against an allowance.

Pure arithmetic over worklog events and the pack's `[fair_use]` terms:
- counted: worklogs marked out of hours, logged while the ticket had one of the
  pack's severities (the severity at the time of the work: a P1 later downgraded
  still used the out-of-hours desk as a P1); a split child's copies of its
  parent's worklogs are not counted again;
- the allocation is the pack's allowance plus the contract's prepaid minutes,
  for the contract year holding `now`; nothing rolls over from the year before;
- beyond the allocation, every started block (30 minutes) is billable.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from console.domain.events import CLASSIFYING, Event, effective_events
from console.domain.policy import FairUse

PREPAID_OPTION = "fair_use_prepaid_minutes"
YEAR_START_OPTION = "contract_year_start"
DEFAULT_YEAR_START = "01-01"


class FairUseError(ValueError):
    """A contract option the ledger cannot read; str() names the option."""


@dataclass(frozen=True)
class Worklog:
    ticket_id: str
    at: datetime
    minutes: int


@dataclass(frozen=True)
class Ledger:
    year_start: datetime
    year_end: datetime                # exclusive
    allowance_minutes: int
    prepaid_minutes: int
    used_minutes: int
    block_minutes: int
    warn_below_percent: int
    entries: tuple[Worklog, ...]
    clause: str

    @property
    def allocation_minutes(self) -> int:
        return self.allowance_minutes + self.prepaid_minutes

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.allocation_minutes - self.used_minutes)

    @property
    def over_minutes(self) -> int:
        return max(0, self.used_minutes - self.allocation_minutes)

    @property
    def billable_blocks(self) -> int:
        return math.ceil(self.over_minutes / self.block_minutes)

    @property
    def running_low(self) -> bool:
        """Less than the warning share of the allocation is left (or none at all)."""
        return self.remaining_minutes * 100 < self.warn_below_percent * self.allocation_minutes \
            or self.remaining_minutes == 0


def counted_worklogs(ticket_id: str, events: list[Event], fair_use: FairUse) -> list[Worklog]:
    """The ticket's out-of-hours worklogs that count against the allowance."""
    severity = None
    out = []
    for e in effective_events(events):
        if e.kind in CLASSIFYING:
            severity = e.payload.get("severity", severity)
        if e.kind == "worklog" and e.payload.get("out_of_hours") and "copied_from" not in e.payload \
                and severity in fair_use.severities:
            out.append(Worklog(ticket_id, e.at, int(e.payload.get("minutes", 0))))
    return out


def contract_year(now: datetime, options: dict[str, Any], timezone: str) -> tuple[datetime, datetime]:
    """[start, end) of the contract year holding `now`, turning at local midnight."""
    text = str(options.get(YEAR_START_OPTION) or DEFAULT_YEAR_START)
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2001, month, day)  # a year with no 29 February: every contract year has its start
    except ValueError:
        raise FairUseError(f"{YEAR_START_OPTION}: {text!r} is not a month and day (MM-DD, "
                           "not 29 February)") from None
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)

    def turn(year: int) -> datetime:
        return datetime.combine(date(year, month, day), time(), zone)

    year = local.year if local >= turn(local.year) else local.year - 1
    return turn(year).astimezone(now.tzinfo), turn(year + 1).astimezone(now.tzinfo)


def prepaid(options: dict[str, Any]) -> int:
    value = options.get(PREPAID_OPTION, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FairUseError(f"{PREPAID_OPTION}: {value!r} is not a whole number of minutes >= 0")
    return value


def ledger(fair_use: FairUse, options: dict[str, Any], worklogs: list[Worklog], now: datetime) -> Ledger:
    """The contract year holding `now`: minutes used, left, over, and billable blocks."""
    start, end = contract_year(now, options, fair_use.timezone)
    entries = tuple(sorted((w for w in worklogs if start <= w.at < end and w.at <= now),
                           key=lambda w: (w.at, w.ticket_id)))
    return Ledger(
        year_start=start, year_end=end, allowance_minutes=fair_use.allowance_minutes,
        prepaid_minutes=prepaid(options), used_minutes=sum(w.minutes for w in entries),
        block_minutes=fair_use.block_minutes, warn_below_percent=fair_use.warn_below_percent,
        entries=entries, clause=fair_use.clause,
    )
