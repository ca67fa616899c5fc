"""Stored clock rows of open tickets, found by their due instant (the `clocks_by_due` index).

Stored deadlines are absolute instants, so "what is due by then" is a range scan:
the shift lead's forecast and the timer runner both start here.
"""

from typing import Any

from console.store.database import Store

_JOINED = (
    "SELECT c.ticket_id, c.metric, c.instance, c.kind, c.state, c.due_at, c.calendar, "
    "c.policy_version, t.contract_id, t.policy, t.plan, t.customer, t.severity, t.sev_rank, "
    "t.assignee, t.subject, t.version "
    "FROM clocks c JOIN tickets t ON t.id = c.ticket_id "
    "WHERE t.is_open = 1 AND c.state = 'running' AND c.kind = ? "
    "AND c.due_at IS NOT NULL AND c.due_at <= ? "
    "ORDER BY c.due_at, c.ticket_id, c.metric, c.instance"
)


def running_due_by(store: Store, kind: str, until: str) -> list[dict[str, Any]]:
    """Running clocks of `kind` (target | timer) on open tickets due at or before `until`.

    `until` is a stored instant ("YYYY-MM-DDTHH:MM:SSZ"), which sorts as text.
    Each row carries the ticket's vendor, severity, assignee and version.
    """
    return list(store.db.query(_JOINED, [kind, until]))
