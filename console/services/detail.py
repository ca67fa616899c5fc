"""Everything the ticket detail screen shows, read in one snapshot and computed at `now`.

The clocks come from the SLA engine run on the ticket's log (not the stored rows)
because the screen explains them: which intervals counted, which were skipped,
and the clauses behind the target and the calendar.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console.domain.clocks import ClockInstance, compute_clocks
from console.domain.contract import Contract
from console.domain.eligibility import Finding, evaluate_checks
from console.domain.events import KINDS, Event
from console.domain.explain import Explanation, explain
from console.domain.policy import InfoField, Pack, Tier
from console.domain.ticket import Ticket, fold
from console.domain.timeutil import format_instant
from console.services import outbox, packs
from console.store import contracts, events, links, projections
from console.store.database import Store


@dataclass(frozen=True)
class ClockView:
    clock: ClockInstance
    explanation: Explanation
    vendor_zone: str          # IANA zone of the calendar the clock runs on


@dataclass(frozen=True)
class Link:
    relation: str             # parent | child | duplicate of | duplicate
    ticket_id: str
    subject: str
    status: str


@dataclass(frozen=True)
class TicketDetail:
    ticket: Ticket
    row: dict[str, Any]       # the projection row: customer, policy, plan, flags, version
    contract: Contract | None
    pack: Pack | None
    log: list[Event]          # the whole log in store order, undo events included
    undone: frozenset[str]    # ids of events an undo took back
    clocks: list[ClockView]
    findings: list[Finding]
    required: list[tuple[InfoField, Any]]   # each required field with its value (None: missing)
    tiers: tuple[Tier, ...]
    links: list[Link]
    undelivered: list[dict[str, Any]]   # its mails not delivered outbox.LATE after their event

    @property
    def version(self) -> int:
        return self.row["version"]

    @property
    def thread(self) -> list[Event]:
        """The conversation: the ticket's body, then replies, requests and notes with text."""
        return [e for e in self.log
                if KINDS[e.kind].heading and e.id not in self.undone and event_text(e)]


def ticket_detail(store: Store, ticket_id: str, *, now: datetime) -> TicketDetail:
    with store.snapshot():
        row = projections.known_ticket(store, ticket_id)
        log = events.for_ticket(store, ticket_id)
        contract = contracts.get(store, row["contract_id"]) if row["contract_id"] else None
        ticket = fold(ticket_id, log)
        related = [("parent", ticket.parent_id)] if ticket.parent_id else []
        related += [("child", c) for c in ticket.children]
        related += [("duplicate of", ticket.duplicate_of)] if ticket.duplicate_of else []
        related += [("duplicate", d) for d in links.duplicates_of(store, ticket_id)]
        found = [(relation, projections.get_ticket(store, other)) for relation, other in related]
        undelivered = outbox.late_of(store, ticket_id, now=now)
    pack = packs.get_pack(contract.policy) if contract else None
    clocks = [ClockView(clock, explain(pack, clock, now), vendor_zone(pack, clock))
              for clock in (compute_clocks(pack, contract, log, now) if pack else ())]
    return TicketDetail(
        ticket=ticket,
        row=row,
        contract=contract,
        pack=pack,
        log=log,
        undone=frozenset(e.payload.get("undoes") for e in log if e.kind == "undo"),
        clocks=clocks,
        findings=evaluate_checks(pack, contract, ticket) if pack else [],
        required=[(f, ticket.attributes.get(f.id) or None) for f in (pack.required_info if pack else ())],
        tiers=pack.tiers if pack else (),
        links=[Link(relation, linked["id"], linked["subject"], linked["status"])
               for relation, linked in found if linked is not None],
        undelivered=undelivered,
    )


def vendor_zone(pack: Pack, clock: ClockInstance) -> str:
    """The zone of the calendar a clock runs on (UTC for elapsed-time targets)."""
    calendar = pack.calendars.get(clock.calendar)
    return calendar.timezone if calendar else "UTC"


def brief(store: Store, ticket_id: str) -> dict[str, Any] | None:
    """Id, subject, status and customer of a ticket, or None: enough to name a link target."""
    row = projections.get_ticket(store, ticket_id.strip()) if ticket_id.strip() else None
    if row is None:
        return None
    return {k: row[k] for k in ("id", "subject", "status", "customer")}


def event_text(event: Event) -> str:
    """The words an event carries (a message, a note, a ticket's body), or ""."""
    p = event.payload
    return str(p.get("body") if KINDS[event.kind].starts_log else p.get("note") or p.get("body") or "")


def describe(event: Event, by_id: dict[str, Event] | None = None) -> str:
    """One line saying what an event did, for the timeline and "ticket changed" messages.

    The words are the kind's label in the registry; what follows it is the payload
    the kind is about (the tier, the assignee, the undone event) and the note.
    """
    p = event.payload
    k = event.kind
    label = KINDS[k].label
    if k == "open":
        return f"{label}: {p.get('subject', '')}"
    if k == "split_from":
        return f"{label} {p.get('parent_id')}: {p.get('subject', '')}"
    if k == "split":
        return f"{label} " + ", ".join(p.get("children", ()))
    if k == "reclassify":
        what = p.get("severity")
        if p.get("impact"):
            what = f"{what} (impact {p['impact']}, urgency {p['urgency']})"
        return f"{label} {what}: {p.get('reason', '')}".rstrip(": ")
    if k == "route":
        return f"{label} {p.get('contract')} as {p.get('severity')}"
    if k == "set_attributes":
        fields = ", ".join(f"{key}={value}" for key, value in p.get("attributes", {}).items())
        return f"{label} {fields}: {p.get('reason', '')}".rstrip(": ")
    if k in ("escalate", "forward_team"):
        return _with_note(f"{label} {p.get('tier', 'team')}", p)
    if k == "assign":
        return f"{label} {p.get('assignee')}"
    if k == "merge":
        return _with_note(f"{label} {p.get('duplicate_of')}", p)
    if k == "reject":
        return _with_note(f"{label}: {p.get('reason')}", p)
    if k == "worklog":
        hours = " out of hours" if p.get("out_of_hours") else ""
        return _with_note(f"{label} {p.get('minutes')} min{hours}", p)
    if k == "undo":
        target = (by_id or {}).get(p.get("undoes"))
        if target is None:
            return f"{label} event {p.get('undoes')}"
        return f"{label} {target.kind} by {target.actor} at {format_instant(target.at)}"
    if k == "purge":
        return label
    if k == "request_info" and p.get("fields"):
        return "asked for " + ", ".join(p["fields"])
    return _with_note(label, p)


def last_change(store: Store, ticket_id: str) -> str:
    """"<actor>: <what>" for the ticket's latest event (what a stale write is told)."""
    log = events.for_ticket(store, ticket_id)
    if not log:
        return "nothing"
    by_id = {e.id: e for e in log}
    return f"{log[-1].actor}: {describe(log[-1], by_id)}"


def _with_note(text: str, payload: dict[str, Any]) -> str:
    """The action, then the first line of its note (the timeline is one line an event)."""
    extra = str(payload.get("note") or payload.get("body") or "").strip()
    return f"{text}: {extra.splitlines()[0][:60]}" if extra else text
