"""The training-gap signal: more tickets than the threshold in the window flags the customer."""

from datetime import timedelta

import pytest

from console.errors import UserError
from console.services.contracts import add_contract
from console.services.tickets import open_ticket
from console.services.training_gap import training_gaps

from .conftest import T0


def _tickets(store, contract_id, count, *, days_ago=1):
    for n in range(count):
        open_ticket(store, contract_id=contract_id, subject=f"how do I {n}?",
                    at=T0 - timedelta(days=days_ago, minutes=n))


def test_more_than_ten_in_thirty_days_flags_a_pro2col_customer(store):
    add_contract(store, contract_id="busy", customer="Busy Ltd", policy="pro2col", plan="standard")
    _tickets(store, "p2", 10)                 # at the threshold: not flagged
    _tickets(store, "busy", 8)
    _tickets(store, "busy", 3, days_ago=29)   # 11 within 30 days
    _tickets(store, "busy", 5, days_ago=31)   # too old to count
    _tickets(store, "pc", 40)                 # ProComputers has no such terms
    (flag,) = training_gaps(store, now=T0)
    assert (flag.contract_id, flag.customer, flag.tickets, flag.threshold, flag.days) == (
        "busy", "Busy Ltd", 11, 10, 30)
    assert flag.clause.startswith("Pro2col Support Call Procedure 4")


def test_a_contract_sets_its_own_threshold(store):
    add_contract(store, contract_id="big", customer="Big plc", policy="pro2col", plan="standard",
                 options={"training_gap_tickets": 20})
    add_contract(store, contract_id="strict", customer="Strict", policy="pro2col", plan="standard",
                 options={"training_gap_tickets": 2, "training_gap_days": 3})
    _tickets(store, "big", 15)
    _tickets(store, "strict", 2, days_ago=1)
    _tickets(store, "strict", 4, days_ago=5)  # outside its 3-day window
    assert training_gaps(store, now=T0) == []
    _tickets(store, "strict", 1, days_ago=2)
    assert [f.contract_id for f in training_gaps(store, now=T0)] == ["strict"]


def test_a_bad_override_names_the_contract_and_option(store):
    add_contract(store, contract_id="odd", customer="Odd", policy="pro2col", plan="standard",
                 options={"training_gap_days": 0})
    with pytest.raises(UserError, match="contract 'odd': training_gap_days: 0"):
        training_gaps(store, now=T0)
