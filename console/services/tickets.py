"""Writing tickets: every change is validate -> append event(s) -> recompute the
projection, all in one IMMEDIATE transaction, so two processes serialise and a
failure anywhere leaves neither the event nor the projection behind.

`record_many` is the only way an event reaches an existing ticket, so the rules
about events (status, payload, undo, what a pack says follows an event) are
applied here once, whoever writes: the console, `desk event`, intake, timers.
"""

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from console.domain.events import KINDS, Event
from console.domain.policy import Pack
from console.domain.ticket import OPEN_STATUSES, fold
from console.domain.timeutil import format_instant, parse_instant
from console.errors import UserError
from console.services import outbox, packs
from console.services.contracts import get_contract
from console.services.projection import contract_reader, project_log, refresh
from console.services.validation import (
    PACK_CHECKED,
    check_fields,
    classification_payload,
    validate_event_payload,
)
from console.store import events, projections
from console.store.database import Store
from console.store.projections import Projection, Stored


class StaleTicket(UserError):
    """The ticket changed after the version a write was based on; nothing was written."""


def open_ticket(
    store: Store,
    *,
    contract_id: str | None,
    subject: str,
    body: str = "",
    severity: str | None = None,
    impact: str | None = None,
    urgency: str | None = None,
    attributes: dict[str, Any] | None = None,
    requester: str | None = None,
    at: datetime,
    actor: str = "cli",
    payload_extra: dict[str, Any] | None = None,
) -> str:
    """Open a ticket (contract_id None: not routed yet); returns its new id, e.g. "T-1001"."""
    if not subject.strip():
        raise UserError("subject: must not be empty")
    with store.transaction():
        if contract_id is None:
            if severity or impact or urgency:
                raise UserError("a ticket with no contract has no severity scale: give --contract")
            classification: dict[str, Any] = {}
        else:
            pack = packs.get_pack(get_contract(store, contract_id).policy)
            given = {"severity": severity, "impact": impact, "urgency": urgency}
            classification = _as_user_error(
                classification_payload, pack, {k: v for k, v in given.items() if v}, required=False
            ) or {"severity": pack.default_severity}
        payload = {
            **(payload_extra or {}),
            "contract_id": contract_id,
            "subject": subject.strip(),
            "body": body,
            "attributes": dict(attributes or {}),
            **classification,
        }
        if requester:
            payload["requester"] = requester
        ticket_id = events.next_ticket_id(store)
        _append(store, ticket_id, "open", payload, at=at, actor=actor)
        refresh(store, ticket_id)
    return ticket_id


def record(
    store: Store,
    ticket_id: str,
    kind: str,
    payload: dict[str, Any],
    *,
    at: datetime,
    actor: str = "cli",
    expected_version: int | None = None,
) -> Event:
    """Append one event to an existing ticket (with what follows from it) and update its projection.

    With `expected_version`, the write is refused (StaleTicket) if anyone changed
    the ticket since the caller read that version. Returns the event asked for;
    `record_many` also returns what followed it.
    """
    return record_many(store, ticket_id, [(kind, payload, at, actor)],
                       expected_version=expected_version)[0]


# One event to append: (kind, payload, at, actor).
NewEvent = tuple[str, dict[str, Any], datetime, str]

# Statuses an event may be recorded in, where it is not "an open ticket". A split
# parent is not reopened: undoing the split brings it back.
ALLOWED_FROM: dict[str, tuple[str, ...] | None] = {
    "note": None,            # None: any status
    "worklog": None,
    "customer_reply": None,  # the customer writes when they write; the fold decides what it does
    "undo": None,            # what an undo may take back is checked against the event it names
    "purge": None,
    "reopen": ("resolved", "closed", "rejected", "merged"),
    "close": OPEN_STATUSES + ("resolved",),
}


def record_many(
    store: Store,
    ticket_id: str,
    new_events: Sequence[NewEvent],
    *,
    expected_version: int | None = None,
) -> list[Event]:
    """Append several events to one ticket, in order, and update its projection once.

    Each event is checked against the log as the events before it leave it: the
    status its kind may be recorded in, its payload, what an undo may take back.
    What the pack says follows an event (ISPsystem: resolve, then purge) is
    recorded right after it, and undoing a split closes the children still open.
    An event that mails the customer queues its mail here (console/services/outbox.py).

    One transaction: if any event is refused none is written. The projection is
    recomputed once, after the last: a fold of the whole log, so it is the very
    row that recording them one by one would leave. Returns every event written,
    follow-ups after the event they follow (a split's children's closes last).
    """
    if not new_events:
        return []
    for kind, *_ in new_events:
        check_kind(kind)
    with store.transaction():
        row = projections.known_ticket(store, ticket_id)
        if expected_version is not None and expected_version != row["version"]:
            raise _stale(store, ticket_id, expected_version, row["version"])
        # The contract comes with the opening event, or later with a `route`.
        pack = packs.get_pack(row["policy"]) if row["contract_id"] else None
        log = events.for_ticket(store, ticket_id)
        status: str | None = row["status"]   # None: the log moved on, fold it again when asked
        written: list[Event] = []
        elsewhere: list[Event] = []
        for asked, asked_payload, at, actor in new_events:
            for kind, payload in [(asked, asked_payload), *_follow_ups(pack, asked)]:
                if ALLOWED_FROM.get(kind, OPEN_STATUSES) is not None:
                    status = status or fold(ticket_id, log).status
                    _check_status(ticket_id, status, kind)
                _not_before_opening(row, kind, at)
                checked = _validated(store, ticket_id, pack, log, kind, dict(payload))
                if kind == "route":   # the ticket is under its contract's pack from here on
                    pack = packs.get_pack(get_contract(store, checked["contract"]).policy)
                log.append(_append(store, ticket_id, kind, checked, at=at, actor=actor))
                written.append(log[-1])
                outbox.queue_for(store, row, pack, log[-1], log)   # its mail, in its transaction
                status = None
                if kind == "undo":
                    elsewhere += _close_split_children(store, log, checked["undoes"], at=at, actor=actor)
        refresh(store, ticket_id)
    return written + elsewhere


def check_kind(kind: str) -> None:
    """Refuse a kind that is unknown, or that only starts a ticket's log."""
    if kind not in KINDS:
        raise UserError(f"unknown event kind {kind!r} (kinds: {', '.join(KINDS)})")
    if KINDS[kind].starts_log:
        raise UserError(f"event kind {kind!r} starts a ticket; it cannot be added to one")


def undo_refusal(log: Sequence[Event], event_id: str) -> str | None:
    """Why the event `event_id` of this ticket's log cannot be undone now, or None if it can."""
    target = next((e for e in log if e.id == event_id), None)
    if target is None:
        return f"{event_id!r} is not an event of {log[0].ticket_id}"
    if not KINDS[target.kind].undoable:
        return f"a {target.kind!r} event cannot be undone ({KINDS[target.kind].cannot_undo})"
    if any(e.kind == "undo" and e.payload.get("undoes") == event_id for e in log):
        return f"{event_id!r} is already undone"
    return None


# Tickets per batch: the write lock is held only while one batch's rows are written (tens of
# milliseconds), and a crash loses at most one batch's work, never its consistency.
REBUILD_BATCH = 500


def rebuild(store: Store, *, batch: int = REBUILD_BATCH,
            replaced: Callable[[str, Stored | None, Projection], None] | None = None) -> int:
    """Recompute every projection from the log; returns the ticket count.

    One ordered pass over the log, `batch` tickets (an id range) at a time. A
    batch is folded from a read snapshot, without the write lock, so other
    writers get in meanwhile; then one transaction replaces the range's rows
    whole, folding again under the lock any ticket written to since (its event
    count says so). An interrupted rebuild leaves every ticket either as it was
    or rebuilt; running it again completes it. `replaced(ticket_id, stored, new)`
    sees each ticket's stored projection just before the new one replaces it.
    """
    contract_of = contract_reader(store)
    after, count = None, 0
    while True:
        with store.snapshot():
            ids = events.ticket_ids_after(store, after, batch)
            folded = {ticket_id: project_log(ticket_id, log, contract_of)
                      for ticket_id, log in events.logs_between(store, ids[0], ids[-1])} if ids else {}
        last = ids[-1] if ids else None
        with store.transaction():
            versions = events.versions_between(store, after, last)
            before = projections.stored_between(store, after, last) if replaced else {}
            fresh = []
            for ticket_id, version in versions.items():
                projection = folded.get(ticket_id)
                if projection is None or projection.ticket.version != version:
                    projection = project_log(ticket_id, events.for_ticket(store, ticket_id), contract_of)
                if replaced is not None:
                    replaced(ticket_id, before.get(ticket_id), projection)
                fresh.append(projection)
            projections.replace_range(store, after, last, fresh)
        count += len(fresh)
        if last is None:
            return count
        after = last


def _append(store: Store, ticket_id: str, kind: str, payload: dict, *, at: datetime, actor: str) -> Event:
    # The log keeps whole seconds, so what is folded now is what a rebuild will read back.
    at = at.astimezone(UTC).replace(microsecond=0)
    event = Event(id=str(uuid.uuid4()), ticket_id=ticket_id, at=at, kind=kind, actor=actor, payload=payload)
    return events.append(store, event)


def _check_status(ticket_id: str, status: str, kind: str) -> None:
    allowed = ALLOWED_FROM.get(kind, OPEN_STATUSES)
    if allowed is None or status in allowed:
        return
    if kind == "reopen":
        hint = " (undo the split instead)" if status == "split" else ""
        raise UserError(f"ticket {ticket_id} is {status}: nothing to reopen{hint}")
    raise UserError(f"ticket {ticket_id} is {status}: it cannot take {kind} (reopen it first)")


def _validated(store: Store, ticket_id: str, pack: Pack | None, log: list[Event], kind: str,
               payload: dict) -> dict:
    """The payload as it will be stored, or a UserError saying what is wrong with it.

    The registry's required fields and the pack's own rules (severities, ladder,
    reject reasons) are checked by console/services/validation.py, the same words
    `desk sla check` uses; what needs the store (other tickets, this ticket's log)
    is checked here.
    """
    if kind == "route":
        return _checked_route(store, ticket_id, pack, payload)
    if kind in PACK_CHECKED:
        if pack is None:
            raise UserError(f"ticket {ticket_id} has no contract yet: {kind} needs its pack")
        payload = _as_user_error(validate_event_payload, pack, kind, payload)
    else:
        _as_user_error(check_fields, kind, payload)
    if kind == "merge":
        target = payload["duplicate_of"]
        if target == ticket_id or projections.version(store, target) is None:
            raise UserError(f"merge: {target!r} is not another known ticket")
    elif kind == "undo":
        refusal = undo_refusal(log, payload["undoes"])
        if refusal:
            raise UserError(f"undo: {refusal}")
    return payload


def _checked_route(store: Store, ticket_id: str, pack: Pack | None, payload: dict) -> dict:
    """A route joins an unrouted ticket to a known contract, classified on that contract's scale."""
    if pack is not None:
        raise UserError(f"ticket {ticket_id} is already routed ({pack.name}): route is for unrouted tickets")
    _as_user_error(check_fields, "route", payload)
    contract = get_contract(store, str(payload["contract"]))
    classification = _as_user_error(classification_payload, packs.get_pack(contract.policy), payload,
                                    required=True)
    return {**payload, "contract": contract.id, **classification}


def _follow_ups(pack: Pack | None, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """The events the pack's reminders say an event of `kind` records with it (`then`)."""
    return [(r.then, {"note": r.text, "clause": r.clause})
            for r in (pack.reminders if pack else ()) if r.on == kind and r.then]


def _close_split_children(store: Store, log: list[Event], undone_id: str, *, at: datetime,
                          actor: str) -> list[Event]:
    """Undoing a split sends the work back to the parent: its children still open are closed."""
    target = next(e for e in log if e.id == undone_id)
    if target.kind != "split":
        return []
    closed = []
    for child in target.payload.get("children", ()):
        row = projections.get_ticket(store, child)
        if row is not None and row["is_open"]:
            closed += record_many(store, child, [("close", {"note": f"split of {target.ticket_id} undone"},
                                                  at, actor)])
    return closed


def _not_before_opening(ticket: dict, kind: str, at: datetime) -> None:
    """Refuse an event dated before its ticket was opened (DESIGN.md): no clock could count it."""
    if at.replace(microsecond=0) < parse_instant(ticket["opened_at"]):
        raise UserError(f"{kind} at {format_instant(at)} is before the ticket was opened "
                        f"({ticket['opened_at']})")


def _as_user_error(check, *args, **kwargs):
    try:
        return check(*args, **kwargs)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _stale(store: Store, ticket_id: str, expected: int, current: int) -> StaleTicket:
    last = events.for_ticket(store, ticket_id)[-1]
    return StaleTicket(
        f"ticket {ticket_id} changed since version {expected}: it is at version {current}, "
        f"last {last.kind} by {last.actor} at {format_instant(last.at)}; reload it and try again"
    )
