"""`desk queue`: the console's queue (services/queue_window.py), each row as a JSON object."""

from datetime import datetime
from typing import Any

from console.services import queue_window
from console.services.queue_window import QueueQuery, QueueRow
from console.store.database import Store


def queue(store: Store, *, now: datetime, limit: int | None = None) -> list[dict[str, Any]]:
    """Open tickets: running target clocks by due instant, then paused, then the rest.

    The rows are the console's unnarrowed queue from its top, read off the same index;
    `remaining_seconds` and `breached` are worked out for `now`, so a frozen or later
    clock shows the queue as it will be.
    """
    # The whole queue is no one's "mine" view, so no actor narrows it.
    rows = queue_window.window(store, QueueQuery(), now=now, actor="", offset=0, limit=limit)
    return [_item(row, now) for row in rows]


def _item(row: QueueRow, now: datetime) -> dict[str, Any]:
    remaining, breached = queue_window.remaining(row, now)
    return {
        "id": row.id,
        "policy": row.policy,
        "plan": row.plan,
        "contract_id": row.contract_id,
        "customer": row.customer,
        "severity": row.severity,
        "sev_rank": row.sev_rank,
        "metric": row.metric,
        "state": row.state,
        "due_at": row.due_at,
        "goal_due_at": row.goal_due_at,
        "remaining_seconds": remaining,
        "breached": breached,
        "subject": row.subject,
        "status": row.status,
        "side": row.side,
        "tier": row.tier,
        "assignee": row.assignee,
        "flags": list(row.flags),
        "updated_at": row.updated_at,
        "version": row.version,
    }
