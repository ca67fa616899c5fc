"""Settings: the one module that reads the environment and the XDG base folders.

Every other module asks here, so a setting has one name, one default and one
reading of "unset". Each function reads when called, never at import: a test that
sets a variable (monkeypatch.setenv) or a subcommand parsed later sees the value
of that moment.

A variable set to blank counts as unset, and an XDG folder given as a relative
path is ignored, as the XDG base directory specification asks.
"""

import getpass
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from console.errors import UserError

APP_DIR = "support-console"   # our folder under each XDG base folder
# Long enough to outlast any one write the console makes (a rebuild commits in short
# batches), short enough that a stuck store is reported while the engineer still waits.
DEFAULT_WRITE_WAIT = 30.0


def _setting(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _xdg_home(name: str, default: Path) -> Path:
    value = _setting(name)
    return Path(value) if value and Path(value).is_absolute() else default


def data_dir() -> Path:
    """`$XDG_DATA_HOME/support-console`: where the default stores live."""
    return _xdg_home("XDG_DATA_HOME", Path.home() / ".local" / "share") / APP_DIR


def config_dir() -> Path:
    """`$XDG_CONFIG_HOME/support-console`: a site's own packs and an engineer's keys."""
    return _xdg_home("XDG_CONFIG_HOME", Path.home() / ".config") / APP_DIR


def default_db_path() -> Path:
    """The store used when neither `--db` nor `$DESK_DB` names one."""
    return data_dir() / "desk.db"


def site_policies_dir() -> Path:
    """Packs a site adds or overrides without touching code."""
    return config_dir() / "policies"


def keys_file() -> Path:
    """An engineer's remapped keys."""
    return config_dir() / "keys.toml"


def desk_file() -> Path:
    """The desk's own settings (`[mail]`), where the environment does not give them."""
    return config_dir() / "desk.toml"


@dataclass(frozen=True)
class MailSettings:
    """How replies leave the desk, as given; console/mail/ reads and checks them."""

    smtp: str | None               # smtp://, smtp+starttls:// or smtps:// [user[:pass]@]host:port
    sender: str | None             # the From address
    password: str | None           # given outright ($DESK_SMTP_PASSWORD); never stored
    password_command: str | None   # a command whose output is the password (a keyring, pass)
    signature: str | None          # appended under every reply


def mail() -> MailSettings:
    """`$DESK_SMTP_URL`, `$DESK_MAIL_FROM`, `$DESK_SMTP_PASSWORD`, else desk.toml's `[mail]`.

    The environment wins key by key. A desk.toml that cannot be read is a
    ValueError naming the file, so nothing is sent under half-read settings.
    """
    table: dict = {}
    path = desk_file()
    if path.is_file():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("mail", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from None
        if not isinstance(table, dict):
            raise ValueError(f"{path}: [mail] must be a table")

    def from_file(key: str) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{path}: [mail] {key} must be a string")
        return value.strip() or None if value else None

    return MailSettings(
        smtp=_setting("DESK_SMTP_URL") or from_file("smtp"),
        sender=_setting("DESK_MAIL_FROM") or from_file("from"),
        password=_setting("DESK_SMTP_PASSWORD"),
        password_command=_setting("DESK_SMTP_PASSWORD_COMMAND") or from_file("password_command"),
        signature=from_file("signature"),
    )


def db() -> str | None:
    """`$DESK_DB`: the store (a path or a URL) that `--db` defaults to."""
    return _setting("DESK_DB")


def frozen_now() -> str | None:
    """`$DESK_NOW`: the ISO 8601 instant that freezes the clock when `--now` is not given."""
    return _setting("DESK_NOW")


def time_zone() -> str | None:
    """`$DESK_TZ`: the IANA zone an engineer reads instants in (else the machine's)."""
    return _setting("DESK_TZ")


def shift_hours() -> str | None:
    """`$DESK_SHIFT_HOURS`: the shift length behind "breaching this shift" (else 8)."""
    return _setting("DESK_SHIFT_HOURS")


def write_wait() -> float:
    """`$DESK_WRITE_WAIT`: seconds a write waits for a store another process is writing (else 30)."""
    value = _setting("DESK_WRITE_WAIT")
    if value is None:
        return DEFAULT_WRITE_WAIT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise UserError(f"$DESK_WRITE_WAIT: {value!r} is not a number of seconds")
    return seconds


def engineer_name() -> str:
    """Who is working: `$DESK_USER`, else the login name."""
    name = _setting("DESK_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):   # no login name in some containers
        return "engineer"
