"""Mail containers: a single .eml file, an mbox file, a Maildir folder.

Each is a source: `count()` for the progress bar, iteration for the messages
(an `Incoming`, or a `Problem` naming the file and the message's position).
They stream, so a large mailbox is never held in memory at once.
"""

import re
from collections.abc import Iterator
from pathlib import Path

from console.ingest.email_parse import parse_message
from console.ingest.records import Incoming, Malformed, Problem

_FROM_LINE = b"From "
_DELIVERY_TIME = re.compile(r"^(\d+)")


def read_message(raw: bytes, origin: str, max_attachment_size: int) -> Incoming | Problem:
    try:
        return parse_message(raw, origin, max_attachment_size=max_attachment_size)
    except Malformed as exc:
        return Problem(origin, str(exc))


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Malformed(f"cannot read: {exc.strerror or exc}") from None


class EmlFile:
    """One message in one file (.eml, or a Maildir entry)."""

    def __init__(self, path: Path, max_attachment_size: int):
        self.path = path
        self.max_size = max_attachment_size

    def count(self) -> int:
        return 1

    def __iter__(self) -> Iterator[Incoming | Problem]:
        path = self.path if self.path.exists() else _moved(self.path) or self.path
        try:
            raw = read_file(path)
        except Malformed as exc:
            yield Problem(str(path), str(exc))
            return
        yield read_message(raw, str(path), self.max_size)


class MboxFile:
    """Messages separated by "From " lines; positions are "message N (line L)"."""

    def __init__(self, path: Path, max_attachment_size: int):
        self.path = path
        self.max_size = max_attachment_size

    def count(self) -> int:
        with self.path.open("rb") as handle:
            return sum(1 for line in handle if line.startswith(_FROM_LINE))

    def __iter__(self) -> Iterator[Incoming | Problem]:
        number, start_line, lines = 0, 1, []
        with self.path.open("rb") as handle:
            for line_number, line in enumerate(handle, start=1):
                if line.startswith(_FROM_LINE):
                    if number or any(chunk.strip() for chunk in lines):
                        yield self._message(number, start_line, lines)
                    number, start_line, lines = number + 1, line_number, []
                else:
                    lines.append(line)
        if number or any(chunk.strip() for chunk in lines):
            yield self._message(number, start_line, lines)

    def _message(self, number: int, line: int, lines: list[bytes]) -> Incoming | Problem:
        if number == 0:
            return Problem(f"{self.path}: line 1", "text before the first \"From \" line")
        origin = f"{self.path}: message {number} (line {line})"
        # The blank line before the next "From " line separates messages; it is not content.
        return read_message(b"".join(lines).rstrip(b"\r\n") + b"\n", origin, self.max_size)


class MaildirFolder:
    """A Maildir: the messages in new/ and cur/, oldest delivery first (tmp/ is still being written)."""

    def __init__(self, path: Path, max_attachment_size: int):
        self.path = path
        self.max_size = max_attachment_size

    def count(self) -> int:
        return len(maildir_files(self.path))

    def __iter__(self) -> Iterator[Incoming | Problem]:
        for path in maildir_files(self.path):
            yield from EmlFile(path, self.max_size)


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "new").is_dir() and (path / "cur").is_dir()


def maildir_files(path: Path) -> list[Path]:
    """Delivered messages, by delivery time (the number a Maildir name starts with), then name."""
    found = [
        entry
        for folder in ("new", "cur")
        if (path / folder).is_dir()
        for entry in (path / folder).iterdir()
        if entry.is_file() and not entry.name.startswith(".")
    ]
    return sorted(found, key=_delivery_order)


def maildir_unique_name(path: Path) -> str:
    """The part of a Maildir file name that stays when a reader moves it to cur/ and adds flags."""
    return path.name.split(":", 1)[0]


def _moved(path: Path) -> Path | None:
    """Where a Maildir message went if a mail reader moved it (new/ to cur/, flags added) meanwhile."""
    if path.parent.name not in ("new", "cur"):
        return None
    unique = maildir_unique_name(path)
    for folder in ("cur", "new"):
        where = path.parent.parent / folder
        if where.is_dir():
            for candidate in where.iterdir():
                if maildir_unique_name(candidate) == unique:
                    return candidate
    return None


def _delivery_order(path: Path) -> tuple[int, str]:
    match = _DELIVERY_TIME.match(path.name)
    return (int(match.group(1)) if match else 0, maildir_unique_name(path))
