"""The engineer's multi-step actions: split, undo, reclassify preview, request_info, escalate, resolve."""

from datetime import timedelta

import pytest

from console.domain.timeutil import format_instant
from console.errors import UserError
from console.services import actions
from console.services.packs import get_pack
from console.services.tickets import StaleTicket, open_ticket, record
from console.services.validation import forward_tier
from console.store import events, projections
from tests.conftest import table

from .conftest import T0, at

BODY = "Backups fail every night.\n\nAlso the panel is slow.\nSince Friday.\n\n\nAnd a licence question."


def _isp(store, severity="medium", product="vmmanager", **kw):
    return open_ticket(store, contract_id="isp", subject="Two problems", body=BODY, severity=severity,
                       attributes={"product": product}, at=kw.pop("at", T0), **kw)


def _tables(store):
    return tuple(table(store, name) for name in ("events", "tickets", "clocks"))


def _parts(*severities):
    return [{"subject": f"part {n}", "body": f"body {n}", "severity": s}
            for n, s in enumerate(severities, 1)]


# ---------------------------------------------------------------- split

def test_children_keep_the_parents_start_and_get_its_deadlines_under_their_own_severity(store):
    parent = _isp(store, product="billmanager")
    record(store, parent, "request_info", {"note": "which version?"}, at=at(60))
    record(store, parent, "customer_reply", {"note": "6.1"}, at=at(120))
    opened_at = projections.get_ticket(store, parent)["opened_at"]
    expected = {sev: actions.reclassify_preview(store, parent, at=at(180), severity=sev)
                for sev in ("emergency", "low")}

    result = actions.split(store, parent, _parts("emergency", "low"), at=at(180), actor="ann",
                           expected_version=3)

    for child, sev in zip(result.children, ("emergency", "low"), strict=True):
        row = projections.get_ticket(store, child)
        assert row["opened_at"] == opened_at and row["severity"] == sev
        clocks = [c for c in projections.clocks_of(store, child)]
        wanted = [p.after for p in expected[sev] if p.after is not None]
        assert [(c["metric"], c["instance"], c["started_at"], c["due_at"], c["state"]) for c in clocks] \
            == [(w.metric, w.instance, format_instant(w.started_at), format_instant(w.due_at), w.state)
                for w in wanted]
        assert clocks[0]["started_at"] == opened_at


def test_the_parent_is_closed_as_split_and_linked_both_ways(store):
    parent = _isp(store)
    record(store, parent, "note", {"note": "looking"}, at=at(5), actor="bob")
    result = actions.split(store, parent, _parts("high", "low", "medium"), at=at(10), actor="ann")

    row = projections.get_ticket(store, parent)
    assert row["status"] == "split" and not row["is_open"] and row["children"] == result.children
    assert result.event.kind == "split" and result.event.payload == {"children": result.children}
    parent_log = events.for_ticket(store, parent)
    for n, child in enumerate(result.children, 1):
        log = events.for_ticket(store, child)
        assert [e.kind for e in log] == ["open", "note", "split_from"]
        assert [e.payload.get("copied_from") for e in log[:2]] == [e.id for e in parent_log[:2]]
        assert [e.at for e in log[:2]] == [e.at for e in parent_log[:2]]
        assert log[1].actor == "bob" and {e.id for e in log}.isdisjoint(e.id for e in parent_log)
        assert log[2].payload == {"parent_id": parent, "subject": f"part {n}", "body": f"body {n}",
                                  "severity": ("high", "low", "medium")[n - 1]}
        child_row = projections.get_ticket(store, child)
        assert child_row["parent_id"] == parent and child_row["status"] == "new"
        assert child_row["subject"] == f"part {n}" and child_row["body"] == f"body {n}"


def test_undone_parent_events_are_not_replayed(store):
    parent = _isp(store)
    assigned = record(store, parent, "assign", {"assignee": "bob"}, at=at(1))
    actions.undo(store, assigned.id, at=at(2), actor="bob")
    result = actions.split(store, parent, _parts("high", "low"), at=at(3), actor="ann")
    assert [e.kind for e in events.for_ticket(store, result.children[0])] == ["open", "split_from"]


def test_split_preview_shows_what_split_writes_and_writes_nothing(store):
    parent = _isp(store, product="billmanager")
    parts = [{"subject": "a", "body": "x", "severity": "high"}, {"subject": "b", "body": "y"}]
    before = _tables(store)
    preview = actions.split_preview(store, parent, parts, at=at(30))
    assert _tables(store) == before
    assert [(p.subject, p.severity) for p in preview] == [("a", "high"), ("b", "medium")]  # b inherits
    result = actions.split(store, parent, parts, at=at(30), actor="ann")
    for child, shown in zip(result.children, preview, strict=True):
        stored = projections.clocks_of(store, child)
        assert [(c["metric"], c["due_at"]) for c in stored] \
            == [(c.metric, format_instant(c.due_at)) for c in shown.clocks]


def test_pro2col_children_take_impact_and_urgency(store):
    parent = open_ticket(store, contract_id="p2", subject="s", impact="low", urgency="low", at=T0)
    parts = [{"subject": "a", "impact": "high", "urgency": "high"}, {"subject": "b", "severity": "p4"}]
    result = actions.split(store, parent, parts, at=at(5), actor="ann")
    assert [projections.get_ticket(store, c)["severity"] for c in result.children] == ["p1", "p4"]


@pytest.mark.parametrize("parts, words", [
    (_parts("high"), "two or more"),
    ([{"subject": "a"}, {"subject": " "}], "part 2: subject"),
    ([{"subject": "a"}, {"subject": "b", "severity": "p1"}], "part 2: severity"),
])
def test_bad_splits_write_nothing(store, parts, words):
    parent = _isp(store)
    before = _tables(store)
    with pytest.raises(UserError, match=words):
        actions.split(store, parent, parts, at=at(5), actor="ann")
    assert _tables(store) == before


def test_a_split_on_a_stale_version_is_refused_and_writes_nothing(store):
    parent = _isp(store)
    record(store, parent, "assign", {"assignee": "carol"}, at=at(1), actor="carol")
    before = _tables(store)
    with pytest.raises(StaleTicket, match="assign by carol"):
        actions.split(store, parent, _parts("high", "low"), at=at(5), actor="ann", expected_version=1)
    assert _tables(store) == before
    assert actions.split(store, parent, _parts("high", "low"), at=at(5), actor="ann",
                         expected_version=2).children == ["T-1002", "T-1003"]  # ids not burnt


def test_a_closed_ticket_cannot_be_split(store):
    parent = _isp(store)
    record(store, parent, "close", {}, at=at(1))
    with pytest.raises(UserError, match="is closed"):
        actions.split(store, parent, _parts("high", "low"), at=at(5), actor="ann")


def test_paragraphs_and_line_ranges():
    assert actions.paragraphs(BODY) == [
        "Backups fail every night.", "Also the panel is slow.\nSince Friday.", "And a licence question."]
    assert actions.paragraphs("  \n\n ") == []
    assert actions.line_ranges(BODY, "3-4, 7") == "Also the panel is slow.\nSince Friday.\nAnd a licence question."
    for spec, words in (("0", "outside"), ("4-3", "outside"), ("8", "outside"), ("a-b", "not a line"),
                        (" , ", "no line")):
        with pytest.raises(UserError, match=words):
            actions.line_ranges(BODY, spec)


# ---------------------------------------------------------------- reclassify

def test_reclassify_preview_gives_current_and_new_due_instants(store):
    ticket = _isp(store)  # VMmanager: 24/7; standard plan: medium 24 h, emergency 8 h
    before = _tables(store)
    (preview,) = actions.reclassify_preview(store, ticket, at=at(60), severity="emergency")
    assert _tables(store) == before
    assert preview.metric == "response" and preview.changed
    assert (preview.before.due_at, preview.after.due_at) == (T0 + timedelta(hours=24), T0 + timedelta(hours=8))
    actions.reclassify(store, ticket, severity="emergency", reason="data loss", at=at(60), actor="ann",
                       expected_version=1)
    (clock,) = projections.clocks_of(store, ticket)
    assert clock["due_at"] == format_instant(preview.after.due_at)
    assert events.for_ticket(store, ticket)[-1].payload == {"severity": "emergency", "reason": "data loss"}


def test_reclassify_preview_by_impact_and_urgency_shows_a_clock_it_meets(store):
    ticket = open_ticket(store, contract_id="p2", subject="s", impact="low", urgency="low", at=T0)
    previews = {p.metric: p for p in actions.reclassify_preview(store, ticket, at=at(30), impact="high",
                                                                urgency="high")}
    assert previews["review"].after.state == "met"  # Pro2col's review is met by a reclassification
    assert previews["vendor_escalation"].after.due_at == T0 + timedelta(hours=1)  # p1: 1 working hour


@pytest.mark.parametrize("kwargs, words", [
    ({"severity": "emergency", "reason": "  "}, "needs a reason"),
    ({"severity": "sev1", "reason": "x"}, "is not a severity of"),
])
def test_bad_reclassifications(store, kwargs, words):
    ticket = _isp(store)
    with pytest.raises(UserError, match=words):
        actions.reclassify(store, ticket, at=at(5), actor="ann", **kwargs)


def test_reclassify_preview_refuses_an_unknown_severity(store):
    with pytest.raises(UserError, match="not a severity of ispsystem"):
        actions.reclassify_preview(store, _isp(store), at=at(5), severity="p1")


# ---------------------------------------------------------------- undo

def test_undo_compensates_and_refuses_repeats_and_undoing_an_undo(store):
    ticket = _isp(store)
    assigned = actions.assign(store, ticket, assignee="bob", at=at(1), actor="ann")
    (undo,) = actions.undo(store, assigned.id, at=at(2), actor="ann")
    assert undo.kind == "undo" and undo.payload == {"undoes": assigned.id}
    assert projections.get_ticket(store, ticket)["assignee"] is None
    with pytest.raises(UserError, match="already undone"):
        actions.undo(store, assigned.id, at=at(3), actor="ann")
    with pytest.raises(UserError, match="cannot be undone"):
        actions.undo(store, undo.id, at=at(3), actor="ann")
    with pytest.raises(UserError, match="no event"):
        actions.undo(store, "nope", at=at(3), actor="ann")


def test_undoing_a_split_reopens_the_parent_and_closes_open_children(store):
    parent = _isp(store)
    result = actions.split(store, parent, _parts("high", "low"), at=at(5), actor="ann")
    first, second = result.children
    actions.resolve(store, first, at=at(6), actor="ann")
    written = actions.undo(store, result.event.id, at=at(7), actor="ann")
    assert [(e.ticket_id, e.kind) for e in written] == [(parent, "undo"), (second, "close")]
    assert projections.get_ticket(store, parent)["status"] == "new"
    assert projections.get_ticket(store, parent)["is_open"]
    assert [projections.get_ticket(store, c)["status"] for c in (first, second)] == ["resolved", "closed"]


def test_the_session_undo_target_is_the_latest_event_still_counting(store):
    ticket = _isp(store)
    a = actions.note(store, ticket, text="one", at=at(1), actor="ann")
    b = actions.note(store, ticket, text="two", at=at(2), actor="ann")
    session = [a.id, b.id]
    assert actions.last_undoable(store, session) == b
    session += [e.id for e in actions.undo(store, b.id, at=at(3), actor="ann")]
    assert actions.last_undoable(store, session) == a
    session += [e.id for e in actions.undo(store, a.id, at=at(4), actor="ann")]
    assert actions.last_undoable(store, session) is None


# ---------------------------------------------------------------- resolve, escalate, request_info

def test_resolve_purges_where_the_pack_says_so(store):
    isp = _isp(store)
    written = actions.resolve(store, isp, note="fixed", at=at(5), actor="ann")
    assert [e.kind for e in written] == ["resolve", "purge"]
    assert written[1].payload["clause"] == "ISPsystem T&C 3.9.1"
    assert projections.get_ticket(store, isp)["attachments_purged"]
    pc = open_ticket(store, contract_id="pc", subject="s", at=T0)
    assert [e.kind for e in actions.resolve(store, pc, at=at(5), actor="ann")] == ["resolve"]


def test_reminders_come_from_the_pack(store):
    from console.services.packs import get_pack

    assert actions.reminders(get_pack("ispsystem"), "close") == [
        ("Remind the customer to revoke the access they granted.", "ISPsystem T&C 6.1.5")]
    assert actions.reminders(get_pack("procomputers"), "close") == []
    assert actions.reminders(None, "close") == []


def test_escalating_to_a_forward_team_tier_writes_forward_team_and_stops_the_response(store):
    ticket = _isp(store)
    tiers, current, following = actions.ladder(store, ticket)
    assert [t.id for t in tiers] == ["l1", "l2", "team"] and current is None and following.id == "l2"
    assert forward_tier(get_pack("ispsystem")).id == "team"
    event = actions.escalate(store, ticket, tier="team", note="needs the team", at=at(5), actor="ann")
    assert event.kind == "forward_team" and event.payload == {"tier": "team", "note": "needs the team"}
    (clock,) = projections.clocks_of(store, ticket)
    assert clock["state"] == "stopped"
    assert projections.get_ticket(store, ticket)["tier"] == "team"


def test_escalating_pro2col_to_the_vendor_meets_vendor_escalation(store):
    ticket = open_ticket(store, contract_id="p2", subject="s", impact="high", urgency="high", at=T0)
    assert forward_tier(get_pack("pro2col")) is None
    event = actions.escalate(store, ticket, tier="vendor", at=at(20), actor="ann")
    assert event.kind == "escalate"
    states = {c["metric"]: c["state"] for c in projections.clocks_of(store, ticket)}
    assert states["vendor_escalation"] == "met"
    with pytest.raises(UserError, match="not on the pro2col ladder"):
        actions.escalate(store, ticket, tier="team", at=at(21), actor="ann")


def test_request_info_offers_the_missing_fields_and_moves_the_ticket_to_the_customer(store):
    ticket = open_ticket(store, contract_id="pc", subject="s", attributes={"region": "eu-west-1"}, at=T0)
    fields = actions.missing_info(store, ticket)
    assert [f.id for f in fields] == ["image_version", "instance_type", "account_id"]
    text = actions.info_request_text(fields)
    assert all(f"[ ] {f.label}" in text for f in fields)
    event = actions.request_info(store, ticket, message=text, fields=[f.id for f in fields], at=at(5),
                                 actor="ann", expected_version=1)
    assert event.payload["fields"] == ["image_version", "instance_type", "account_id"]
    row = projections.get_ticket(store, ticket)
    assert (row["status"], row["side"]) == ("waiting", "customer")
    assert actions.info_request_text([]) == ""
    with pytest.raises(UserError, match="needs a message"):
        actions.request_info(store, ticket, message=" ", at=at(6), actor="ann")


# ---------------------------------------------------------------- status and versions

def test_actions_check_the_tickets_status(store):
    ticket = _isp(store)
    with pytest.raises(UserError, match="nothing to reopen"):
        actions.plain_action(store, ticket, "reopen", at=at(1), actor="ann")
    actions.plain_action(store, ticket, "close", at=at(2), actor="ann")
    with pytest.raises(UserError, match="is closed: it cannot take respond"):
        actions.reply(store, ticket, text="hello", at=at(3), actor="ann")
    actions.note(store, ticket, text="still allowed", at=at(3), actor="ann")
    actions.plain_action(store, ticket, "reopen", at=at(4), actor="ann")
    assert projections.get_ticket(store, ticket)["status"] == "open"
    other = _isp(store)
    actions.split(store, other, _parts("high", "low"), at=at(5), actor="ann")
    with pytest.raises(UserError, match="undo the split instead"):
        actions.plain_action(store, other, "reopen", at=at(6), actor="ann")


def test_a_stale_action_reports_the_change_not_the_status(store):
    ticket = _isp(store)
    record(store, ticket, "close", {}, at=at(1), actor="carol")
    with pytest.raises(StaleTicket, match="close by carol"):
        actions.reply(store, ticket, text="hello", at=at(2), actor="ann", expected_version=1)


def test_duplicate_reject_worklog_and_assign(store):
    first, second = _isp(store), _isp(store)
    with pytest.raises(UserError, match="not another known ticket"):
        actions.mark_duplicate(store, second, duplicate_of="T-4242", at=at(1), actor="ann")
    actions.mark_duplicate(store, second, duplicate_of=first, at=at(1), actor="ann")
    assert projections.get_ticket(store, second)["duplicate_of"] == first
    actions.worklog(store, first, minutes=45, out_of_hours=True, at=at(2), actor="ann")
    actions.assign(store, first, assignee=" bob ", at=at(3), actor="ann")
    actions.reject(store, first, reason="out_of_scope", at=at(4), actor="ann")
    row = projections.get_ticket(store, first)
    assert (row["out_of_hours_minutes"], row["assignee"], row["status"], row["reject_reason"]) \
        == (45, "bob", "rejected", "out_of_scope")


def test_effects_are_read_from_the_pack():
    from console.services.packs import get_pack

    isp = get_pack("ispsystem")
    assert actions.effects(isp, "forward_team", {"tier": "team"}) == [
        "stops the response clock; no new one starts until reopen"]
    assert actions.effects(isp, "respond") == ["meets the response clock",
                                               "starts a new customer timeout clock"]
    assert any(line.startswith("response: Cases needing product code changes")
               for line in actions.effects(isp, "require_dev"))
    pro2col = get_pack("pro2col")
    assert "meets the vendor escalation clock" in actions.effects(pro2col, "escalate", {"tier": "vendor"})
    assert "meets the vendor escalation clock" not in actions.effects(pro2col, "escalate", {"tier": "l2"})
    assert actions.effects(None, "respond") == []
    # said only of clocks that are open on the ticket
    assert actions.effects(isp, "respond", open_metrics={"customer_timeout"}) == [
        "starts a new customer timeout clock"]
