"""`desk`: the one command-line entry.

Global options (`--db`, `--now`) are parsed here; each area registers its own
subcommands from `console/commands/`. User errors print one line and exit 2; a store
that cannot take a write for now prints one line and exits 75.
"""

import argparse
import sys
from pathlib import Path

from console import config
from console.clock import Clock
from console.domain.timeutil import InstantError
from console.errors import UserError


class DeskParser(argparse.ArgumentParser):
    """Usage mistakes get the house style too: one line naming the fault, exit 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from console.commands import COMMAND_MODULES

    parser = _global_options(DeskParser(
        prog="desk",
        description="Support Console: the SLA-ordered ticket queue, from the keyboard. "
        "Run `desk` alone to open the console.",
    ))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    _accept_globals_after_the_command(sub)
    return parser


def _global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--db",
        default=config.db(),
        help="store file (default: $DESK_DB, else $XDG_DATA_HOME/support-console/desk.db); "
             "a store named here must exist, except for init and demo",
    )
    parser.add_argument(
        "--now",
        default=None,
        help="freeze the clock at this ISO 8601 instant (also $DESK_NOW)",
    )
    parser.add_argument(
        "--read-only", action="store_true",
        help="open the console to look only: ticket actions are off",
    )
    return parser


def _console_arguments(argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments of plain `desk` (global options, no command); None for anything else.

    Read without building every command's parser, which would add a tenth to the
    console's start-up; anything else (a command, --help, a mistake) goes to the full parser.
    """
    parser = _global_options(argparse.ArgumentParser(prog="desk", add_help=False, exit_on_error=False))
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def _accept_globals_after_the_command(sub: argparse._SubParsersAction) -> None:
    """`desk queue --json --db X` works as well as `desk --db X queue --json`.

    SUPPRESS keeps a subcommand from overwriting the value given before it.
    """
    for command in sub.choices.values():
        command.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        command.add_argument("--now", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_globals_after_the_command(action)


class Context:
    """What every subcommand gets: the parsed arguments, the clock and the store path."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.clock = Clock.from_env(args.now)
        self.db_path = Path(args.db) if args.db else config.default_db_path()

    def open_store(self, *, create: bool | None = None, read_only: bool = False):
        """The store; `create` (init, demo) makes a missing one anywhere.

        Left unsaid, only the default location is created: a mistyped `--db` must
        not become a new empty store that silently takes the work.
        """
        from console.store import Store

        if create is None:
            create = not self.args.db
        if read_only and create and not self.db_path.exists():
            Store.open(self.db_path).close()   # the default store is made by whichever command comes first
        return Store.open(self.db_path, create=create, read_only=read_only)


def main(argv: list[str] | None = None) -> int:
    args = _console_arguments(argv) or build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    # The console and `desk serve` draw on the terminal themselves; every other command's
    # output, its error line included, may quote a customer and is neutralised.
    if handler is None or getattr(args, "own_terminal", False):
        return _run(args, handler)
    from console.commands.output import guarded

    with guarded():
        return _run(args, handler)


def _run(args: argparse.Namespace, handler) -> int:
    try:
        ctx = Context(args)
        if handler is None:
            from console.commands.console_cmd import open_console

            return open_console(ctx) or 0
        return handler(ctx) or 0
    except UserError as exc:   # a StoreUnavailable among them exits 75: try again later
        print(f"desk: {exc}", file=sys.stderr)
        return exc.exit_code
    except InstantError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
