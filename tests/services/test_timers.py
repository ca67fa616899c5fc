"""Due timers: customer-timeout auto-close, written once, at the instant the terms give."""

import json
from datetime import timedelta

from console.cli import main
from console.services.tickets import open_ticket, record
from console.services.timers import run_due_timers, tick_store_file
from console.store import events, projections

from .conftest import T0, at

WEEK = timedelta(days=7)


def _open(store, contract_id, **kw):
    return open_ticket(store, contract_id=contract_id, subject="Help", at=T0, **kw)


def test_an_unanswered_ispsystem_ticket_closes_seven_days_after_our_reply(store):
    ticket = _open(store, "isp", severity="high")
    record(store, ticket, "respond", {}, at=at(60))
    assert run_due_timers(store, now=at(60) + WEEK - timedelta(seconds=1)) == []

    (firing,) = run_due_timers(store, now=at(60) + WEEK + timedelta(hours=5))
    assert (firing.ticket_id, firing.metric, firing.action) == (ticket, "customer_timeout", "close")
    last = events.for_ticket(store, ticket)[-1]
    assert last.kind == "close" and last.actor == "timer" and last.id == firing.event_id
    assert last.at == at(60) + WEEK  # when the terms closed it, not when the runner looked
    assert last.payload["reason"] == "ISPsystem T&C 3.6"
    assert last.payload["metric"] == "customer_timeout"
    assert projections.get_ticket(store, ticket)["status"] == "closed"


def test_a_second_run_writes_nothing(store):
    ticket = _open(store, "alma", severity="sev2")
    record(store, ticket, "request_info", {}, at=at(10))
    later = at(10) + WEEK * 2
    assert len(run_due_timers(store, now=later)) == 1
    before = events.count(store)
    assert run_due_timers(store, now=later) == []
    assert run_due_timers(store, now=later + WEEK) == []
    assert events.count(store) == before


def test_a_customer_reply_in_time_stops_the_timer(store):
    ticket = _open(store, "alma", severity="sev3")
    record(store, ticket, "request_info", {}, at=at(10))
    record(store, ticket, "customer_reply", {}, at=at(10) + WEEK - timedelta(minutes=1))
    assert run_due_timers(store, now=at(10) + WEEK * 3) == []
    assert projections.get_ticket(store, ticket)["is_open"]


def test_a_later_event_that_leaves_the_timer_running_dates_the_close(store):
    ticket = _open(store, "isp", severity="low")
    record(store, ticket, "request_info", {}, at=at(0))
    note_at = at(0) + WEEK + timedelta(hours=2)
    record(store, ticket, "note", {"note": "chased by phone"}, at=note_at)
    (firing,) = run_due_timers(store, now=note_at + timedelta(hours=1))
    assert firing.due_at == at(0) + WEEK
    assert events.for_ticket(store, ticket)[-1].at == note_at


def test_only_tickets_with_a_timer_are_touched(store):
    quiet = [_open(store, "p2", severity="p1"), _open(store, "pc", severity="sev1")]
    waiting = _open(store, "isp", severity="medium")
    record(store, waiting, "respond", {}, at=at(5))
    fired = run_due_timers(store, now=at(5) + WEEK)
    assert [f.ticket_id for f in fired] == [waiting]
    assert all(events.count(store, t) == 1 for t in quiet)


def test_the_background_entry_opens_its_own_connection(store):
    ticket = _open(store, "isp", severity="medium")
    record(store, ticket, "respond", {}, at=at(5))
    fired = tick_store_file(store.path, now=at(5) + WEEK)
    assert [f.ticket_id for f in fired] == [ticket]
    assert projections.get_ticket(store, ticket)["status"] == "closed"


def test_desk_tick_prints_what_fired_and_is_idempotent(store, capsys):
    ticket = _open(store, "isp", severity="medium")
    record(store, ticket, "respond", {}, at=at(5))
    now = (at(5) + WEEK + timedelta(minutes=1)).isoformat()
    capsys.readouterr()
    assert main(["--db", str(store.path), "--now", now, "tick"]) == 0
    out = capsys.readouterr().out
    assert f"{ticket}" in out and "close by customer_timeout#1" in out and "1 timer fired" in out
    assert main(["--db", str(store.path), "--now", now, "tick", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
