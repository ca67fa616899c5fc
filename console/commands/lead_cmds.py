"""The shift lead's subcommands: tick (due timers), forecast, report sla, policy diff."""

import argparse
import json

from console import config

# Clocks the forecast's JSON lists: enough to act on, small at any backlog (the counts stay exact).
FORECAST_LIMIT = 50


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tick", help="run due timers (customer-timeout auto-close); safe to repeat")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_tick)

    p = sub.add_parser("forecast", help="breaches per hour over the next hours if nothing is done")
    p.add_argument("--hours", type=int, default=8, metavar="N", help="hours ahead (default 8)")
    p.add_argument("--shift-hours", default=config.shift_hours(), metavar="H",
                   help="shift length for 'within the shift' (default $DESK_SHIFT_HOURS, else 8)")
    p.add_argument("--limit", type=int, default=FORECAST_LIMIT, metavar="N",
                   help=f"with --json, list at most N clocks in each of 'breached' and 'upcoming' "
                        f"(default {FORECAST_LIMIT}); the counts are always of every clock")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_forecast)

    p = sub.add_parser("report", help="reports computed from the event log")
    kinds = p.add_subparsers(dest="report", metavar="REPORT", required=True)
    sla = kinds.add_parser("sla", help="SLA achievement per group over a period (any past one too)")
    sla.add_argument("--from", dest="start", required=True, metavar="DATE",
                     help="first day, YYYY-MM-DD (UTC)")
    sla.add_argument("--to", dest="end", required=True, metavar="DATE",
                     help="last day, YYYY-MM-DD (UTC), included")
    sla.add_argument("--by", default=None, metavar="DIMS",
                     help="comma-separated groupings among vendor,plan,severity,metric "
                          "(default vendor,metric)")
    sla.add_argument("--format", default="table", choices=("table", "json", "csv", "md", "html"),
                     help="output format (default table; html is one self-contained file)")
    sla.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    sla.set_defaults(handler=cmd_report_sla)


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


def cmd_forecast(ctx) -> int:
    from console.domain.timeutil import format_instant
    from console.services.forecast import forecast, shift_length

    shift = shift_length(ctx.args.shift_hours)
    with ctx.open_store(read_only=True) as store:
        result = forecast(store, now=ctx.clock.now(), hours=ctx.args.hours,
                          shift_hours=shift.total_seconds() / 3600,
                          limit=ctx.args.limit if ctx.args.json else 0)
    if ctx.args.json:
        print(json.dumps(result.as_json(), indent=2))
        return 0
    shift_text = f"{shift.total_seconds() / 3600:g} h"
    print(f"forecast at {format_instant(result.now)}, next {result.hours} h, if nothing is done")
    print(f"breached now              {result.breached_now}")
    print(f"breaching within 1 h      {result.within_hour}")
    print(f"breaching within shift    {result.within_shift}  ({shift_text})")
    print()
    print("hour starting          breaches")
    for start, count in zip(result.hour_starts(), result.per_hour):
        print(f"{format_instant(start)}   {count}")
    return 0


def cmd_report_sla(ctx) -> int:
    import os

    from console.errors import UserError
    from console.reports import render
    from console.services.reports import parse_by, parse_day, sla_report

    a = ctx.args
    by = parse_by(a.by)
    start, end = parse_day(a.start, "--from"), parse_day(a.end, "--to")
    with ctx.open_store(read_only=True) as store:
        text = render(sla_report(store, start=start, end=end, by=by), a.format)
    if a.output is None:
        print(text, end="")
        return 0
    try:
        # A new report is private to its owner (0600): it names customers and their tickets.
        with open(os.open(a.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                  "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise UserError(f"cannot write the report: {exc.strerror}", source=a.output) from None
    print(f"wrote {a.output}")
    return 0


def register_policy_diff(verbs: argparse._SubParsersAction) -> None:
    """`desk policy diff`, registered among the policy verbs."""
    p = verbs.add_parser("diff", help="open tickets whose deadlines the current packs would move")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_policy_diff)


def cmd_policy_diff(ctx) -> int:
    from console.services.policy_versions import deadline_moves

    # printed as they are found: the diff of a million-ticket store never holds its moves
    with ctx.open_store() as store:
        if ctx.args.json:
            print_json_list(m.as_json() for m in deadline_moves(store))
        else:
            print_moves(deadline_moves(store), applied=False)
    return 0


def print_json_list(items) -> None:
    """The text json.dumps(list(items), indent=2) prints, written one item at a time."""
    import textwrap

    first = True
    for item in items:
        print("[" if first else ",")
        print(textwrap.indent(json.dumps(item, indent=2), "  "), end="")
        first = False
    print("[]" if first else "\n]")


def print_moves(moves, *, applied: bool) -> None:
    """Each moved deadline, then a count: a rebuild says what it changed, a diff what it would."""
    from console.domain.durations import format_span
    from console.domain.timeutil import format_instant

    count, tickets = 0, set()
    for m in moves:
        delta = "" if m.delta_seconds is None else format_span(m.delta_seconds, plus=True)
        print(f"{m.ticket_id:8} {m.metric}#{m.instance:<3} {format_instant(m.stored_due) or 'none':20} "
              f"-> {format_instant(m.current_due) or 'none':20} {delta:>9}  "
              f"(pack {m.stored_version or '-'} -> {m.current_version})")
        count += 1
        tickets.add(m.ticket_id)
    noun = "deadline" if count == 1 else "deadlines"
    where = f"on {len(tickets)} open ticket{'s' if len(tickets) != 1 else ''}"
    if applied:
        print(f"{count} {noun} moved {where}" if count else "no open ticket's deadline moved")
    elif count:
        print(f"{count} {noun} would move {where}; `desk rebuild` applies the current packs")
    else:
        print("no open ticket's deadline would move under the current packs")
