"""`desk calendar add | between`: working-time arithmetic on a CAL.json calendar.

Neither needs the store. `add --starts FILE` is the bulk form (one instant a line in,
one deadline a line out), so it parses and formats on the epoch-second fast path.
"""

import math
import sys

from console.domain.calendar import Calendar, CalendarError
from console.domain.timeutil import (
    InstantError,
    bounded_seconds,
    format_epoch,
    format_instant,
    parse_instant,
)
from console.errors import UserError
from console.ingest.json_text import JsonError, parse_json


def register(sub) -> None:
    calendar = sub.add_parser("calendar", help="working-time arithmetic on a business calendar")
    actions = calendar.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", help="the deadline N working seconds after a start (or after each line of a file)"
    )
    add.add_argument("--calendar", required=True, metavar="CAL.json", help="calendar definition")
    starts = add.add_mutually_exclusive_group(required=True)
    starts.add_argument("--start", metavar="ISO", help="start instant, ISO 8601 with offset")
    starts.add_argument(
        "--starts", metavar="FILE", help="file of start instants, one a line (blank lines ignored)"
    )
    add.add_argument("--seconds", required=True, type=int, metavar="N", help="working seconds")
    add.set_defaults(handler=run_add)

    between = actions.add_parser("between", help="working seconds in [start, end)")
    between.add_argument("--calendar", required=True, metavar="CAL.json", help="calendar definition")
    between.add_argument("--start", required=True, metavar="ISO", help="ISO 8601 with offset")
    between.add_argument("--end", required=True, metavar="ISO", help="ISO 8601 with offset")
    between.set_defaults(handler=run_between)


def load_calendar(path: str) -> Calendar:
    """Read and validate a CAL.json file; any fault is a UserError naming the file."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = parse_json(handle.read())
    except OSError as exc:
        raise UserError(f"cannot read calendar ({exc.strerror})", source=path) from None
    except UnicodeDecodeError:
        raise UserError("not UTF-8 text", source=path) from None
    except JsonError as exc:
        raise UserError(str(exc), source=path) from None
    try:
        return Calendar.from_mapping(data, id=path)
    except CalendarError as exc:
        raise UserError(str(exc), source=path) from None


def run_add(ctx) -> int:
    args = ctx.args
    calendar = load_calendar(args.calendar)
    seconds = bounded_seconds(args.seconds, what="--seconds")
    if args.start is not None:
        start = parse_instant(args.start, what="--start")
        print(format_instant(calendar.add(start, seconds)))
        return 0
    epochs = _read_starts(args.starts)
    add = calendar.add_epoch
    out = [format_epoch(add(epoch, seconds)) for epoch in epochs]
    sys.stdout.write("\n".join(out) + "\n" if out else "")
    return 0


def run_between(ctx) -> int:
    args = ctx.args
    calendar = load_calendar(args.calendar)
    start = parse_instant(args.start, what="--start")
    end = parse_instant(args.end, what="--end")
    print(calendar.between(start, end))
    return 0


def _read_starts(path: str) -> list[int]:
    """Start instants as epoch seconds; a bad line is a UserError naming file and line."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as exc:
        raise UserError(f"cannot read starts ({exc.strerror})", source=path) from None
    except UnicodeDecodeError:
        raise UserError("not UTF-8 text", source=path) from None
    epochs = []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        try:
            epochs.append(math.floor(parse_instant(text, what=f"line {number}").timestamp()))
        except InstantError as exc:
            raise UserError(str(exc), source=path) from None
    return epochs
