"""Event kinds and the Event record: the one vocabulary shared by services, packs, CLI and screens.

`KINDS` is the registry every layer reads for what a kind carries and how it is
shown: validation checks a payload's required fields against it, the write path
asks it whether a kind starts a log or can be undone, and the timeline and the
conversation take their words from it. A new kind is one entry here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class EventKind:
    """What one kind of event carries and how the console speaks of it."""

    id: str
    label: str                        # the timeline's words for it: "replied", "escalated to"
    required: tuple[str, ...] = ()    # payload fields it cannot be written without
    optional: tuple[str, ...] = ()    # payload fields it may carry (any kind: `attributes`)
    heading: str | None = None        # the conversation's "<who> <heading>"; None: not in the thread
    starts_log: bool = False          # written only as a ticket's first event (open, split)
    cannot_undo: str = ""             # why an event of this kind cannot be undone ("": it can)
    internal: bool = True             # never reaches the customer: no mail, the desk's own record
    # What it mails the requester: "" nothing; "text" its note, when it has one; "notice" an
    # automatic notice citing the clause, when a timer wrote it (its payload names the metric).
    mails: str = ""

    @property
    def undoable(self) -> bool:
        return not self.cannot_undo


_CLASSIFICATION = ("severity", "impact", "urgency")
_MAIL = ("body", "subject", "from", "message_id", "attachments")

_REGISTRY = (
    EventKind("open", "opened", required=("subject",),
              optional=("contract_id", "body", "attributes", "requester", "intake", "attachments",
                        *_CLASSIFICATION),
              heading="wrote", starts_log=True, cannot_undo="it starts the ticket", internal=False),
    EventKind("respond", "replied", optional=("note",), heading="replied", internal=False,
              mails="text"),
    EventKind("request_info", "asked the customer", optional=("note", "fields"),
              heading="asked for information", internal=False, mails="text"),
    EventKind("customer_reply", "customer replied", optional=("note", *_MAIL), heading="replied",
              internal=False),
    EventKind("note", "note", optional=("note", "auto_reply", *_MAIL), heading="internal note"),
    EventKind("assign", "assigned to", optional=("assignee",)),
    EventKind("reclassify", "reclassified to", optional=("reason", *_CLASSIFICATION)),
    # An unrouted ticket joins a contract; the classification and fields intake would have
    # read from the opening mail come with it and count from the opening (see clocks.py).
    EventKind("route", "routed to", required=("contract",),
              optional=("attributes", "remember", *_CLASSIFICATION)),
    EventKind("set_attributes", "corrected", required=("attributes",), optional=("reason",)),
    EventKind("escalate", "escalated to", required=("tier",), optional=("note",)),
    EventKind("forward_team", "forwarded to", optional=("tier", "note")),
    EventKind("require_dev", "needs the development team", optional=("note",)),
    EventKind("update_sent", "status update sent", optional=("note",), internal=False,
              mails="text"),
    EventKind("split", "split into", required=("children",)),
    EventKind("split_from", "split from", required=("parent_id", "subject"),
              optional=("body", "attributes", *_CLASSIFICATION), heading="split off", starts_log=True,
              cannot_undo="it starts the ticket", internal=False),
    EventKind("merge", "marked duplicate of", required=("duplicate_of",), optional=("note",)),
    EventKind("reject", "rejected", required=("reason",), optional=("note",)),
    EventKind("resolve", "resolved", optional=("note",), internal=False, mails="text"),
    # A timer's auto-close says which clock fired it.
    EventKind("close", "closed", optional=("note", "reason", "metric", "instance", "due_at"),
              internal=False, mails="notice"),
    EventKind("reopen", "reopened", optional=("note",)),
    EventKind("worklog", "logged", required=("minutes",), optional=("out_of_hours", "note")),
    EventKind("undo", "undid", required=("undoes",), cannot_undo="it is itself an undo"),
    # ISPsystem 3.9.1: the files are deleted when the event is stored, so there is no taking it back.
    EventKind("purge", "attachments and logs purged", optional=("note", "clause"),
              cannot_undo="the files are gone"),
)

KINDS: dict[str, EventKind] = {k.id: k for k in _REGISTRY}
EVENT_KINDS: tuple[str, ...] = tuple(KINDS)
# The kinds whose payload sets the ticket's classification (severity, impact, urgency).
CLASSIFYING: tuple[str, ...] = ("open", "split_from", "reclassify", "route")


def missing_fields(kind: str, payload: dict[str, Any]) -> list[str]:
    """The required payload fields of `kind` that `payload` lacks or leaves empty."""
    return [f for f in KINDS[kind].required if payload.get(f) is None or payload.get(f) == ""]


@dataclass(frozen=True)
class Event:
    """One append-only fact about a ticket. `at` is an aware UTC datetime."""

    id: str
    ticket_id: str
    at: datetime
    kind: str
    actor: str = "system"
    payload: dict[str, Any] = field(default_factory=dict)
    seq: int = 0  # store order; ties on `at` are broken by it


def effective_events(events: list[Event]) -> list[Event]:
    """The events that count: in store order, without `undo` events and what they undid.

    Undo is a compensating event, so the log keeps both; every fold (ticket state,
    clocks) reads the log through this one function.
    """
    undone = {e.payload.get("undoes") for e in events if e.kind == "undo"}
    ordered = sorted(events, key=lambda e: (e.at, e.seq))
    return [e for e in ordered if e.kind != "undo" and e.id not in undone]


def routed_opening(events: list[Event]) -> dict[str, Any]:
    """What the `route` among `events` says the ticket was opened as: its classification and
    the fields read from the opening mail, as if the sender had been known ({}: not routed).

    Replicas that each routed the ticket offline keep both routes; the last one counts, as
    it does for the ticket's contract (console/domain/ticket.py).
    """
    route = next((e for e in reversed(events) if e.kind == "route"), None)
    if route is None:
        return {}
    opening = {k: route.payload[k] for k in _CLASSIFICATION if k in route.payload}
    return {**opening, "attributes": dict(route.payload.get("attributes", {}))}
