"""A store deleted under the running console: the next write is refused and the console says why."""

from pathlib import Path

from textual.widgets import TextArea

from console.tui.modals import ACTION_MODALS

from .detail_harness import detail_app, on_detail, shown
from .test_modals import SIZE, key


async def test_a_note_on_a_deleted_store_is_refused_with_the_reason_shown(filled):
    path, ids = filled
    app = detail_app(path, ids["alma_near"])
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        await pilot.press(key("note"))
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ACTION_MODALS["note"])
        modal.query_one("#text", TextArea).text = "written to nowhere"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal   # still open: nothing was written
        assert "deleted or replaced while open; nothing was written" in shown(modal.query_one("#error"))
        assert app.session_events == []
    assert not path.exists()
