"""The store file: opening it safely, its connection settings, its transactions.

The connection runs in driver autocommit mode and every write goes through
`Store.transaction()` (BEGIN IMMEDIATE), so two processes writing the same
store queue up behind SQLite's lock instead of failing half-way or interleaving.

A store holds customers' mail: a new one and the folders made for it are private
to their owner (0600 / 0700). Each write first checks that the file opened is
still the one at the path, so a store deleted or replaced under a running console
stops writes with a clear error instead of writing into a file nobody will see.
Read commands open the store read-only, so a store on read-only media (or another
user's file) can still be read: SQLite's `mode=ro`, or `immutable=1` where not even
the folder is writable.
"""

import contextlib
import os
import sqlite3
import stat
import urllib.parse
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Self

from console.errors import UserError
from console.store.migrations import current_schema, migrate

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR                   # 0600
PRIVATE_FOLDER = stat.S_IRUSR | stat.S_IWUSR | stat.S_IXUSR   # 0700


class Store:
    """One open store file. Use as a context manager, or call close()."""

    def __init__(self, conn: sqlite3.Connection, path: Path, schema_version: int, *,
                 read_only: bool = False):
        self.conn = conn
        self.path = path
        self.schema_version = schema_version
        self.read_only = read_only
        self._identity = _identity(path)

    @cached_property
    def db(self) -> "sqlite_utils.Database":
        """The connection seen through sqlite-utils (rows as dicts, table helpers).

        Made on first use: sqlite-utils takes longer to import (about 70 ms) than the
        console takes to open the store and read its first screen, which use `conn`.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False,
             any_thread: bool = False) -> "Store":
        """Open (creating and migrating as needed) the store at `path`.

        Every fault a user can cause here (a folder, an unwritable place, a file
        that is not SQLite or is damaged, a store newer than this code) becomes a
        UserError naming the file; nothing is written to a file we refuse.
        `read_only` opens an existing store to read only: nothing is created,
        migrated or written, and it works where the file or its folder is read-only.
        `any_thread` lets the connection pass from thread to thread (used by one at a time).
        """
        path = Path(path)
        source = str(path)
        if read_only:
            _check_readable(path)
        else:
            _check_location(path, create=create)
        try:
            conn = (_connect_read_only(path, any_thread) if read_only else
                    sqlite3.connect(source, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                    check_same_thread=not any_thread))
        except sqlite3.Error as exc:
            raise UserError(f"cannot open or create the store: {exc}", source=source) from None
        try:
            _verify_readable(conn, source)
            if read_only:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                version = current_schema(conn, source)
            else:
                _configure(conn)
                version = migrate(conn, source)
        except UserError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserError(_describe(exc), source=source) from None
        return cls(conn, path, version, read_only=read_only)

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
        self._check_still_there()
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

    def _check_still_there(self) -> None:
        """Refuse to write when the file at the path is no longer the one this connection has."""
        if self.read_only:
            raise UserError("the store is open read-only; nothing was written", source=str(self.path))
        if _identity(self.path) != self._identity:
            raise UserError("the store file was deleted or replaced while open; nothing was "
                            "written (reopen the console on the store)", source=str(self.path))

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


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` (device and inode); None when there is none."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _check_readable(path: Path) -> None:
    source = str(path)
    if path.is_dir():
        raise UserError("is a directory, not a store file", source=source)
    if not path.exists():
        existing = next(parent for parent in path.parents if parent.exists())
        where = "" if existing.is_dir() else f" ({existing} is not a folder)"
        raise UserError(f"no store here{where} (run `desk init` first)", source=source)
    if not os.access(path, os.R_OK):
        raise UserError("is not readable", source=source)


def _connect_read_only(path: Path, any_thread: bool) -> sqlite3.Connection:
    """A connection that cannot write, made the lightest way the file and folder allow.

    Where both are writable, an ordinary connection with `query_only`: as the last
    reader it removes the WAL files it made, as a writer would. A read-only file gets
    `mode=ro`; a read-only folder `immutable=1`, since SQLite could not make the WAL
    index it needs to read there (and nobody can be writing meanwhile).
    """
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=not any_thread)
        conn.execute("PRAGMA query_only = ON")
        return conn
    flag = "mode=ro" if os.access(path.parent, os.W_OK | os.X_OK) else "immutable=1"
    uri = f"file:{urllib.parse.quote(str(path.absolute()))}?{flag}"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=not any_thread)


def _check_location(path: Path, *, create: bool) -> None:
    source = str(path)
    if path.is_dir():
        raise UserError("is a directory, not a store file", source=source)
    if path.exists():
        if not os.access(path, os.R_OK):
            raise UserError("is not readable", source=source)
        if not os.access(path, os.W_OK):
            raise UserError("the store is read-only: nothing can be written to it "
                            "(reading commands and --read-only still work)", source=source)
        return
    if not create:
        raise UserError("no store here (run `desk init` first)", source=source)
    existing = next(parent for parent in path.parents if parent.exists())
    if not existing.is_dir():
        raise UserError(f"cannot create the store: {existing} is not a folder", source=source)
    try:
        _make_private_folders(path.parent)
    except OSError as exc:
        raise UserError(f"cannot create its folder: {exc.strerror}", source=source) from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UserError(f"cannot create the store: {path.parent} is not writable", source=source)
    try:
        # An empty file is a new store to SQLite, which gives -wal and -shm the same mode.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    except OSError as exc:
        raise UserError(f"cannot create the store: {exc.strerror}", source=source) from None


def _make_private_folders(folder: Path) -> None:
    """Make `folder` and its missing parents 0700 (mkdir's `mode` covers only the last one)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for each in reversed(missing):
        each.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)


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
