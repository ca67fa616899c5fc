"""Tickets that point at a ticket: the reverse side of `duplicate_of` links."""

from console.store.database import Store


def duplicates_of(store: Store, ticket_id: str) -> list[str]:
    """Ids of the tickets marked duplicate of `ticket_id`, oldest first."""
    rows = store.db.execute(
        "SELECT id FROM tickets WHERE duplicate_of = ? ORDER BY opened_at, id", [ticket_id]
    ).fetchall()
    return [row[0] for row in rows]
