"""Finding any ticket by a word: its id, subject, thread, customer, requester or assignee.

The index and its ranking are the store's (console/store/search.py); this is the
one entry the CLI and the console share, in one read transaction.
"""

from typing import Any

from console.errors import UserError
from console.store import search as index
from console.store.database import Store


def search(store: Store, text: str, *, include_closed: bool = False,
           limit: int | None = None) -> list[dict[str, Any]]:
    """Matching tickets, best first: objects with id, subject, status, customer, policy,
    severity, requester, assignee, opened_at and rank (lower is better)."""
    if limit is not None and limit < 0:
        raise UserError(f"--limit: {limit} is negative")
    with store.snapshot():
        return index.search(store, text, include_closed=include_closed, limit=limit)
