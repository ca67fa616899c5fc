"""A store another process holds: the console's write waits, then says the store is busy in
the modal, keeps what the engineer typed, and the same confirm writes it once the store is free."""

import sqlite3

import pytest
from textual.widgets import TextArea

from console.tui.modals import ACTION_MODALS

from .detail_harness import detail_app, on_detail, shown
from .test_modals import SIZE, key, log

TYPED = "Rolled back the livepatch; the host boots again."


@pytest.fixture
def held(filled, monkeypatch):
    """The console store with its write lock taken by another connection, and a short wait."""
    monkeypatch.setenv("DESK_WRITE_WAIT", "0.2")
    path, ids = filled
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield path, ids, holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


async def test_a_note_on_a_busy_store_shows_the_fault_keeps_the_text_and_goes_in_once_free(held):
    path, ids, holder = held
    ticket = ids["alma_near"]
    before = log(path, ticket)
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        await pilot.press(key("note"))
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ACTION_MODALS["note"])
        modal.query_one("#text", TextArea).text = TYPED
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal
        assert shown(modal.query_one("#error")).strip() == (
            f"{path}: the store is busy: another process held it for over 0.2 s; "
            "nothing was written, try again")
        assert modal.query_one("#text", TextArea).text == TYPED
        assert app.session_events == []
        assert log(path, ticket) == before

        holder.execute("ROLLBACK")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not modal
        assert len(app.session_events) == 1
    written = log(path, ticket)[len(before):]
    assert [(e.kind, e.payload.get("note")) for e in written] == [("note", TYPED)]
