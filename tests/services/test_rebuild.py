"""A rebuild from the log stores exactly the rows the incremental writes stored."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.errors import UserError
from console.services.tickets import open_ticket, rebuild, record, record_many
from console.store import Store, events, projections
from console.store.database import BUSY_TIMEOUT_MS
from tests.bench.bulk_store import log_store
from tests.conftest import add_contracts, table

from .conftest import CONTRACTS, T0, at

PROJECTIONS = ("tickets", "clocks")


def _projection_rows(store):
    return {name: table(store, name) for name in PROJECTIONS}


def _assert_rebuild_is_identical(store):
    incremental = _projection_rows(store)
    assert incremental["tickets"], "the scenario must have written something"
    rebuild(store, batch=1)   # every ticket a batch of its own: each boundary is crossed
    assert _projection_rows(store) == incremental
    rebuild(store)
    assert _projection_rows(store) == incremental


def test_rebuild_of_a_worked_day_is_identical(store):
    a = open_ticket(store, contract_id="pc", subject="image boot loop", severity="sev2", at=T0)
    b = open_ticket(store, contract_id="p2", subject="transfer fails", impact="high", urgency="medium", at=at(1))
    c = open_ticket(store, contract_id="isp", subject="billing down", severity="high",
                    attributes={"product": "billmanager"}, at=at(2))
    d = open_ticket(store, contract_id="alma", subject="kernel panic", severity="sev2", at=at(3))
    e = open_ticket(store, contract_id=None, subject="unknown sender", at=at(4))
    record(store, a, "request_info", {"note": "which region?"}, at=at(30))
    record(store, a, "customer_reply", {"attributes": {"region": "eu-west-1"}}, at=at(90))
    record(store, b, "assign", {"assignee": "dan"}, at=at(10))
    record(store, b, "request_info", {}, at=at(20))
    record(store, c, "respond", {}, at=at(40))
    record(store, c, "customer_reply", {}, at=at(200))
    record(store, c, "require_dev", {}, at=at(300))
    record(store, d, "respond", {}, at=at(50))
    record(store, d, "update_sent", {}, at=at(600))
    record(store, d, "resolve", {}, at=at(700))
    undone = record(store, b, "escalate", {"tier": "l2"}, at=at(25))
    record(store, b, "undo", {"undoes": undone.id}, at=at(26))
    record(store, e, "note", {"note": "asked sales"}, at=at(5))
    _assert_rebuild_is_identical(store)


def test_rebuild_of_an_empty_store(tmp_path):
    with Store.open(tmp_path / "desk.db") as store:
        assert rebuild(store) == 0
        assert _projection_rows(store) == {"tickets": [], "clocks": []}


_STEP = st.tuples(
    st.sampled_from(["respond", "request_info", "customer_reply", "note", "assign", "reclassify",
                     "escalate", "update_sent", "resolve", "reopen", "close", "worklog",
                     "forward_team", "require_dev", "undo"]),
    st.integers(min_value=0, max_value=3 * 24 * 60),  # minutes after the ticket's opening
)
_SEVERITY = {"pc": "sev1", "p2": "p2", "isp": "emergency", "alma": "sev1"}
_TIER = {"pc": "l2", "p2": "vendor", "isp": "l2", "alma": "l3"}


def _payload(kind, contract_id, log):
    if kind == "reclassify":
        return {"severity": _SEVERITY[contract_id]}
    if kind == "escalate":
        return {"tier": _TIER[contract_id]}
    if kind == "assign":
        return {"assignee": "erin"}
    if kind == "worklog":
        return {"minutes": 30, "out_of_hours": True}
    if kind == "undo":
        return {"undoes": log[-1]} if log else None
    return {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tickets=st.lists(
        st.tuples(st.sampled_from(["pc", "p2", "isp", "alma"]), st.lists(_STEP, max_size=12)),
        min_size=1, max_size=4,
    )
)
def test_rebuild_equals_incremental_for_any_history(tickets):
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "desk.db") as store:
        add_contracts(store, CONTRACTS)
        for number, (contract_id, steps) in enumerate(tickets):
            opened = at(number * 7)
            ticket = open_ticket(store, contract_id=contract_id, subject="s", at=opened)
            log: list[str] = []
            for kind, minutes in steps:
                payload = _payload(kind, contract_id, log)
                if payload is None:
                    continue
                try:
                    event = record(store, ticket, kind, payload, at=at(number * 7 + minutes))
                except UserError:
                    continue  # e.g. undoing an undo: refused, nothing written
                log.append(event.id)
        _assert_rebuild_is_identical(store)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tickets=st.lists(
        st.tuples(st.sampled_from(["pc", "p2", "isp", "alma"]),
                  st.lists(_STEP.filter(lambda step: step[0] != "undo"), max_size=12),
                  st.lists(st.integers(min_value=1, max_value=4), min_size=12, max_size=12)),
        min_size=1, max_size=3,
    )
)
def test_recording_in_runs_stores_what_recording_one_by_one_stores(tickets):
    """record_many refreshes the projection once per run: the rows are those of one event at a
    time, and a rebuild gives them again."""
    with tempfile.TemporaryDirectory() as folder, \
            Store.open(Path(folder) / "one.db") as one, Store.open(Path(folder) / "runs.db") as runs:
        for store in (one, runs):
            add_contracts(store, CONTRACTS)
        for number, (contract_id, steps, run_lengths) in enumerate(tickets):
            opened = at(number * 7)
            ticket = open_ticket(one, contract_id=contract_id, subject="s", at=opened)
            assert open_ticket(runs, contract_id=contract_id, subject="s", at=opened) == ticket
            accepted = []
            for kind, minutes in steps:
                new = (kind, _payload(kind, contract_id, []), at(number * 7 + minutes), "erin")
                try:
                    record(one, ticket, new[0], new[1], at=new[2], actor=new[3])
                except UserError:
                    continue  # refused one at a time: not part of the history
                accepted.append(new)
            for length in run_lengths:
                run, accepted = accepted[:length], accepted[length:]
                record_many(runs, ticket, run)
            # the same log, follow-ups (an ISPsystem resolve's purge) included
            assert [(e.kind, e.payload) for e in events.for_ticket(runs, ticket)] \
                == [(e.kind, e.payload) for e in events.for_ticket(one, ticket)]
        assert _projection_rows(runs) == _projection_rows(one)
        _assert_rebuild_is_identical(runs)


def _worked_store(store, count):
    ids = [open_ticket(store, contract_id=("pc", "p2", "isp", "alma")[n % 4], subject=f"s{n}",
                       severity=("sev2", "p2", "high", "sev2")[n % 4],
                       attributes={"product": "billmanager"} if n % 4 == 2 else None, at=at(n))
           for n in range(count)]
    for n, ticket in enumerate(ids):
        record(store, ticket, ("respond", "request_info", "note", "resolve")[n % 4],
               {"note": "n"} if n % 4 == 2 else {}, at=at(n + 30))
    return ids


def test_rows_with_no_log_are_dropped_as_a_full_rebuild_would(store):
    _worked_store(store, 3)
    incremental = _projection_rows(store)
    columns = [c[1] for c in store.conn.execute("PRAGMA table_info(tickets)") if c[1] != "id"]
    for stray in ("T-0999", "T-1002a", "T-9999"):   # before, inside and after the logged ids
        store.conn.execute(f"INSERT INTO tickets (id, {', '.join(columns)}) "
                           f"SELECT ?, {', '.join(columns)} FROM tickets WHERE id = 'T-1001'", [stray])
    assert rebuild(store, batch=2) == 3
    assert _projection_rows(store) == incremental


def test_a_rebuild_cut_short_leaves_a_consistent_store_that_a_rerun_completes(store, monkeypatch):
    ids = _worked_store(store, 7)
    incremental = _projection_rows(store)
    store.conn.execute("UPDATE tickets SET subject = 'stale', sort_key = -1")  # what a rebuild repairs
    store.conn.execute("UPDATE clocks SET due_at = NULL")
    real = projections.replace_range
    calls = []

    def crash_on_the_third_batch(*args):
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(*args)

    monkeypatch.setattr(projections, "replace_range", crash_on_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        rebuild(store, batch=2)
    monkeypatch.setattr(projections, "replace_range", real)
    rows = {row["id"]: row for row in _projection_rows(store)["tickets"]}
    done = [t for t in ids if rows[t]["subject"] != "stale"]
    assert done == ids[:4]            # two whole batches, then nothing of the third
    def clocks_of(rows, tickets):
        return [c for c in rows["clocks"] if c["ticket_id"] in tickets]

    assert clocks_of(_projection_rows(store), done) == clocks_of(incremental, done)
    assert all(c["due_at"] is None for c in clocks_of(_projection_rows(store), ids[4:]))
    assert rebuild(store, batch=2) == 7
    assert _projection_rows(store) == incremental


def test_a_writer_gets_through_while_a_20000_ticket_store_is_rebuilt(tmp_path):
    """`desk rebuild` in another process, writes here meanwhile: each one waits at most a
    moment, far inside the busy timeout, and the rebuilt store is what the writes made it."""
    path = log_store(20_000, T0, path=tmp_path / "big.db")
    rebuilding = subprocess.Popen([sys.executable, "-m", "console.cli", "--db", str(path), "rebuild"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waits, written = [], []
    with Store.open(path) as store:
        while rebuilding.poll() is None:
            started = time.monotonic()
            ticket = open_ticket(store, contract_id="procomputers-03", subject="meanwhile", at=T0)
            record(store, ticket, "respond", {}, at=at(1))
            if rebuilding.poll() is None:
                waits.append(time.monotonic() - started)
            written.append(ticket)
            time.sleep(0.05)
        out, err = rebuilding.communicate()
        assert rebuilding.returncode == 0, err
        assert len(waits) >= 5, "the writes must have overlapped the rebuild"
        assert max(waits) < BUSY_TIMEOUT_MS / 1000 / 2
        # tickets opened meanwhile are counted when their id range comes after their opening
        rebuilt = int(out.split("rebuilt ")[1].split()[0])
        assert 20_000 <= rebuilt <= 20_000 + len(written)
        incremental = _projection_rows(store)
        assert len(incremental["tickets"]) == 20_000 + len(written)
        assert {row["id"]: row["version"] for row in incremental["tickets"] if row["id"] in written} \
            == dict.fromkeys(written, 2)
        rebuild(store)
        assert _projection_rows(store) == incremental
