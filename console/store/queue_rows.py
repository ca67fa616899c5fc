"""The open queue read one window at a time, straight off the `tickets_queue` index.

The console's order is the index's own (`sort_bucket, sort_key, sev_rank, id`;
see console/store/projections.py), so every query here walks the index in order
and never sorts: a window at offset 99 950 costs a skip along the index, not a
sort of 100 000 rows.
"""

from dataclasses import dataclass
from typing import Any

from console.store.database import Store

_ORDER = "ORDER BY t.sort_bucket, t.sort_key, t.sev_rank, t.id"

# The lead clock's start comes from its clock row (a primary-key lookup per row).
_COLUMNS = """
    t.id, t.version, t.contract_id, t.policy, t.plan, t.customer, t.severity, t.sev_rank,
    t.subject, t.status, t.side, t.tier, t.assignee, t.parent_id, t.flags, t.updated_at,
    t.lead_metric, t.lead_instance, t.lead_state, t.lead_due_at, t.lead_remaining,
    t.lead_breached, t.lead_calendar, t.lead_goal_due_at, t.lead_warn_at, c.started_at AS lead_started_at
"""
_JOIN = """
    LEFT JOIN clocks c
      ON c.ticket_id = t.id AND c.metric = t.lead_metric AND c.instance = t.lead_instance
"""


@dataclass(frozen=True)
class RowFilter:
    """Which open tickets a window shows; every field narrows, None/False/"" does not."""

    text: str = ""                          # in the id, subject or customer (case-insensitive)
    policy: str | None = None
    severity: str | None = None
    assignee: str | None = None
    unassigned: bool = False
    unrouted: bool = False
    breached_at: int | None = None          # breached at this epoch
    due_between: tuple[int, int] | None = None   # running clock due in [start, end] epochs

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions on `tickets` (aliased t) and their parameters."""
        clauses, params = ["t.is_open = 1"], []
        if self.text:
            like = "%" + self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(t.id LIKE ? ESCAPE '\\' OR t.subject LIKE ? ESCAPE '\\' OR t.customer LIKE ? ESCAPE '\\')"
            )
            params += [like, like, like]
        for column, value in (("policy", self.policy), ("severity", self.severity),
                              ("assignee", self.assignee)):
            if value is not None:
                clauses.append(f"t.{column} = ?")
                params.append(value)
        if self.unassigned:
            clauses.append("(t.assignee IS NULL OR t.assignee = '')")
        if self.unrouted:
            clauses.append("t.contract_id IS NULL")
        if self.breached_at is not None:
            # running: due before now; paused: it had already breached when it paused
            # a paused clock's key is its remaining time, below zero once it had breached
            clauses.append("((t.sort_bucket = 0 AND t.sort_key < ?) OR (t.sort_bucket = 1 AND t.sort_key < 0))")
            params.append(self.breached_at)
        if self.due_between is not None:
            clauses.append("t.sort_bucket = 0 AND t.sort_key BETWEEN ? AND ?")
            params += list(self.due_between)
        return " AND ".join(clauses), params


def count(store: Store, f: RowFilter) -> int:
    where, params = f.where()
    return store.conn.execute(f"SELECT count(*) FROM tickets t WHERE {where}", params).fetchone()[0]


def is_empty(store: Store) -> bool:
    """No contract and no ticket at all (a new store)."""
    return store.conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM contracts) AND NOT EXISTS (SELECT 1 FROM tickets)"
    ).fetchone()[0] == 1


def window(store: Store, f: RowFilter, offset: int, limit: int | None) -> list[dict[str, Any]]:
    """Up to `limit` rows (None: all) from position `offset` of the filtered queue, in queue order."""
    where, params = f.where()
    # Skip along the index first, then join only the rows kept: a join in the same
    # SELECT would be run for every skipped row too.
    cursor = store.conn.execute(
        f"SELECT {_COLUMNS} FROM (SELECT t.id FROM tickets t WHERE {where} {_ORDER} LIMIT ? OFFSET ?) w "
        f"JOIN tickets t ON t.id = w.id {_JOIN} {_ORDER}",
        [*params, -1 if limit is None else limit, offset],   # LIMIT -1: no limit
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def position(store: Store, f: RowFilter, ticket_id: str) -> int | None:
    """Where the ticket stands in the filtered queue; None when the filter leaves it out."""
    where, params = f.where()
    with store.snapshot():
        row = store.conn.execute(
            f"SELECT t.sort_bucket, t.sort_key, t.sev_rank FROM tickets t WHERE {where} AND t.id = ?",
            [*params, ticket_id],
        ).fetchone()
        if row is None:
            return None
        bucket, key, rank = row
        # Rows strictly before it in index order; a NULL rank (unrouted) sorts first, as in the index.
        return store.conn.execute(
            f"SELECT count(*) FROM tickets t WHERE {where} AND "
            "(t.sort_bucket, t.sort_key, IFNULL(t.sev_rank, -1), t.id) < (?, ?, ?, ?)",
            [*params, bucket, key, -1 if rank is None else rank, ticket_id],
        ).fetchone()[0]
