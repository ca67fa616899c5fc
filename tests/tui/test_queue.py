"""The queue screen driven from the keyboard: order, cursor, search, views, commands, live data."""

import asyncio
import sys
import time
from datetime import timedelta
from pathlib import Path

from console.services.queue import queue
from console.store import Store
from console.tui.widgets.queue_view import QueueView

from .conftest import NOW, make_app

REPO = Path(__file__).resolve().parents[2]


def shown_ids(view: QueueView) -> list[str]:
    return [view.row(i).id for i in range(view.total)]


def line_text(view: QueueView, ticket_id: str) -> str:
    """The text of the ticket's line as the widget draws it now."""
    index = shown_ids(view).index(ticket_id)
    view.move_cursor(index)
    return view.render_line(index - round(view.scroll_y) + 1).text


async def test_rows_follow_the_queue_order_of_desk_queue(filled):
    path, ids = filled
    with Store.open(path) as store:
        expected = [item["id"] for item in queue(store, now=NOW)]
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        assert shown_ids(view) == expected
        assert expected[:2] == [ids["isp_breached"], ids["p2c_vendor_breached"]]
        assert expected[-1] == ids["unrouted"]


async def test_a_long_queue_paints_its_top_first_and_counts_after(filled, monkeypatch):
    """A full first window paints without the count (the title says "N+"); the count follows."""
    from console.tui.widgets import queue_view

    monkeypatch.setattr(queue_view, "WINDOW", 5)   # 12 tickets: more than one window
    path, _ = filled
    app = make_app(path)
    first: list[tuple[int, bool, str]] = []
    painted = app._display

    def display(screen, renderable):
        if renderable is not None and not first:
            view = screen.query_one(QueueView)
            first.append((view.total, view.counted, str(screen.query_one("#queue-title").render())))
        painted(screen, renderable)

    app._display = display
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        assert first[0][:2] == (5, False) and "5+ tickets" in first[0][2]
        assert (view.total, view.counted) == (12, True)
        assert "12 tickets" in str(app.screen.query_one("#queue-title").render())
        await pilot.press("G")
        assert view.cursor == 11 and view.row(11) is not None


async def test_cursor_keys_move_through_the_queue(filled):
    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(100, 8)) as pilot:   # 5 rows on screen: paging is visible
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        order = shown_ids(view)
        assert view.page_rows == 5
        for keys, cursor in (("j", 1), ("down", 2), ("k", 1), ("up", 0), ("up", 0),
                             ("G", 11), ("j", 11), ("g", 0), ("end", 11), ("home", 0),
                             ("pagedown", 5), ("pagedown", 10), ("pageup", 5), ("ctrl+b", 0)):
            await pilot.press(keys)
            assert view.cursor == cursor, keys
            assert view.current_ticket_id == order[cursor]
            assert round(view.scroll_y) <= cursor < round(view.scroll_y) + view.page_rows


async def test_search_narrows_as_you_type_and_esc_drops_it(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        await pilot.press("slash", *"kestrel")
        assert set(shown_ids(view)) == {ids["p2c_vendor_breached"], ids["p2c_review"], ids["p2c_low"]}
        await pilot.press(*" sftp")   # subject words are searched too... but not across fields
        assert view.total == 0
        for _ in " sftp":
            await pilot.press("backspace")
        await pilot.press("enter")    # keeps the search, back to the list
        assert view.total == 3 and view.has_focus
        await pilot.press("escape")
        assert view.total == 12
        await pilot.press("slash", *ids["pc_info"].lower())
        assert shown_ids(view) == [ids["pc_info"]]


async def test_quick_views(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        expected = {
            "3": [ids["isp_breached"], ids["p2c_vendor_breached"]],
            "4": [ids["alma_near"], ids["isp_privilege_near"], ids["p2c_review"], ids["p2c_low"]],
            "1": [ids["pc_goal"], ids["alma_waiting"]],
            "5": [ids["unrouted"]],
        }
        for key, rows in expected.items():
            await pilot.press(key)
            assert shown_ids(view) == rows, key
        await pilot.press("2")
        assert ids["pc_goal"] not in shown_ids(view) and ids["isp_answered"] not in shown_ids(view)
        assert view.total == 9
        await pilot.press("0")
        assert view.total == 12


async def test_command_line_filters_and_reports_mistakes(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)

        async def command(text):
            await pilot.press("colon")
            app.screen.prompt.value = text   # typing itself is covered by the search test
            await pilot.press("enter")

        await command("vendor pro2col")
        assert {view.row(i).policy for i in range(view.total)} == {"pro2col"} and view.total == 3
        await command("sev p1")
        assert shown_ids(view) == [ids["p2c_vendor_breached"]]
        await command("clear")
        assert view.total == 12
        await command("assignee dana")
        assert shown_ids(view) == [ids["isp_answered"]]
        await command("assignee me")
        assert shown_ids(view) == [ids["pc_goal"], ids["alma_waiting"]]
        await command("all")
        await command("vendor nosuch")
        await command("frobnicate")
        messages = [n.message for n in app._notifications]
        assert any("No vendor 'nosuch'" in m for m in messages)
        assert any("Unknown command 'frobnicate'" in m for m in messages)
        await command("q")
    assert app.return_code == 0


async def test_breaching_view_follows_the_clock(filled):
    """Membership of time-based views moves with `now`, with no write to the store."""
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        await pilot.press("3")
        assert ids["alma_near"] not in shown_ids(view)
        app.clock.frozen = NOW + timedelta(minutes=6)   # its 5 minutes have run out
        view.tick()
        assert ids["alma_near"] in shown_ids(view)


async def test_countdown_ticks_from_the_clock_without_reading_the_store(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        before = line_text(view, ids["alma_near"])
        assert "▲   0h05m" in before and "first response" in before
        statements: list[str] = []
        app.store.conn.set_trace_callback(statements.append)
        app.clock.frozen = NOW + timedelta(minutes=7)
        view.tick()
        after = line_text(view, ids["alma_near"])
        app.store.conn.set_trace_callback(None)
        assert "!  -0h02m" in after
        assert statements == []


async def test_a_paused_clock_says_so_in_words_as_well_as_its_glyph(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:   # no status column at this width
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        waiting = line_text(view, ids["alma_waiting"])
        assert "⏸" in waiting and "paused: statu" in waiting
        assert "paused" not in line_text(view, ids["alma_near"])


def _backgrounds(strip) -> set:
    return {segment.style.bgcolor for segment in strip if segment.text.strip(" ▶")}


async def test_the_cursor_row_has_its_own_background_in_16_colours_too(filled):
    """Every cell of the cursor row but the badge takes the cursor's background."""
    from rich.color import ColorSystem

    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        cursor, other = view.render_line(1), view.render_line(2)
        badge = view.row(0).severity
        [cursor_background] = _backgrounds(s for s in cursor if s.text.strip() != badge)
        [other_background] = _backgrounds(s for s in other if s.text.strip() != view.row(1).severity)
        for depth in (ColorSystem.TRUECOLOR, ColorSystem.STANDARD):
            assert cursor_background.downgrade(depth) != other_background.downgrade(depth)
        app.screen.action_search()   # the list loses focus: the cursor stays visible
        await pilot.pause()
        [blurred] = _backgrounds(s for s in view.render_line(1) if s.text.strip() != badge)
        assert blurred.downgrade(ColorSystem.STANDARD) != other_background.downgrade(ColorSystem.STANDARD)


async def test_another_process_commits_and_the_cursor_stays_on_its_ticket(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        watched = ids["p2c_review"]
        view.move_cursor(shown_ids(view).index(watched))
        old_index = view.cursor
        # The near-breach AlmaCare ticket, above the cursor, is answered elsewhere and drops down.
        writer = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "console.cli", "--db", str(path), "--now", NOW.isoformat(),
            "event", ids["alma_near"], "respond", "--actor", "dana",
            cwd=REPO, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        _, err = await writer.communicate()
        assert writer.returncode == 0, err
        deadline = time.monotonic() + 3
        while ids["alma_near"] in shown_ids(view)[:old_index] and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert ids["alma_near"] not in shown_ids(view)[:old_index], "the change did not appear"
        assert view.current_ticket_id == watched
        assert view.cursor == old_index - 1


async def test_a_new_store_is_created_and_says_how_to_start(store_path):
    app = make_app(store_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        assert view.total == 0 and store_path.exists()
        text = "\n".join(view.render_line(y).text for y in range(2, 12))
        assert "desk contract add" in text and "desk demo" in text
        await pilot.press("j", "G", "enter", "t")   # nothing to move to or act on: no error
        assert app.screen is not None and view.current_ticket_id is None


async def test_a_filter_that_matches_nothing_says_how_to_get_back(filled):
    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        await pilot.press("slash", *"zzzz", "enter")
        await pilot.pause()
        text = view.render_line(2).text + view.render_line(4).text
        assert "No open ticket matches" in text and "esc" in text


async def test_a_double_click_on_a_row_puts_the_cursor_there_and_opens_nothing(filled):
    """A double click is Textual's select-all, which walks the clicked widget with its `query()`."""
    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        queue_screen = app.screen
        view = queue_screen.query_one(QueueView)
        third = shown_ids(view)[2]
        assert await pilot.double_click(view, offset=(40, 3))   # line 0 is the header
        await pilot.pause()
        assert app.screen is queue_screen and len(app.screen_stack) == 1
        assert view.current_ticket_id == third
        assert app.return_code is None   # still running: nothing was raised
