"""`desk ticket show`'s view of a ticket: its row, its clocks at `now`, and its whole log.

It reads the ticket as the detail screen does (console/services/detail.ticket_detail,
the one ticket reader), so the CLI and the console never disagree about a ticket.
"""

from datetime import datetime
from typing import Any

from console.domain.timeutil import format_instant
from console.services.detail import ticket_detail
from console.store.database import Store


def ticket_view(store: Store, ticket_id: str, *, now: datetime) -> dict[str, Any]:
    """{"ticket": row, "clocks": [...], "events": [...]}; clocks oldest first, live at `now`."""
    detail = ticket_detail(store, ticket_id, now=now)
    # Oldest first, ties by metric: the order of the stored clock rows the queue reads.
    clocks = sorted((view.clock for view in detail.clocks),
                    key=lambda c: (c.started_at, c.metric, c.instance))
    return {
        "ticket": detail.row,
        "clocks": [_clock_json(clock, now) for clock in clocks],
        "events": [
            {
                "id": e.id,
                "seq": e.seq,
                "at": format_instant(e.at),
                "actor": e.actor,
                "kind": e.kind,
                "payload": e.payload,
            }
            for e in detail.log
        ],
    }


def _clock_json(clock, now: datetime) -> dict[str, Any]:
    remaining, breached = clock.live(now)
    return {
        "metric": clock.metric,
        "instance": clock.instance,
        "kind": clock.kind,
        "state": clock.state,
        "breached": breached,
        "started_at": _instant(clock.started_at),
        "due_at": _instant(clock.due_at),
        "met_at": _instant(clock.met_at),
        "remaining_seconds": remaining,
        "calendar": clock.calendar,
        "goal_due_at": _instant(clock.goal_due_at),
    }


def _instant(at: datetime | None) -> str | None:
    return format_instant(at) if at is not None else None
