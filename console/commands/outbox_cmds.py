"""`desk outbox`: the mail replies send the customer; list it, send what is due, retry."""

import argparse
import json
import sys

from console.domain.safe_text import neutralise


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outbox", help="mail to customers: list it, send what is due, retry")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--state", action="append", choices=("queued", "sent", "failed", "held"),
                   help="only mail in this state (repeatable; default all)")
    p.set_defaults(handler=cmd_outbox)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    send = actions.add_parser(
        "send", help="deliver what is due over SMTP (exit 1: some mail still queued or failed)")
    send.add_argument("--json", action="store_true", help="print JSON")
    send.set_defaults(handler=cmd_send)

    retry = actions.add_parser("retry", help="queue a failed or held mail again, now")
    retry.add_argument("id", type=int, help="the outbox mail's id (see `desk outbox`)")
    retry.add_argument("--to", metavar="ADDRESS", help="the recipient a held mail lacked")
    retry.set_defaults(handler=cmd_retry)


def cmd_outbox(ctx) -> int:
    from console.services.outbox import listing
    from console.store.outbox import STATES

    with ctx.open_store() as store:
        mails = listing(store, tuple(ctx.args.state or STATES))
    if ctx.args.json:
        print(json.dumps(mails, indent=2, ensure_ascii=False))
        return 0
    for m in mails:
        why = f"  ({neutralise(m['last_error'])})" if m["last_error"] else ""
        print(f"{m['id']:>5} {m['ticket']:8} {m['state']:7} {m['attempts']:>2}x "
              f"{neutralise(m['to'] or '-'):28} {neutralise(m['subject'])}{why}")
    return 0


def cmd_send(ctx) -> int:
    from console.services.delivery import deliver, mail_server

    server = mail_server()
    with ctx.open_store() as store:
        done = deliver(store, server, now=ctx.clock.now())
    if ctx.args.json:
        print(json.dumps({"sent": done.sent, "deferred": [i for i, _ in done.deferred],
                          "failed": [i for i, _ in done.failed], "offline": done.offline,
                          "undelivered": done.undelivered}, indent=2))
    else:
        for row_id, answer in done.deferred:
            print(f"{row_id:>5} deferred: {neutralise(answer)}")
        for row_id, answer in done.failed:
            print(f"{row_id:>5} failed: {neutralise(answer)}")
        print(f"{len(done.sent)} sent, {done.undelivered} undelivered")
    if done.offline:
        # One line, not one per mail: being offline is a normal state of a laptop.
        print(f"desk: outbox: cannot reach {neutralise(done.offline)}; mail stays queued",
              file=sys.stderr)
    return 0 if done.complete else 1


def cmd_retry(ctx) -> int:
    from console.services.outbox import release

    with ctx.open_store() as store:
        release(store, ctx.args.id, now=ctx.clock.now(), to=ctx.args.to)
    print(f"outbox mail {ctx.args.id} queued")
    return 0
