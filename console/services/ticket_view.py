"""One ticket as a reader sees it: its row, its clocks at `now`, and its whole log."""

from datetime import datetime
from typing import Any

from console.domain.timeutil import format_instant
from console.errors import UserError
from console.services import live, packs
from console.store import contracts, events, projections
from console.store.database import Store


def ticket_view(store: Store, ticket_id: str, *, now: datetime) -> dict[str, Any]:
    """{"ticket": row, "clocks": [...], "events": [...]}; clocks oldest first, live at `now`."""
    with store.snapshot():
        ticket = projections.get_ticket(store, ticket_id)
        if ticket is None:
            raise UserError(f"unknown ticket {ticket_id!r}")
        clock_rows = projections.clocks_of(store, ticket_id)
        log = events.for_ticket(store, ticket_id)
        contract = contracts.get(store, ticket["contract_id"]) if ticket["contract_id"] else None
    clocks = []
    for row in clock_rows:
        remaining, breached = live.live(packs.get_pack(contract.policy), contract, row, now)
        clocks.append({
            "metric": row["metric"],
            "instance": row["instance"],
            "kind": row["kind"],
            "state": row["state"],
            "breached": breached,
            "started_at": row["started_at"],
            "due_at": row["due_at"],
            "met_at": row["met_at"],
            "remaining_seconds": remaining,
            "calendar": row["calendar"],
            "goal_due_at": row["goal_due_at"],
        })
    return {
        "ticket": ticket,
        "clocks": clocks,
        "events": [
            {
                "id": e.id,
                "seq": e.seq,
                "at": format_instant(e.at),
                "actor": e.actor,
                "kind": e.kind,
                "payload": e.payload,
            }
            for e in log
        ],
    }
