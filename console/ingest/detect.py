"""Which format each path given to `desk import` is in, and the source that reads it.

By name first (.eml, .mbox/.mbx, .json, .csv), then by content: a "From " first
line is an mbox, "{" is JSON, a header line is a message, a header row naming
`subject` is CSV. A Maildir is a folder with new/ and cur/; any other folder is
read file by file (hidden files skipped). A path that does not exist, or a file
given by name whose format cannot be told, is an unusable argument: the whole
import is refused before anything is written.
"""

import re
from collections.abc import Iterator
from pathlib import Path

from console.errors import UserError
from console.ingest.json_csv import CsvFile, JsonFile
from console.ingest.mailboxes import EmlFile, MaildirFolder, MboxFile, is_maildir
from console.ingest.records import Problem

FORMATS = ("eml", "mbox", "maildir", "json", "csv")
_BY_SUFFIX = {".eml": "eml", ".mbox": "mbox", ".mbx": "mbox", ".json": "json", ".csv": "csv"}
_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]+:[ \t]")
_SNIFF_BYTES = 4096


class UnknownFile:
    """A file inside a folder whose format cannot be told: reported, not imported."""

    def __init__(self, path: Path):
        self.path = path

    def count(self) -> int:
        return 1

    def __iter__(self) -> Iterator[Problem]:
        yield Problem(str(self.path), "not a mail message, mbox, JSON or CSV file")


def detect(path: Path) -> str | None:
    """The format of `path` (one of FORMATS), or None when it cannot be told."""
    if is_maildir(path):
        return "maildir"
    if path.suffix.lower() in _BY_SUFFIX:
        return _BY_SUFFIX[path.suffix.lower()]
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return None
    first_line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if not head.strip():
        return "eml"   # an empty message: reported as such, not refused as an unknown format
    if head.startswith(b"From "):
        return "mbox"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    if _HEADER_LINE.match(first_line):
        return "eml"
    if b"," in first_line and b"subject" in first_line.lower():
        return "csv"
    return None


def open_sources(paths: list[str], *, max_attachment_size: int) -> list:
    """A source for every path, in the order given; UserError for an unusable path."""
    sources = []
    for text in paths:
        path = Path(text)
        if not path.exists():
            raise UserError("no such file or folder", source=text)
        if path.is_dir() and not is_maildir(path):
            sources.extend(_folder(path, max_attachment_size))
            continue
        fmt = detect(path)
        if fmt is None:
            raise UserError("cannot tell its format (expected .eml, mbox, Maildir, .json or .csv)",
                            source=text)
        sources.append(_source(fmt, path, max_attachment_size))
    return sources


def _folder(folder: Path, max_attachment_size: int) -> list:
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if is_maildir(path):
            found.append(MaildirFolder(path, max_attachment_size))
        elif path.is_dir():
            found.extend(_folder(path, max_attachment_size))
        elif path.is_file():
            fmt = detect(path)
            found.append(_source(fmt, path, max_attachment_size) if fmt else UnknownFile(path))
    return found


def _source(fmt: str, path: Path, max_attachment_size: int):
    if fmt == "maildir":
        return MaildirFolder(path, max_attachment_size)
    if fmt == "mbox":
        return MboxFile(path, max_attachment_size)
    if fmt == "json":
        return JsonFile(path)
    if fmt == "csv":
        return CsvFile(path)
    return EmlFile(path, max_attachment_size)
