"""`desk demo`: seed a realistic store and open the console on it.

Without --db (or $DESK_DB) the demo gets a store of its own, demo.db next to the
default desk.db, recreated on every run, so trying the demo never touches real
work. A store named with --db is only written if it is empty, or with --force,
which starts it afresh.
"""

import argparse
import sys
import time
from pathlib import Path

from console.commands.console_cmd import open_console
from console.config import engineer_name
from console.errors import UserError

DEFAULT_TICKETS = 300
DEFAULT_SEED = 5


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="seed a demo store (about 300 tickets, relative to now) and open the console",
        description="Seed a store with contracts under the four vendor packs and tickets in "
        "every state (breached, about to breach, waiting on the customer, escalated, split, "
        "resolved...), timed relative to now (or --now), then open the console. Without --db "
        "it writes its own demo.db next to the default store, recreated on every run.",
    )
    p.add_argument("--tickets", type=int, default=DEFAULT_TICKETS, metavar="N",
                   help=f"how many tickets to open (default {DEFAULT_TICKETS})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"random seed: the same seed and --now give the same desk "
                        f"(default {DEFAULT_SEED})")
    p.add_argument("--no-open", action="store_true", help="seed only; do not open the console")
    p.add_argument("--force", action="store_true",
                   help="replace a --db store that already holds tickets or contracts")
    p.set_defaults(handler=cmd_demo)


def demo_db_path(desk_db: Path) -> Path:
    """The demo's own store: demo.db beside the default desk.db."""
    return desk_db.with_name("demo.db")


def cmd_demo(ctx) -> int:
    from console.demo.seed import seed

    a = ctx.args
    if a.tickets < 0:
        raise UserError(f"--tickets: {a.tickets} is negative")
    own_store = a.db is None
    if own_store:
        ctx.db_path = demo_db_path(ctx.db_path)
    _make_room(ctx.db_path, replace=own_store or a.force)
    now = ctx.clock.now()
    started = time.perf_counter()
    with ctx.open_store(create=True) as store:
        seeded = seed(store, now=now, me=engineer_name(), tickets_wanted=a.tickets,
                      seed_value=a.seed, progress=_progress if sys.stderr.isatty() else None)
    took = time.perf_counter() - started
    print(f"seeded {seeded.tickets} tickets ({seeded.events} events) in {took:.1f} s: "
          f"{ctx.db_path}")
    if a.no_open:
        return 0
    return open_console(ctx)


def _make_room(path: Path, *, replace: bool) -> None:
    """Refuse a store with data in it, unless told to replace it (then remove its files)."""
    if not path.exists():
        return
    from console.demo.seed import is_empty
    from console.store import Store

    with Store.open(path, create=False) as store:   # refuses, untouched, a file that is not a store
        empty = is_empty(store)
    if empty:
        return
    if not replace:
        raise UserError("the store already holds tickets or contracts; the demo writes only "
                        "to an empty store (use --force to replace it, or another --db)",
                        source=str(path))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"replaced {path}", file=sys.stderr)


def _progress(done: int, total: int) -> None:
    from console.commands.output import terminal

    end = "\n" if done == total else ""
    print(f"\r  {done}/{total} tickets", end=end, file=terminal(), flush=True)   # redrawn in place
