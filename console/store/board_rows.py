"""Open-ticket counts grouped for the breach board, counted by SQLite rather than in Python."""

from console.store.database import Store


def open_counts(store: Store, *, now: str, shift_end: str) -> list[dict]:
    """Open tickets per (policy, severity, assignee), with how many are breached and due by `shift_end`.

    A ticket's lead clock is its running target clock with the earliest deadline
    (services/projection.py), so "any running target past due" is its lead past
    due: one pass over the open tickets, no clock rows read. Bounds are stored
    instants, compared as text; unrouted tickets have no policy.
    """
    return list(store.db.query(
        "SELECT policy, severity, assignee, count(*) AS tickets, "
        "total(lead_state = 'running' AND lead_due_at < :now) AS breached, "
        "total(lead_state = 'running' AND lead_due_at >= :now AND lead_due_at < :shift_end) AS soon "
        "FROM tickets WHERE is_open = 1 GROUP BY policy, severity, assignee",
        {"now": now, "shift_end": shift_end},
    ))
