"""The ticket detail read: clocks with explanations, links both ways, checklist, thread, timeline text."""

from console.services import actions
from console.services.detail import brief, describe, last_change, ticket_detail
from console.services.ticket_view import ticket_view
from console.services.tickets import open_ticket, record
from console.store import projections

from .conftest import T0, at


def test_detail_of_a_split_child_and_its_parent(store):
    parent = open_ticket(store, contract_id="isp", subject="Two problems", body="a\n\nb", severity="medium",
                         attributes={"product": "billmanager"}, at=T0)
    record(store, parent, "note", {"note": "Looking into it"}, at=at(10), actor="ann")
    parts = [{"subject": "first", "body": "a"}, {"subject": "second", "body": "b", "severity": "high"}]
    children = actions.split(store, parent, parts, at=at(20), actor="ann").children

    shown = ticket_detail(store, parent, now=at(30))
    assert [(link.relation, link.ticket_id, link.subject) for link in shown.links] == [
        ("child", children[0], "first"), ("child", children[1], "second")]
    assert [c.clock.state for c in shown.clocks] == ["stopped"]  # a split ends the parent's clocks

    child = ticket_detail(store, children[1], now=at(30))
    assert [(link.relation, link.ticket_id) for link in child.links] == [("parent", parent)]
    (clock,) = child.clocks
    assert clock.clock.started_at == T0 and clock.vendor_zone == "UTC"
    assert ("metric", "response — ISPsystem T&C 2.6, footnote *") in clock.explanation.facts
    assert {i.status for i in clock.explanation.intervals} >= {"counted"}
    assert [f.id for f, value in child.required] == ["product", "version"]
    assert [value for f, value in child.required] == ["billmanager", None]
    assert [f.flag for f in child.findings] == ["info?"]
    assert [e.kind for e in child.thread] == ["open", "note", "split_from"]
    assert [t.id for t in child.tiers] == ["l1", "l2", "team"]


def test_duplicates_are_linked_from_the_original(store):
    first = open_ticket(store, contract_id="pc", subject="one", at=T0)
    second = open_ticket(store, contract_id="pc", subject="two", at=T0)
    actions.mark_duplicate(store, second, duplicate_of=first, at=at(1), actor="ann")
    assert [(link.relation, link.ticket_id) for link in ticket_detail(store, first, now=at(2)).links] \
        == [("duplicate", second)]
    assert [(link.relation, link.ticket_id) for link in ticket_detail(store, second, now=at(2)).links] \
        == [("duplicate of", first)]


def test_undone_events_are_known_and_described(store):
    ticket = open_ticket(store, contract_id="pc", subject="one", at=T0)
    assigned = actions.assign(store, ticket, assignee="bob", at=at(1), actor="ann")
    (undo,) = actions.undo(store, assigned.id, at=at(2), actor="carol")
    shown = ticket_detail(store, ticket, now=at(3))
    assert shown.undone == {assigned.id} and shown.version == 3
    by_id = {e.id: e for e in shown.log}
    assert describe(undo, by_id) == "undid assign by ann at 2026-03-02T10:01:00Z"
    assert last_change(store, ticket) == "carol: undid assign by ann at 2026-03-02T10:01:00Z"


def test_an_unrouted_ticket_has_no_clocks_or_ladder(store):
    ticket = open_ticket(store, contract_id=None, subject="who?", at=T0)
    shown = ticket_detail(store, ticket, now=at(1))
    assert (shown.clocks, shown.tiers, shown.required, shown.findings, shown.pack) == ([], (), [], [], None)


def test_brief_names_a_ticket_or_nothing(store):
    ticket = open_ticket(store, contract_id="pc", subject="one", at=T0)
    assert brief(store, f" {ticket} ") == {"id": ticket, "subject": "one", "status": "new",
                                           "customer": "ProCo customer"}
    assert brief(store, "T-9") is None and brief(store, "  ") is None


def test_ticket_show_reads_the_clocks_the_queue_stores(store):
    """`desk ticket show` reads through ticket_detail: its clocks are the stored rows, live at now."""
    ticket = open_ticket(store, contract_id="alma", subject="s", severity="sev2", at=T0)
    record(store, ticket, "respond", {"note": "looking"}, at=at(30))
    record(store, ticket, "request_info", {"note": "which kernel?"}, at=at(60))
    shown = ticket_view(store, ticket, now=at(24 * 60))
    stored = projections.clocks_of(store, ticket)
    columns = ("metric", "instance", "kind", "state", "started_at", "due_at", "met_at", "calendar")
    assert [tuple(c[k] for k in columns) for c in shown["clocks"]] \
        == [tuple(r[k] for k in columns) for r in stored]
    # the week on the customer's side and the next update start together: oldest first, then by metric
    assert [(c["metric"], c["instance"]) for c in shown["clocks"]] \
        == [("first_response", 1), ("update", 1), ("customer_timeout", 1), ("update", 2)]
    timeout = shown["clocks"][2]
    assert timeout["state"] == "running" and timeout["remaining_seconds"] == 6 * 86400 + 3600
    assert shown["ticket"] == projections.get_ticket(store, ticket)
    assert [e["kind"] for e in shown["events"]] == ["open", "respond", "request_info"]


def test_every_kind_is_described_in_the_words_of_its_registry_label(store):
    from console.domain.events import KINDS, Event

    for kind in KINDS.values():
        line = describe(Event("e", "T-1", T0, kind.id, payload={"note": "why"}))
        assert line.startswith(kind.label) or (kind.id == "request_info" and line.startswith("asked"))
    assert describe(Event("e", "T-1", T0, "respond", payload={"note": "on it\nmore"})) == "replied: on it"


def test_the_explanation_shows_a_stretch_per_classification(store):
    # ISPsystem 3.1: opened Mon 17:00 as an Emergency (24/7), lowered to High on BILLmanager
    # (06:00-18:00 UTC) at 19:00: 17-19 count 2 h; High's other 14 h: Tue 06-18 + Wed 06-08.
    ticket = open_ticket(store, contract_id="isp", subject="Billing down", severity="emergency",
                         attributes={"product": "billmanager"}, at=at(7 * 60))
    record(store, ticket, "reclassify", {"severity": "high", "reason": "workaround"}, at=at(9 * 60))
    (clock,) = ticket_detail(store, ticket, now=at(9 * 60)).clocks
    assert clock.clock.due_at == at(2 * 24 * 60 - 2 * 60)
    counted = [(i.start, i.end, i.reason) for i in clock.explanation.intervals if i.status == "counted"]
    assert counted == [(at(7 * 60), at(9 * 60), "working time (as emergency, product billmanager)")]
    assert dict(clock.explanation.facts)["stretches"].startswith(
        "emergency, product billmanager from 2026-03-02T17:00:00Z; high, product billmanager from "
        "2026-03-02T19:00:00Z")
