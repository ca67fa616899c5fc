"""An event and its projection commit together: a failure half-way leaves neither."""

import pytest

from console.services.tickets import open_ticket, record, record_many
from console.store import projections
from tests.conftest import table

from .conftest import T0, at


class Boom(RuntimeError):
    pass


def _fail(*args, **kwargs):
    raise Boom("projection writer failed")


def _snapshot(store):
    return {name: table(store, name) for name in ("events", "tickets", "clocks", "counters")}


def test_a_failed_projection_undoes_the_appended_event(store, monkeypatch):
    ticket = open_ticket(store, contract_id="pc", subject="s", at=T0)
    before = _snapshot(store)
    monkeypatch.setattr(projections, "write", _fail)
    with pytest.raises(Boom):
        record(store, ticket, "respond", {}, at=at(5))
    assert _snapshot(store) == before
    assert not store.conn.in_transaction


def test_a_failed_open_leaves_no_event_no_ticket_and_no_used_id(store, monkeypatch):
    before = _snapshot(store)
    monkeypatch.setattr(projections, "write", _fail)
    with pytest.raises(Boom):
        open_ticket(store, contract_id="pc", subject="s", at=T0)
    assert _snapshot(store) == before
    monkeypatch.undo()
    assert open_ticket(store, contract_id="pc", subject="s", at=T0) == "T-1001"


def test_a_failure_after_the_ticket_row_is_written_rolls_it_back_too(store, monkeypatch):
    """Fail inside the writer, after the ticket row and before the clock rows."""
    ticket = open_ticket(store, contract_id="pc", subject="s", at=T0)
    before = _snapshot(store)
    real_clock_row = projections.clock_row
    monkeypatch.setattr(projections, "clock_row", _fail)
    with pytest.raises(Boom):
        record(store, ticket, "reclassify", {"severity": "sev1"}, at=at(5))
    assert _snapshot(store) == before
    monkeypatch.setattr(projections, "clock_row", real_clock_row)
    record(store, ticket, "reclassify", {"severity": "sev1"}, at=at(5))
    assert projections.get_ticket(store, ticket)["severity"] == "sev1"


def test_a_failed_projection_undoes_every_event_of_a_run(store, monkeypatch):
    ticket = open_ticket(store, contract_id="pc", subject="s", at=T0)
    before = _snapshot(store)
    monkeypatch.setattr(projections, "write", _fail)
    with pytest.raises(Boom):
        record_many(store, ticket, [("assign", {"assignee": "dan"}, at(1), "dan"),
                                    ("respond", {}, at(2), "dan")])
    assert _snapshot(store) == before
    assert not store.conn.in_transaction
