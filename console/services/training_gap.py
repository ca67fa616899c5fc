"""Customers whose ticket rate suggests a training gap, for the breach board and the CLI."""

from dataclasses import dataclass
from datetime import datetime

from console.domain.timeutil import format_instant
from console.domain.training_gap import TrainingGapError, threshold
from console.errors import UserError
from console.services import packs
from console.store import contract_tickets, contracts
from console.store.database import Store


@dataclass(frozen=True)
class TrainingGapFlag:
    contract_id: str
    customer: str
    policy: str
    tickets: int        # opened in the window
    threshold: int      # flagged above this
    days: int
    clause: str


def training_gaps(store: Store, *, now: datetime) -> list[TrainingGapFlag]:
    """Contracts over their pack's (or their own) threshold, busiest first."""
    flags = []
    with store.snapshot():
        for contract in contracts.all_contracts(store):
            terms = packs.get_pack(contract.policy).training_gap
            if terms is None:
                continue
            try:
                limit = threshold(terms, contract.options)
            except TrainingGapError as exc:
                raise UserError(f"contract {contract.id!r}: {exc}") from None
            start, end = (format_instant(t) for t in limit.window(now))
            count = contract_tickets.opened_between(store, contract.id, start, end)
            if limit.exceeded_by(count):
                flags.append(TrainingGapFlag(contract.id, contract.customer, contract.policy, count,
                                             limit.tickets, limit.days, limit.clause))
    return sorted(flags, key=lambda f: (-f.tickets, f.contract_id))
