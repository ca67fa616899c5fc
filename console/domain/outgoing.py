"""The mail an event sends the customer: whether it sends one, and the words it carries.

Which kinds mail is the registry's `mails` (console/domain/events.py); this module
turns one event into its text, its subject and its Message-ID, so the write path
stores a message that a resend repeats byte for byte.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from console.domain.events import KINDS, Event

# Earlier "Re:"/"AW:" prefixes and our own token, so a long thread keeps one of each.
_PREFIXES = re.compile(r"^\s*(?:(?:re|aw|sv|fw|fwd)\s*:\s*|\[#T-\d+\]\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class CustomerMail:
    """What an event says to the customer; `automatic`: no one wrote it (Auto-Submitted)."""

    body: str
    automatic: bool = False


def customer_mail(event: Event, checklist: Sequence[str] = ()) -> CustomerMail | None:
    """The mail `event` sends the requester, or None when it sends none.

    `checklist` names what a request for information asks for: a label the
    engineer's text does not already carry is added as a "[ ] label" line, so the
    customer always sees the whole list.
    """
    how = KINDS[event.kind].mails
    if how == "text":
        text = str(event.payload.get("note") or "").strip()
        if not text:
            return None
        missing = [label for label in checklist if label not in text]
        if missing:
            text += "\n\n" + "\n".join(f"[ ] {label}" for label in missing)
        return CustomerMail(text)
    if how == "notice" and event.payload.get("metric"):
        clause = event.payload.get("reason") or "the support terms"
        return CustomerMail(
            "This ticket was closed automatically: we did not hear back from you within the "
            f"time the support terms allow ({clause}).\n\n"
            "If you still need help, reply to this message.",
            automatic=True,
        )
    return None


def reply_subject(ticket_id: str, subject: str) -> str:
    """`Re: [#T-1234] <original subject>`: the token threads the answer even without headers."""
    return f"Re: [#{ticket_id}] {_PREFIXES.sub('', subject).strip()}".rstrip()


def message_id(event_id: str, domain: str) -> str:
    """The Message-ID of an event's mail: the same every time it is sent, so a resend is recognisable."""
    return f"<{event_id}@{domain}>"
