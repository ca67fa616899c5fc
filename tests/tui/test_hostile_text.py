"""Customer text in the console is data: markup in a subject is shown as typed, escape sequences
as stand-ins, on the queue, the detail, the board and every action modal; none crashes them."""

import re
from datetime import UTC, datetime

import pytest
from rich.text import Text
from textual.widgets import Input, OptionList, Static

from console.cli import main
from console.services.tickets import record
from console.store import Store
from console.tui.modals import ACTION_MODALS
from console.tui.screens.board import BoardScreen
from console.tui.screens.detail import DetailScreen
from console.tui.widgets.queue_view import QueueView
from tests.ingest.conftest import CORPUS

from .conftest import make_app
from .detail_harness import detail_app, on_detail, shown

SIZE = (160, 45)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)   # the day after the hostile corpus was sent
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MARKUP = "[/nonexistent] [@click=app.quit]x[/]"
ASSIGNEE = "\x1b]0;owned\x07eve[/]"
pytestmark = pytest.mark.usefixtures("zone")


@pytest.fixture
def hostile(store_path):
    """The hostile mail, CSV and JSON imported with `desk import`; then a note by a hostile actor,
    a hostile assignee, and the CSV ticket a duplicate of the mail. Returns (path, {name: ticket id})."""
    db = ["--db", str(store_path), "--now", NOW.isoformat()]
    main([*db, "init"])
    main([*db, "contract", "add", "--id", "cloudco", "--customer", "CloudCo", "--policy",
          "procomputers", "--plan", "standard", "--domain", "cloudco.example"])
    hostile = CORPUS / "hostile"
    assert main([*db, "import", "--quiet", *(str(hostile / name) for name in (
        "escapes_in_every_field.eml", "escapes.csv", "escapes.json"))]) == 0
    with Store.open(store_path) as store:
        rows = store.conn.execute("SELECT id, subject FROM tickets ORDER BY id").fetchall()
        ids = {"mail" if subject.startswith(MARKUP) else subject[:4].lower().strip(): ticket
               for ticket, subject in rows}
        record(store, ids["json"], "assign", {"assignee": ASSIGNEE}, at=NOW, actor="sam")
        ids["note"] = record(store, ids["json"], "note", {"note": "[b]see[/b] \x1b[2J"}, at=NOW,
                             actor="\x9b1mmallory").id
        record(store, ids["csv"], "merge", {"duplicate_of": ids["mail"]}, at=NOW, actor="sam")
    return store_path, ids


async def until(pilot, condition) -> None:
    """Pause until `condition()` holds: some panels are filled after the first refresh."""
    for _ in range(50):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


def screen_text(app) -> str:
    """Every cell of the screen as it goes to the terminal (line filters applied)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_nothing_raw(app) -> None:
    """No control character in what any Static or option holds, before the last guard drops it."""
    for widget in app.screen.query(Static):
        assert not RAW.findall(shown(widget)), (widget, shown(widget))
    for options in app.screen.query(OptionList):
        for n in range(options.option_count):
            prompt = options.get_option_at_index(n).prompt
            assert not RAW.findall(prompt.plain if isinstance(prompt, Text) else prompt)
    assert not RAW.findall(screen_text(app))


async def test_the_queue_shows_markup_as_typed_and_escapes_as_stand_ins(hostile):
    path, ids = hostile
    app = make_app(path, now=NOW)
    async with app.run_test(size=(240, 45)) as pilot:   # wide: the whole subject in its column
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        lines = [view.render_line(y).text for y in range(1, view.total + 1)]
        mail = next(line for line in lines if ids["mail"] in line)
        assert f"{MARKUP} ␛]52;c;cm0gLXJmIH4=␇Disk ␛[2Jfull" in mail
        assert "Evil␛]0;owned␇C… T" in next(line for line in lines if ids["json"] in line)
        assert "␛]0;owned␇" in screen_text(app)   # the assignee column
        assert_nothing_raw(app)


async def test_the_detail_shows_every_customer_field_neutralised(hostile):
    path, ids = hostile
    app = detail_app(path, ids["mail"], now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        head, thread = shown(app.screen.query_one("#detail-head")), shown(app.screen.query_one("#thread"))
        assert f"{MARKUP} ␛]52;c;cm0gLXJmIH4=␇Disk ␛[2Jfull" in head
        assert "The disk is full ␛[2J␛]8;;https://evil.example/␛\\click here" in thread
        assert "[bold]9.4[/bold] \ufffd31m" in thread
        link = app.screen.query_one("#links", OptionList).get_option_at_index(0).prompt
        assert isinstance(link, Text)   # an option's prompt given as a string is read as markup
        assert f"duplicate: {ids['csv']}  CSV ␛]0;title␇ [@click=app.quit]q[/] \ufffd2J" in link.plain
        assert_nothing_raw(app)
        assert app.is_running   # [@click=app.quit] was not an action


async def test_the_detail_of_the_json_ticket_neutralises_customer_assignee_actors_and_notes(hostile):
    path, ids = hostile
    app = detail_app(path, ids["json"], now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        screen = app.screen
        assert "\ufffd1mmallory" in shown(screen.query_one("#timeline"))
        assert "[b]see[/b] ␛[2J" in shown(screen.query_one("#thread"))
        head = shown(screen.query_one("#detail-head"))
        assert "Evil␛]0;owned␇Co [b]Ltd[/b]" in head and "assignee ␛]0;owned␇eve[/]" in head
        assert_nothing_raw(app)


@pytest.mark.parametrize("action_id", sorted(ACTION_MODALS))
async def test_every_modal_opens_on_the_hostile_ticket(hostile, action_id):
    path, ids = hostile
    app = detail_app(path, ids["mail"], now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        app.session_events.append(ids["note"])   # undo names the note and its actor
        app.run_action(action_id, ids["mail"])
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ACTION_MODALS[action_id])
        assert MARKUP in shown(modal.query_one("#dialog-title"))
        if action_id == "duplicate":   # the target named as it is typed: the crash of issue 12
            modal.query_one("#target", Input).value = ids["json"]
            await pilot.pause()
            assert "JSON ␛]52;c;ZXZpbA==␇ [/x] \ufffd2J \ufffdevil" in shown(modal.query_one("#target-info"))
        if action_id == "undo":
            assert "\ufffd1mmallory" in shown(modal.query_one("#undo-line"))
        if action_id == "split":
            # the preview (its subject column cut) is drawn after the first refresh
            await until(pilot, lambda: MARKUP[:30] in shown(modal.query_one("#preview")))
            assert "␛[2J" in shown(modal.query_one("#numbered-body"))
        assert_nothing_raw(app)


async def test_the_board_names_hostile_customers_and_assignees_neutralised(hostile):
    path, _ = hostile
    app = make_app(path, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(BoardScreen())
        await until(pilot, lambda: "Evil␛]0;owned␇" in screen_text(app))
        assert "␛]0;owned␇eve[/]" in screen_text(app)
        assert_nothing_raw(app)


async def test_a_notification_quoting_a_subject_is_plain(hostile):
    path, ids = hostile
    app = detail_app(path, ids["mail"], now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        app.notify(f"{MARKUP} \x1b[2J", markup=True)
        await until(pilot, lambda: MARKUP in screen_text(app))
        assert "␛[2J" in screen_text(app)
        assert app.is_running


async def test_the_last_guard_drops_a_control_character_that_got_past(hostile):
    path, ids = hostile
    app = detail_app(path, ids["mail"], now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        app.screen.query_one("#detail-head", Static).update(Text("raw \x1b]0;t\x07 \x9b2J here"))
        await pilot.pause()
        assert "raw ]0;t 2J here" in screen_text(app)
        assert not RAW.findall(screen_text(app))
        assert isinstance(app.screen, DetailScreen)


async def test_the_engineers_name_and_typed_filters_are_never_markup(hostile):
    path, _ = hostile
    app = make_app(path, now=NOW, actor="[/oops] [@click=app.quit]eve")   # a serve user's name
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"[/x]", "enter")   # a search the engineer types
        await pilot.pause()
        title = shown(app.screen.query_one("#queue-title"))
        assert "[/x]" in title and "[/oops] [@click=app.quit]eve" in title
        await pilot.press("escape", "b")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "[/oops] [@click=app.quit]eve" in shown(app.screen.query_one("#board-title"))
