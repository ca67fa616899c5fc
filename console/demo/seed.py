"""The demo desk: contracts and tickets that look like a working day, seeded relative to `now`.

Every ticket is written through the services (`tickets.open_ticket`, then
`tickets.record_many` for runs of events and the actions of
console/services/actions.py for the rest), so projections and clocks are the
real ones, and the mail comes from console/demo/material.py. One seeded random source makes
every choice: the same seed and `now` give the same desk, ticket for ticket.
console/demo/plan.py makes the plans (the stories), console/demo/write.py writes them.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.demo import material
from console.demo.plan import Planner
from console.demo.write import Writer
from console.domain.contract import Contract
from console.services import contracts, outbox
from console.store import events
from console.store.database import Store

BATCH = 500          # tickets per write transaction


@dataclass(frozen=True)
class Seeded:
    tickets: int     # tickets written, split children included
    events: int      # events in the store


def is_empty(store: Store) -> bool:
    """No events and no contracts: nothing a demo would overwrite."""
    return events.count(store) == 0 and not contracts.list_contracts(store)


def seed(
    store: Store,
    *,
    now: datetime,
    me: str,
    tickets_wanted: int,
    seed_value: int,
    progress: Callable[[int, int], None] | None = None,
) -> Seeded:
    """Write the demo's contracts and `tickets_wanted` opening mails with their histories.

    `me` is the engineer running the console: some tickets are assigned to them.
    Writes go in transactions of BATCH tickets; `progress(done, total)` is called
    after each.
    """
    if tickets_wanted < 0:
        raise ValueError("tickets_wanted must not be negative")
    rng = random.Random(seed_value)
    added = _add_contracts(store, now)
    planner = Planner(rng, now, me, added)
    plans = sorted(planner.plans(tickets_wanted), key=lambda p: (p.opened_at, p.index))
    writer = Writer(store, me)
    done = 0
    for chunk in _chunks(plans, BATCH):
        with store.transaction():
            for plan in chunk:
                writer.write(plan)
            outbox.assume_delivered(store)   # the story's replies were sent when written
        done += len(chunk)
        if progress:
            progress(done, len(plans))
    return Seeded(tickets=len(events.ticket_ids(store)), events=events.count(store))


# ---------------------------------------------------------------- contracts


def _add_contracts(store: Store, now: datetime) -> dict[str, Contract]:
    added = {}
    with store.transaction():
        for spec in material.CONTRACTS:
            options = dict(spec.options)
            for key, days in spec.days_ago_options.items():
                options[key] = (now - timedelta(days=days)).date().isoformat()
            added[spec.id] = contracts.add_contract(
                store, contract_id=spec.id, customer=spec.customer, policy=spec.policy,
                plan=spec.plan, options=options, domains=spec.domains,
            )
    return added


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
