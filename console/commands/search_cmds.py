"""`desk search TEXT [--all] [--json]`: any ticket by a word of its id, subject, thread,
customer, requester or assignee, best match first."""

import argparse
import json

from console.domain.safe_text import neutralise


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find tickets by the words of their subject, thread and people")
    p.add_argument("text", nargs="+", metavar="TEXT",
                   help="words to find (all of them; quotes and operators are plain text)")
    p.add_argument("--all", action="store_true", help="closed, resolved and split tickets too")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N matches")
    p.set_defaults(handler=cmd_search)


def cmd_search(ctx) -> int:
    from console.services.search import search

    a = ctx.args
    with ctx.open_store() as store:
        found = search(store, " ".join(a.text), include_closed=a.all, limit=a.limit)
    if a.json:
        print(json.dumps(found, indent=2))
        return 0
    for t in found:
        print(f"{t['id']:8} {t['status']:9} {neutralise(t['customer'] or 'unrouted'):24.24} "
              f"{neutralise(t['subject'])}")
    return 0
