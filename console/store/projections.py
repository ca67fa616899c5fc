"""Projection rows: the `tickets` and `clocks` tables, written from a fold of the log.

The services decide what a projection holds (fold, clocks, which clock leads the
queue); this module only turns it into rows and reads rows back.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from console.domain.ticket import Ticket
from console.domain.timeutil import format_instant
from console.errors import UserError
from console.store.database import Store

# Queue buckets: a running target clock first (by due instant), then paused ones
# (by remaining working time), then tickets with no target clock at all, those
# with a contract before those not routed yet (sort keys 0 and 1).
BUCKET_RUNNING, BUCKET_PAUSED, BUCKET_NONE = 0, 1, 2
UNROUTED_KEY = 1


@dataclass(frozen=True)
class Projection:
    """Everything stored about one ticket, as of its latest event.

    `clocks` and `lead` are ClockInstance values of console.domain.clocks.
    """

    ticket: Ticket
    policy: str | None = None
    plan: str | None = None
    customer: str | None = None
    sev_rank: int | None = None
    flags: tuple[str, ...] = ()
    policy_version: str | None = None
    clocks: tuple[Any, ...] = ()
    lead: Any = None
    sort_bucket: int = BUCKET_NONE
    sort_key: int = UNROUTED_KEY


def write(store: Store, projection: Projection) -> None:
    """Replace the ticket's row and its clock rows (call inside the write transaction).

    Plain statements on the connection, prepared once: every ticket write and a
    rebuild of 100 000 tickets go through here.
    """
    ticket_id = projection.ticket.id
    row = ticket_row(projection)
    store.conn.execute("DELETE FROM clocks WHERE ticket_id = ?", [ticket_id])
    store.conn.execute(_insert_sql("tickets", tuple(row), key="id"), tuple(row.values()))
    rows = [clock_row(ticket_id, clock, projection.policy_version, projection.ticket.is_open)
            for clock in projection.clocks]
    if rows:
        store.conn.executemany(_insert_sql("clocks", tuple(rows[0])), [tuple(r.values()) for r in rows])


@cache
def _insert_sql(table: str, columns: tuple[str, ...], key: str | None = None) -> str:
    """INSERT of these columns; with `key`, a row with the same key is updated in place."""
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    if key is not None:
        sql += f" ON CONFLICT ({key}) DO UPDATE SET " + ", ".join(
            f"{column} = excluded.{column}" for column in columns if column != key)
    return sql


def replace_range(store: Store, after: str | None, last: str | None, batch: list[Projection]) -> None:
    """Make the rows of the tickets with an id in (after, last] exactly those of `batch` (None:
    no bound on that side): a rebuild's batch replaces its id range whole, in a few statements,
    so rows of a ticket that has no log any more go too (call inside the write transaction)."""
    where, args = _id_range("ticket_id", after, last)
    store.conn.execute("DELETE FROM clocks " + where, args)
    where, args = _id_range("id", after, last)
    keep = [projection.ticket.id for projection in batch]
    if keep:
        where += f" AND id NOT IN ({', '.join('?' * len(keep))})"
    store.conn.execute("DELETE FROM tickets " + where, args + keep)
    if not batch:
        return
    rows = [ticket_row(projection) for projection in batch]
    store.conn.executemany(_insert_sql("tickets", tuple(rows[0]), key="id"), [tuple(r.values()) for r in rows])
    clocks = [clock_row(p.ticket.id, clock, p.policy_version, p.ticket.is_open)
              for p in batch for clock in p.clocks]
    if clocks:
        store.conn.executemany(_insert_sql("clocks", tuple(clocks[0])), [tuple(r.values()) for r in clocks])


def _id_range(column: str, after: str | None, last: str | None) -> tuple[str, list[Any]]:
    """WHERE `column` in (after, last], either bound None for none."""
    sql, args = f"WHERE {column} > ?", ["" if after is None else after]
    if last is not None:
        sql += f" AND {column} <= ?"
        args.append(last)
    return sql, args


@dataclass(frozen=True)
class Stored:
    """What a ticket's projection held before it is replaced: enough to say which deadlines moved."""

    is_open: bool
    contract_id: str | None
    clocks: list[dict[str, Any]]    # metric, instance, due_at, policy_version


def stored_between(store: Store, after: str | None, last: str | None) -> dict[str, Stored]:
    """The stored projections of the tickets with an id in (after, last] (None: no bound), two
    reads in all."""
    where, args = _id_range("id", after, last)
    found = {ticket_id: Stored(bool(is_open), contract_id, []) for ticket_id, is_open, contract_id in
             store.conn.execute("SELECT id, is_open, contract_id FROM tickets " + where, args)}
    where, args = _id_range("ticket_id", after, last)
    for ticket_id, metric, instance, due_at, version in store.conn.execute(
            "SELECT ticket_id, metric, instance, due_at, policy_version FROM clocks " + where, args):
        found[ticket_id].clocks.append(
            {"metric": metric, "instance": instance, "due_at": due_at, "policy_version": version})
    return found


def ticket_row(projection: Projection) -> dict[str, Any]:
    t = projection.ticket
    lead = projection.lead
    return {
        "id": t.id,
        "contract_id": t.contract_id,
        "policy": projection.policy,
        "plan": projection.plan,
        "customer": projection.customer,
        "subject": t.subject,
        "body": t.body,
        "severity": t.severity,
        "sev_rank": projection.sev_rank,
        "impact": t.impact,
        "urgency": t.urgency,
        "status": t.status,
        "side": t.side,
        "tier": t.tier,
        "assignee": t.assignee,
        "requester": t.requester,
        "attributes": json.dumps(t.attributes, sort_keys=True),
        "parent_id": t.parent_id,
        "children": json.dumps(list(t.children)),
        "duplicate_of": t.duplicate_of,
        "reject_reason": t.reject_reason,
        "dev_required": int(t.dev_required),
        "attachments_purged": int(t.attachments_purged),
        "out_of_hours_minutes": t.out_of_hours_minutes,
        "flags": json.dumps(list(projection.flags)),
        "opened_at": format_instant(t.opened_at),
        "updated_at": format_instant(t.updated_at),
        "version": t.version,
        "is_open": int(t.is_open),
        "sort_bucket": projection.sort_bucket,
        "sort_key": projection.sort_key,
        "lead_metric": lead.metric if lead else None,
        "lead_instance": lead.instance if lead else None,
        "lead_state": lead.state if lead else None,
        "lead_due_at": format_instant(lead.due_at) if lead else None,
        "lead_remaining": lead.remaining_seconds if lead else None,
        "lead_breached": int(lead.breached) if lead else None,
        "lead_calendar": lead.calendar if lead else None,
        "lead_goal_due_at": format_instant(lead.goal_due_at) if lead else None,
        "lead_warn_at": format_instant(lead.warn_at) if lead else None,
    }


def clock_row(ticket_id: str, clock: Any, policy_version: str | None, ticket_open: bool) -> dict[str, Any]:
    """The clock's row; `ticket_open` is its ticket's, so the forecast's index needs no join."""
    return {
        "ticket_id": ticket_id,
        "metric": clock.metric,
        "instance": clock.instance,
        "kind": clock.kind,
        "state": clock.state,
        "started_at": format_instant(clock.started_at),
        "due_at": format_instant(clock.due_at),
        "met_at": format_instant(clock.met_at),
        "remaining": clock.remaining_seconds,
        "breached": int(clock.breached),
        "calendar": clock.calendar,
        "goal_due_at": format_instant(clock.goal_due_at),
        "warn_at": format_instant(clock.warn_at),
        "policy_version": policy_version,
        "ticket_open": int(ticket_open),
    }


def get_ticket(store: Store, ticket_id: str) -> dict[str, Any] | None:
    """The ticket's row, JSON columns decoded; None for an unknown id."""
    rows = list(store.db.query("SELECT * FROM tickets WHERE id = ?", [ticket_id]))
    return _decoded(rows[0]) if rows else None


def known_ticket(store: Store, ticket_id: str) -> dict[str, Any]:
    """The ticket's row, or the one line every command says for an id that names no ticket."""
    row = get_ticket(store, ticket_id)
    if row is None:
        raise UserError(f"unknown ticket {ticket_id!r}")
    return row


def version(store: Store, ticket_id: str) -> int | None:
    row = store.db.execute("SELECT version FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    return row[0] if row else None


def clocks_of(store: Store, ticket_id: str) -> list[dict[str, Any]]:
    """The ticket's clock rows, oldest instance first within each metric."""
    # plain sqlite3: a policy diff calls this while its cursor over the open tickets is still
    # running, and read through sqlite-utils that cursor was aborted ("abort due to ROLLBACK")
    cursor = store.conn.execute(
        "SELECT * FROM clocks WHERE ticket_id = ? ORDER BY started_at, metric, instance", [ticket_id])
    columns = [d[0] for d in cursor.description]
    return [{**row, "breached": bool(row["breached"])} for row in (dict(zip(columns, r)) for r in cursor)]


# Exactly the column order of the tickets_queue index, so the queue is an index scan.
QUEUE_SQL = "SELECT * FROM tickets WHERE is_open = 1 ORDER BY sort_bucket, sort_key, sev_rank, id LIMIT ?"


def open_routed_versions(store: Store) -> Iterator[tuple[str, str, str | None]]:
    """(id, policy, pack version of its clock rows) of each open ticket with a contract, in queue
    order, as a cursor; the version is None when the ticket has no clock rows or rows of several."""
    return iter(store.conn.execute(
        "SELECT id, policy, (SELECT CASE WHEN count(DISTINCT policy_version) = 1 "
        "THEN min(policy_version) END FROM clocks WHERE ticket_id = tickets.id) "
        "FROM tickets WHERE is_open = 1 AND contract_id IS NOT NULL "
        "ORDER BY sort_bucket, sort_key, sev_rank, id"))


def open_queue(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Open tickets in the console's order: bucket, sort key, severity rank, id."""
    rows = store.db.query(QUEUE_SQL, [-1 if limit is None else limit])  # LIMIT -1: no limit
    return [_decoded(row) for row in rows]


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "attributes": json.loads(row["attributes"]),
        "children": json.loads(row["children"]),
        "flags": json.loads(row["flags"]),
        "dev_required": bool(row["dev_required"]),
        "attachments_purged": bool(row["attachments_purged"]),
        "is_open": bool(row["is_open"]),
        "lead_breached": None if row["lead_breached"] is None else bool(row["lead_breached"]),
    }
