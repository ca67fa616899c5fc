"""Running due timers: a pack's `timer` metrics (customer timeout) fire their action.

`desk tick` and the console's background worker both call this. Candidates come
from the stored due instants; each one is confirmed by recomputing the ticket's
clocks at `now` (ClockInstance.fired), so a stale row never closes a ticket.

The action event is written at the instant the timer ran out (or, if the ticket
has a later event that left the timer running, at that event), not at the
moment the runner happened to look: the log then says what the terms did, even
when no one ran the console for days. A second run finds the ticket closed and
writes nothing.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from console.domain.clocks import compute_clocks
from console.domain.timeutil import format_instant
from console.services import packs
from console.services.contracts import get_contract
from console.services.tickets import StaleTicket, record
from console.store import due_rows, events, projections
from console.store.database import Store

ACTOR = "timer"


@dataclass(frozen=True)
class Firing:
    """One timer that fired: the event it wrote and the clause that allowed it."""

    ticket_id: str
    metric: str
    instance: int
    action: str
    due_at: datetime
    event_id: str
    reason: str

    def as_json(self) -> dict:
        return {"ticket_id": self.ticket_id, "metric": self.metric, "instance": self.instance,
                "action": self.action, "due_at": format_instant(self.due_at),
                "event_id": self.event_id, "reason": self.reason}


def run_due_timers(store: Store, *, now: datetime) -> list[Firing]:
    """Fire every timer that has run out by `now`; one transaction per ticket."""
    candidates = due_rows.running_due_by(store, "timer", format_instant(now))
    fired = []
    for ticket_id in dict.fromkeys(row["ticket_id"] for row in candidates):
        try:
            firing = _fire(store, ticket_id, now)
        except StaleTicket:
            continue  # changed under us (another runner, an engineer): the next tick looks again
        if firing is not None:
            fired.append(firing)
    return fired


def tick_store_file(path: Path, *, now: datetime) -> list[Firing]:
    """`run_due_timers` on a connection of its own, for a background worker thread.

    A SQLite connection belongs to the thread that opened it, so the console's
    worker opens the store itself rather than borrowing the screen's connection.
    """
    with Store.open(path, create=False) as store:
        return run_due_timers(store, now=now)


def _fire(store: Store, ticket_id: str, now: datetime) -> Firing | None:
    with store.transaction():
        row = projections.get_ticket(store, ticket_id)
        if row is None or not row["is_open"] or not row["contract_id"]:
            return None
        contract = get_contract(store, row["contract_id"])
        pack = packs.get_pack(contract.policy)
        log = events.for_ticket(store, ticket_id)
        due = [c for c in compute_clocks(pack, contract, log, now) if c.fired]
        if not due:
            return None
        clock = min(due, key=lambda c: (c.due_at, c.metric))
        metric = pack.metric(clock.metric)
        known = [e.at for e in log if e.at <= now]
        at = max([clock.due_at, *known])
        event = record(
            store, ticket_id, metric.action,
            {"reason": metric.clause, "metric": metric.id, "instance": clock.instance,
             "due_at": format_instant(clock.due_at)},
            at=at, actor=ACTOR, expected_version=row["version"],
        )
    return Firing(ticket_id, metric.id, clock.instance, metric.action, clock.due_at, event.id,
                  metric.clause)
