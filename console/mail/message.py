"""The bytes of one outgoing mail: plain text, threaded, marked when no one wrote it."""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime


@dataclass(frozen=True)
class Outgoing:
    """One queued mail as the outbox holds it; From and the signature are the settings'."""

    to: str
    subject: str
    body: str
    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    automatic: bool
    date: datetime


def render(mail: Outgoing, *, sender: str, signature: str | None = None) -> bytes:
    """The message as it goes on the wire (CRLF line ends, headers encoded as needed)."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(mail.date)
    msg["Message-ID"] = mail.message_id
    if mail.in_reply_to:
        msg["In-Reply-To"] = mail.in_reply_to
    if mail.references:
        msg["References"] = " ".join(mail.references)
    if mail.automatic:
        # RFC 3834: responders and out-of-office robots must not answer it.
        msg["Auto-Submitted"] = "auto-generated"
    body = mail.body if not signature else f"{mail.body}\n\n-- \n{signature}"
    msg.set_content(body + "\n")
    return msg.as_bytes()
