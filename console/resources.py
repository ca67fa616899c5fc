"""Where the files that ship with the package live.

In a checkout (and an editable install) `styles/` and `db/` sit at the top of the
repository; a wheel carries them as `console/_styles` and `console/_db`.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(top_level: str, packaged: str) -> Path:
    inside = _PACKAGE / packaged
    return inside if inside.is_dir() else _PACKAGE.parent / top_level


def styles_dir() -> Path:
    return _shipped("styles", "_styles")


def migrations_dir() -> Path:
    return _shipped("db", "_db") / "migrations"


def policies_dir() -> Path:
    return _PACKAGE / "policies"
