"""Queueing the customer's mail with the event that causes it, and reading the outbox.

`queue_for` is called by the one write path (console/services/tickets.py
`record_many`) inside the event's transaction: an event is never stored without
its mail, nor a mail without its event. The message is composed here, once: To
the requester, `Re: [#T-n] subject`, In-Reply-To the customer's latest message
and References the thread, so their answer threads back by header or by token;
our Message-ID is remembered with intake's, so an answer that cites only it
lands on this ticket.
"""

from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from console import config
from console.domain.events import Event
from console.domain.outgoing import customer_mail, message_id, reply_subject
from console.domain.policy import Pack
from console.domain.timeutil import format_instant, parse_instant
from console.errors import UserError
from console.store import messages
from console.store import outbox as rows
from console.store.database import Store

LATE = timedelta(minutes=15)   # a reply not delivered by then is shown as undelivered
_LAST_REFERENCES = 20          # the thread's start and its latest messages: a header stays short


def queue_for(store: Store, ticket: dict[str, Any], pack: Pack | None, event: Event,
              log: list[Event]) -> None:
    """Queue the mail `event` sends the customer, if it sends one; `log` ends with `event`."""
    labels = {f.id: f.label for f in pack.required_info} if pack else {}
    checklist = [labels.get(f, f) for f in event.payload.get("fields", ())]
    mail = customer_mail(event, checklist)
    if mail is None:
        return
    thread = _thread(log[:-1], rows.message_ids_by_event(store, event.ticket_id))
    customer = [mid for mid, ours in thread if not ours]
    own_id = message_id(event.id, _domain())
    recipient = recipient_address(ticket.get("requester"))
    when = format_instant(event.at)
    rows.add(store, {
        "event_id": event.id, "ticket_id": event.ticket_id, "to_addr": recipient,
        "subject": reply_subject(event.ticket_id, ticket["subject"]), "body": mail.body,
        "message_id": own_id, "in_reply_to": customer[-1] if customer else None,
        "refs": " ".join(_shortened([mid for mid, _ in thread])), "automatic": int(mail.automatic),
        "state": "queued" if recipient else "held", "queued_at": when, "next_attempt_at": when,
    })
    messages.remember(store, own_id, event.ticket_id)


def recipient_address(text: str | None) -> str | None:
    """The bare address in a requester ("Ann <ann@example.com>"), None if there is none."""
    address = parseaddr(text or "")[1]
    return address if "@" in address and not any(c.isspace() for c in address) else None


def listing(store: Store, states: tuple[str, ...] = rows.STATES) -> list[dict[str, Any]]:
    """The outbox as `desk outbox --json` prints it, in queueing order."""
    return [as_json(r) for r in rows.rows(store, states)]


def as_json(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "ticket": row["ticket_id"], "event": row["event_id"],
            "to": row["to_addr"], "subject": row["subject"], "message_id": row["message_id"],
            "state": row["state"], "attempts": row["attempts"], "last_error": row["last_error"],
            "queued_at": row["queued_at"], "next_attempt_at": row["next_attempt_at"],
            "sent_at": row["sent_at"]}


def release(store: Store, row_id: int, *, now: datetime, to: str | None = None) -> None:
    """Retry a failed or held mail now; `to` gives a held mail the recipient it lacked."""
    with store.transaction():
        row = rows.get(store, row_id)
        if row is None:
            raise UserError(f"no outbox mail {row_id}")
        if row["state"] not in ("failed", "held"):
            raise UserError(f"outbox mail {row_id} is {row['state']}: only failed or held mail is retried")
        address = recipient_address(to) if to is not None else None
        if to is not None and address is None:
            raise UserError(f"{to!r} is not a mail address")
        if address is None and row["to_addr"] is None:
            raise UserError(f"outbox mail {row_id} has no recipient: give one")
        rows.release(store, row_id, to_addr=address, now=format_instant(now))


def late_by_ticket(store: Store, *, now: datetime,
                   ticket_ids: list[str] | None = None) -> dict[str, int]:
    """Per ticket (of `ticket_ids`, else all), its mails still undelivered `LATE` after their event."""
    return rows.undelivered_since(store, format_instant(now - LATE), ticket_ids)


def late_of(store: Store, ticket_id: str, *, now: datetime) -> list[dict[str, Any]]:
    """The ticket's mails still undelivered `LATE` after their event, as `as_json` gives them."""
    return [as_json(r) for r in rows.unsent_of(store, ticket_id, format_instant(now - LATE))]


def late_instants(store: Store, ticket_id: str) -> set[datetime]:
    """The instants of the ticket's events whose mail was not sent within `LATE` of them."""
    late = set()
    for queued, sent in rows.sent_times(store, ticket_id):
        at = parse_instant(queued)
        if sent is None or parse_instant(sent) - at > LATE:
            late.add(at)
    return late


def assume_delivered(store: Store) -> None:
    """A seeded history (the demo) is a past that happened: its replies reached the customers."""
    rows.mark_history_sent(store)


def _thread(log: list[Event], ours: dict[str, str]) -> list[tuple[str, bool]]:
    """The thread's Message-IDs in log order, each marked True when it is one we sent."""
    thread = []
    for event in log:
        if event.kind == "open":
            key = (event.payload.get("intake") or {}).get("key", "")
            if key.startswith("<"):
                thread.append((key, False))
        elif event.kind == "customer_reply" and event.payload.get("message_id"):
            thread.append((event.payload["message_id"], False))
        elif event.id in ours:
            thread.append((ours[event.id], True))
    return thread


def _shortened(ids: list[str]) -> list[str]:
    return ids if len(ids) <= _LAST_REFERENCES else [ids[0], *ids[-(_LAST_REFERENCES - 1):]]


def _domain() -> str:
    """The right-hand side of our Message-IDs: the desk's own domain when From is set."""
    try:
        sender = recipient_address(config.mail().sender)
    except ValueError:   # an unreadable desk.toml stops delivery, which says why; not the reply
        sender = None
    return sender.rsplit("@", 1)[1] if sender else "support-console.localhost"
