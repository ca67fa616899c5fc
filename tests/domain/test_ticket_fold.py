"""The ticket fold: what each event kind leaves on the ticket, and what the log as a whole does."""

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.events import Event
from console.domain.ticket import Ticket, fold

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OPEN = {"contract_id": "acme", "subject": "VM will not start", "body": "It stopped.",
        "attributes": {"product": "VMmanager"}, "requester": "ops@acme.example", "severity": "p2"}


def log(*steps: tuple[str, dict]) -> list[Event]:
    """An opening event, then the steps a minute apart."""
    return [Event(id=f"e{i}", ticket_id="T-1", at=T0 + timedelta(minutes=i), kind=kind,
                  actor="dana", payload=payload, seq=i + 1)
            for i, (kind, payload) in enumerate((("open", OPEN), *steps))]


def test_an_opened_ticket_carries_its_opening_mail():
    ticket = fold("T-1", log())
    assert ticket == Ticket(
        id="T-1", contract_id="acme", subject="VM will not start", body="It stopped.",
        severity="p2", attributes={"product": "VMmanager"}, requester="ops@acme.example",
        status="new", opened_at=T0, updated_at=T0, version=1,
    )


@pytest.mark.parametrize("steps, expected", [
    ([("respond", {"note": "On it."})], {"status": "open", "side": "vendor"}),
    ([("request_info", {"note": "Version?"})], {"status": "waiting", "side": "customer"}),
    ([("request_info", {}), ("customer_reply", {"attributes": {"version": "6.1"}})],
     {"status": "open", "side": "vendor", "attributes": {"product": "VMmanager", "version": "6.1"}}),
    ([("resolve", {}), ("customer_reply", {})], {"status": "open", "side": "vendor"}),
    ([("close", {}), ("customer_reply", {})], {"status": "closed", "side": "vendor"}),
    ([("assign", {"assignee": "lee"})], {"assignee": "lee"}),
    ([("reclassify", {"impact": "high", "urgency": "low", "severity": "p3", "reason": "r"})],
     {"impact": "high", "urgency": "low", "severity": "p3"}),
    ([("escalate", {"tier": "l2"}), ("escalate", {})], {"tier": "l2"}),
    ([("forward_team", {})], {"tier": "team"}),
    ([("require_dev", {})], {"dev_required": True}),
    ([("split", {"children": ["T-2", "T-3"]})], {"status": "split", "children": ("T-2", "T-3")}),
    ([("merge", {"duplicate_of": "T-9"})], {"status": "merged", "duplicate_of": "T-9"}),
    ([("reject", {"reason": "out_of_scope"})], {"status": "rejected", "reject_reason": "out_of_scope"}),
    ([("resolve", {}), ("reopen", {})], {"status": "open", "side": "vendor"}),
    ([("worklog", {"minutes": 45, "out_of_hours": True}), ("worklog", {"minutes": 30}),
      ("worklog", {"minutes": 15, "out_of_hours": True})], {"out_of_hours_minutes": 60}),
    ([("purge", {})], {"attachments_purged": True}),
    ([("note", {"note": "x", "attributes": {"os": "Alma 9"}}), ("update_sent", {})],
     {"attributes": {"product": "VMmanager", "os": "Alma 9"}}),
])
def test_each_kind_sets_its_fields_and_leaves_the_rest(steps, expected):
    events = log(*steps)
    ticket = fold("T-1", events)
    unchanged = fold("T-1", log())
    for name, value in vars(unchanged).items():
        if name in ("updated_at", "version"):
            continue
        assert getattr(ticket, name) == expected.get(name, value), name
    assert ticket.updated_at == events[-1].at and ticket.version == len(events)


def test_undone_events_do_not_count_but_the_version_counts_every_event():
    events = log(("assign", {"assignee": "lee"}), ("resolve", {}))
    events.append(Event(id="u", ticket_id="T-1", at=T0 + timedelta(minutes=5), kind="undo",
                        payload={"undoes": "e2"}, seq=9))
    ticket = fold("T-1", events)
    assert ticket.status == "new" and ticket.assignee == "lee"
    assert ticket.updated_at == T0 + timedelta(minutes=1) and ticket.version == 4


def test_folding_does_not_change_the_events():
    events = log(("customer_reply", {"attributes": {"version": "6.1"}}))
    fold("T-1", events)
    assert OPEN["attributes"] == {"product": "VMmanager"} and events[1].payload == {
        "attributes": {"version": "6.1"}}
