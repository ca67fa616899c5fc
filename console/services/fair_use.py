"""A contract's fair-use ledger, read from its tickets' logs (see console/domain/fair_use.py)."""

from datetime import datetime

from console.domain.contract import Contract
from console.domain.fair_use import FairUseError, Ledger, counted_worklogs, ledger
from console.domain.timeutil import format_instant
from console.errors import UserError
from console.services import packs
from console.services.contracts import get_contract
from console.store import contract_tickets, contracts, events
from console.store.database import Store


def contract_ledger(store: Store, contract_id: str, *, now: datetime) -> Ledger | None:
    """The contract year holding `now`; None when the contract's pack has no fair-use terms."""
    with store.snapshot():
        contract = get_contract(store, contract_id)
        terms = packs.get_pack(contract.policy).fair_use
        if terms is None:
            return None
        worklogs = []
        for ticket_id in contract_tickets.ticket_ids_of(store, contract_id):
            worklogs += counted_worklogs(ticket_id, events.for_ticket(store, ticket_id), terms)
    try:
        return ledger(terms, contract.options, worklogs, now)
    except FairUseError as exc:
        raise UserError(f"contract {contract_id!r}: {exc}") from None


def contract_ledgers(store: Store, *, now: datetime) -> list[tuple[Contract, Ledger]]:
    """Every contract under fair-use terms with its ledger, the lowest allowance left first."""
    found = []
    with store.snapshot():
        for contract in contracts.all_contracts(store):
            if packs.get_pack(contract.policy).fair_use is not None:
                found.append((contract, contract_ledger(store, contract.id, now=now)))
    return sorted(found, key=lambda pair: (pair[1].remaining_minutes, pair[0].id))


def ledger_lines(book: Ledger) -> list[str]:
    """The ledger as a few lines of text, the warning first when the minutes run low."""
    lines = []
    if book.running_low:
        lines.append(f"WARNING: {book.remaining_minutes} of {book.allocation_minutes} "
                     "out-of-hours minutes left this contract year")
    period = f"{format_instant(book.year_start)} .. {format_instant(book.year_end)}"
    used = (f"used {book.used_minutes} of {book.allocation_minutes} min ({book.allowance_minutes} "
            f"allowance + {book.prepaid_minutes} prepaid), {book.remaining_minutes} left")
    plural = "s" if book.billable_blocks != 1 else ""
    billed = (f"over by {book.over_minutes} min: {book.billable_blocks} billable "
              f"{book.block_minutes}-minute block{plural}")
    lines += [f"fair use  {period} ({book.clause})", f"          {used}", f"          {billed}"]
    return lines


def ledger_json(book: Ledger) -> dict:
    return {"year_start": format_instant(book.year_start), "year_end": format_instant(book.year_end),
            "allowance_minutes": book.allowance_minutes, "prepaid_minutes": book.prepaid_minutes,
            "used_minutes": book.used_minutes, "remaining_minutes": book.remaining_minutes,
            "over_minutes": book.over_minutes, "billable_blocks": book.billable_blocks,
            "block_minutes": book.block_minutes, "running_low": book.running_low,
            "clause": book.clause}
