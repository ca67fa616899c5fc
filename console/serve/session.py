"""One browser tab's console: the process `desk serve` starts for each WebSocket.

Serve decides everything about a session before it starts and puts it on the
command line and in the environment: the store, the clock, read-only or not,
the first screen, and (in `$DESK_USER`) the name its events are recorded under.
The process itself is the ordinary console, opened on the board when asked.

Run as `python -m console.serve.session --db PATH [--now ISO] [--read-only] [--screen board]`.
"""

import argparse
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from console.serve.access import Identity

SCREENS = ("board", "queue")


@dataclass(frozen=True)
class SessionSpec:
    """What every session of one `desk serve` shares, and how an identity changes it."""

    db_path: Path
    now: str | None = None
    # None: the board for a read-only session, the queue for one that acts.
    screen: str | None = None

    def first_screen(self, identity: Identity) -> str:
        return self.screen or ("queue" if identity.can_act else "board")

    def command(self, identity: Identity) -> str:
        """The shell command of `identity`'s session (textual-serve runs it through a shell)."""
        parts = [sys.executable, "-m", "console.serve.session", "--db", str(self.db_path),
                 "--screen", self.first_screen(identity)]
        if self.now:
            parts += ["--now", self.now]
        if not identity.can_act:
            parts.append("--read-only")
        return "exec " + shlex.join(parts)   # the shell gives way: its pid is the console's

    def environment(self, identity: Identity) -> dict[str, str]:
        """Set over serve's own environment: the session never acts as the serving OS user."""
        return {"DESK_USER": identity.name}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="console.serve.session")
    parser.add_argument("--db", required=True)
    parser.add_argument("--now", default=None)
    parser.add_argument("--screen", choices=SCREENS, default="queue")
    parser.add_argument("--read-only", action="store_true")
    args = parser.parse_args(argv)

    # Textual loads here, as plain `desk` does, so argument faults answer at once.
    from console.clock import Clock
    from console.commands.console_cmd import engineer_name
    from console.domain.timeutil import InstantError
    from console.errors import UserError
    from console.tui.app import DeskApp

    class BrowserSession(DeskApp):
        def on_mount(self) -> None:
            # Pushed over the queue, as `b` does, so escape goes back to the queue.
            if args.screen == "board":
                from console.tui.screens.board import BoardScreen

                self.push_screen(BoardScreen())

    try:
        app = BrowserSession(Path(args.db), Clock.from_env(args.now), actor=engineer_name(),
                             read_only=args.read_only)
    except (UserError, InstantError) as exc:   # serve shows the child's stderr in its log
        print(f"desk: {exc}", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
