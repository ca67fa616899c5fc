"""Store subcommands: init, contract add|show, contracts, open, event, ticket show, queue, rebuild."""

import argparse
import json
from typing import Any

from console.domain.contract import Contract
from console.domain.durations import format_span
from console.domain.events import KINDS
from console.domain.safe_text import neutralise
from console.domain.timeutil import parse_instant
from console.errors import UserError

# Each handler imports the services it uses: plain `desk` (the console) loads none of them.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create the store (or upgrade it) and say where it is")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("contract", help="add or show a contract")
    contract_sub = p.add_subparsers(dest="contract_command", metavar="ACTION", required=True)
    add = contract_sub.add_parser("add", help="add a contract: a customer under a vendor pack and plan")
    add.add_argument("--id", required=True, help="contract id, e.g. acme-ispsystem")
    add.add_argument("--customer", required=True, help="customer name")
    add.add_argument("--policy", required=True, help="vendor pack id (see `desk policy list`)")
    add.add_argument("--plan", required=True, help="plan id of that pack")
    add.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                     help="contract option; VALUE is read as JSON when it is JSON (repeatable)")
    add.add_argument("--domain", action="append", default=[], metavar="DOMAIN",
                     help="customer email domain for intake routing (repeatable)")
    add.set_defaults(handler=cmd_contract_add)
    show = contract_sub.add_parser("show", help="show one contract")
    show.add_argument("contract_id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_contract_show)

    p = sub.add_parser("contracts", help="list contracts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_contracts)

    p = sub.add_parser("open", help="open a ticket; prints its id")
    p.add_argument("--contract", required=True, help="contract id")
    p.add_argument("--subject", required=True)
    p.add_argument("--body", default="")
    p.add_argument("--severity", help="severity id of the contract's pack")
    p.add_argument("--impact", help="impact (packs that derive priority from impact x urgency)")
    p.add_argument("--urgency", help="urgency (with --impact)")
    p.add_argument("--attr", action="append", default=[], metavar="KEY=VALUE",
                   help="ticket attribute, e.g. product=vmmanager (repeatable)")
    p.add_argument("--requester", help="who asked (e.g. their email address)")
    p.add_argument("--at", help="when it was opened, ISO 8601 with offset (default: now)")
    p.add_argument("--actor", default="cli", help="who records it (default: cli)")
    p.set_defaults(handler=cmd_open)

    p = sub.add_parser("event", help="record an event on a ticket; prints the event id",
                       epilog=_kinds_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("ticket_id", metavar="TICKET")
    p.add_argument("kind", metavar="KIND", help="event kind, e.g. respond, request_info, escalate")
    p.add_argument("--at", help="when it happened, ISO 8601 with offset (default: now)")
    p.add_argument("--severity", help="reclassify: new severity")
    p.add_argument("--impact", help="reclassify: new impact (with --urgency)")
    p.add_argument("--urgency", help="reclassify: new urgency (with --impact)")
    p.add_argument("--tier", help="escalate: tier id of the pack's ladder")
    p.add_argument("--reason", help="reject: reason id; reclassify: why")
    p.add_argument("--note", help="free text kept with the event")
    p.add_argument("--assignee", help="assign: who takes the ticket")
    p.add_argument("--minutes", type=int, help="worklog: minutes worked")
    p.add_argument("--out-of-hours", action="store_true", help="worklog: outside working hours")
    p.add_argument("--duplicate-of", metavar="TICKET", help="merge: the ticket this one duplicates")
    p.add_argument("--undoes", metavar="EVENT_ID", help="undo: the event to compensate")
    p.add_argument("--attr", action="append", default=[], metavar="KEY=VALUE",
                   help="ticket attribute the event supplies; set_attributes: the correction (repeatable)")
    p.add_argument("--contract", help="route: the contract the unrouted ticket joins")
    p.add_argument("--remember", choices=("address", "domain"),
                   help="route: the contract also takes the sender's address or domain for intake")
    p.add_argument("--expect-version", type=int, metavar="V",
                   help="refuse if the ticket is no longer at version V")
    p.add_argument("--actor", default="cli", help="who records it (default: cli)")
    p.set_defaults(handler=cmd_event)

    p = sub.add_parser("ticket", help="show a ticket")
    ticket_sub = p.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)
    show = ticket_sub.add_parser("show", help="a ticket with its clocks and its events")
    show.add_argument("ticket_id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_ticket_show)

    p = sub.add_parser("queue", help="the open queue, soonest breach first")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N tickets")
    p.set_defaults(handler=cmd_queue)

    p = sub.add_parser("rebuild", help="recompute every ticket and clock from the event log")
    p.set_defaults(handler=cmd_rebuild)


def cmd_init(ctx) -> int:
    with ctx.open_store(create=True) as store:
        print(f"store ready: {store.path} (schema version {store.schema_version})")
    return 0


def cmd_contract_add(ctx) -> int:
    from console.services import contracts

    a = ctx.args
    options = {key: _json_or_text(value) for key, value in _pairs(a.option, "--option")}
    with ctx.open_store() as store:
        contract = contracts.add_contract(
            store, contract_id=a.id, customer=a.customer, policy=a.policy, plan=a.plan,
            options=options, domains=a.domain,
        )
    print(contract.id)
    return 0


def cmd_contract_show(ctx) -> int:
    from console.services import contracts
    from console.services.fair_use import contract_ledger, ledger_json, ledger_lines

    with ctx.open_store(read_only=True) as store:
        contract = contracts.get_contract(store, ctx.args.contract_id)
        book = contract_ledger(store, contract.id, now=ctx.clock.now())
    if ctx.args.json:
        _print_json({**_contract_json(contract), **({"fair_use": ledger_json(book)} if book else {})})
    else:
        for key, value in _contract_json(contract).items():
            shown = value if isinstance(value, str) else json.dumps(value)
            print(f"{key:9} {neutralise(shown)}")
        for line in ledger_lines(book) if book else ():
            print(line)
    return 0


def cmd_contracts(ctx) -> int:
    from console.services import contracts

    with ctx.open_store(read_only=True) as store:
        found = contracts.list_contracts(store)
    if ctx.args.json:
        _print_json([_contract_json(c) for c in found])
    else:
        for c in found:
            print(f"{c.id:24} {c.policy:13} {c.plan:10} {neutralise(c.customer)}")
    return 0


def cmd_open(ctx) -> int:
    from console.services import tickets

    a = ctx.args
    at = _at(ctx)
    attributes = dict(_pairs(a.attr, "--attr"))
    with ctx.open_store() as store:
        ticket_id = tickets.open_ticket(
            store, contract_id=a.contract, subject=a.subject, body=a.body,
            severity=a.severity, impact=a.impact, urgency=a.urgency,
            attributes=attributes, requester=a.requester, at=at, actor=a.actor,
        )
    print(ticket_id)
    return 0


def cmd_event(ctx) -> int:
    from console.services import tickets

    a = ctx.args
    tickets.check_kind(a.kind)
    at = _at(ctx)
    fields = {
        "severity": a.severity, "impact": a.impact, "urgency": a.urgency, "tier": a.tier,
        "reason": a.reason, "note": a.note, "assignee": a.assignee, "minutes": a.minutes,
        "duplicate_of": a.duplicate_of, "undoes": a.undoes,
    }
    payload: dict[str, Any] = {key: value for key, value in fields.items() if value is not None}
    if a.out_of_hours:
        payload["out_of_hours"] = True
    if a.attr:
        payload["attributes"] = dict(_pairs(a.attr, "--attr"))
    if a.kind == "route":
        return _route(ctx, at, payload)
    if a.contract or a.remember:
        raise UserError(f"--contract and --remember are for route, not {a.kind}")
    with ctx.open_store() as store:
        event = tickets.record(
            store, a.ticket_id, a.kind, payload, at=at, actor=a.actor,
            expected_version=a.expect_version,
        )
    print(event.id)
    return 0


def _route(ctx, at, payload: dict[str, Any]) -> int:
    """`desk event T route`: the routing service reads the opening mail under the contract's pack."""
    from console.services.routing import route_ticket

    a = ctx.args
    if not a.contract:
        raise UserError("route needs --contract ID")
    if payload:
        raise UserError(f"route takes --contract (and --remember), not {', '.join(sorted(payload))}")
    with ctx.open_store() as store:
        event = route_ticket(store, a.ticket_id, contract_id=a.contract, remember=a.remember, at=at,
                             actor=a.actor, expected_version=a.expect_version)
    print(event.id)
    return 0


def cmd_ticket_show(ctx) -> int:
    from console.services.ticket_view import ticket_view

    with ctx.open_store(read_only=True) as store:
        view = ticket_view(store, ctx.args.ticket_id, now=ctx.clock.now())
    if ctx.args.json:
        _print_json(view)
        return 0
    # Customer text on one line each (a line break in a subject must not forge a line below);
    # the output guard of console/commands/output.py already shows every control as a stand-in.
    t = {k: neutralise(v) if isinstance(v, str) else v for k, v in view["ticket"].items()}
    print(f"{t['id']}  {t['subject']}")
    print(f"  {t['customer'] or 'no contract'}  {t['policy'] or ''} {t['plan'] or ''}".rstrip())
    print(f"  severity {t['severity'] or '-'}  status {t['status']} ({t['side']}'s move)"
          f"  tier {t['tier'] or '-'}  assignee {t['assignee'] or '-'}  version {t['version']}")
    if t["flags"]:
        print(f"  flags: {', '.join(t['flags'])}")
    if view["clocks"]:
        print("clocks:")
        for c in view["clocks"]:
            print(f"  {c['metric']}#{c['instance']:<3} {c['state']:8} due {c['due_at'] or '-':20} "
                  f"left {_left(c['remaining_seconds'], c['breached'])}")
    print("events:")
    for e in view["events"]:
        details = " ".join(f"{k}={json.dumps(v)}" for k, v in e["payload"].items()
                           if k not in ("subject", "body"))
        print(f"  {e['at']}  {e['kind']:14} {neutralise(e['actor']):10} {details}".rstrip())
    return 0


def cmd_queue(ctx) -> int:
    from console.services.queue import queue

    limit = ctx.args.limit
    if limit is not None and limit < 0:
        raise UserError(f"--limit: {limit} is negative")
    with ctx.open_store(read_only=True) as store:
        items = queue(store, now=ctx.clock.now(), limit=limit)
    if ctx.args.json:
        _print_json(items)
        return 0
    for item in items:
        print(f"{item['id']:8} {item['severity'] or '-':9} {item['policy'] or '-':13} "
              f"{item['metric'] or '-':18} {item['due_at'] or '-':20} "
              f"{_left(item['remaining_seconds'], item['breached']):>14}  {neutralise(item['subject'])}")
    return 0


def cmd_rebuild(ctx) -> int:
    from console.commands.lead_cmds import print_moves
    from console.services.policy_versions import rebuild

    with ctx.open_store() as store:
        count, moves = rebuild(store)
    print(f"rebuilt {count} tickets from the event log")
    print_moves(moves, applied=True)
    return 0


def _kinds_epilog() -> str:
    """The kinds `desk event` records, each with the payload fields it needs and [may carry]."""
    lines = ["kinds, with the payload fields each needs and [may carry]; any may carry attributes:"]
    lines += [f"  {k.id:15} {' '.join([*k.required, *(f'[{f}]' for f in k.optional)])}".rstrip()
              for k in KINDS.values() if not k.starts_log]
    return "\n".join(lines)


def _at(ctx):
    return parse_instant(ctx.args.at, what="--at") if ctx.args.at else ctx.clock.now()


def _pairs(items: list[str], option: str) -> list[tuple[str, str]]:
    """KEY=VALUE arguments, or a UserError naming the option and the bad item."""
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"{option}: {item!r} is not KEY=VALUE")
        pairs.append((key.strip(), value))
    return pairs


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _contract_json(c: Contract) -> dict[str, Any]:
    return {"id": c.id, "customer": c.customer, "policy": c.policy, "plan": c.plan,
            "options": c.options, "domains": list(c.domains)}


def _left(seconds: int | None, breached: bool) -> str:
    """Time left as the CLI prints it, a breach said in words."""
    return f"{format_span(seconds)} BREACHED" if breached and seconds is not None else format_span(seconds)


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2))
