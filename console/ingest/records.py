"""What every intake format is read into: one `Incoming` per message or ticket, or a `Problem`."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    size: int
    content: bytes | None   # None: larger than the size limit, kept as metadata only


@dataclass(frozen=True)
class Incoming:
    """One message (or one bulk ticket) ready to be routed, threaded and written.

    `key` makes intake idempotent: the Message-ID, or a content hash when there is
    none. Fields a bulk format states outright (contract, severity, attributes,
    events) are given here; for mail they stay empty and are read from the text.
    """

    key: str
    origin: str                      # file, and position inside it, for messages about it
    subject: str
    body: str
    sender: str | None = None        # bare address, lower case
    at: datetime | None = None       # when it was sent / opened; None: the import's `now`
    references: tuple[str, ...] = () # Message-IDs it answers, nearest first
    auto_reply: str | None = None    # why it is an automatic message (header and value)
    contract: str | None = None
    severity: str | None = None
    impact: str | None = None
    urgency: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    events: tuple[dict[str, Any], ...] = ()
    attachments: tuple[Attachment, ...] = ()
    source_id: str | None = None     # the ticket's id in the system it comes from (bulk formats)
    mail: bool = True                # mail threads onto tickets; a bulk ticket is always its own


@dataclass(frozen=True)
class Problem:
    """A message that cannot be read: where it is and what is wrong with it."""

    origin: str
    reason: str


class Malformed(ValueError):
    """Raised by a reader for one unreadable message or record; the import reports it and goes on."""


@dataclass(frozen=True)
class ContractRecord:
    """A contract carried by a JSON import, added before the tickets that need it."""

    origin: str
    data: dict[str, Any]
