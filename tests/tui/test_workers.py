"""Slow reads run off the UI thread: keys are handled while a read is under way, only the
newest read is drawn, and the workers' connections are lent, reused and closed.

A read is made slow by holding the service function the worker calls at a gate (a real
store and the real function behind it), so "while the read is under way" is a fact of the
test, not a matter of timing. These tests drive Textual's own Pilot: the tests' usual one
waits for the reads (tests/tui/settling.py), which is what these are about.
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from textual.widgets import Select, Static

from console.clock import Clock
from console.services import actions
from console.tui import keymap
from console.tui.app import DeskApp
from console.tui.modals.reclassify import ReclassifyModal
from console.tui.reads import Readers
from console.tui.screens import board as board_screen
from console.tui.screens import detail as detail_screen
from console.tui.screens.board import BoardScreen
from console.tui.screens.detail import DetailScreen
from console.tui.screens.queue import QueueScreen

from .conftest import ACTOR, NOW, make_app
from .detail_harness import detail_app, on_detail, shown
from .settling import settle

SIZE = (160, 45)
WAIT = 10.0   # seconds a gate or a wait gives up after, so that a fault fails instead of hanging
pytestmark = pytest.mark.usefixtures("zone")


class Gate:
    """Wraps a service function: its first call waits until `open()` (later calls pass)."""

    def __init__(self, function):
        self.function = function
        self.entered = threading.Event()   # the first call is under way
        self.opened = threading.Event()
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls == 1:
            self.entered.set()
            assert self.opened.wait(WAIT), "the gate was never opened"
        return self.function(*args, **kwargs)

    def open(self) -> None:
        self.opened.set()

    async def wait_entered(self) -> None:
        await until(self.entered.is_set, "the read never started")


async def until(condition, fault: str) -> None:
    """Let the app run until `condition()` holds (a worker's doing, on its own thread)."""
    for _ in range(int(WAIT / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(fault)


def plain_app(path) -> DeskApp:
    """The console itself, whose Pilot is Textual's own."""
    return DeskApp(path, Clock(frozen=NOW), actor=ACTOR, cursor_blink=False)


def head(app) -> str:
    return shown(app.screen.query_one("#detail-head", Static))


async def test_escape_leaves_a_detail_whose_read_is_still_under_way(filled, monkeypatch):
    path, ids = filled
    gate = Gate(detail_screen.ticket_detail)
    monkeypatch.setattr(detail_screen, "ticket_detail", gate)
    app = plain_app(path)
    async with app.run_test(size=SIZE) as pilot:
        try:
            app.open_ticket(ids["isp_billing"])
            await gate.wait_entered()
            await pilot.pause()
            assert isinstance(app.screen, DetailScreen)
            assert f"{ids['isp_billing']}  loading…" in head(app)   # the first frame, before the read
            await pilot.press("escape")
            assert isinstance(app.screen, QueueScreen)   # handled while the read still waits
            assert not gate.opened.is_set()
        finally:
            gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()   # the read ends on a screen already gone: nothing is drawn, nothing fails
        assert isinstance(app.screen, QueueScreen)


async def test_the_board_moves_and_leaves_while_its_reload_is_under_way(filled, monkeypatch):
    path, _ = filled
    gate = Gate(board_screen.board)
    app = plain_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        first = board.current_ticket_id()
        monkeypatch.setattr(board_screen, "board", gate)
        try:
            app.refresh_data()   # as after a write: the board reads again
            await gate.wait_entered()
            await pilot.press("j")
            assert board.current_ticket_id() != first   # the cursor moved on the rows at hand
            await pilot.press("escape")
            assert isinstance(app.screen, QueueScreen)
        finally:
            gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_preview_that_ends_after_a_newer_one_is_dropped(filled, monkeypatch):
    """The first preview to run is held; the engineer picks emergency, whose preview is drawn;
    then the held one ends, late, and must not replace it. (Which request runs first varies:
    a request replaced before its worker started never reads at all.)"""
    path, ids = filled
    gate = Gate(actions.reclassify_preview)
    monkeypatch.setattr(actions, "reclassify_preview", gate)
    previews = []

    def hook(message) -> None:
        if isinstance(message, ReclassifyModal.Previewed) and message not in previews:
            previews.append(message)

    app = detail_app(path, ids["isp_billing"])
    async with app.run_test(size=SIZE, settling=False, message_hook=hook) as pilot:
        await on_detail(pilot)
        await pilot.press(keymap.ACTIONS["reclassify"].keys.split(",")[0])
        try:
            await gate.wait_entered()
            modal = app.screen
            assert isinstance(modal, ReclassifyModal)
            modal.query_one(".severity", Select).value = "emergency"
            await settle(pilot)   # the newer preview: the held one is cancelled, not waited for
            assert "Mon 21:00 CET" in shown(modal.query_one("#preview"))
        finally:
            gate.open()
        # Every preview that ran posts once; the held one, the first to run, arrives last.
        await until(lambda: len(previews) == gate.calls, "the held preview never ended")
        await pilot.pause()
        held = min(m.request for m in previews)
        assert previews[-1].request == held and len(previews) >= 2
        assert "Mon 21:00 CET" in shown(modal.query_one("#preview"))


async def test_an_unknown_ticket_says_so_in_the_head(filled):
    path, _ = filled
    app = detail_app(path, "T-404")
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        assert "unknown ticket 'T-404'" in head(app)


async def test_a_store_deleted_under_the_console_is_still_read_by_the_workers(filled):
    """As by the UI's own connection: the ticket shows, and the next write says the file is gone."""
    from pathlib import Path

    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        app.open_ticket(ids["alma_near"])
        await pilot.pause()
        assert "Kernel panic on reboot" in head(app)


def test_a_connection_is_lent_to_one_read_at_a_time_and_reused_from_any_thread(filled):
    path, ids = filled
    readers = Readers(path)
    with readers.lend() as first, readers.lend() as second:   # the first is busy: another one
        assert second is not first
    with ThreadPoolExecutor(max_workers=1) as pool:   # a thread other than the one that opened it
        def read() -> tuple:
            with readers.lend() as store:
                return store, store.conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
        again, count = pool.submit(read).result()
    assert again in (first, second) and count == len(ids)
    readers.close()


def test_closing_closes_idle_connections_at_once_and_busy_ones_when_their_read_ends(filled):
    import sqlite3

    path, _ = filled
    readers = Readers(path)
    with readers.lend() as busy:
        with readers.lend() as idle:
            pass
        readers.close()
        with pytest.raises(sqlite3.ProgrammingError):
            idle.conn.execute("SELECT 1")
        assert busy.conn.execute("SELECT 1").fetchone() == (1,)   # its read goes on
    with pytest.raises(sqlite3.ProgrammingError):
        busy.conn.execute("SELECT 1")
