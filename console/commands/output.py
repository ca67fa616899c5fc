"""What the desk command writes to the terminal: never a control character a customer sent.

Subjects, names, bodies and the reasons intake gives for skipping a message all
end up in ordinary `print` calls. Rather than trust every one of them to
remember, `guarded()` puts a neutralising stream in front of stdout and stderr
while a command runs (console/cli.py), so whatever is written shows escape
sequences as visible stand-ins (console/domain/safe_text.py) and the terminal
never acts on them. JSON passes unchanged: json.dumps escapes every control
character itself, so its output holds none for the stream to touch.

Output that is meant to drive the terminal (a progress bar redrawn in place)
goes to `terminal()`, the stream as it was, and must carry no customer text.
"""

import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from console.domain.safe_text import neutralise


class NeutralisedStream:
    """A text stream that writes everything through `neutralise` (line breaks and tabs kept)."""

    def __init__(self, stream: TextIO):
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(neutralise(text, multiline=True))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        # flush, isatty, fileno, encoding...: the stream's own (print and argparse need them)
        return getattr(self.raw, name)


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """stdout and stderr neutralised until the block ends (then the streams as they were)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = NeutralisedStream(saved[0]), NeutralisedStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def terminal() -> TextIO:
    """stderr as it is under any guard: for output that drives the terminal on purpose."""
    stream = sys.stderr
    return stream.raw if isinstance(stream, NeutralisedStream) else stream
