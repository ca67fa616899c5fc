"""`desk serve`: the console in a web browser, behind a token (see console/serve/)."""

import argparse
import sys
from pathlib import Path

from console.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    from console.serve.session import SCREENS

    p = sub.add_parser(
        "serve", help="the console in a web browser (a wall display of the board), behind a token",
        description="Serve the console to web browsers. Every request needs the token printed in "
                    "the URL. Sessions are read-only unless --allow-actions, where each user of "
                    "--users FILE signs in with their own token and acts under their own name.")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, metavar="N",
                   help="port (default 8000; 0 picks a free one)")
    p.add_argument("--screen", choices=SCREENS, default=None,
                   help="the screen sessions open on (default: the board when read-only, "
                        "else the queue)")
    p.add_argument("--allow-actions", action="store_true",
                   help="let the users of --users act, each under their own name")
    p.add_argument("--users", type=Path, metavar="FILE",
                   help="TOML of [users.NAME] token_sha256 = \"...\" (made by --add-user)")
    p.add_argument("--max-sessions", type=int, default=None, metavar="N",
                   help="sessions open at once, each a console process (default 8)")
    p.add_argument("--add-user", metavar="NAME",
                   help="give NAME a new token in --users FILE, print it once, and exit")
    p.set_defaults(handler=cmd_serve, own_terminal=True)   # its sessions draw the console


def cmd_serve(ctx) -> int:
    from console.serve.access import Access, load_users, new_token
    from console.serve.server import DEFAULT_MAX_SESSIONS, DeskServer
    from console.serve.session import SessionSpec

    a = ctx.args
    if a.add_user is not None:
        return add_user(a.users, a.add_user)
    host, port = a.host.strip(), a.port
    if not host:
        raise UserError("--host: give an address, e.g. 127.0.0.1")
    if not 0 <= port <= 65535:
        raise UserError(f"--port: {port} is outside 0..65535")
    max_sessions = DEFAULT_MAX_SESSIONS if a.max_sessions is None else a.max_sessions
    if max_sessions < 1:
        raise UserError(f"--max-sessions: {max_sessions} is below 1")
    if a.allow_actions and a.read_only:
        raise UserError("--read-only and --allow-actions: choose one")
    if a.allow_actions != (a.users is not None):
        raise UserError("--allow-actions and --users FILE go together: the users of FILE are "
                        "those who may act")
    users = load_users(a.users) if a.allow_actions else {}
    if a.allow_actions and not users:
        raise UserError("no users: add one with desk serve --add-user NAME --users FILE",
                        source=str(a.users))
    with ctx.open_store():   # a store that cannot be opened is said now, not in every tab
        pass
    if not is_loopback(host):
        print(f"desk: warning: serving on {host}:{port}, beyond this machine, over plain HTTP: "
              "the token and every screen cross the network unencrypted. "
              "Use --host 127.0.0.1 unless that is what you want.", file=sys.stderr)

    access = Access(new_token(), users)
    spec = SessionSpec(ctx.db_path, now=a.now, screen=a.screen)
    server = DeskServer(spec, access, host=host, port=port, max_sessions=max_sessions)

    def announce(bound_port: int) -> None:
        base = f"http://{f'[{host}]' if ':' in host else host}:{bound_port}/"
        print(f"Support Console on {base}?token={access.viewer_token}", flush=True)
        print(f"  that address: read-only, opening on the {a.screen or 'board'}; "
              f"at most {max_sessions} sessions at once; Ctrl+C stops", flush=True)
        if users:
            who = "1 user" if len(users) == 1 else f"{len(users)} users"
            print(f"  {who} of {a.users} may act, each under their own name, at "
                  f"{base}?token=THEIR-TOKEN", flush=True)

    server.serve(on_listening=announce)
    return 0


def add_user(users_file: Path | None, name: str) -> int:
    """`--add-user NAME --users FILE`: the token on stdout (once), what to do with it on stderr."""
    from console.serve.access import add_user as give_token

    if users_file is None:
        raise UserError("--add-user: give the users file with --users FILE")
    token = give_token(users_file, name)
    print(token)
    print(f"desk: {name} has a new token in {users_file} (any old one no longer works); it is "
          "shown this once. They open desk serve's address with ?token=THEIR-TOKEN while it runs "
          f"with --allow-actions --users {users_file}.", file=sys.stderr)
    return 0


def is_loopback(host: str) -> bool:
    """Only this machine can connect: localhost or a loopback address (127.0.0.0/8, ::1)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False   # a name we would have to resolve: assume it reaches further
