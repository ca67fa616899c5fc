"""Every ticket action through its modal: the keys pressed, the events written, the queue after."""

import pytest
from textual.widgets import Input, Select, TextArea

from console.services import actions
from console.services.queue import queue
from console.services.tickets import record
from console.store import Store, events
from console.tui import keymap
from console.tui.modals import ACTION_MODALS
from console.tui.modals.base import ConfirmModal
from console.tui.screens.detail import DetailScreen

from .conftest import ACTOR, NOW
from .detail_harness import (
    detail_app,
    on_detail,
    shown,
)

SIZE = (160, 45)
pytestmark = pytest.mark.usefixtures("zone")


def key(action_id: str) -> str:
    return keymap.ACTIONS[action_id].keys.split(",")[0]


def order(path) -> list[str]:
    with Store.open(path) as store:
        return [item["id"] for item in queue(store, now=NOW)]


def lead(path, ticket_id) -> dict:
    with Store.open(path) as store:
        return next(item for item in queue(store, now=NOW) if item["id"] == ticket_id)


def log(path, ticket_id) -> list:
    with Store.open(path) as store:
        return events.for_ticket(store, ticket_id)


async def act(pilot, action_id, fill=None, *, confirm=False) -> None:
    """On the detail screen: press the action's key, let `fill(modal, pilot)` fill it, submit."""
    app = pilot.app
    await pilot.press(key(action_id))
    await pilot.pause()
    modal = app.screen
    assert isinstance(modal, ACTION_MODALS[action_id])
    if fill is not None:
        await fill(modal, pilot)
        await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    if confirm:
        assert isinstance(app.screen, ConfirmModal), shown(modal.query_one("#error"))
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.screen, DetailScreen), shown(modal.query_one("#error"))


async def run(path, ticket_id, action_id, fill=None, *, confirm=False) -> list[str]:
    """Open the ticket's detail, take one action; returns the session's event ids."""
    app = detail_app(path, ticket_id)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await act(pilot, action_id, fill, confirm=confirm)
        return list(app.session_events)


async def type_into(pilot, widget, text: str) -> None:
    """Type at the end of what the field holds (focus alone would select it all)."""
    widget.focus()
    await pilot.pause()
    await pilot.press("end", *[{" ": "space"}.get(ch, ch) for ch in text])


def fill_in(widget, text: str) -> None:
    """Set a field at once (typing key by key is tested where it matters, and it is slow)."""
    if isinstance(widget, TextArea):
        widget.text = text
    else:
        widget.value = text


async def test_reclassify_by_severity_moves_the_ticket_up(filled):
    path, ids = filled
    before = order(path)
    ticket = ids["isp_billing"]

    async def fill(modal, pilot):
        modal.query_one(".severity", Select).value = "emergency"
        await pilot.pause()
        preview = shown(modal.query_one("#preview"))
        assert "Mon 21:00 CET" in preview  # 8 h from its 12:00 UTC start, around the clock
        await type_into(pilot, modal.query_one("#reason", Input), "whole billing down")

    written = await run(path, ticket, "reclassify", fill)
    last = log(path, ticket)[-1]
    assert written == [last.id]
    assert (last.kind, last.actor, last.payload) == (
        "reclassify", ACTOR, {"severity": "emergency", "reason": "whole billing down"})
    after = order(path)
    assert after.index(ticket) < before.index(ticket)
    assert after.index(ticket) == after.index(ids["pc_goal"]) - 1   # due tonight, before tomorrow's


async def test_reclassify_by_impact_and_urgency(filled):
    path, ids = filled
    before = order(path)
    ticket = ids["p2c_review"]

    async def fill(modal, pilot):
        modal.query_one(".impact", Select).value = "high"
        await pilot.pause()
        assert "p2" in shown(modal.query_one("#derived"))
        fill_in(modal.query_one("#reason", Input), "many users")

    await run(path, ticket, "reclassify", fill)
    assert log(path, ticket)[-1].payload == {"impact": "high", "urgency": "medium", "severity": "p2",
                                             "reason": "many users"}
    item = lead(path, ticket)
    assert (item["metric"], item["due_at"]) == ("vendor_escalation", "2026-03-02T17:30:00Z")
    assert order(path).index(ticket) > before.index(ticket)


async def test_a_reason_is_required(filled):
    path, ids = filled
    app = detail_app(path, ids["isp_billing"])
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("reclassify"), "ctrl+s")
        await pilot.pause()
        assert "needs a reason" in shown(app.screen.query_one("#error"))
    assert len(log(path, ids["isp_billing"])) == 1


async def test_split_closes_the_parent_and_queues_the_children(filled):
    path, ids = filled
    parent = ids["isp_billing"]

    async def fill(modal, pilot):
        first, second = modal.panels
        first.picker.query_one(".severity", Select).value = "emergency"
        fill_in(second.query_one(".subject", Input), "VAT rate on credit notes")
        await pilot.pause()
        assert "Children as they would be" in shown(modal.query_one("#preview"))

    written = await run(path, parent, "split", fill, confirm=True)
    split_event = log(path, parent)[-1]
    assert written == [split_event.id] and split_event.kind == "split"
    first, second = split_event.payload["children"]
    after = order(path)
    assert parent not in after and {first, second} <= set(after)
    assert after.index(first) < after.index(ids["pc_goal"]) < after.index(second)
    assert lead(path, second)["due_at"] == "2026-03-05T08:00:00Z"   # the parent's own deadline
    child_log = log(path, second)
    assert child_log[-1].payload["subject"] == "VAT rate on credit notes"
    assert child_log[-1].payload["body"] == "Details to follow."


def test_split_first_guesses_halves_of_the_mail():
    from console.tui.modals.split import first_guess

    # greeting, opening, problem one / problem two, sign-off
    assert first_guess(5) == [1, 1, 1, 2, 2]
    assert first_guess(4) == [1, 1, 2, 2]
    assert first_guess(2) == [1, 2]
    assert first_guess(1) == [1]


async def test_split_can_add_a_third_child(filled):
    path, ids = filled

    async def fill(modal, pilot):
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(modal.panels) == 3
        modal.panels[2].query_one(".lines", Input).value = "1"

    await run(path, ids["isp_billing"], "split", fill, confirm=True)
    assert len(log(path, ids["isp_billing"])[-1].payload["children"]) == 3


async def test_escalate_to_the_vendor_meets_vendor_escalation(filled):
    path, ids = filled
    ticket = ids["p2c_vendor_breached"]

    async def fill(modal, pilot):
        tier = modal.query_one("#tier", Select)
        assert tier.value == "l2"   # the next tier up is preselected
        tier.value = "vendor"
        await pilot.pause()
        assert "meets the vendor escalation clock" in shown(modal.query_one("#effects"))
        fill_in(modal.query_one("#note", Input), "case 4411")

    await run(path, ticket, "escalate", fill)
    assert log(path, ticket)[-1].payload == {"tier": "vendor", "note": "case 4411"}
    after = order(path)
    assert after.index(ticket) > after.index(ids["alma_waiting"])   # no running target clock left


async def test_forward_team_asks_first_and_stops_the_response_clock(filled):
    path, ids = filled
    ticket = ids["isp_breached"]
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("forward_team"))
        await pilot.pause()
        assert "stops the response clock" in shown(app.screen.query_one("#effects"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")   # not yet
        await pilot.pause()
        assert len(log(path, ticket)) == 1
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
    last = log(path, ticket)[-1]
    assert (last.kind, last.payload) == ("forward_team", {"tier": "team", "note": ""})
    # no running clock: among the others without one, by severity (emergency first)
    assert order(path)[-3:] == [ticket, ids["isp_answered"], ids["unrouted"]]


async def test_require_dev_moves_the_deadline_to_the_development_calendar(filled):
    path, ids = filled
    before = order(path)
    ticket = ids["isp_billing"]
    await run(path, ticket, "require_dev")
    assert log(path, ticket)[-1].kind == "require_dev"
    # 2 h counted on 06-18 every day, then 06-15 on weekdays: the 32 h land on Friday, not Thursday
    assert lead(path, ticket)["due_at"] == "2026-03-06T08:00:00Z"
    assert order(path) == before


async def test_request_info_sends_the_missing_fields_as_a_checklist(filled):
    path, ids = filled
    ticket = ids["pc_info"]

    async def fill(modal, pilot):
        text = modal.query_one("#text", TextArea).text
        assert "[ ] Public cloud region" in text
        modal.query("Checkbox").last().value = False     # the account id is not needed
        await pilot.pause()

    await run(path, ticket, "request_info", fill)
    last = log(path, ticket)[-1]
    assert last.kind == "request_info"
    assert last.payload["fields"] == ["image_version", "instance_type", "region"]
    assert "[ ] Public cloud region" in last.payload["note"] and "account" not in last.payload["note"].lower()
    assert lead(path, ticket)["metric"] is None and lead(path, ticket)["side"] == "customer"
    assert order(path).index(ticket) > order(path).index(ids["alma_waiting"])


async def test_reply_meets_the_first_response_and_starts_the_update_clock(filled):
    path, ids = filled
    ticket = ids["alma_near"]

    async def fill(modal, pilot):
        fill_in(modal.query_one("#text", TextArea), "We are on it")

    await run(path, ticket, "reply", fill)
    assert (log(path, ticket)[-1].kind, log(path, ticket)[-1].payload) == ("respond", {"note": "We are on it"})
    assert lead(path, ticket)["metric"] == "update"
    after = order(path)
    assert after.index(ids["pc_info"]) < after.index(ticket) < after.index(ids["isp_billing"])


async def test_note_assign_and_worklog_leave_the_order_alone(filled):
    path, ids = filled
    before = order(path)
    ticket = ids["isp_breached"]

    async def note(modal, pilot):
        fill_in(modal.query_one("#text", TextArea), "checked node kvm-03")

    async def assign(modal, pilot):
        assert "now: unassigned" in shown(modal.query_one("#current"))
        fill_in(modal.query_one("#assignee", Input), "dana")

    async def worklog(modal, pilot):
        fill_in(modal.query_one("#minutes", Input), "45")

    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await act(pilot, "note", note)
        await act(pilot, "assign", assign)
        await act(pilot, "worklog", worklog)
    assert [(e.kind, e.payload) for e in log(path, ticket)[1:]] == [
        ("note", {"note": "checked node kvm-03"}),
        ("assign", {"assignee": "dana"}),
        ("worklog", {"minutes": 45, "out_of_hours": True, "note": ""}),
    ]
    assert order(path) == before


async def test_take_assigns_to_me_and_meets_the_review(filled):
    path, ids = filled
    before = order(path)
    ticket = ids["p2c_review"]
    await run(path, ticket, "take")
    assert log(path, ticket)[-1].payload == {"assignee": ACTOR}
    item = lead(path, ticket)
    assert (item["assignee"], item["metric"]) == (ACTOR, "vendor_escalation")
    assert order(path).index(ticket) > before.index(ticket)


async def test_resolve_asks_shows_the_purge_and_leaves_the_queue(filled):
    path, ids = filled
    before = order(path)
    ticket = ids["isp_breached"]
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("resolve"))
        await pilot.pause()
        assert "purged on resolve" in shown(app.screen.query_one("#effects"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "purged" in " ".join(app.screen.details)
        await pilot.press("y")
        await pilot.pause()
    assert [e.kind for e in log(path, ticket)[1:]] == ["resolve", "purge"]
    assert order(path) == [t for t in before if t != ticket]


async def test_close_reminds_to_revoke_access(filled):
    path, ids = filled
    ticket = ids["isp_answered"]
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("close"), "ctrl+s")
        await pilot.pause()
        assert any("revoke the access" in line for line in app.screen.details)
        await pilot.press("y")
        await pilot.pause()
    assert log(path, ticket)[-1].kind == "close"
    assert ticket not in order(path)


async def test_reopen_brings_a_closed_ticket_back(filled):
    path, ids = filled
    ticket = ids["isp_answered"]
    with Store.open(path) as store:
        actions.plain_action(store, ticket, "close", at=NOW, actor="dana")
    await run(path, ticket, "reopen")
    assert log(path, ticket)[-1].kind == "reopen"
    item = lead(path, ticket)
    assert (item["metric"], item["due_at"]) == ("response", "2026-03-03T14:00:00Z")  # a new 24 h response


async def test_duplicate_names_the_target_and_merges(filled):
    path, ids = filled
    before = order(path)
    ticket, target = ids["p2c_low"], ids["p2c_review"]

    async def fill(modal, pilot):
        await type_into(pilot, modal.query_one("#target", Input), target)
        await pilot.pause()
        assert "SFTP logins slow" in shown(modal.query_one("#target-info"))

    await run(path, ticket, "duplicate", fill, confirm=True)
    assert log(path, ticket)[-1].payload == {"duplicate_of": target, "note": ""}
    assert order(path) == [t for t in before if t != ticket]


async def test_duplicate_of_an_unknown_ticket_is_refused_before_asking(filled):
    path, ids = filled
    app = detail_app(path, ids["p2c_low"])
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("duplicate"), *"T-99", "ctrl+s")
        await pilot.pause()
        assert "not another known ticket" in shown(app.screen.query_one("#error"))
        assert not isinstance(app.screen, ConfirmModal)


async def test_reject_with_a_reason_of_the_pack(filled):
    path, ids = filled
    ticket = ids["isp_billing"]

    async def fill(modal, pilot):
        modal.query_one("#reason", Select).value = "out_of_scope"
        await pilot.pause()
        assert "ISPsystem T&C 3.2, 4.1-4.4" in shown(modal.query_one("#clause"))

    await run(path, ticket, "reject", fill, confirm=True)
    assert log(path, ticket)[-1].payload == {"reason": "out_of_scope", "note": ""}
    assert ticket not in order(path)


async def test_update_sent_is_recorded(filled):
    path, ids = filled
    ticket = ids["alma_near"]
    with Store.open(path) as store:
        record(store, ticket, "respond", {"note": "first answer"}, at=NOW, actor="dana")
    due_before = lead(path, ticket)["due_at"]
    await run(path, ticket, "update_sent")
    assert log(path, ticket)[-1].kind == "update_sent"
    assert lead(path, ticket)["due_at"] == due_before   # sent at the same instant: the next is due as before


async def test_undo_takes_back_the_sessions_last_action(filled):
    path, ids = filled
    before = order(path)
    ticket = ids["p2c_review"]
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("take"), "ctrl+s")
        await pilot.pause()
        assert order(path) != before
        await pilot.press(key("undo"))
        await pilot.pause()
        assert "assigned to sam" in shown(app.screen.query_one("#undo-line"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(key("undo"))
        await pilot.pause()
        assert "Nothing to undo" in shown(app.screen.query_one("#undo-line"))
    taken, undo = log(path, ticket)[1:]
    assert undo.kind == "undo" and undo.payload == {"undoes": taken.id}
    assert order(path) == before


async def test_a_concurrent_change_is_reported_and_nothing_is_overwritten(filled):
    path, ids = filled
    ticket = ids["alma_near"]
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("reply"))
        await pilot.pause()
        fill_in(app.screen.query_one("#text", TextArea), "hello")
        with Store.open(path) as other:
            record(other, ticket, "assign", {"assignee": "carol"}, at=NOW, actor="carol")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = shown(app.screen.query_one("#error"))
        assert "ticket changed by carol: assigned to carol" in error
        assert [e.kind for e in log(path, ticket)] == ["open", "assign"]
        await pilot.press("ctrl+s")   # seen it: now the reply goes on top of the new version
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
    assert [e.kind for e in log(path, ticket)] == ["open", "assign", "respond"]


async def test_a_modal_opens_with_the_cursor_in_its_first_field(filled):
    path, ids = filled
    app = detail_app(path, ids["alma_near"])
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        for action_id, field in (("reply", TextArea), ("assign", Input), ("reclassify", Select)):
            await pilot.press(key(action_id))
            await pilot.pause()
            assert isinstance(app.focused, field), action_id
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DetailScreen)


async def test_escape_asks_before_dropping_typed_text(filled):
    path, ids = filled
    app = detail_app(path, ids["alma_near"])
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("reply"), "H", "i")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")   # keep writing
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "Hi"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
    assert [e.kind for e in log(path, ids["alma_near"])] == ["open"]
