"""Routing a stranger's mail: an unrouted ticket joins a contract, as if its sender had been known.

Intake leaves a mail unrouted when no contract lists its sender (or several do).
Routing it later writes one `route` event carrying what intake would have read had
the address been known: the severity the customer stated, mapped onto the
contract's scale (or the pack's default, marked for triage), and the pack's
required information found in the mail. The clocks count from the original
receipt (console/domain/clocks.py reads the route into the opening). Optionally the
sender's address or domain is remembered on the contract, so the next mail routes
itself; that and the event commit together.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from console.domain.clocks import ClockInstance, compute_clocks
from console.domain.contract import Contract
from console.domain.events import Event
from console.domain.policy import Pack
from console.errors import UserError
from console.ingest.fields import read_opening, triage_reason
from console.ingest.routing import candidates
from console.services import packs
from console.services.contracts import get_contract
from console.services.tickets import record
from console.store import contracts, events, projections, senders
from console.store.database import Store

REMEMBER = ("address", "domain")


@dataclass(frozen=True)
class Suggestion:
    """A contract the console proposes for an unrouted ticket, and why."""

    contract: Contract
    reason: str


def route_payload(store: Store, ticket_id: str, contract_id: str) -> dict:
    """The `route` event's payload: the contract, and the opening mail read under its pack."""
    row = projections.known_ticket(store, ticket_id)
    contract = get_contract(store, contract_id)
    pack = packs.get_pack(contract.policy)
    opening = events.for_ticket(store, ticket_id)[0]
    reading = read_opening(opening.payload.get("subject", ""), opening.payload.get("body", ""), pack)
    # What the ticket already holds (given at import, or supplied by a reply) stays.
    held = {k for k, v in row["attributes"].items() if v and k != "triage"}
    attributes = {k: v for k, v in reading.fields.items() if k not in held}
    classification = reading.stated.classification
    if not classification:
        classification = {"severity": pack.default_severity}
        attributes["triage"] = triage_reason(reading.stated, pack)
    payload = {"contract": contract.id, **classification}
    if attributes:
        payload["attributes"] = attributes
    return payload


@dataclass(frozen=True)
class RoutePreview:
    """What routing to a contract would write, and the clocks the ticket would then have."""

    payload: dict
    pack: Pack
    clocks: list[ClockInstance]


def route_preview(store: Store, ticket_id: str, contract_id: str, *, at: datetime) -> RoutePreview:
    """The route's payload and the ticket's clocks after it, nothing written."""
    with store.snapshot():
        payload = route_payload(store, ticket_id, contract_id)
        contract = get_contract(store, contract_id)
        log = events.for_ticket(store, ticket_id)
    at = at.astimezone(UTC).replace(microsecond=0)   # as the log will keep it
    route = Event(id="preview-route", ticket_id=ticket_id, at=at, kind="route", payload=payload,
                  seq=max(e.seq for e in log) + 1)
    pack = packs.get_pack(contract.policy)
    return RoutePreview(payload, pack, compute_clocks(pack, contract, [*log, route], at))


def route_ticket(store: Store, ticket_id: str, *, contract_id: str, at: datetime, actor: str,
                 remember: str | None = None, expected_version: int | None = None) -> Event:
    """Route an unrouted ticket to a contract; with `remember`, the contract takes the sender's
    address or domain for future intake."""
    if remember is not None and remember not in REMEMBER:
        raise UserError(f"--remember: {remember!r} is not one of {', '.join(REMEMBER)}")
    with store.transaction():
        payload = route_payload(store, ticket_id, contract_id)
        if remember is not None:
            payload["remember"] = _remember(store, payload["contract"], ticket_id, remember)
        return record(store, ticket_id, "route", payload, at=at, actor=actor,
                      expected_version=expected_version)


def suggestions(store: Store, ticket_id: str) -> list[Suggestion]:
    """Contracts for an unrouted ticket, likeliest first: those the sender's earlier tickets
    went to (most tickets first), then those listing the sender's domain (closest first)."""
    with store.snapshot():
        row = projections.known_ticket(store, ticket_id)
        sender = row["requester"]
        if not sender:
            return []
        known = {c.id: c for c in contracts.all_contracts(store)}
        found = [Suggestion(known[cid], f"{n} earlier ticket{'s' if n > 1 else ''} from {sender}")
                 for cid, n in senders.contracts_of_sender(store, sender) if cid in known]
    domain = sender.rsplit("@", 1)[-1]
    found += [Suggestion(c, f"lists {domain}") for c, _ in candidates(sender, list(known.values()))
              if all(s.contract.id != c.id for s in found)]
    return found


def _remember(store: Store, contract_id: str, ticket_id: str, what: str) -> str:
    """Add the sender's address (or its domain) to the contract; returns what was added."""
    sender = projections.get_ticket(store, ticket_id)["requester"]
    if not sender or "@" not in sender:
        raise UserError(f"--remember: ticket {ticket_id} has no sender address to remember")
    entry = sender.strip().lower() if what == "address" else sender.strip().lower().rsplit("@", 1)[1]
    contract = get_contract(store, contract_id)
    if entry not in contract.domains:
        contracts.set_domains(store, contract_id, [*contract.domains, entry])
    return entry
