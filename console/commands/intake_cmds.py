"""Intake subcommands: `desk import PATH...` and `desk watch MAILDIR`.

Exit codes: 0 everything went in (or was already in); 1 some messages were
skipped (each named on stderr with the reason); 2 unusable arguments, nothing written;
75 the store could not take a write for now (busy past the wait, disk full): the import
stops there, what went in before stays in, and running it again completes it. `desk
watch` says so and tries again at its next look (`--once` exits 75).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from console.errors import StoreUnavailable, UserError
from console.ingest.limits import DEFAULT_MAX_ATTACHMENT_SIZE

if TYPE_CHECKING:   # the handlers import intake itself: `desk` alone does not load it
    from console.services.intake import Outcome, Summary

# Below this many messages an import is over before a progress bar would be worth drawing.
PROGRESS_THRESHOLD = 300
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2,
          "mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import mail (.eml, mbox, Maildir) or tickets (JSON, CSV); formats are detected",
        description="Import messages and tickets. Each message is one transaction; importing "
        "the same message again changes nothing. Exit 0: all in; 1: some skipped; 2: bad arguments; "
        "75: the store is busy or the disk full for now (what went in stays in: run it again).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help=".eml, mbox, Maildir, .json or .csv "
                   "(a plain folder is read file by file)")
    _common_options(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "watch",
        help="import messages as they arrive in a Maildir (polling; Ctrl-C stops)",
        description="Poll a Maildir and import every message delivered to it. The folder is only "
        "read; messages already in the store are skipped, so a restart is safe. A store busy or "
        "full for now is reported and tried again at the next look.",
    )
    p.add_argument("maildir", metavar="MAILDIR")
    p.add_argument("--interval", type=float, default=2.0, metavar="SECONDS",
                   help="seconds between looks (default: 2)")
    p.add_argument("--once", action="store_true", help="look once, import, and exit")
    _common_options(p)
    p.set_defaults(handler=cmd_watch)


def _common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quiet", "-q", action="store_true",
                   help="no progress bar and no summary (skipped messages are still named on stderr)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--max-attachment-size", type=byte_size, default=DEFAULT_MAX_ATTACHMENT_SIZE,
                   metavar="SIZE", help="keep attachments up to this size, e.g. 10MB, 512k "
                   "(default: 10MB); larger ones are recorded as metadata only")


def byte_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 10MB, 512k or 1048576")
    return int(float(match.group(1)) * _UNITS[unit])


def cmd_import(ctx) -> int:
    from console.ingest.detect import open_sources
    from console.services.intake import Intake

    args = ctx.args
    sources = open_sources(args.paths, max_attachment_size=args.max_attachment_size)
    with ctx.open_store() as store:
        intake = Intake(store, now=ctx.clock.now(), max_attachment_size=args.max_attachment_size)
        with _progress(sources, enabled=not args.quiet) as advance:
            taken = 0

            def count(outcome: Outcome) -> None:
                nonlocal taken
                taken += 1
                if advance is not None:
                    advance(outcome)
            try:
                summary = intake.run(chain.from_iterable(sources), on_item=count)
            except StoreUnavailable as exc:
                raise StoreUnavailable(f"{exc}; the import stopped after {taken} items, which stay "
                                       "in: run it again to complete it") from None
    _report(summary, args)
    return summary.exit_code


def cmd_watch(ctx) -> int:
    from console.ingest.mailboxes import EmlFile, is_maildir
    from console.ingest.watch import MaildirWatcher
    from console.services.intake import Intake

    args = ctx.args
    folder = Path(args.maildir)
    if not is_maildir(folder):
        raise UserError("not a Maildir (a folder with new/ and cur/)", source=args.maildir)
    watcher = MaildirWatcher(folder)
    code = 0
    with ctx.open_store() as store:
        try:
            while True:
                fresh = watcher.poll()
                if fresh:
                    intake = Intake(store, now=ctx.clock.now(),
                                    max_attachment_size=args.max_attachment_size)
                    try:
                        summary = intake.run(chain.from_iterable(
                            EmlFile(path, args.max_attachment_size) for path in fresh))
                    except StoreUnavailable as exc:
                        if args.once:
                            raise
                        # Looked at afresh next time: what went in is then "already in".
                        print(f"desk: {exc} (trying again at the next look)", file=sys.stderr, flush=True)
                        watcher = MaildirWatcher(folder)
                    else:
                        _report(summary, args, stamp=True)
                        code = max(code, summary.exit_code)
                if args.once:
                    return code
                time.sleep(args.interval)
        except KeyboardInterrupt:
            return code


@contextlib.contextmanager
def _progress(sources: list, *, enabled: bool) -> Iterator[Callable[[Outcome], None] | None]:
    """A progress bar on stderr for long imports at a terminal; nothing otherwise."""
    from console.commands.output import terminal

    if not (enabled and terminal().isatty()):
        yield None
        return
    total = sum(source.count() for source in sources)
    if total <= PROGRESS_THRESHOLD:
        yield None
        return
    from rich import progress  # only an import at a terminal pays for loading rich
    from rich.console import Console

    with progress.Progress(progress.TextColumn("importing"), progress.BarColumn(),
                           progress.MofNCompleteColumn(), progress.TimeRemainingColumn(),
                           console=Console(file=terminal()), transient=True) as bar:
        task = bar.add_task("import", total=total)
        yield lambda outcome: bar.advance(task)


def _report(summary: Summary, args, *, stamp: bool = False) -> None:
    for problem in summary.problems:
        print(f"desk: {problem['source']}: {problem['reason']} (skipped)", file=sys.stderr)
    if args.json:
        # ASCII: an 8-bit control or a bidi override in a subject arrives escaped, not raw
        print(json.dumps(summary.as_dict()), flush=True)
        return
    if args.quiet:
        return
    line = (f"{summary.created} created, {summary.threaded} threaded, "
            f"{summary.noted} automatic replies noted, {summary.duplicates} already in, "
            f"{summary.skipped} skipped")
    if summary.contracts_added:
        line += f", {summary.contracts_added} contracts added"
    print(f"{time.strftime('%H:%M:%S')} {line}" if stamp else line, flush=True)
    unrouted = sum(1 for t in summary.tickets if t["contract"] is None)
    triage = sum(1 for t in summary.tickets if t["triage"] and t["contract"] is not None)
    missing = sum(1 for t in summary.tickets if t["missing"])
    notes = [f"{n} {what}" for n, what in ((unrouted, "unrouted (no contract for the sender)"),
                                            (triage, "to triage (no severity on the pack's scale)"),
                                            (missing, "missing required information")) if n]
    if notes:
        print("  " + "; ".join(notes), flush=True)
