"""One RFC 5322 message (bytes) into an `Incoming`, or `Malformed` saying why not.

The stdlib parser runs with the compat32 policy: it is an order of magnitude
faster than the modern policy on bulk imports, and the decoding it leaves to us
(RFC 2047 words, charsets, transfer encodings) is done here explicitly, with
fallbacks for what real mail gets wrong (undeclared 8-bit text, mislabelled
latin-1). A message is refused only when reading it would mean guessing: no
headers, no sender address, an unreadable Date, a body that cannot be decoded.
"""

import codecs
import email
import hashlib
import mimetypes
import re
from datetime import UTC, datetime
from email import errors as email_errors
from email.header import decode_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from console.domain.timeutil import InstantError, bounded_instant
from console.ingest.bounds import bounded
from console.ingest.html_text import html_to_text
from console.ingest.records import Attachment, Incoming, Malformed

# Headers that mark a message sent by a machine, not by the customer (RFC 3834 and common practice).
_AUTO_PRECEDENCE = {"bulk", "auto_reply", "list", "junk"}
_AUTO_FLAGS = ("X-Autoreply", "X-Autorespond")
_ID = re.compile(r"<[^<>\s]+>")
_WHITE_RUN = re.compile(r"\s+")
_BROKEN_BASE64 = (email_errors.InvalidBase64LengthDefect, email_errors.InvalidBase64CharactersDefect)


def parse_message(raw: bytes, origin: str, *, max_attachment_size: int) -> Incoming:
    """Read one message; attachments above `max_attachment_size` bytes keep only their metadata."""
    if not raw.strip():
        raise Malformed("empty message")
    try:
        msg = email.message_from_bytes(raw, policy=compat32)
    except Exception as exc:  # noqa: BLE001 - lenient as it is, whatever the parser still throws means a broken message
        raise Malformed(f"unreadable message: {exc}") from None
    if not any(msg.get(name) for name in ("From", "Date", "Subject", "Message-ID")):
        raise Malformed("no mail headers (From, Date, Subject or Message-ID)")
    sender = _sender(msg)
    message_id = _message_id(msg.get("Message-ID"))
    parts = _Parts(max_attachment_size)
    parts.collect(msg)
    return bounded(Incoming(
        key=message_id or "sha256:" + hashlib.sha256(raw).hexdigest(),
        origin=origin,
        subject=_unfold(header_text(msg.get("Subject", ""))) or "(no subject)",
        body="\n\n".join(text for text in parts.texts if text.strip()),
        sender=sender,
        at=_date(msg.get("Date")),
        references=_references(msg, message_id),
        auto_reply=_auto_reply(msg),
        attachments=tuple(parts.attachments),
    ), max_attachment_size=max_attachment_size)


def header_text(value) -> str:
    """A header's text with RFC 2047 encoded words decoded (and raw 8-bit bytes read as text)."""
    if value is None:
        return ""
    try:
        chunks = decode_header(value)
    except (email_errors.HeaderParseError, ValueError):
        return str(value)
    return "".join(
        chunk if isinstance(chunk, str) else decode_text(chunk, charset) for chunk, charset in chunks
    )


def decode_text(data: bytes, charset: str | None) -> str:
    """Bytes of a text part in its declared charset, or the likeliest one when that fails.

    Raises Malformed only for a charset Python does not know whose bytes are not UTF-8 either.
    """
    declared = (charset or "").strip().lower()
    if declared in ("", "unknown-8bit", "x-unknown", "us-ascii", "ascii"):
        declared = ""
    else:
        try:
            codecs.lookup(declared)
        except LookupError:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                raise Malformed(f"body: unknown charset {charset!r}") from None
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # mislabelled: fall through to the usual suspects
    for guess in ("utf-8", "cp1252"):
        try:
            return data.decode(guess)
        except UnicodeDecodeError:
            continue
    return data.decode(declared or "latin-1", errors="replace")


def _unfold(text: str) -> str:
    """A folded header on one line: each run of white space that breaks the line becomes a space.

    Runs are matched whole (`\\s+`), so a header of 64 KB of blanks costs one pass, not one per blank.
    """
    return _WHITE_RUN.sub(lambda run: " " if "\n" in run[0] or "\r" in run[0] else run[0], text).strip()


def _sender(msg: Message) -> str:
    raw = msg.get("From")
    if raw is None:
        raise Malformed("no From header")
    addresses = [addr for _, addr in getaddresses([header_text(raw)]) if "@" in addr]
    if not addresses:
        raise Malformed(f"From header has no address: {_unfold(header_text(raw))[:80]!r}")
    return addresses[0].strip().lower()


def _date(raw) -> datetime | None:
    if raw is None:
        return None
    text = _unfold(header_text(raw))
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise Malformed(f"Date header unreadable: {text[:80]!r}") from None
    # "-0000" (RFC 5322: UTC, local zone unknown) parses naive; it is still UTC.
    try:
        return bounded_instant(value.replace(tzinfo=UTC) if value.tzinfo is None else value,
                               what="Date header")
    except InstantError as exc:
        raise Malformed(str(exc)) from None


def _message_id(raw) -> str | None:
    if raw is None:
        return None
    text = _unfold(header_text(raw))
    found = _ID.search(text)
    if found:
        return found.group(0)
    return f"<{text}>" if text and " " not in text else None


def _references(msg: Message, own_id: str | None) -> tuple[str, ...]:
    """In-Reply-To first, then References from the nearest back to the thread's start."""
    ids = _ID.findall(header_text(msg.get("In-Reply-To", "")))
    ids += reversed(_ID.findall(header_text(msg.get("References", ""))))
    seen, ordered = {own_id}, []
    for message_id in ids:
        if message_id not in seen:
            seen.add(message_id)
            ordered.append(message_id)
    return tuple(ordered)


def _auto_reply(msg: Message) -> str | None:
    """Why the message was sent by a machine (an out-of-office, a list), or None."""
    submitted = header_text(msg.get("Auto-Submitted", "")).strip().lower()
    if submitted and submitted != "no":
        return f"Auto-Submitted: {submitted}"
    for name in _AUTO_FLAGS:
        if msg.get(name) is not None:
            return f"{name}: {header_text(msg.get(name)).strip()}".rstrip(": ")
    precedence = header_text(msg.get("Precedence", "")).strip().lower()
    if precedence in _AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    return None


class _Parts:
    """Walks a message's MIME tree: the readable text in order, everything else as attachments."""

    def __init__(self, max_attachment_size: int):
        self.max_size = max_attachment_size
        self.texts: list[str] = []
        self.attachments: list[Attachment] = []

    def collect(self, part: Message) -> None:
        ctype = part.get_content_type()
        if ctype == "message/rfc822" and part.is_multipart():
            self._forwarded(part)
        elif ctype == "multipart/alternative":
            self._alternative(part)
        elif part.is_multipart():
            for child in part.get_payload():
                self.collect(child)
        elif ctype in ("text/plain", "text/html") and not _is_attachment(part):
            self.texts.append(_text_of(part))
        else:
            self._attach(part)

    def _alternative(self, part: Message) -> None:
        """The plain-text version when there is one, else the richest the sender gave."""
        children = part.get_payload()
        plain = [c for c in children if c.get_content_type() == "text/plain"]
        chosen = plain[0] if plain else (children[-1] if children else None)
        if chosen is not None:
            self.collect(chosen)

    def _forwarded(self, part: Message) -> None:
        """A forwarded message: its text joins the body (it often carries the facts), the whole stays attached."""
        inner = part.get_payload(0)
        heading = ["---------- Forwarded message ----------"]
        for name in ("From", "Date", "Subject"):
            if inner.get(name):
                heading.append(f"{name}: {_unfold(header_text(inner.get(name)))}")
        nested = _Parts(self.max_size)
        nested.collect(inner)
        self.texts.append("\n".join(heading) + "\n\n" + "\n\n".join(nested.texts))
        self.attachments.extend(nested.attachments)
        subject = _unfold(header_text(inner.get("Subject", ""))) or "forwarded message"
        name = _filename(part) or re.sub(r"[^\w.-]+", "_", subject)[:60] + ".eml"
        self._keep(name, "message/rfc822", inner.as_bytes())

    def _attach(self, part: Message) -> None:
        content = part.get_payload(decode=True) or b""
        ctype = part.get_content_type()
        name = _filename(part)
        if not name:
            extension = mimetypes.guess_extension(ctype) or ".bin"
            name = f"attachment-{len(self.attachments) + 1}{extension}"
        self._keep(name, ctype, content)

    def _keep(self, name: str, ctype: str, content: bytes) -> None:
        stored = content if len(content) <= self.max_size else None
        self.attachments.append(Attachment(name, ctype, len(content), stored))


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment" or bool(part.get_filename())


def _filename(part: Message) -> str | None:
    name = part.get_filename()
    return (_unfold(header_text(name)) or None) if name else None


def _text_of(part: Message) -> str:
    data = part.get_payload(decode=True) or b""
    if any(isinstance(defect, _BROKEN_BASE64) for defect in part.defects):
        raise Malformed("body: broken base64 (cannot be decoded)")
    text = decode_text(data, part.get_content_charset()).replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if part.get_content_type() == "text/html" else text.strip()
