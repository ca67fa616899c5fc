"""The breach board: one key from the queue, live with the store, and its snapshots at a fixed now."""

from dataclasses import replace
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static

from console.clock import Clock
from console.services.tickets import open_ticket, record
from console.store import Store
from console.tui.screens.board import BoardScreen
from console.tui.screens.queue import QueueScreen

from .conftest import NOW, build_store, make_app
from .settling import press


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    """Instants on screen read the same on every machine."""
    monkeypatch.setenv("DESK_TZ", "UTC")
    monkeypatch.delenv("DESK_SHIFT_HOURS", raising=False)


def figure(app, name: str) -> str:
    return str(app.screen.query_one(f"#figure-{name}", Static).render())


def next_ids(app) -> list[str]:
    table = app.screen.query_one("#board-next", DataTable)
    return [key.value for key in table.rows]


async def test_b_opens_the_board_and_b_or_esc_goes_back(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, BoardScreen)
        assert figure(app, "breached") == "2  breached now"
        assert figure(app, "hour") == "4  breaching within 1 h"
        assert figure(app, "shift") == "4  breaching this shift (8 h)"
        assert next_ids(app)[:3] == [ids["isp_breached"], ids["p2c_vendor_breached"], ids["alma_near"]]
        await pilot.press("b")
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("b")
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_the_board_follows_the_store(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b")
        with Store.open(path) as other:   # another engineer answers the breached emergency
            record(other, ids["isp_breached"], "respond", {}, at=NOW, actor="dana")
            open_ticket(other, contract_id="skyline-pc", subject="Boot loop", severity="sev1",
                        at=NOW - timedelta(hours=23, minutes=30))
        app.refresh_data()
        await pilot.pause()
        assert figure(app, "breached") == "1  breached now"
        assert figure(app, "hour") == "5  breaching within 1 h"
        assert ids["isp_breached"] not in next_ids(app)


async def test_enter_opens_the_ticket_under_the_cursor(filled, monkeypatch):
    path, ids = filled
    app = make_app(path)
    opened = []
    monkeypatch.setattr(app, "open_ticket", opened.append)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b", "down", "enter")
        assert opened == [ids["p2c_vendor_breached"]]


async def test_the_lead_moves_with_vim_keys_and_reassigns_from_the_board(filled):
    from console.tui.modals.people import AssignModal

    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b", "j", "j", "k")
        assert app.screen.current_ticket_id() == next_ids(app)[1]
        await pilot.press("G", "g")
        assert app.screen.current_ticket_id() == next_ids(app)[0]
        await pilot.press("j")
        second = next_ids(app)[1]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AssignModal) and app.screen.ticket_id == second


async def test_the_shift_length_is_configurable(filled, monkeypatch):
    path, _ = filled
    monkeypatch.setenv("DESK_SHIFT_HOURS", "0.25")
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b")
        assert figure(app, "shift") == "1  breaching this shift (0.25 h)"   # only the sev1 at 14:05
        assert len(app.screen.data.forecast.per_hour) == 1


@pytest.mark.parametrize("size", [(160, 45), (120, 40), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_panels_fit_their_boxes_without_scrollbars(filled, size):
    """The board's tables give way (fewer or shorter columns, "+N more") instead of scrolling."""
    from rich.measure import Measurement

    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        for name in ("#board-grid", "#board-load"):
            panel = screen.query_one(name, Static)
            width = Measurement.get(app.console, app.console.options, panel.content).maximum
            assert width <= panel.content_size.width, name
            assert not panel.show_horizontal_scrollbar and not panel.show_vertical_scrollbar
        table = screen.query_one("#board-next", DataTable)
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert [c.label.plain for c in table.columns.values()][:4] == ["ticket", "in", "sev", "clock"]


async def test_the_load_panel_counts_the_engineers_it_has_no_room_for(filled):
    from console.services.board import Load

    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b")
        screen = app.screen
        screen.data = replace(screen.data, loads=tuple(Load(f"eng{n}", 3, 1, 0) for n in range(12)))
        screen._show_load()
        panel = screen.query_one("#board-load", Static)
        room = panel.content_size.height - 1   # rows under the header
        rest = 12 - (room - 1)
        assert panel.content.row_count == room
        assert [cell.plain for cell in panel.content.columns[0].cells][-1] == f"+{rest} more"
        assert [cell.plain for cell in panel.content.columns[2].cells][-1] == str(rest)


def _status(store, ticket_id: str) -> str:
    return store.db.execute("SELECT status FROM tickets WHERE id = ?", [ticket_id]).fetchone()[0]


class _LiveClock(Clock):
    """A clock that is not frozen (so the console fires timers) but reads a fixed instant."""

    def __init__(self, at):
        super().__init__(None)
        self.at = at

    def now(self):
        return self.at


async def test_the_console_fires_due_timers_in_the_background(store_path):
    ids = build_store(store_path)
    from console.tui.app import DeskApp

    # isp_answered was answered 18 h before NOW; eight days later its customer timeout is due
    app = DeskApp(store_path, _LiveClock(NOW + timedelta(days=8)), actor="sam")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    with Store.open(store_path) as store:
        assert _status(store, ids["isp_answered"]) == "closed"


async def test_a_frozen_console_never_fires_timers(store_path):
    ids = build_store(store_path)
    app = make_app(store_path, now=NOW + timedelta(days=8))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    with Store.open(store_path) as store:
        assert _status(store, ids["isp_answered"]) == "open"


@pytest.mark.parametrize("size", [(160, 45), (100, 30)], ids=["160x45", "100x30"])
def test_board_snapshot(filled, snap_compare, size):
    path, _ = filled
    assert snap_compare(make_app(path), run_before=lambda pilot: press(pilot, "b"), terminal_size=size)
