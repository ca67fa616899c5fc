"""How much of a subject and a body a ticket shows; what the customer sent is kept whole.

A 5 MB subject would fill every listing and the detail screen, and a body of
megabytes (a pasted log) would be matched, stored and drawn in full on every
look. Past the bounds the ticket shows the start with a note, and the whole
text goes with the message as an attachment (subject.txt, body.txt).
"""

from dataclasses import replace

from console.ingest.records import Attachment, Incoming

MAX_SUBJECT = 300        # characters: more than any listing or title shows
MAX_BODY = 100_000       # characters: a long mail with a pasted log fits


def bounded(item: Incoming, *, max_attachment_size: int) -> Incoming:
    """`item` with subject and body cut to the bounds, the whole of each attached; unchanged when within."""
    whole = []
    subject, body = item.subject, item.body
    if len(subject) > MAX_SUBJECT:
        whole.append(_attachment("subject.txt", subject, max_attachment_size))
        subject = subject[: MAX_SUBJECT - 1] + "…"
    if len(body) > MAX_BODY:
        whole.append(_attachment("body.txt", body, max_attachment_size))
        body = (body[:MAX_BODY] + f"\n\n[cut at {MAX_BODY} of {len(body)} characters; "
                "the whole text is attached as body.txt]")
    if not whole:
        return item
    return replace(item, subject=subject, body=body, attachments=item.attachments + tuple(whole))


def _attachment(name: str, text: str, max_size: int) -> Attachment:
    content = text.encode("utf-8")
    return Attachment(name, "text/plain", len(content), content if len(content) <= max_size else None)
