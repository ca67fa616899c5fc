"""Who may use `desk serve`: the access token it prints, and the users of a users file.

Serve makes a random token each time it starts and prints it once, in its URL;
whoever holds it watches the console read-only. With `--allow-actions`, each
person of the users file signs in with their own token and acts under their own
name. The file keeps only each token's SHA-256 (tokens are 256 random bits, so a
fast hash is as good as a slow one), never the token itself:

    [users.alice]
    token_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

`desk serve --add-user NAME --users FILE` makes a token, writes its hash and
prints the token once.
"""

import hashlib
import hmac
import os
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

from console.errors import UserError

# A name goes into every event's actor and onto screens: plain, short, no spaces or controls.
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
VIEWER = "viewer"   # the actor name a read-only session shows (it never writes)


@dataclass(frozen=True)
class Identity:
    """Whom a request's token stands for, and whether their session may change tickets."""

    name: str
    can_act: bool


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Access:
    """The tokens this server accepts: its own (read-only) and, if actions are allowed, users'."""

    def __init__(self, viewer_token: str, users: dict[str, str] | None = None):
        self.viewer_token = viewer_token
        self.users = dict(users or {})   # name -> SHA-256 of their token

    def identify(self, token: str | None) -> Identity | None:
        """The identity `token` proves, or None. Every comparison runs in constant time."""
        if not token:
            return None
        digest = token_hash(token)
        if hmac.compare_digest(digest, token_hash(self.viewer_token)):
            return Identity(VIEWER, can_act=False)
        found = None
        for name, expected in self.users.items():   # no early exit: timing names no user
            if hmac.compare_digest(digest, expected):
                found = Identity(name, can_act=True)
        return found


def load_users(path: Path) -> dict[str, str]:
    """{name: token hash} from a users file; a fault names the file and the key."""
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("no such users file (make one with "
                        "desk serve --add-user NAME --users FILE)", source=source) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the users file: {exc}", source=source) from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"not valid TOML: {exc}", source=source) from None
    table = data.get("users", {})
    if not isinstance(table, dict) or set(data) - {"users"}:
        raise UserError("expected only [users.NAME] tables, each with token_sha256", source=source)
    users = {}
    for name, entry in table.items():
        check_name(name, source=source)
        digest = entry.get("token_sha256") if isinstance(entry, dict) else None
        if not isinstance(digest, str) or not SHA256_HEX.fullmatch(digest):
            raise UserError(f"users.{name}.token_sha256: expected 64 lowercase hex digits",
                            source=source)
        users[name] = digest
    return users


def check_name(name: str, *, source: str) -> None:
    if not USER_NAME.fullmatch(name):
        raise UserError(f"user name {name!r}: use letters, digits and . _ @ - (at most 64, "
                        "starting with a letter or digit)", source=source)


def add_user(path: Path, name: str) -> str:
    """Give `name` a new token (replacing any they had) in the users file; returns the token.

    The file is written private to its owner (0600) and replaced whole, so a reader
    never sees half of it.
    """
    source = str(path)
    check_name(name, source="--add-user")
    users = load_users(path) if path.exists() else {}
    token = new_token()
    users[name] = token_hash(token)
    text = "# desk serve users: each token's SHA-256, never the token\n" + "".join(
        f'\n[users."{n}"]\ntoken_sha256 = "{digest}"\n' for n, digest in sorted(users.items()))
    partial = path.with_name(path.name + ".new")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)   # a leftover from an interrupted run may have been wider
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(f"cannot write the users file: {exc.strerror}", source=source) from None
    return token
