"""The open queue in the console's order, with each ticket's lead clock seen at `now`."""

from datetime import datetime
from typing import Any

from console.domain.contract import Contract
from console.services import live, packs
from console.store import contracts, projections
from console.store.database import Store


def queue(store: Store, *, now: datetime, limit: int | None = None) -> list[dict[str, Any]]:
    """Open tickets: running target clocks by due instant, then paused, then the rest.

    The order is the stored one (an index scan); `remaining_seconds` and `breached`
    are worked out for `now`, so a frozen or later clock shows the queue as it will be.
    """
    known: dict[str, Contract | None] = {}
    items = []
    with store.snapshot():
        rows = projections.open_queue(store, limit)
        for row in rows:
            contract_id = row["contract_id"]
            if contract_id and contract_id not in known:
                known[contract_id] = contracts.get(store, contract_id)
            items.append(_item(row, known.get(contract_id) if contract_id else None, now))
    return items


def _item(row: dict[str, Any], contract: Contract | None, now: datetime) -> dict[str, Any]:
    remaining, breached = None, False
    if row["lead_metric"] is not None and contract is not None:
        lead = live.lead_clock_row(row)
        remaining, breached = live.live(packs.get_pack(contract.policy), contract, lead, now)
    return {
        "id": row["id"],
        "policy": row["policy"],
        "plan": row["plan"],
        "contract_id": row["contract_id"],
        "customer": row["customer"],
        "severity": row["severity"],
        "sev_rank": row["sev_rank"],
        "metric": row["lead_metric"],
        "state": row["lead_state"],
        "due_at": row["lead_due_at"],
        "goal_due_at": row["lead_goal_due_at"],
        "remaining_seconds": remaining,
        "breached": breached,
        "subject": row["subject"],
        "status": row["status"],
        "side": row["side"],
        "tier": row["tier"],
        "assignee": row["assignee"],
        "flags": row["flags"],
        "updated_at": row["updated_at"],
        "version": row["version"],
    }
