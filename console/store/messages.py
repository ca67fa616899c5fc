"""Message ids seen by intake, so a reply threads onto the ticket its thread opened."""

from console.store.database import Store


def remember(store: Store, message_id: str, ticket_id: str) -> None:
    """Map a Message-ID to a ticket; a message id already known keeps its first ticket."""
    store.db.execute(
        "INSERT OR IGNORE INTO message_ids (message_id, ticket_id) VALUES (?, ?)",
        [message_id, ticket_id],
    )


def ticket_for(store: Store, message_ids: list[str]) -> str | None:
    """The ticket of the first of `message_ids` that is known, if any."""
    for message_id in message_ids:
        row = store.db.execute(
            "SELECT ticket_id FROM message_ids WHERE message_id = ?", [message_id]
        ).fetchone()
        if row:
            return row[0]
    return None
