"""Numbered SQL migrations (db/migrations/NNNN_name.sql), applied in order.

Each migration runs in its own IMMEDIATE transaction together with its row in
`schema_version`, so a failure leaves the store at the previous version and two
processes opening a fresh store at once apply each migration exactly once.
"""

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from console.errors import UserError
from console.resources import migrations_dir

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(folder: Path | None = None) -> list[Migration]:
    """The shipped migrations, in order; numbering must run 1, 2, 3... without gaps."""
    folder = folder or migrations_dir()
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise RuntimeError(f"{path}: migration files are named NNNN_name.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"{folder}: migration {expected:04d} is missing")
    return found


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, source: str, migrations: list[Migration] | None = None) -> int:
    """Bring the store up to the newest migration; refuse a store newer than this code.

    `conn` must be in driver autocommit mode (isolation_level None) so that the
    BEGIN IMMEDIATE here is the only transaction. Returns the version reached.
    """
    migrations = load_migrations() if migrations is None else migrations
    newest = len(migrations)
    version = current_version(conn)
    _refuse_newer(version, newest, source)
    if version < newest:
        # Imported only to migrate: its executescript runs a script statement by statement
        # inside our transaction, where sqlite3's would commit the transaction first.
        import sqlite_utils

        script_runner = sqlite_utils.Database(conn, execute_plugins=False)
    while version < newest:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_VERSION_TABLE)
            version = current_version(conn)  # another process may have moved it on meanwhile
            _refuse_newer(version, newest, source)
            if version < newest:
                step = migrations[version]
                script_runner.executescript(step.sql)
                conn.execute(
                    "INSERT INTO schema_version (version, name) VALUES (?, ?)",
                    [step.version, step.name],
                )
                version = step.version
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return version


def current_schema(conn: sqlite3.Connection, source: str, migrations: list[Migration] | None = None) -> int:
    """The version of a store opened read-only, which cannot be migrated: it must be current."""
    newest = len(load_migrations() if migrations is None else migrations)
    version = current_version(conn)
    _refuse_newer(version, newest, source)
    if version < newest:
        raise UserError(f"store schema version {version} is older than this program's ({newest}) "
                        "and it is open read-only; open it writable once (`desk init`) to upgrade",
                        source=source)
    return version


def _refuse_newer(version: int, newest: int, source: str) -> None:
    if version > newest:
        raise UserError(
            f"store schema version {version} is newer than this program knows ({newest}); "
            "upgrade support-console to open it",
            source=source,
        )
