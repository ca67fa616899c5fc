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

A writer that finds the store locked by another waits for it, up to `$DESK_WRITE_WAIT`
seconds (30 by default), retrying after short random pauses: SQLite's own busy wait
lets a newcomer take the lock ahead of a writer that has waited long, so under steady
load a few writers would starve. Faults of the moment (still locked after the wait,
disk full, I/O errors) raise StoreUnavailable, exit 75: nothing was written, try again.
"""

import contextlib
import os
import random
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Self

from console import config
from console.errors import StoreUnavailable, UserError
from console.store.migrations import current_schema, migrate

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000     # reads: WAL readers wait only for a checkpoint or a recovery
FIRST_PAUSE = 0.002        # seconds; a waiting writer's pauses double from here...
LONGEST_PAUSE = 0.05       # ...up to this, each drawn at random below it (full jitter)
# The primary result codes that mean "not now" rather than "not this": extended codes
# (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT...) carry them in their low byte.
TRANSIENT = {sqlite3.SQLITE_BUSY: "busy", sqlite3.SQLITE_LOCKED: "busy",
             sqlite3.SQLITE_FULL: "full", sqlite3.SQLITE_IOERR: "io", sqlite3.SQLITE_PROTOCOL: "busy"}
PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR                   # 0600
PRIVATE_FOLDER = stat.S_IRUSR | stat.S_IWUSR | stat.S_IXUSR   # 0700


class Store:
    """One open store file. Use as a context manager, or call close()."""

    def __init__(self, conn: sqlite3.Connection, path: Path, schema_version: int, *,
                 read_only: bool = False, write_wait: float = config.DEFAULT_WRITE_WAIT):
        self.conn = conn
        self.path = path
        self.schema_version = schema_version
        self.read_only = read_only
        self.write_wait = write_wait   # seconds a write waits for another writer's lock
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
        write_wait = config.write_wait()
        if read_only:
            _check_readable(path)
        else:
            _check_location(path, create=create)
        try:
            conn = (_connect_read_only(path, any_thread) if read_only else
                    sqlite3.connect(source, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                    check_same_thread=not any_thread))
        except sqlite3.Error as exc:
            if _transient(exc):
                raise _unavailable(exc, source, write_wait) from None
            raise UserError(f"cannot open or create the store: {exc}", source=source) from None
        try:
            _verify_readable(conn)
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
            raise _refusal(exc, source, write_wait) from None
        return cls(conn, path, version, read_only=read_only, write_wait=write_wait)

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
        smaller writes into one commit. A fault of the moment anywhere in it (the
        lock still held after the wait, the disk full) rolls it all back and raises
        StoreUnavailable.
        """
        if self.conn.in_transaction:
            yield self
            return
        self._check_still_there()
        self._begin_immediate()
        try:
            yield self
        except sqlite3.DatabaseError as exc:
            self._roll_back()
            if _transient(exc):
                raise _refusal(exc, str(self.path), self.write_wait) from None
            raise
        except BaseException:
            self._roll_back()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._roll_back()
            raise _refusal(exc, str(self.path), self.write_wait) from None

    def _begin_immediate(self) -> None:
        """Take the write lock, retrying after random pauses until `write_wait` runs out.

        SQLite's busy handler is off meanwhile: it sleeps longer the longer it has
        waited, so a writer that has waited long would keep losing the lock to newer ones.
        """
        deadline = time.monotonic() + self.write_wait
        pause = FIRST_PAUSE
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    left = deadline - time.monotonic()
                    if TRANSIENT.get(_primary(exc)) != "busy" or left <= 0:
                        raise _refusal(exc, str(self.path), self.write_wait) from None
                time.sleep(min(left, random.uniform(0, pause)))
                pause = min(2 * pause, LONGEST_PAUSE)
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _roll_back(self) -> None:
        # SQLite may already have rolled back on its own (disk full, I/O error)
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

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


def _verify_readable(conn: sqlite3.Connection) -> None:
    """Read the schema before changing anything, so a foreign file is refused untouched."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL journal mode (got {mode})")
    # FULL: a write the console reported as done survives a power cut (NORMAL could lose it).
    conn.execute("PRAGMA synchronous = FULL")


def _primary(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _transient(exc: sqlite3.Error) -> bool:
    return _primary(exc) in TRANSIENT


def _refusal(exc: sqlite3.Error, source: str, write_wait: float) -> UserError:
    """The one-line error for a fault SQLite reported: for now (exit 75) or for good (exit 2)."""
    if _transient(exc):
        return _unavailable(exc, source, write_wait)
    return UserError(_describe(exc), source=source)


def _unavailable(exc: sqlite3.Error, source: str, write_wait: float) -> StoreUnavailable:
    what = TRANSIENT[_primary(exc)]
    if what == "busy":
        fault = f"the store is busy: another process held it for over {write_wait:g} s"
    elif what == "full":
        fault = "the disk is full"
    else:
        fault = f"the store cannot be written ({exc})"
    return StoreUnavailable(f"{fault}; nothing was written, try again", source=source)


def _describe(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "file is not a database" in text:
        return "not a SQLite store (file is not a database)"
    if "malformed" in text:
        return "the store is damaged (database disk image is malformed)"
    if "readonly" in text or "read-only" in text:
        return "the store is read-only"
    return f"cannot use the store: {text}"
