"""The append-only event log and the ticket id counter."""

import json

from console.domain.events import Event
from console.domain.timeutil import format_instant, parse_instant, to_epoch
from console.store.database import Store


def append(store: Store, event: Event) -> Event:
    """Add one event to the log; returns it with its store order (`seq`) filled in."""
    cursor = store.db.execute(
        "INSERT INTO events (id, ticket_id, at, at_epoch, actor, kind, payload) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            event.id,
            event.ticket_id,
            format_instant(event.at),
            to_epoch(event.at),
            event.actor,
            event.kind,
            json.dumps(event.payload, sort_keys=True),
        ],
    )
    return Event(
        id=event.id,
        ticket_id=event.ticket_id,
        at=event.at,
        kind=event.kind,
        actor=event.actor,
        payload=event.payload,
        seq=cursor.lastrowid,
    )


def for_ticket(store: Store, ticket_id: str) -> list[Event]:
    """A ticket's whole log (undo events included), in store order."""
    rows = store.db.query(
        "SELECT * FROM events WHERE ticket_id = ? ORDER BY seq", [ticket_id]
    )
    return [_event(row) for row in rows]


def ticket_ids(store: Store) -> list[str]:
    """Every ticket that has a log, in the order their first event was stored."""
    rows = store.db.execute(
        "SELECT ticket_id FROM events GROUP BY ticket_id ORDER BY MIN(seq)"
    ).fetchall()
    return [row[0] for row in rows]


def find(store: Store, event_id: str) -> Event | None:
    rows = list(store.db.query("SELECT * FROM events WHERE id = ?", [event_id]))
    return _event(rows[0]) if rows else None


def count(store: Store, ticket_id: str | None = None) -> int:
    if ticket_id is None:
        return store.db.execute("SELECT count(*) FROM events").fetchone()[0]
    return store.db.execute(
        "SELECT count(*) FROM events WHERE ticket_id = ?", [ticket_id]
    ).fetchone()[0]


def next_ticket_id(store: Store) -> str:
    """Take the next short human id ("T-1001"); call inside the write transaction."""
    value = store.db.execute(
        "UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value"
    ).fetchone()[0]
    return f"T-{value}"


def _event(row: dict) -> Event:
    return Event(
        id=row["id"],
        ticket_id=row["ticket_id"],
        at=parse_instant(row["at"]),
        kind=row["kind"],
        actor=row["actor"],
        payload=json.loads(row["payload"]),
        seq=row["seq"],
    )
