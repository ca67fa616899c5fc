"""Eligibility and required-information checks: the pack's `checks`, judged on a ticket.

Findings become visible flags on the ticket (never silent drops): a support
engineer decides what to do with a ticket from a sender who is not a Technical
Lead, or one that arrived after the service term ended. What each kind of check
tests is in domain/checks.py; this puts a ticket and its contract before them.
"""

from console.domain.checks import Finding, TicketFacts, judge
from console.domain.contract import Contract
from console.domain.policy import Pack
from console.domain.ticket import Ticket


def evaluate_checks(pack: Pack, contract: Contract | None, ticket: Ticket) -> list[Finding]:
    facts = TicketFacts(
        attributes=ticket.attributes,
        requester=ticket.requester,
        opened_at=ticket.opened_at,
        plan=contract.plan if contract is not None else None,
        options=contract.options if contract is not None else {},
        missing_info=tuple(f.id for f in pack.missing_info(ticket.attributes)),
    )
    return [f for c in pack.checks if (f := judge(c, facts)) is not None]


def flags(pack: Pack, contract: Contract | None, ticket: Ticket) -> list[str]:
    """Short, visible flags for a ticket: missing information and eligibility problems."""
    return [finding.flag for finding in evaluate_checks(pack, contract, ticket)]
