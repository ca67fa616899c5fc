"""Reads off the UI thread: connections lent to the screens' workers, and the message they post back.

A screen asks for a read with a request number (`Requests.ask`) and starts a thread worker;
the worker reads on a connection the app lends it (`Readers.lend`) and ends by posting a
`Loaded` message with what it found, or the UserError it met. The screen draws only the answer
to its latest request: an older read that finishes after a newer one was asked for is dropped.
"""

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

from textual.message import Message

from console.errors import UserError
from console.store import Store


class Readers:
    """Read-only connections to the store for the workers, each lent to one read at a time.

    sqlite3 connections cannot be used by two threads at once, and the UI thread's store is
    the UI's. A connection goes back after each read for the next one, whichever worker thread
    runs it, so reads keep their page cache. The first is opened with the app: a store deleted
    under the console is still read from the file it was, as by the UI's own connection, until
    a write refuses and says why.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: list[Store] = [self._open()]
        self._lock = threading.Lock()
        self._closed = False

    def _open(self) -> Store:
        return Store.open(self.path, read_only=True, any_thread=True)

    @contextlib.contextmanager
    def lend(self) -> Iterator[Store]:
        with self._lock:
            store = self._idle.pop() if self._idle else None
        if store is None:   # every connection is busy: one more
            store = self._open()
        try:
            yield store
        finally:
            with self._lock:
                if self._closed:   # the app ended while this read ran
                    store.close()
                else:
                    self._idle.append(store)

    def close(self) -> None:
        """Close the idle connections now, and the busy ones as their reads end."""
        with self._lock:
            self._closed = True
            for store in self._idle:
                store.close()
            self._idle.clear()


class Requests:
    """A node's requests for one kind of read, numbered: only the newest one is drawn."""

    def __init__(self) -> None:
        self.latest = 0

    def ask(self) -> int:
        self.latest += 1
        return self.latest

    def answered(self, message: "Loaded") -> bool:
        """Whether `message` answers the newest request (else a newer read is on its way)."""
        return message.request == self.latest


class Loaded(Message):
    """What a worker read for the node that asked (`result`), or the UserError it met."""

    def __init__(self, request: int, result: Any = None, error: UserError | None = None) -> None:
        super().__init__()
        self.request = request
        self.result = result
        self.error = error

    @classmethod
    def reading(cls, request: int, readers: Readers, read: Callable[[Store], Any]) -> Self:
        """Run `read` on a lent connection (on the worker's thread): the message with its
        result, or with the UserError it met (the store cannot be opened, a ticket is unknown)."""
        try:
            with readers.lend() as store:
                return cls(request, read(store))
        except UserError as exc:
            return cls(request, error=exc)
