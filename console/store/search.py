"""Full-text search over tickets: the `ticket_search` FTS5 index (db/migrations/0008_search.sql).

The index is kept by triggers on the tickets table; this module only reads it.
Whatever a person types is a query of words, never FTS5 syntax: each word is
quoted, so quotes, `OR`, `NEAR`, `*` or a stray parenthesis are searched for (or
dropped when they hold no letter or digit), never parsed.
"""

from typing import Any

from console.store.database import Store

# bm25 weights, in the index's column order: an id or subject hit outranks a word in the thread.
_WEIGHTS = {"id": 10.0, "subject": 5.0, "thread": 1.0, "customer": 2.0, "requester": 2.0,
            "assignee": 2.0}

_SQL = (
    "SELECT t.id, t.subject, t.status, t.customer, t.policy, t.severity, t.requester, t.assignee, "
    "t.opened_at, bm25(ticket_search, {weights}) AS rank "
    "FROM ticket_search JOIN tickets t ON t.rowid = ticket_search.rowid "
    "WHERE ticket_search MATCH ? {open_only}"
    "ORDER BY rank, t.id LIMIT ?"
)


def match_expression(text: str) -> str | None:
    """The FTS5 query for `text`: every word quoted as a phrase, all of them required; None
    when no word holds a letter or digit (nothing to look for)."""
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(store: Store, text: str, *, include_closed: bool, limit: int | None = None) -> list[dict[str, Any]]:
    """Tickets matching every word of `text`, best match first (bm25), open ones only unless asked."""
    expression = match_expression(text)
    if expression is None:
        return []
    sql = _SQL.format(weights=", ".join(str(w) for w in _WEIGHTS.values()),
                      open_only="" if include_closed else "AND t.is_open = 1 ")
    cursor = store.conn.execute(sql, [expression, -1 if limit is None else limit])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
