"""The store file: opening it safely, its connection settings, its transactions.

The connection runs in driver autocommit mode and every write goes through
`Store.transaction()` (BEGIN IMMEDIATE), so two processes writing the same
store queue up behind SQLite's lock instead of failing half-way or interleaving.
"""

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Self

from console.errors import UserError
from console.store.migrations import migrate

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000


class Store:
    """One open store file. Use as a context manager, or call close()."""

    def __init__(self, conn: sqlite3.Connection, path: Path, schema_version: int):
        self.conn = conn
        self.path = path
        self.schema_version = schema_version

    @cached_property
    def db(self) -> "sqlite_utils.Database":
        """The connection seen through sqlite-utils (rows as dicts, table helpers).

        Made on first use: sqlite-utils takes longer to import (about 70 ms) than the
        console takes to open the store and read its first screen, which use `conn`.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> "Store":
        """Open (creating and migrating as needed) the store at `path`.

        Every fault a user can cause here (a folder, an unwritable place, a file
        that is not SQLite or is damaged, a store newer than this code) becomes a
        UserError naming the file; nothing is written to a file we refuse.
        """
        path = Path(path)
        source = str(path)
        _check_location(path, create=create)
        try:
            conn = sqlite3.connect(source, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise UserError(f"cannot open or create the store: {exc}", source=source) from None
        try:
            _verify_readable(conn, source)
            _configure(conn)
            version = migrate(conn, source)
        except UserError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserError(_describe(exc), source=source) from None
        return cls(conn, path, version)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """One write transaction (BEGIN IMMEDIATE): all of it commits, or none of it.

        A nested call joins the enclosing transaction, so a service can compose
        smaller writes into one commit.
        """
        if self.conn.in_transaction:
            yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise UserError(_describe(exc), source=str(self.path)) from None
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise UserError(_describe(exc), source=str(self.path)) from None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """A read transaction: several SELECTs see one consistent state of the store."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def data_version(self) -> int:
        """Changes when another connection commits: cheap polling for live screens."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]


def _check_location(path: Path, *, create: bool) -> None:
    source = str(path)
    if path.is_dir():
        raise UserError("is a directory, not a store file", source=source)
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise UserError("is not readable and writable", source=source)
        return
    if not create:
        raise UserError("no store here (run `desk init` first)", source=source)
    existing = next(parent for parent in path.parents if parent.exists())
    if not existing.is_dir():
        raise UserError(f"cannot create the store: {existing} is not a folder", source=source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create its folder: {exc.strerror}", source=source) from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UserError(f"cannot create the store: {path.parent} is not writable", source=source)


def _verify_readable(conn: sqlite3.Connection, source: str) -> None:
    """Read the schema before changing anything, so a foreign file is refused untouched."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise UserError(_describe(exc), source=source) from None


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL journal mode (got {mode})")
    # FULL: a write the console reported as done survives a power cut (NORMAL could lose it).
    conn.execute("PRAGMA synchronous = FULL")


def _describe(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "file is not a database" in text:
        return "not a SQLite store (file is not a database)"
    if "malformed" in text:
        return "the store is damaged (database disk image is malformed)"
    if "locked" in text or "busy" in text:
        return f"the store is busy: another process held it for over {BUSY_TIMEOUT_MS // 1000} s"
    if "readonly" in text or "read-only" in text:
        return "the store is read-only"
    return f"cannot use the store: {text}"
