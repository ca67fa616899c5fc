"""The append-only event log and the ticket id counter.

Reads go straight through sqlite3 with named columns: a rebuild reads every
event of the store through here, and sqlite-utils' dict rows cost more than the
fold that follows them.
"""

import json
from collections.abc import Iterator
from itertools import groupby

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


_COLUMNS = "SELECT seq, id, ticket_id, at, kind, actor, payload FROM events "


def for_ticket(store: Store, ticket_id: str) -> list[Event]:
    """A ticket's whole log (undo events included), in store order."""
    rows = store.conn.execute(_COLUMNS + "WHERE ticket_id = ? ORDER BY seq", [ticket_id])
    return [_event(*row) for row in rows]


def ticket_ids_after(store: Store, after: str | None, limit: int) -> list[str]:
    """The next `limit` ticket ids with a log, in id order, after `after` (None: from the first).

    Read from the `events_by_ticket` index alone: a rebuild walks the store in
    id ranges of this size, one transaction each.
    """
    rows = store.conn.execute(
        "SELECT DISTINCT ticket_id FROM events WHERE ticket_id > ? ORDER BY ticket_id LIMIT ?",
        ["" if after is None else after, limit],
    )
    return [row[0] for row in rows]


def logs_between(store: Store, first: str, last: str) -> Iterator[tuple[str, list[Event]]]:
    """(ticket id, whole log) of every ticket with an id in [first, last], in id order.

    One ordered scan of the index instead of a query per ticket; only one
    ticket's log is held at a time.
    """
    rows = store.conn.execute(
        _COLUMNS + "WHERE ticket_id >= ? AND ticket_id <= ? ORDER BY ticket_id, seq", [first, last])
    for ticket_id, group in groupby(rows, key=lambda row: row[2]):
        yield ticket_id, [_event(*row) for row in group]


def ticket_ids(store: Store) -> list[str]:
    """Every ticket that has a log, in the order their first event was stored."""
    rows = store.db.execute(
        "SELECT ticket_id FROM events GROUP BY ticket_id ORDER BY MIN(seq)"
    ).fetchall()
    return [row[0] for row in rows]


def versions_between(store: Store, after: str | None, last: str | None) -> dict[str, int]:
    """{ticket id: events in its log} for the ids in (after, last] (None: no bound), in id order.

    The log is append-only, so an unchanged count means an unchanged log.
    """
    sql = "SELECT ticket_id, count(*) FROM events WHERE ticket_id > ?"
    args = ["" if after is None else after]
    if last is not None:
        sql += " AND ticket_id <= ?"
        args.append(last)
    return dict(store.conn.execute(sql + " GROUP BY ticket_id ORDER BY ticket_id", args).fetchall())


def find(store: Store, event_id: str) -> Event | None:
    row = store.conn.execute(_COLUMNS + "WHERE id = ?", [event_id]).fetchone()
    return _event(*row) if row else None


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


def _event(seq: int, event_id: str, ticket_id: str, at: str, kind: str, actor: str,
           payload: str) -> Event:
    return Event(id=event_id, ticket_id=ticket_id, at=parse_instant(at), kind=kind, actor=actor,
                 payload=json.loads(payload), seq=seq)
