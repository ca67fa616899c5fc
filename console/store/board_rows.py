"""Open-ticket counts grouped for the breach board, counted by SQLite rather than in Python."""

from console.store.database import Store


def open_counts(store: Store) -> list[dict]:
    """Open tickets per (policy, severity, assignee); unrouted tickets have no policy."""
    return list(store.db.query(
        "SELECT policy, severity, sev_rank, assignee, count(*) AS tickets FROM tickets "
        "WHERE is_open = 1 GROUP BY policy, severity, sev_rank, assignee"
    ))
