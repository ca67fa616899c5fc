"""User-facing errors: one line, no traceback, and the exit code that says what to do next.

A `UserError` is a fault in what the user gave us (a file, an argument, a store):
the CLI prints its line and exits 2. A `StoreUnavailable` is a fault of the moment
(the store held by another writer past the wait, the disk full, an I/O error):
nothing was written and the same command will work later, so it exits 75
(EX_TEMPFAIL). It is a UserError so that every place that shows a refusal in one
line (the CLI, the console's modals and screens) shows this one too.
"""


class UserError(Exception):
    """Bad input: one clear line naming the thing and the fault."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class StoreUnavailable(UserError):
    """The store cannot take a write for now; nothing was written; try again."""

    exit_code = 75
