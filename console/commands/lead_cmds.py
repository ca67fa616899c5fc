"""The shift lead's subcommands: tick (due timers)."""

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tick", help="run due timers (customer-timeout auto-close); safe to repeat")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_tick)


def cmd_tick(ctx) -> int:
    from console.services.timers import run_due_timers

    with ctx.open_store() as store:
        fired = run_due_timers(store, now=ctx.clock.now())
    if ctx.args.json:
        print(json.dumps([f.as_json() for f in fired], indent=2))
        return 0
    for f in fired:
        print(f"{f.ticket_id:8} {f.action} by {f.metric}#{f.instance} (due {f.as_json()['due_at']}): "
              f"{f.reason}")
    print(f"{len(fired)} timer{'s' if len(fired) != 1 else ''} fired")
    return 0
