"""Writing tickets: every change is validate -> append event(s) -> recompute the
projection, all in one IMMEDIATE transaction, so two processes serialise and a
failure anywhere leaves neither the event nor the projection behind.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from console.domain.events import EVENT_KINDS, Event
from console.domain.policy import Pack
from console.domain.timeutil import format_instant, parse_instant
from console.errors import UserError
from console.services import packs
from console.services.contracts import get_contract
from console.services.projection import refresh
from console.services.validation import classification_payload, validate_event_payload
from console.store import events, projections
from console.store.database import Store

# Kinds that start a ticket's log; they are written by open_ticket (and split), never appended.
_STARTING_KINDS = ("open", "split_from")
# Kinds whose payload the contract's pack checks (console/services/validation.py).
_PACK_CHECKED = ("reclassify", "escalate", "reject", "worklog")


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
            classification = _pack_checked(
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
    """Append one event to an existing ticket and update its projection.

    With `expected_version`, the write is refused (StaleTicket) if anyone changed
    the ticket since the caller read that version.
    """
    return record_many(store, ticket_id, [(kind, payload, at, actor)],
                       expected_version=expected_version)[0]


# One event to append: (kind, payload, at, actor).
NewEvent = tuple[str, dict[str, Any], datetime, str]


def record_many(
    store: Store,
    ticket_id: str,
    new_events: Sequence[NewEvent],
    *,
    expected_version: int | None = None,
) -> list[Event]:
    """Append several events to one ticket, in order, and update its projection once.

    One transaction: every event is checked as `record` checks it (each one against
    the log as the events before it leave it), and if any is refused none is
    written. The projection is recomputed once, after the last: a fold of the
    whole log, so it is the very row that recording them one by one would leave.
    """
    if not new_events:
        return []
    for kind, *_ in new_events:
        check_kind(kind)
    with store.transaction():
        ticket = projections.get_ticket(store, ticket_id)
        if ticket is None:
            raise UserError(f"unknown ticket {ticket_id!r}")
        if expected_version is not None and expected_version != ticket["version"]:
            raise _stale(store, ticket_id, expected_version, ticket["version"])
        # The contract comes with the opening event; no event appended here changes it.
        pack = packs.get_pack(ticket["policy"]) if ticket["contract_id"] else None
        written = []
        for kind, payload, at, actor in new_events:
            _not_before_opening(ticket, kind, at)
            checked = _validated(store, ticket_id, pack, kind, dict(payload))
            written.append(_append(store, ticket_id, kind, checked, at=at, actor=actor))
        refresh(store, ticket_id)
    return written


def check_kind(kind: str) -> None:
    """Refuse a kind that is unknown, or that only starts a ticket's log."""
    if kind not in EVENT_KINDS:
        raise UserError(f"unknown event kind {kind!r} (kinds: {', '.join(EVENT_KINDS)})")
    if kind in _STARTING_KINDS:
        raise UserError(f"event kind {kind!r} starts a ticket; it cannot be added to one")


def rebuild(store: Store) -> int:
    """Recompute every projection from the log, in one transaction; returns the ticket count."""
    with store.transaction():
        projections.clear(store)
        ticket_ids = events.ticket_ids(store)
        for ticket_id in ticket_ids:
            refresh(store, ticket_id)
    return len(ticket_ids)


def _append(store: Store, ticket_id: str, kind: str, payload: dict, *, at: datetime, actor: str) -> Event:
    # The log keeps whole seconds, so what is folded now is what a rebuild will read back.
    at = at.astimezone(UTC).replace(microsecond=0)
    event = Event(id=str(uuid.uuid4()), ticket_id=ticket_id, at=at, kind=kind, actor=actor, payload=payload)
    return events.append(store, event)


def _validated(store: Store, ticket_id: str, pack: Pack | None, kind: str, payload: dict) -> dict:
    """The payload as it will be stored, or a UserError saying what is wrong with it.

    The pack's own rules (severities, ladder, reject reasons) are checked by
    console/services/validation.py, the same words `desk sla check` uses; what
    needs the store (other tickets, this ticket's log) is checked here.
    """
    if kind in _PACK_CHECKED:
        if pack is None:
            raise UserError(f"ticket {ticket_id} has no contract yet: {kind} needs its pack")
        payload = _pack_checked(validate_event_payload, pack, kind, payload)
    if kind == "merge":
        target = _required(payload, "duplicate_of", kind)
        if target == ticket_id or projections.version(store, target) is None:
            raise UserError(f"merge: {target!r} is not another known ticket")
    elif kind == "undo":
        _check_undo(store, ticket_id, _required(payload, "undoes", kind))
    return payload


def _not_before_opening(ticket: dict, kind: str, at: datetime) -> None:
    """Refuse an event dated before its ticket was opened (DESIGN.md): no clock could count it."""
    if at.replace(microsecond=0) < parse_instant(ticket["opened_at"]):
        raise UserError(f"{kind} at {format_instant(at)} is before the ticket was opened "
                        f"({ticket['opened_at']})")


def _pack_checked(check, *args, **kwargs):
    try:
        return check(*args, **kwargs)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _check_undo(store: Store, ticket_id: str, event_id: str) -> None:
    log = events.for_ticket(store, ticket_id)
    target = next((e for e in log if e.id == event_id), None)
    if target is None:
        raise UserError(f"undo: {event_id!r} is not an event of {ticket_id}")
    if target.kind in _STARTING_KINDS or target.kind == "undo":
        raise UserError(f"undo: a {target.kind!r} event cannot be undone")
    if any(e.kind == "undo" and e.payload.get("undoes") == event_id for e in log):
        raise UserError(f"undo: {event_id!r} is already undone")


def _required(payload: dict, key: str, kind: str) -> Any:
    value = payload.get(key)
    if value is None or value == "":
        raise UserError(f"{kind} needs {key!r}")
    return value


def _stale(store: Store, ticket_id: str, expected: int, current: int) -> StaleTicket:
    last = events.for_ticket(store, ticket_id)[-1]
    return StaleTicket(
        f"ticket {ticket_id} changed since version {expected}: it is at version {current}, "
        f"last {last.kind} by {last.actor} at {format_instant(last.at)}; reload it and try again"
    )
