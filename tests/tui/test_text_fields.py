"""Text cursors: the console blinks them; the test harness holds them still.

A blinking cursor is drawn or not depending on when a screenshot is taken, so
every text field the console creates takes `DeskApp.cursor_blink`, and the
harness (make_app, detail_app) turns it off. These tests open every modal and
the search line under the harness and find no field that would blink.
"""

import pytest
from textual.widgets import Input, TextArea

from console.clock import Clock
from console.tui.app import DeskApp
from console.tui.modals import ACTION_MODALS

from .conftest import ACTOR, NOW, make_app
from .detail_harness import detail_app, on_detail

SIZE = (160, 45)
pytestmark = pytest.mark.usefixtures("zone")


def text_fields(screen) -> list[Input | TextArea]:
    return list(screen.query("Input, TextArea"))


async def test_no_modal_has_a_text_field_that_blinks_under_the_harness(filled):
    path, ids = filled
    app = detail_app(path, ids["alma_near"])
    cursor_in_text = []
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        detail = app.screen
        for action_id, modal in ACTION_MODALS.items():
            await app.push_screen(modal(ids["alma_near"]))
            await pilot.pause()
            fields = text_fields(app.screen)
            assert [f for f in fields if f.cursor_blink] == [], action_id
            if app.screen.focused in fields:
                cursor_in_text.append(action_id)
            app.pop_screen()
            await pilot.pause()
            assert app.screen is detail
    # Most modals open with the cursor in a text field (their snapshots were the ones that
    # varied); both kinds, a TextArea (reply) and an Input (assign), were among them.
    assert {"reply", "assign"} <= set(cursor_in_text) and len(cursor_in_text) > len(ACTION_MODALS) // 2


async def test_the_search_line_does_not_blink_and_its_screenshot_holds_still(filled):
    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"kestrel")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt", Input)
        assert prompt.has_focus and not prompt.cursor_blink
        first = app.export_screenshot()
        await pilot.pause(0.6)   # longer than half a blink
        assert app.export_screenshot() == first


async def test_the_console_itself_blinks_its_text_cursors(filled):
    path, ids = filled
    app = DeskApp(path, Clock(frozen=NOW), actor=ACTOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.query_one("#prompt", Input).cursor_blink
        await pilot.press("escape")
        app.push_screen(ACTION_MODALS["reply"](ids["alma_near"]))
        await pilot.pause()
        field = app.screen.query_one(TextArea)
        assert field.has_focus and field.cursor_blink
