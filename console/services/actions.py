"""The engineer's actions on a ticket, each one transaction over console/services/tickets.py.

What is specific to an action lives here: its form's checks, its previews and
split, which writes the children before closing the parent. Every rule about
events (status checks, what can be undone, what a pack says follows an event)
is the write path's, so an action and `desk event` record the same events.
Previews (reclassify, split) run the SLA engine on the ticket's log plus the
hypothetical events, so the console shows new deadlines without writing
anything and without doing any deadline arithmetic itself.

Every write takes the ticket version the caller showed (`expected_version`):
if anyone changed the ticket since, nothing is written and StaleTicket says so.
"""

import re
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from console.domain.clocks import ClockInstance, compute_clocks
from console.domain.contract import Contract
from console.domain.events import Event, effective_events
from console.domain.policy import InfoField, Pack, Tier
from console.errors import UserError
from console.services import packs
from console.services.contracts import get_contract
from console.services.projection import refresh
from console.services.tickets import record, record_many, undo_refusal
from console.services.validation import (
    attribute_values,
    classification_payload,
    validate_event_payload,
)
from console.store import events, projections
from console.store.database import Store

# ---------------------------------------------------------------- previews

@dataclass(frozen=True)
class DuePreview:
    """One clock instance before and after a change (None: the instance does not exist then)."""

    metric: str
    instance: int
    label: str
    before: ClockInstance | None
    after: ClockInstance | None

    @property
    def changed(self) -> bool:
        def key(c):
            return None if c is None else (c.state, c.due_at)
        return key(self.before) != key(self.after)


@dataclass(frozen=True)
class ChildPreview:
    subject: str
    severity: str | None
    clocks: list[ClockInstance]


@dataclass(frozen=True)
class SplitResult:
    event: Event              # the parent's `split` event
    children: list[str]       # the new tickets' ids, in the order of the parts


@dataclass(frozen=True)
class _Context:
    ticket_id: str
    row: dict[str, Any]
    log: list[Event]
    contract: Contract
    pack: Pack


def _context(store: Store, ticket_id: str, what: str) -> _Context:
    row = projections.known_ticket(store, ticket_id)
    if not row["contract_id"]:
        raise UserError(f"ticket {ticket_id} has no contract yet, so it cannot be {what}: route it first")
    contract = get_contract(store, row["contract_id"])
    return _Context(ticket_id, row, events.for_ticket(store, ticket_id), contract,
                    packs.get_pack(contract.policy))


def _classified(pack: Pack, data: Mapping[str, Any], *, required: bool) -> dict[str, Any]:
    try:
        return classification_payload(pack, dict(data), required=required)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _hypothetical(log: list[Event], ticket_id: str, kind: str, payload: dict, at: datetime) -> Event:
    """An event that would come after the whole log (never stored)."""
    seq = max((e.seq for e in log), default=0) + 1
    return Event(id=f"preview-{seq}", ticket_id=ticket_id, at=_second(at), kind=kind,
                 payload=payload, seq=seq)


def _compare(before: list[ClockInstance], after: list[ClockInstance]) -> list[DuePreview]:
    old = {(c.metric, c.instance): c for c in before}
    new = {(c.metric, c.instance): c for c in after}
    keys = list(old) + [k for k in new if k not in old]
    return [DuePreview(m, i, (old.get((m, i)) or new[(m, i)]).label, old.get((m, i)), new.get((m, i)))
            for m, i in keys]


def change_preview(store: Store, ticket_id: str, kind: str, payload: Mapping[str, Any], *,
                   at: datetime, what: str) -> list[DuePreview]:
    """Each clock's state and due instant now, and as they would be after one more event of
    `kind` (checked against the pack as the write path checks it); `what` names the change
    in the refusal of an unrouted ticket ("reclassified")."""
    with store.snapshot():
        ctx = _context(store, ticket_id, what)
    try:
        checked = validate_event_payload(ctx.pack, kind, dict(payload))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    change = _hypothetical(ctx.log, ticket_id, kind, checked, at)
    return _compare(compute_clocks(ctx.pack, ctx.contract, ctx.log, at),
                    compute_clocks(ctx.pack, ctx.contract, ctx.log + [change], at))


def reclassify_preview(store: Store, ticket_id: str, *, at: datetime, severity: str | None = None,
                       impact: str | None = None, urgency: str | None = None) -> list[DuePreview]:
    """Each clock's state and due instant now, and as they would be after the reclassification."""
    given = {k: v for k, v in (("severity", severity), ("impact", impact), ("urgency", urgency))
             if v is not None}
    return change_preview(store, ticket_id, "reclassify", given, at=at, what="reclassified")


def reclassify(store: Store, ticket_id: str, *, reason: str, at: datetime, actor: str,
               severity: str | None = None, impact: str | None = None, urgency: str | None = None,
               expected_version: int | None = None) -> Event:
    if not reason or not reason.strip():
        raise UserError("reclassify needs a reason")
    payload = {"reason": reason.strip()}
    payload.update({k: v for k, v in (("severity", severity), ("impact", impact), ("urgency", urgency))
                    if v})
    return record(store, ticket_id, "reclassify", payload, at=at, actor=actor,
                  expected_version=expected_version)


# ---------------------------------------------------------------- split

def paragraphs(body: str) -> list[str]:
    """The body's paragraphs (blocks separated by blank lines), stripped, empty ones dropped."""
    return [p.strip() for p in re.split(r"\n\s*\n", body.replace("\r\n", "\n")) if p.strip()]


def line_ranges(body: str, spec: str) -> str:
    """The lines of `body` named by `spec` ("3-7,9"; 1-based, inclusive), joined by newlines."""
    lines = body.replace("\r\n", "\n").split("\n")
    chosen: list[str] = []
    for piece in filter(None, (p.strip() for p in spec.split(","))):
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", piece)
        if m is None:
            raise UserError(f"lines: {piece!r} is not a line number or a range such as 3-7")
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if not 1 <= first <= last <= len(lines):
            raise UserError(f"lines: {piece!r} is outside 1-{len(lines)} (or runs backwards)")
        chosen.extend(lines[first - 1:last])
    if not chosen:
        raise UserError("lines: no line chosen")
    return "\n".join(chosen)


def _child_payloads(ctx: _Context, parts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if len(parts) < 2:
        raise UserError("split needs two or more parts")
    inherited = {k: ctx.row[k] for k in ("severity", "impact", "urgency") if ctx.row[k]}
    out = []
    for n, part in enumerate(parts, 1):
        subject = str(part.get("subject") or "").strip()
        if not subject:
            raise UserError(f"split part {n}: subject must not be empty")
        try:
            classification = _classified(ctx.pack, part, required=False) or dict(inherited)
            # a part may be about another product than the parent (its own calendar)
            own = {"attributes": attribute_values(ctx.pack, part["attributes"])} \
                if part.get("attributes") else {}
        except (UserError, ValueError) as exc:
            raise UserError(f"split part {n}: {exc}") from None
        out.append({"parent_id": ctx.ticket_id, "subject": subject,
                    "body": str(part.get("body") or ""), **classification, **own})
    return out


def _replayed(history: list[Event], child_id: str) -> list[Event]:
    """The parent's effective history as the child's own: new ids, same instants and actors."""
    return [Event(id=str(uuid.uuid4()), ticket_id=child_id, at=e.at, kind=e.kind, actor=e.actor,
                  payload={**e.payload, "copied_from": e.id})
            for e in effective_events(history)]


def split_preview(store: Store, parent_id: str, parts: Sequence[Mapping[str, Any]], *,
                  at: datetime) -> list[ChildPreview]:
    """The children's clocks as they would run, without writing anything."""
    with store.snapshot():
        ctx = _context(store, parent_id, "split")
    previews = []
    for n, payload in enumerate(_child_payloads(ctx, parts), 1):
        child = f"{parent_id}/{n}"
        log = [replace(e, seq=i) for i, e in enumerate(_replayed(ctx.log, child), 1)]
        log.append(_hypothetical(log, child, "split_from", payload, at))
        previews.append(ChildPreview(payload["subject"], payload.get("severity"),
                                     compute_clocks(ctx.pack, ctx.contract, log, at)))
    return previews


def split(store: Store, parent_id: str, parts: Sequence[Mapping[str, Any]], *, at: datetime,
          actor: str, expected_version: int | None = None) -> SplitResult:
    """Split a ticket into two or more children, in one transaction.

    Each child replays the parent's effective history (so its clocks keep the
    parent's original start, as the terms ask) and then a `split_from` event with
    its own subject, body and classification; the parent gets a `split` event
    naming the children, which closes it as split. The children are written first
    (the split names them); if the parent's `split` is refused, none of it stays.
    """
    with store.transaction():
        ctx = _context(store, parent_id, "split")
        payloads = _child_payloads(ctx, parts)
        children = []
        for payload in payloads:
            child = events.next_ticket_id(store)
            for copy in _replayed(ctx.log, child):
                events.append(store, copy)
            events.append(store, Event(id=str(uuid.uuid4()), ticket_id=child, at=_second(at),
                                       kind="split_from", actor=actor, payload=payload))
            refresh(store, child)
            children.append(child)
        event = record(store, parent_id, "split", {"children": children}, at=at, actor=actor,
                       expected_version=expected_version)
    return SplitResult(event, children)


# ---------------------------------------------------------------- the customer's side

def missing_info(store: Store, ticket_id: str) -> list[InfoField]:
    """The pack's required fields the ticket does not have yet (none for an unrouted ticket)."""
    row = projections.known_ticket(store, ticket_id)
    return packs.get_pack(row["policy"]).missing_info(row["attributes"]) if row["policy"] else []


def info_request_text(fields: Sequence[InfoField]) -> str:
    """The message a request for information starts from: the missing fields as a checklist."""
    if not fields:
        return ""
    lines = ["To work on this ticket we need the following information:", ""]
    lines += [f"[ ] {f.label}" for f in fields]
    return "\n".join(lines)


def request_info(store: Store, ticket_id: str, *, message: str, fields: Sequence[str] = (),
                 at: datetime, actor: str, expected_version: int | None = None) -> Event:
    """Ask the customer for something; the ticket moves to the customer's side."""
    if not message.strip():
        raise UserError("request_info needs a message")
    return record(store, ticket_id, "request_info", {"note": message, "fields": list(fields)},
                  at=at, actor=actor, expected_version=expected_version)


# ---------------------------------------------------------------- escalation

def ladder(store: Store, ticket_id: str) -> tuple[tuple[Tier, ...], str | None, Tier | None]:
    """(the pack's ladder, the ticket's current tier, the next tier up)."""
    row = projections.known_ticket(store, ticket_id)
    if not row["policy"]:
        return (), row["tier"], None
    pack = packs.get_pack(row["policy"])
    return pack.tiers, row["tier"], pack.next_tier(row["tier"])


def escalate(store: Store, ticket_id: str, *, tier: str, note: str = "", at: datetime, actor: str,
             expected_version: int | None = None) -> Event:
    """Move the ticket to a tier of its pack's ladder, by the event kind that tier is reached by."""
    with store.transaction():
        row = projections.get_ticket(store, ticket_id)
        pack = packs.get_pack(row["policy"]) if row and row["policy"] else None
        target = pack.tier(tier) if pack else None
        kind = target.via if target else "escalate"   # an unknown tier is refused by record()
        return record(store, ticket_id, kind, {"tier": tier, "note": note}, at=at, actor=actor,
                      expected_version=expected_version)


# ---------------------------------------------------------------- one-event actions

def reply(store: Store, ticket_id: str, *, text: str, at: datetime, actor: str,
          expected_version: int | None = None) -> Event:
    if not text.strip():
        raise UserError("a reply needs some text")
    return record(store, ticket_id, "respond", {"note": text}, at=at, actor=actor,
                  expected_version=expected_version)


def note(store: Store, ticket_id: str, *, text: str, at: datetime, actor: str,
         expected_version: int | None = None) -> Event:
    if not text.strip():
        raise UserError("a note needs some text")
    return record(store, ticket_id, "note", {"note": text}, at=at, actor=actor,
                  expected_version=expected_version)


def assign(store: Store, ticket_id: str, *, assignee: str, at: datetime, actor: str,
           expected_version: int | None = None) -> Event:
    if not assignee.strip():
        raise UserError("assign needs an assignee")
    return record(store, ticket_id, "assign", {"assignee": assignee.strip()}, at=at, actor=actor,
                  expected_version=expected_version)


def mark_duplicate(store: Store, ticket_id: str, *, duplicate_of: str, note: str = "",
                   at: datetime, actor: str, expected_version: int | None = None) -> Event:
    return record(store, ticket_id, "merge", {"duplicate_of": duplicate_of.strip(), "note": note},
                  at=at, actor=actor, expected_version=expected_version)


def reject(store: Store, ticket_id: str, *, reason: str, note: str = "", at: datetime, actor: str,
           expected_version: int | None = None) -> Event:
    return record(store, ticket_id, "reject", {"reason": reason, "note": note}, at=at, actor=actor,
                  expected_version=expected_version)


def worklog(store: Store, ticket_id: str, *, minutes: int, out_of_hours: bool, note: str = "",
            at: datetime, actor: str, expected_version: int | None = None) -> Event:
    return record(store, ticket_id, "worklog",
                  {"minutes": minutes, "out_of_hours": out_of_hours, "note": note},
                  at=at, actor=actor, expected_version=expected_version)


def plain_action(store: Store, ticket_id: str, kind: str, *, note: str = "", at: datetime,
                 actor: str, expected_version: int | None = None) -> Event:
    """An action that carries only an optional note: update_sent, require_dev, close, reopen."""
    return record(store, ticket_id, kind, {"note": note}, at=at, actor=actor,
                  expected_version=expected_version)


def resolve(store: Store, ticket_id: str, *, note: str = "", at: datetime, actor: str,
            expected_version: int | None = None) -> list[Event]:
    """Resolve; the list also holds what the pack says follows a resolve (ISPsystem: a purge)."""
    return record_many(store, ticket_id, [("resolve", {"note": note}, at, actor)],
                       expected_version=expected_version)


def effects(pack: Pack | None, kind: str, payload: Mapping[str, Any] | None = None,
            open_metrics: Collection[str] | None = None) -> list[str]:
    """What an event of `kind` does to the pack's clocks, read from the metrics, one line each.

    A modal shows these before the engineer confirms (e.g. that forwarding to the
    team stops the response clock), so no action's consequence is a surprise. With
    `open_metrics` (the ticket's running or paused metrics), what would meet, stop
    or pause a clock is said only of clocks that are open.
    """
    payload = dict(payload or {})
    lines = []
    for m in pack.metrics if pack else ():
        def hit(matchers):
            return any(x.matches(kind, payload) for x in matchers)
        is_open = open_metrics is None or m.id in open_metrics
        if hit(m.meet) and is_open:
            lines.append(f"meets the {m.label} clock")
        elif hit(m.hold):
            until = " or ".join(str(x) for x in m.release) or "never"
            lines.append(f"stops the {m.label} clock; no new one starts until {until}")
        elif (hit(m.stop) or hit(pack.stop_all)) and is_open:
            lines.append(f"stops the {m.label} clock")
        elif hit(m.restart):
            lines.append(f"starts a new {m.label} clock")
        elif hit(m.pause) and is_open:
            lines.append(f"pauses the {m.label} clock ({m.pause_reason})")
        elif hit(m.resume):
            lines.append(f"resumes the {m.label} clock")
        lines += [f"{m.label}: {rule.reading or 'calendar ' + rule.calendar} — {rule.clause}"
                  for rule in m.calendars if kind in rule.when.after]
    return lines


def reminders(pack: Pack | None, kind: str) -> list[tuple[str, str]]:
    """(reminder, clause) pairs the pack asks the console to show on an action."""
    return [(r.text, r.clause) for r in (pack.reminders if pack else ()) if r.on == kind]


# ---------------------------------------------------------------- undo

def undo(store: Store, event_id: str, *, at: datetime, actor: str) -> list[Event]:
    """Write the compensating `undo` event for `event_id`, on whichever ticket it is.

    The write path refuses what cannot be undone (a purge: the files are gone)
    and closes the open children of an undone split; the list holds it all.
    """
    with store.transaction():
        target = events.find(store, event_id)
        if target is None:
            raise UserError(f"undo: no event {event_id!r}")
        return record_many(store, target.ticket_id, [("undo", {"undoes": event_id}, at, actor)])


def last_undoable(store: Store, event_ids: Sequence[str]) -> Event | None:
    """The latest of `event_ids` that still counts and can be undone (the session's undo target)."""
    for event_id in reversed(event_ids):
        event = events.find(store, event_id)
        if event is not None and undo_refusal(events.for_ticket(store, event.ticket_id), event_id) is None:
            return event
    return None


def _second(at: datetime) -> datetime:
    """The log keeps whole seconds (as record() does)."""
    return at.astimezone(UTC).replace(microsecond=0)
