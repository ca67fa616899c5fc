"""User-facing errors.

A `UserError` is a fault in what the user gave us (a file, an argument, a store).
The CLI prints its one-line message and exits 2; it never shows a traceback.
"""


class UserError(Exception):
    """Bad input: one clear line naming the thing and the fault."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
