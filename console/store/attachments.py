"""Attachments: files that came with a message, kept in the store with their metadata.

Content is removed by the `attachments_purge` trigger (db/migrations/0003) when a
`purge` event is appended to the ticket's log; the row stays, saying when and by
which event, so the ticket still shows what arrived.
"""

import hashlib
from typing import Any

from console.store.database import Store

_METADATA = ("id", "ticket_id", "message_key", "name", "content_type", "size", "sha256", "state",
             "note", "purged_at", "purge_event_id")


def save(store: Store, ticket_id: str, message_key: str, *, name: str, content_type: str,
         size: int, content: bytes | None, limit: int) -> int:
    """Keep one attachment (call inside the message's transaction); returns its row id.

    `content` None means the file was over `limit` bytes: only its metadata is kept.
    """
    stored = content is not None
    note = None if stored else f"too large, not stored ({_size(size)} > {_size(limit)})"
    cursor = store.db.execute(
        "INSERT INTO attachments (ticket_id, message_key, name, content_type, size, sha256, "
        "content, state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ticket_id,
            message_key,
            name,
            content_type,
            size,
            hashlib.sha256(content).hexdigest() if stored else None,
            content,
            "stored" if stored else "too_large",
            note,
        ],
    )
    return cursor.lastrowid


def for_ticket(store: Store, ticket_id: str) -> list[dict[str, Any]]:
    """A ticket's attachments, metadata only, in arrival order."""
    columns = ", ".join(_METADATA)
    return list(store.db.query(
        f"SELECT {columns} FROM attachments WHERE ticket_id = ? ORDER BY id", [ticket_id]
    ))


def content(store: Store, attachment_id: int) -> bytes | None:
    """The file itself; None when it was too large to keep or has been purged."""
    row = store.db.execute("SELECT content FROM attachments WHERE id = ?", [attachment_id]).fetchone()
    return row[0] if row else None


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MiB"
