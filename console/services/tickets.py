"""Writing tickets: every change is validate -> append event(s) -> recompute the
projection, all in one IMMEDIATE transaction, so two processes serialise and a
failure anywhere leaves neither the event nor the projection behind.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from console.domain.events import EVENT_KINDS, Event
from console.domain.policy import Pack
from console.domain.timeutil import format_instant
from console.errors import UserError
from console.services import packs
from console.services.contracts import get_contract
from console.services.projection import refresh
from console.store import events, projections
from console.store.database import Store

# Kinds that start a ticket's log; they are written by open_ticket (and split), never appended.
_STARTING_KINDS = ("open", "split_from")


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
            classification = _classification(pack, severity, impact, urgency) or {
                "severity": pack.default_severity
            }
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
    check_kind(kind)
    with store.transaction():
        ticket = projections.get_ticket(store, ticket_id)
        if ticket is None:
            raise UserError(f"unknown ticket {ticket_id!r}")
        if expected_version is not None and expected_version != ticket["version"]:
            raise _stale(store, ticket_id, expected_version, ticket["version"])
        pack = packs.get_pack(ticket["policy"]) if ticket["contract_id"] else None
        checked = _validated(store, ticket_id, pack, kind, dict(payload))
        event = _append(store, ticket_id, kind, checked, at=at, actor=actor)
        refresh(store, ticket_id)
    return event


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


def _classification(pack: Pack, severity: str | None, impact: str | None, urgency: str | None) -> dict[str, str]:
    """The payload fields that classify a ticket, with severity derived from impact x urgency."""
    if severity and (impact or urgency):
        raise UserError("give a severity, or an impact with an urgency, not both")
    if bool(impact) != bool(urgency):
        raise UserError("impact and urgency go together: give both")
    if impact:
        derived = pack.derive_severity(impact, urgency)
        if derived is None:
            if pack.matrix is None:
                raise UserError(
                    f"policy {pack.id!r} sets severity directly, not by impact and urgency "
                    f"(severities: {', '.join(pack.severities)})"
                )
            raise UserError(
                f"policy {pack.id!r} has no priority for impact {impact!r} and urgency {urgency!r}"
            )
        return {"impact": impact.lower(), "urgency": urgency.lower(), "severity": derived}
    if severity:
        _known(severity, pack.severities, f"severity for policy {pack.id!r}")
        return {"severity": severity}
    return {}


def _validated(store: Store, ticket_id: str, pack: Pack | None, kind: str, payload: dict) -> dict:
    """The payload as it will be stored, or a UserError saying what is wrong with it."""
    def needs_pack(what: str) -> Pack:
        if pack is None:
            raise UserError(f"ticket {ticket_id} has no contract yet, so it has no {what}")
        return pack

    if kind == "reclassify":
        classification = _classification(
            needs_pack("severity scale"),
            payload.pop("severity", None), payload.pop("impact", None), payload.pop("urgency", None),
        )
        if not classification:
            raise UserError("reclassify needs a severity, or an impact and an urgency")
        payload.update(classification)
    elif kind == "escalate":
        ladder = {tier.id: tier for tier in needs_pack("escalation ladder").tiers}
        _known(_required(payload, "tier", kind), ladder, f"tier for policy {pack.id!r}")
    elif kind == "reject":
        reasons = needs_pack("reject reasons").reject_reasons
        _known(_required(payload, "reason", kind), reasons, f"reject reason for policy {pack.id!r}")
    elif kind == "worklog":
        minutes = _required(payload, "minutes", kind)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            raise UserError(f"worklog minutes: {minutes!r} is not a positive whole number")
        payload["out_of_hours"] = bool(payload.get("out_of_hours", False))
    elif kind == "merge":
        target = _required(payload, "duplicate_of", kind)
        if target == ticket_id or projections.version(store, target) is None:
            raise UserError(f"merge: {target!r} is not another known ticket")
    elif kind == "undo":
        _check_undo(store, ticket_id, _required(payload, "undoes", kind))
    return payload


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


def _known(value: str, choices, what: str) -> None:
    if value not in choices:
        raise UserError(f"unknown {what}: {value!r} (known: {', '.join(choices)})")


def _stale(store: Store, ticket_id: str, expected: int, current: int) -> StaleTicket:
    last = events.for_ticket(store, ticket_id)[-1]
    return StaleTicket(
        f"ticket {ticket_id} changed since version {expected}: it is at version {current}, "
        f"last {last.kind} by {last.actor} at {format_instant(last.at)}; reload it and try again"
    )
