"""A ticket's projection: its events folded, its clocks computed, its place in the queue.

The projection is a pure function of the ticket's log (and its contract and pack):
clocks are computed as of the ticket's latest event, never the wall clock, so an
incremental update and a full rebuild store the very same rows.
"""

from collections.abc import Callable
from functools import cache

from console.domain.clocks import compute_clocks
from console.domain.contract import Contract
from console.domain.eligibility import flags
from console.domain.events import Event, effective_events
from console.domain.ticket import Ticket, fold
from console.domain.timeutil import to_epoch
from console.services import packs
from console.store import contracts, events, projections
from console.store.database import Store
from console.store.projections import BUCKET_NONE, BUCKET_PAUSED, BUCKET_RUNNING, Projection


def project(ticket: Ticket, log: list[Event], contract: Contract | None) -> Projection:
    """The folded ticket, with its contract's clocks, flags and severity rank when it has one."""
    if contract is None or not log:
        # No contract, no pack and no clocks; the queue still shows the ticket, flagged.
        return Projection(ticket=ticket, flags=("unrouted",) if log else ())
    pack = packs.get_pack(contract.policy)
    as_of = max(event.at for event in log)
    clocks = tuple(compute_clocks(pack, contract, log, as_of))
    lead, bucket, key = queue_position(clocks)
    severity = pack.severities.get(ticket.severity) if ticket.severity else None
    return Projection(
        ticket=ticket,
        policy=contract.policy,
        plan=contract.plan,
        customer=contract.customer,
        sev_rank=severity.rank if severity else None,
        flags=tuple(flags(pack, contract, ticket)) + _triage(ticket, log),
        policy_version=pack.version,
        clocks=clocks,
        lead=lead,
        sort_bucket=bucket,
        sort_key=key,
    )


def _triage(ticket: Ticket, log: list[Event]) -> tuple[str, ...]:
    """Intake's triage mark (severity not stated) stands until someone reclassifies the ticket."""
    if ticket.attributes.get("triage") and not any(
        e.kind == "reclassify" for e in effective_events(log)
    ):
        return ("triage",)
    return ()


def queue_position(clocks) -> tuple[object | None, int, int]:
    """(lead clock, bucket, sort key): the target clock that decides the queue order.

    A running target clock leads by earliest due instant; failing that a paused one
    by least remaining working time; a ticket with neither sorts after both (but
    before the tickets with no contract, whose projection keeps the default key).
    """
    targets = [c for c in clocks if c.kind == "target"]
    running = [c for c in targets if c.state == "running" and c.due_at is not None]
    if running:
        lead = min(running, key=lambda c: (c.due_at, c.metric, c.instance))
        return lead, BUCKET_RUNNING, to_epoch(lead.due_at)
    paused = [c for c in targets if c.state == "paused" and c.remaining_seconds is not None]
    if paused:
        lead = min(paused, key=lambda c: (c.remaining_seconds, c.metric, c.instance))
        return lead, BUCKET_PAUSED, lead.remaining_seconds
    return None, BUCKET_NONE, 0


def refresh(store: Store, ticket_id: str) -> Projection:
    """Recompute one ticket's projection from its stored log and write it (inside a transaction)."""
    projection = project_log(ticket_id, events.for_ticket(store, ticket_id), contract_reader(store))
    projections.write(store, projection)
    return projection


def project_log(ticket_id: str, log: list[Event],
                contract_of: Callable[[str | None], Contract | None]) -> Projection:
    """The projection of a ticket's whole log, its contract found through `contract_of`."""
    ticket = fold(ticket_id, log)
    return project(ticket, log, contract_of(ticket.contract_id))


def contract_reader(store: Store) -> Callable[[str | None], Contract | None]:
    """Contracts by id, each read once: whole-store work folds thousands of tickets per contract
    (contracts are never changed in place, so what was read stays true)."""

    @cache
    def contract_of(contract_id: str | None) -> Contract | None:
        return contracts.get(store, contract_id) if contract_id else None

    return contract_of
