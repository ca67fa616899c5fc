"""Ticket writes: opening, recording, validation against the pack, stale versions."""

import pytest

from console.errors import UserError
from console.services.tickets import StaleTicket, open_ticket, record, record_many
from console.store import events, projections
from tests.conftest import table

from .conftest import T0, at


def _open(store, contract_id="pc", **kw):
    return open_ticket(store, contract_id=contract_id, subject="It is broken", at=kw.pop("at", T0), **kw)


def test_open_gives_short_ids_and_a_projection(store):
    first, second = _open(store), _open(store, "p2", impact="high", urgency="high")
    assert (first, second) == ("T-1001", "T-1002")
    row = projections.get_ticket(store, first)
    assert row["severity"] == "sev3"  # the pack's default
    assert row["customer"] == "ProCo customer" and row["policy"] == "procomputers"
    assert row["version"] == 1 and row["status"] == "new" and row["is_open"]
    assert row["lead_metric"] == "first_response" and row["lead_due_at"] == "2026-03-03T10:00:00Z"
    assert [c["metric"] for c in projections.clocks_of(store, first)] == ["first_response"]


def test_impact_and_urgency_derive_the_severity_into_the_event(store):
    ticket = _open(store, "p2", impact="High", urgency="medium")
    (opened,) = events.for_ticket(store, ticket)
    assert opened.payload["severity"] == "p2"
    assert (opened.payload["impact"], opened.payload["urgency"]) == ("high", "medium")
    assert projections.get_ticket(store, ticket)["severity"] == "p2"


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"contract_id": "nope"}, "unknown contract 'nope'"),
        ({"severity": "sev9"}, "'sev9' is not a severity of procomputers"),
        ({"impact": "high", "urgency": "high"}, "no impact x urgency matrix"),
        ({"contract_id": "p2", "impact": "high"}, "urgency: None is not one of"),
        ({"contract_id": "p2", "impact": "huge", "urgency": "high"}, "impact: 'huge' is not one of"),
        ({"contract_id": "p2", "severity": "p3", "impact": "high", "urgency": "high"}, "contradicts"),
        ({"contract_id": None, "severity": "sev1"}, "no contract"),
        ({"subject": "  "}, "subject"),
    ],
)
def test_bad_opens_are_refused_and_write_nothing(store, kwargs, words):
    kwargs = {"contract_id": "pc", "subject": "It is broken", **kwargs}
    with pytest.raises(UserError, match=words):
        open_ticket(store, at=T0, **kwargs)
    assert table(store, "events") == [] and table(store, "tickets") == []


def test_an_unrouted_ticket_has_no_clocks_and_sorts_last(store):
    routed, unrouted = _open(store), open_ticket(store, contract_id=None, subject="Who am I?", at=T0)
    row = projections.get_ticket(store, unrouted)
    assert row["contract_id"] is None and row["sort_bucket"] == 2
    assert projections.clocks_of(store, unrouted) == []
    assert [r["id"] for r in projections.open_queue(store)] == [routed, unrouted]


def test_record_returns_the_stored_event_and_bumps_the_version(store):
    ticket = _open(store)
    event = record(store, ticket, "respond", {"note": "on it"}, at=at(30), actor="alice")
    assert event.seq > 0 and event.actor == "alice"
    assert events.for_ticket(store, ticket)[-1] == event
    row = projections.get_ticket(store, ticket)
    assert row["version"] == 2 and row["status"] == "open"
    (clock,) = projections.clocks_of(store, ticket)
    assert clock["state"] == "met" and clock["met_at"] == "2026-03-02T10:30:00Z"


def test_instants_are_kept_to_the_second(store):
    ticket = _open(store, at=T0.replace(microsecond=654321))
    assert events.for_ticket(store, ticket)[0].at == T0


@pytest.mark.parametrize(
    "contract_id, kind, payload, words",
    [
        ("pc", "bogus", {}, "unknown event kind 'bogus'"),
        ("pc", "open", {}, "starts a ticket"),
        ("pc", "escalate", {"tier": "vendor"}, "not on the procomputers ladder"),
        ("pc", "escalate", {}, "escalate needs 'tier'"),
        ("pc", "reject", {}, "reject needs 'reason'"),
        ("pc", "merge", {}, "merge needs 'duplicate_of'"),
        ("pc", "split", {}, "split needs 'children'"),
        ("pc", "forward_team", {}, "procomputers has no tier reached by forward_team"),
        ("isp", "escalate", {"tier": "team"}, "'team' is reached by forward_team, not escalate"),
        ("isp", "forward_team", {"tier": "l2"}, "forward_team reaches 'team', not 'l2'"),
        ("pc", "reject", {"reason": "bored"}, "not a reject reason of procomputers"),
        ("pc", "reclassify", {"reason": "why not"}, "severity: missing"),
        ("pc", "reclassify", {"severity": "p1"}, "not a severity of procomputers"),
        ("p2", "reclassify", {"impact": "low"}, "urgency: None"),
        ("pc", "worklog", {"minutes": 0}, "positive whole number"),
        ("pc", "merge", {"duplicate_of": "T-9999"}, "not another known ticket"),
        ("pc", "undo", {"undoes": "no-such-event"}, "not an event of"),
        (None, "escalate", {"tier": "l2"}, "has no contract yet: escalate needs its pack"),
    ],
)
def test_bad_events_are_refused_and_write_nothing(store, contract_id, kind, payload, words):
    ticket = open_ticket(store, contract_id=contract_id, subject="s", at=T0)
    before = (table(store, "events"), table(store, "tickets"), table(store, "clocks"))
    with pytest.raises(UserError, match=words):
        record(store, ticket, kind, payload, at=at(5))
    assert (table(store, "events"), table(store, "tickets"), table(store, "clocks")) == before


def test_unknown_ticket(store):
    with pytest.raises(UserError, match="unknown ticket 'T-42'"):
        record(store, "T-42", "note", {}, at=T0)


def test_reclassify_by_impact_and_urgency_stores_the_derived_priority(store):
    ticket = _open(store, "p2", impact="low", urgency="low")
    event = record(store, ticket, "reclassify", {"impact": "high", "urgency": "high", "reason": "outage"},
                   at=at(10))
    assert event.payload == {"impact": "high", "urgency": "high", "severity": "p1", "reason": "outage"}
    assert projections.get_ticket(store, ticket)["severity"] == "p1"


def test_pack_checked_fields_are_accepted(store):
    ticket = _open(store, "p2", impact="high", urgency="high")
    record(store, ticket, "escalate", {"tier": "vendor", "note": "needs the vendor"}, at=at(5))
    record(store, ticket, "worklog", {"minutes": 45, "out_of_hours": True}, at=at(6))
    other = _open(store, "p2")
    record(store, other, "merge", {"duplicate_of": ticket}, at=at(7))
    row = projections.get_ticket(store, ticket)
    assert row["tier"] == "vendor" and row["out_of_hours_minutes"] == 45
    assert projections.get_ticket(store, other)["status"] == "merged"


def test_undo_compensates_and_cannot_be_repeated(store):
    ticket = _open(store)
    assigned = record(store, ticket, "assign", {"assignee": "bob"}, at=at(1))
    record(store, ticket, "undo", {"undoes": assigned.id}, at=at(2))
    row = projections.get_ticket(store, ticket)
    assert row["assignee"] is None and row["version"] == 3
    with pytest.raises(UserError, match="already undone"):
        record(store, ticket, "undo", {"undoes": assigned.id}, at=at(3))


def test_a_stale_version_is_refused_and_says_what_changed(store):
    ticket = _open(store)
    record(store, ticket, "note", {"note": "first"}, at=at(1), expected_version=1)
    record(store, ticket, "assign", {"assignee": "carol"}, at=at(2), actor="carol")
    with pytest.raises(StaleTicket) as caught:
        record(store, ticket, "respond", {}, at=at(3), expected_version=2)
    message = str(caught.value)
    assert ticket in message and "version 2" in message and "version 3" in message
    assert "assign by carol" in message
    assert isinstance(caught.value, UserError)
    assert projections.get_ticket(store, ticket)["version"] == 3
    assert events.count(store, ticket) == 3


def test_record_many_writes_the_events_in_order_and_projects_once(store, monkeypatch):
    from console.services import tickets

    ticket = _open(store, "p2", impact="high", urgency="high")
    refreshed = []
    real_refresh = tickets.refresh
    monkeypatch.setattr(tickets, "refresh", lambda s, t: refreshed.append(t) or real_refresh(s, t))
    written = record_many(store, ticket, [
        ("assign", {"assignee": "dan"}, at(1), "dan"),
        ("respond", {"note": "on it"}, at(2), "dan"),
        ("escalate", {"tier": "vendor"}, at(3), "dan"),
    ], expected_version=1)
    assert [e.kind for e in written] == ["assign", "respond", "escalate"]
    assert events.for_ticket(store, ticket)[1:] == written and refreshed == [ticket]
    row = projections.get_ticket(store, ticket)
    assert (row["version"], row["assignee"], row["status"], row["tier"]) == (4, "dan", "open", "vendor")
    assert record_many(store, ticket, []) == [] and refreshed == [ticket]


def test_record_many_refuses_the_whole_run_for_one_bad_event(store):
    ticket = _open(store)
    before = (table(store, "events"), table(store, "tickets"), table(store, "clocks"))
    with pytest.raises(UserError, match="not on the procomputers ladder"):
        record_many(store, ticket, [("assign", {"assignee": "dan"}, at(1), "dan"),
                                    ("escalate", {"tier": "vendor"}, at(2), "dan")])
    with pytest.raises(UserError, match="starts a ticket"):
        record_many(store, ticket, [("note", {}, at(1), "dan"), ("open", {}, at(2), "dan")])
    with pytest.raises(StaleTicket):
        record_many(store, ticket, [("note", {}, at(1), "dan")], expected_version=2)
    assert (table(store, "events"), table(store, "tickets"), table(store, "clocks")) == before


def test_a_status_an_event_cannot_be_recorded_in_is_refused_whoever_records_it(store):
    ticket = _open(store, "isp")
    record(store, ticket, "close", {}, at=at(1))
    before = (table(store, "events"), table(store, "tickets"), table(store, "clocks"))
    for kind, payload in (("respond", {"note": "hello"}), ("resolve", {}), ("assign", {"assignee": "x"})):
        with pytest.raises(UserError, match=f"is closed: it cannot take {kind}"):
            record(store, ticket, kind, payload, at=at(2))
    assert (table(store, "events"), table(store, "tickets"), table(store, "clocks")) == before
    # the customer writes whatever the status; notes, worklogs and undo are always allowed
    record_many(store, ticket, [("customer_reply", {"note": "still broken"}, at(3), "mail"),
                                ("note", {"note": "they wrote back"}, at(4), "ann")])
    assert projections.get_ticket(store, ticket)["status"] == "closed"


def test_each_event_of_a_run_is_checked_against_the_status_the_run_leaves(store):
    ticket = _open(store)
    written = record_many(store, ticket, [("close", {}, at(1), "ann"), ("reopen", {}, at(2), "ann"),
                                          ("respond", {"note": "back on it"}, at(3), "ann")])
    assert [e.kind for e in written] == ["close", "reopen", "respond"]
    with pytest.raises(UserError, match="is resolved: it cannot take respond"):
        record_many(store, ticket, [("resolve", {}, at(4), "ann"), ("respond", {}, at(5), "ann")])
    assert projections.get_ticket(store, ticket)["status"] == "open"


def test_a_follow_up_the_pack_names_comes_right_after_its_event_in_a_run(store):
    ticket = _open(store, "isp")
    written = record_many(store, ticket, [("resolve", {"note": "fixed"}, at(1), "ann"),
                                          ("close", {}, at(2), "ann")])
    assert [(e.kind, e.at, e.actor) for e in written] \
        == [("resolve", at(1), "ann"), ("purge", at(1), "ann"), ("close", at(2), "ann")]
    assert written[1].payload == {"note": "Attachments and logs of this ticket are purged on resolve.",
                                  "clause": "ISPsystem T&C 3.9.1"}
    assert projections.get_ticket(store, ticket)["attachments_purged"]
    assert [e.kind for e in record_many(store, _open(store), [("resolve", {}, at(1), "ann")])] == ["resolve"]


def test_a_purge_cannot_be_undone_and_undoing_its_resolve_keeps_it(store):
    ticket = _open(store, "isp")
    resolved, purge = record_many(store, ticket, [("resolve", {}, at(1), "ann")])
    with pytest.raises(UserError, match=r"a 'purge' event cannot be undone \(the files are gone\)"):
        record(store, ticket, "undo", {"undoes": purge.id}, at=at(2))
    record(store, ticket, "undo", {"undoes": resolved.id}, at=at(2))
    row = projections.get_ticket(store, ticket)
    assert row["status"] != "resolved" and row["attachments_purged"]
