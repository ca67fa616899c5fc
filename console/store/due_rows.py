"""Running clock rows of open tickets, found by their due instant (the `clocks_running_due` index,
which holds only the running clocks of open tickets).

Stored deadlines are absolute instants, so "what is due by then" is a range scan
over the running clocks alone: the shift lead's forecast and the timer runner
both start here. Bounds are stored instants ("YYYY-MM-DDTHH:MM:SSZ"), which sort
as text; SQLite counts over the index, so a forecast over a million open
tickets reads no row it does not list.
"""

from collections.abc import Iterator
from typing import Any

from console.store.database import Store

# The partial index's own condition, word for word, so that SQLite picks it.
_RUNNING = "WHERE c.state = 'running' AND c.ticket_open = 1 AND c.kind = ? "
_JOINED = (
    "SELECT c.ticket_id, c.metric, c.instance, c.kind, c.state, c.due_at, c.calendar, "
    "c.policy_version, t.contract_id, t.policy, t.plan, t.customer, t.severity, t.sev_rank, "
    "t.assignee, t.subject, t.version FROM clocks c JOIN tickets t ON t.id = c.ticket_id " + _RUNNING
)
_ORDER = " ORDER BY c.due_at, c.ticket_id, c.metric, c.instance"


def running_due_by(store: Store, kind: str, until: str) -> list[dict[str, Any]]:
    """Running clocks of `kind` (target | timer) on open tickets due at or before `until`.

    Each row carries the ticket's vendor, severity, assignee and version.
    """
    return list(store.db.query(_JOINED + "AND c.due_at <= ?" + _ORDER, [kind, until]))


def running_due_between(store: Store, kind: str, since: str | None, before: str) -> Iterator[dict[str, Any]]:
    """Running clocks of `kind` due in [since, before) (since None: from the first), soonest first.

    A cursor, read as far as the caller needs: listing the first few of a long
    backlog costs only those few rows.
    """
    low, args = _since(kind, since)
    cursor = store.conn.execute(_JOINED + low + "AND c.due_at < ?" + _ORDER, [*args, before])
    columns = [d[0] for d in cursor.description]
    return (dict(zip(columns, row)) for row in cursor)


def count_due_between(store: Store, kind: str, since: str | None, before: str) -> int:
    """How many running clocks of `kind` are due in [since, before): a count over the index alone."""
    low, args = _since(kind, since)
    return store.conn.execute("SELECT count(*) FROM clocks c " + _RUNNING + low + "AND c.due_at < ?",
                              [*args, before]).fetchone()[0]


def _since(kind: str, since: str | None) -> tuple[str, list[str]]:
    if since is None:
        return "AND c.due_at IS NOT NULL ", [kind]
    return "AND c.due_at >= ? ", [kind, since]
