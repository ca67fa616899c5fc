"""The breach board's figures: tickets breached and due this shift by vendor x severity and by engineer."""

from datetime import timedelta

from console.services.board import board
from console.services.contracts import add_contract
from console.services.tickets import open_ticket, record

from .conftest import T0


def _ticket(store, contract_id, hours_ago, assignee=None, **kw):
    opened = T0 - timedelta(hours=hours_ago)
    ticket = open_ticket(store, contract_id=contract_id, subject="s", at=opened, **kw)
    if assignee:
        record(store, ticket, "assign", {"assignee": assignee}, at=opened)
    return ticket


def test_counts_by_vendor_severity_and_engineer(store):
    _ticket(store, "pc", 25, "ann")                       # due T0 - 1 h: breached
    _ticket(store, "pc", 20, "ann", severity="sev1")      # due T0 + 4 h: this shift
    _ticket(store, "pc", 2)                               # due T0 + 22 h: open only
    _ticket(store, "p2", 0, severity="p1")                # two clocks due 11:00: one ticket
    _ticket(store, "isp", 20, "bob", severity="high", attributes={"product": "vmmanager"})
    result = board(store, now=T0, shift_hours=8)

    assert result.vendors == ["ispsystem", "pro2col", "procomputers"]   # nothing open at AlmaCare
    figures = {(c.policy, c.severity): (c.open, c.breached, c.due_in_shift) for c in result.cells}
    assert figures[("procomputers", "sev3")] == (2, 1, 0)
    assert figures[("procomputers", "sev1")] == (1, 0, 1)
    assert figures[("pro2col", "p1")] == (1, 0, 1)
    assert figures[("ispsystem", "high")] == (1, 1, 0)
    assert figures[("pro2col", "p5")] == (0, 0, 0)
    assert result.cell("pro2col", 1).colour == "red"

    loads = [(x.engineer, x.open, x.breached, x.due_in_shift) for x in result.loads]
    assert loads == [(None, 2, 0, 1), ("ann", 2, 1, 1), ("bob", 1, 1, 0)]
    assert result.forecast.per_hour[:2] == (0, 2) and len(result.forecast.per_hour) == 8


def test_the_shift_length_decides_what_is_due_this_shift(store):
    _ticket(store, "pc", 20)                               # due T0 + 4 h
    assert board(store, now=T0, shift_hours=3).cell("procomputers", 3).due_in_shift == 0
    assert board(store, now=T0, shift_hours=5).cell("procomputers", 3).due_in_shift == 1


def test_training_gaps_come_with_the_board(store):
    add_contract(store, contract_id="busy", customer="Busy Ltd", policy="pro2col", plan="standard")
    for n in range(11):
        _ticket(store, "busy", 24 * n + 1)
    (flag,) = board(store, now=T0).training_gaps
    assert (flag.customer, flag.tickets) == ("Busy Ltd", 11)


def test_the_next_tickets_come_once_each_soonest_deadline_first(store):
    late = _ticket(store, "pc", 25)                       # due T0 - 1 h
    p1 = _ticket(store, "p2", 0, severity="p1")           # review and vendor escalation at 11:00
    soon = _ticket(store, "pc", 23.5)                     # due T0 + 30 min
    _ticket(store, "pc", 2)                               # due T0 + 22 h: after the shift
    result = board(store, now=T0, shift_hours=8)
    assert [(d.ticket_id, d.metric) for d in result.next_due] == [
        (late, "first_response"), (soon, "first_response"), (p1, "review")]
    assert [d.ticket_id for d in board(store, now=T0, shift_hours=8, next_tickets=2).next_due] == [
        late, soon]
