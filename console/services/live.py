"""Stored clocks seen at the reader's `now`.

Stored clock rows are as of each ticket's latest event; a reader (queue, ticket
view) wants remaining time and breach at its own `now`. This rebuilds the stored
instance around the calendar it runs on and asks the domain (ClockInstance.live),
so no event log is replayed and no deadline arithmetic lives here.
"""

from datetime import datetime
from typing import Any

from console.domain.calendar import Calendar
from console.domain.contract import Contract
from console.domain.policy import Pack
from console.domain.timeutil import parse_instant


def live(pack: Pack, contract: Contract, row: dict[str, Any], now: datetime) -> tuple[int | None, bool]:
    """(remaining working seconds, breached) at `now` for one stored clock row.

    `row` has the clocks-table columns: metric, instance, kind, state, breached,
    started_at, due_at, remaining, calendar.
    """
    # The clock machinery loads on first use: the console's first screen of a long
    # queue (breached rows, whose countdown is plain arithmetic) does not need it.
    from console.domain.clocks import ClockInstance

    clock = ClockInstance(
        metric=row["metric"],
        instance=row["instance"],
        kind=row["kind"],
        state=row["state"],
        breached=bool(row["breached"]),
        started_at=_instant(row["started_at"]),
        due_at=_instant(row["due_at"]),
        met_at=_instant(row.get("met_at")),
        remaining_seconds=row["remaining"],
        calendar=row["calendar"],
        _calendar_obj=_calendar(pack, contract, row["calendar"]),
    )
    return clock.live(now)


def lead_clock_row(ticket_row: dict[str, Any]) -> dict[str, Any]:
    """The ticket row's lead clock in the clocks-table shape `live()` reads."""
    return {
        "metric": ticket_row["lead_metric"],
        "instance": ticket_row["lead_instance"],
        "kind": "target",
        "state": ticket_row["lead_state"],
        "breached": ticket_row["lead_breached"],
        "started_at": ticket_row.get("lead_started_at"),
        "due_at": ticket_row["lead_due_at"],
        "remaining": ticket_row["lead_remaining"],
        "calendar": ticket_row["lead_calendar"],
    }


def _instant(text: str | None) -> datetime | None:
    return parse_instant(text) if text else None


def _calendar(pack: Pack, contract: Contract, calendar_id: str | None) -> Calendar | None:
    if calendar_id is None:
        return None
    from console.domain.clocks import calendar_named

    return calendar_named(pack, calendar_id, contract.options)
