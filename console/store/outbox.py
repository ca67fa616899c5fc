"""The outbox rows: mail waiting to leave, and what became of each.

Instants are stored as `format_instant` text, which sorts as time does, so "due
by now" is a string comparison on an index. A sender claims a row (a lease in
`claimed_until`) in a committed transaction before it talks to the server, so
two senders never deliver the same row at once; a sender killed mid-delivery
leaves a lease that runs out, and the row is delivered again, same Message-ID.
"""

from typing import Any

from console.store.database import Store

STATES = ("queued", "sent", "failed", "held")


def add(store: Store, row: dict[str, Any]) -> None:
    """Queue one mail (its event's transaction is the caller's)."""
    store.db["outbox"].insert(row)


def message_ids_by_event(store: Store, ticket_id: str) -> dict[str, str]:
    """The Message-ID of each of this ticket's events that sent a mail."""
    return dict(store.db.execute(
        "SELECT event_id, message_id FROM outbox WHERE ticket_id = ?", [ticket_id]
    ).fetchall())


def rows(store: Store, states: tuple[str, ...] = STATES) -> list[dict[str, Any]]:
    """The outbox in queueing order, only the given states."""
    marks = ", ".join("?" for _ in states)
    return list(store.db.query(
        f"SELECT * FROM outbox WHERE state IN ({marks}) ORDER BY id", list(states)
    ))


def get(store: Store, row_id: int) -> dict[str, Any] | None:
    found = list(store.db.query("SELECT * FROM outbox WHERE id = ?", [row_id]))
    return found[0] if found else None


def due_ids(store: Store, now: str) -> list[int]:
    """Queued mail whose next attempt has come and that no live sender holds."""
    return [r[0] for r in store.db.execute(
        "SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? "
        "AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY id", [now, now]
    ).fetchall()]


def claim(store: Store, row_id: int, now: str, until: str) -> bool:
    """Take a due row for delivery until `until`; False if another sender has it or it went."""
    cursor = store.db.execute(
        "UPDATE outbox SET claimed_until = ?, attempts = attempts + 1 WHERE id = ? "
        "AND state = 'queued' AND next_attempt_at <= ? "
        "AND (claimed_until IS NULL OR claimed_until <= ?)", [until, row_id, now, now]
    )
    return cursor.rowcount == 1


def settle(store: Store, row_id: int, *, state: str, error: str | None = None,
           sent_at: str | None = None, next_attempt_at: str | None = None) -> None:
    """Record what a delivery attempt came to, and let go of the claim."""
    store.db.execute(
        "UPDATE outbox SET state = ?, last_error = ?, sent_at = ?, "
        "next_attempt_at = COALESCE(?, next_attempt_at), claimed_until = NULL WHERE id = ?",
        [state, error, sent_at, next_attempt_at, row_id],
    )


def release(store: Store, row_id: int, *, to_addr: str | None, now: str) -> None:
    """Send a held or failed mail again at once, to `to_addr` if given."""
    store.db.execute(
        "UPDATE outbox SET state = 'queued', to_addr = COALESCE(?, to_addr), last_error = NULL, "
        "next_attempt_at = ?, claimed_until = NULL WHERE id = ?", [to_addr, now, row_id]
    )


def undelivered_since(store: Store, before: str,
                      ticket_ids: list[str] | None = None) -> dict[str, int]:
    """Per ticket (of `ticket_ids`, else all), its mails queued by `before` and not yet sent."""
    among, given = "", []
    if ticket_ids is not None:
        among = f" AND ticket_id IN ({', '.join('?' for _ in ticket_ids)})"
        given = list(ticket_ids)
    # The bare connection: the queue paints before sqlite-utils is loaded.
    return dict(store.conn.execute(
        "SELECT ticket_id, count(*) FROM outbox WHERE state != 'sent' AND queued_at <= ?"
        f"{among} GROUP BY ticket_id", [before, *given]
    ).fetchall())


def unsent_of(store: Store, ticket_id: str, before: str) -> list[dict[str, Any]]:
    """A ticket's mails queued by `before` and not yet sent, oldest first."""
    return list(store.db.query(
        "SELECT * FROM outbox WHERE ticket_id = ? AND state != 'sent' AND queued_at <= ? "
        "ORDER BY id", [ticket_id, before]
    ))


def sent_times(store: Store, ticket_id: str) -> list[tuple[str, str | None]]:
    """(queued_at, sent_at or None) of each of a ticket's mails."""
    return store.conn.execute(
        "SELECT queued_at, sent_at FROM outbox WHERE ticket_id = ?", [ticket_id]).fetchall()


def mark_history_sent(store: Store) -> None:
    """Every queued mail counts as sent when it was written."""
    store.db.execute("UPDATE outbox SET state = 'sent', sent_at = queued_at WHERE state = 'queued'")
