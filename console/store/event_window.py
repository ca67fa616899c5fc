"""Which tickets' logs touch a stretch of time: the starting point of period reports."""

from console.store.database import Store


def ticket_ids_between(store: Store, start_epoch: int, end_epoch: int) -> list[str]:
    """Tickets with at least one event in [start, end), in the order they were first stored."""
    rows = store.db.execute(
        "SELECT ticket_id FROM events WHERE at_epoch >= ? AND at_epoch < ? "
        "GROUP BY ticket_id ORDER BY MIN(seq)",
        [start_epoch, end_epoch],
    ).fetchall()
    return [row[0] for row in rows]
