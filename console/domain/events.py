"""Event kinds and the Event record: the one vocabulary shared by services, packs, CLI and screens."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

EVENT_KINDS: tuple[str, ...] = (
    "open",
    "respond",          # public reply to the customer
    "request_info",     # reply asking the customer for something: ticket goes to the customer's side
    "customer_reply",
    "note",             # internal
    "assign",
    "reclassify",       # new severity (or impact/urgency) with a reason
    "escalate",         # to a named tier of the ladder
    "forward_team",     # ISPsystem "Forwarded to the relevant team"
    "require_dev",      # ISPsystem: needs the development team
    "update_sent",      # status report
    "split",
    "split_from",
    "merge",            # duplicate of
    "reject",           # reason id
    "resolve",
    "close",
    "reopen",
    "worklog",          # minutes, out-of-hours flag
    "undo",             # compensates an earlier event (payload: undoes=<event id>)
    "purge",            # attachments and logs removed (ISPsystem 3.9.1)
)


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
