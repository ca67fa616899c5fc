"""The ticket detail screen: what it shows, its links and keys, and SVG snapshots of it and each modal.

Update after a deliberate change with `pytest tests/tui/test_detail.py --snapshot-update`,
then look at the SVGs under tests/tui/__snapshots__/test_detail/ before committing them.
"""

import pytest
from textual.widgets import OptionList

from console.services import actions
from console.services.tickets import open_ticket, record
from console.store import Store
from console.tui import keymap
from console.tui.modals import ACTION_MODALS
from console.tui.screens.detail import DetailScreen

from .conftest import ago
from .detail_harness import (
    detail_app,
    on_detail,
    shown,
)
from .settling import press, settle

SIZES = [(160, 45), (100, 30)]
pytestmark = pytest.mark.usefixtures("zone")


def worked(path, ticket_id) -> str:
    """A morning's work on a ticket: a request answered, an undone assignment, an escalation,
    a duplicate pointing at it; the version it asked for is still missing."""
    with Store.open(path) as store:
        def write(kind, minutes_ago, actor="dana", **payload):
            return record(store, ticket_id, kind, payload, at=ago(minutes=minutes_ago), actor=actor)

        write("request_info", 100, note="Which BILLmanager version, and does it happen on every invoice?")
        write("customer_reply", 80, actor="billing@acme.example",
              note="Every invoice since the VAT change on 1 March.")
        assigned = write("assign", 70, assignee="dana")
        write("undo", 65, undoes=assigned.id)
        write("escalate", 60, tier="l2", note="VAT table looks wrong after the 6.98 update")
        write("note", 30, actor="sam", note="Reproduced on staging: the rate table kept 19 %.")
        duplicate = open_ticket(store, contract_id="acme-isp", subject="Invoices: VAT again",
                                severity="low", attributes={"product": "billmanager"},
                                at=ago(minutes=20), actor="intake")
        actions.mark_duplicate(store, duplicate, duplicate_of=ticket_id, at=ago(minutes=10), actor="sam")
    return ticket_id


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_detail_snapshot(snap_compare, filled, size):
    path, ids = filled
    ticket = worked(path, ids["isp_billing"])
    assert snap_compare(detail_app(path, ticket), terminal_size=size, run_before=on_detail)


async def test_the_detail_shows_the_work_done(filled):
    path, ids = filled
    ticket = worked(path, ids["isp_billing"])
    app = detail_app(path, ticket)
    async with app.run_test(size=(160, 45)) as pilot:
        await on_detail(pilot)
        screen = app.screen
        timeline = shown(screen.query_one("#timeline"))
        assert "assigned to dana  (undone)" in timeline and "undid assign by dana" in timeline
        thread = shown(screen.query_one("#thread"))
        assert thread.index("Which BILLmanager version") < thread.index("Every invoice since")
        assert "Reproduced on staging" in thread
        assert "✗ Product version: missing" in shown(screen.query_one("#required"))
        assert "▶ l2" in shown(screen.query_one("#ladder"))
        assert "info?" in shown(screen.query_one("#findings"))
        assert "response #2" in str(screen.query("Collapsible").last().title)


async def test_enter_on_a_link_opens_the_linked_ticket_and_escape_comes_back(filled):
    path, ids = filled
    parent = ids["isp_billing"]
    with Store.open(path) as store:
        parts = [{"subject": "VAT rate", "body": "a"}, {"subject": "PDF layout", "body": "b"}]
        children = actions.split(store, parent, parts, at=ago(minutes=5), actor="dana").children
    app = detail_app(path, parent)
    async with app.run_test(size=(160, 45)) as pilot:
        await on_detail(pilot)
        links = app.screen.query_one("#links", OptionList)
        assert links.option_count == 2
        links.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.ticket_id == children[1]
        assert "parent" in str(app.screen.query_one("#links", OptionList).get_option_at_index(0).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.ticket_id == parent


async def test_the_keys_scroll_the_detail_in_both_layouts(filled):
    """Narrow, the detail is one scrolling column the focus cannot scroll: the keys do."""
    path, ids = filled
    ticket = worked(path, ids["isp_billing"])
    app = detail_app(path, ticket)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_detail(pilot)
        body = app.screen.query_one("#detail-body")
        assert body.has_class("narrow") and body.max_scroll_y > 0
        await pilot.press("j", "down")
        assert body.scroll_y == 2
        await pilot.press("G")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("k", "g")
        assert body.scroll_y == 0
        await pilot.resize_terminal(160, 16)
        await pilot.pause()
        side = app.screen.query_one("#detail-side")
        assert not body.has_class("narrow") and side.max_scroll_y > 0
        await pilot.press("j", "j")
        assert side.scroll_y == 2


def test_every_ticket_action_has_a_key_on_the_detail_and_a_modal():
    bound = {binding.id for binding in DetailScreen.BINDINGS}
    assert set(keymap.TICKET_ACTIONS) <= bound
    assert set(ACTION_MODALS) == set(keymap.TICKET_ACTIONS)


# Each modal on a ticket that shows what it does best.
MODALS = {
    "reclassify": "p2c_review",       # impact x urgency, with the priority they give
    "split": "isp_billing",
    "escalate": "p2c_vendor_breached",
    "forward_team": "isp_breached",
    "require_dev": "isp_billing",
    "request_info": "pc_info",         # four missing fields as a checklist
    "reply": "alma_near",
    "note": "alma_near",
    "assign": "isp_breached",
    "take": "p2c_review",
    "resolve": "isp_breached",        # the purge reminder
    "close": "isp_answered",          # the revoke-access reminder
    "reopen": "isp_answered",
    "duplicate": "p2c_low",
    "reject": "isp_billing",
    "worklog": "p2c_vendor_breached",
    "update_sent": "alma_waiting",
    "undo": "p2c_review",             # after taking it
    "route": "unrouted",
    "set_attributes": "isp_billing",
}


def test_the_snapshot_list_covers_every_modal():
    assert set(MODALS) == set(ACTION_MODALS)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("action_id", list(MODALS))
def test_modal_snapshots(snap_compare, filled, action_id, size):
    """Each modal over the ticket detail, at each size in a run of its own."""
    path, ids = filled

    async def open_modal(pilot):
        await on_detail(pilot)
        if action_id == "undo":
            await press(pilot, key("take"), "ctrl+s")
        await press(pilot, key(action_id))
        await settle(pilot)

    assert snap_compare(detail_app(path, ids[MODALS[action_id]]), terminal_size=size,
                        run_before=open_modal)


def key(action_id: str) -> str:
    return keymap.ACTIONS[action_id].keys.split(",")[0]
