"""The shell around the screens: keymap file, help, palette, action dispatch, `desk` itself."""

import pytest

from console import cli
from console.errors import UserError
from console.store import Store
from console.tui import keymap
from console.tui.commands import ScreenActions
from console.tui.screens.help import HelpScreen, key_table
from console.tui.screens.queue import QueueScreen
from console.tui.widgets.queue_view import QueueView

from .conftest import make_app


def write_keys(tmp_path, text: str):
    path = tmp_path / "config" / "support-console" / "keys.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_every_registry_action_has_a_group_and_distinct_default_keys():
    assert all(a.group in keymap.GROUPS for a in keymap.ACTIONS.values())
    keys = [k for a in keymap.ACTIONS.values() for k in a.keys.split(",")]
    assert len(keys) == len(set(keys))
    assert set(keymap.TICKET_ACTIONS) >= {"reclassify", "split", "escalate", "take", "undo"}


@pytest.mark.parametrize("text, fault", [
    ("[keys]\nteleport = \"t\"\n", "keys.teleport: no such action"),
    ("[keys]\ntake = 5\n", "keys.take: give the keys as a string"),
    ("[keys\n", "not valid TOML"),
])
def test_a_faulty_keymap_stops_the_console_with_one_line_naming_the_file(tmp_path, store_path, text, fault):
    path = write_keys(tmp_path, text)
    with pytest.raises(UserError) as raised:
        make_app(store_path)
    assert fault in str(raised.value) and str(path) in str(raised.value)


async def test_keys_remapped_in_keys_toml_move_the_binding_and_the_help(tmp_path, filled):
    path, _ = filled
    write_keys(tmp_path, '[keys]\ncursor_down = "ctrl+n"\n')
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        await pilot.press("j")
        assert view.cursor == 0
        await pilot.press("ctrl+n")
        assert view.cursor == 1
        moves = {d: k for k, d, _ in key_table(app.screen)["Move"]}
        assert moves["Down (next ticket, or scroll)"] == "^n"


async def test_help_lists_every_key_of_the_screen_it_was_opened_on(filled):
    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {description for rows in app.screen.table.values() for _, description, _ in rows}
        bound = {b.id for b in QueueScreen.BINDINGS} | {"help", "quit"}
        assert {keymap.ACTIONS[i].description for i in bound} <= listed
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_palette_offers_the_screen_actions_and_runs_them(filled):
    path, _ = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        provider = ScreenActions(app.screen)
        commands = {name: run for name, _, run in provider._commands()}
        assert {"Take (assign to me)", "Search id, subject, customer", "View: breached",
                "Keys of this screen"} <= set(commands)
        await commands["View: breached"]()
        await pilot.pause()
        assert app.screen.query_one(QueueView).total == 2


async def test_a_ticket_action_opens_its_modal_and_the_queue_shows_the_write(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        assert view.current_ticket_id == ids["isp_breached"]
        await pilot.press("t")
        await pilot.pause()
        assert type(app.screen).__name__ == "TakeModal"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("1")
        assert ids["isp_breached"] in [view.row(i).id for i in range(view.total)]
        assert len(app.session_events) == 1


async def test_read_only_console_refuses_ticket_actions(filled):
    path, ids = filled
    app = make_app(path)
    app.read_only = True
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        app.run_action("take", ids["isp_breached"])
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert any("Read-only" in n.message for n in app._notifications)
        with pytest.raises(ValueError):
            app.run_action("cursor_down", ids["isp_breached"])


def test_plain_desk_opens_the_console_on_a_new_store(tmp_path, monkeypatch):
    from console.tui.app import DeskApp

    opened = []
    monkeypatch.setattr(DeskApp, "run",
                        lambda self: opened.append((self.store.path, self.actor, self.read_only)))
    monkeypatch.setenv("DESK_USER", "robin")
    monkeypatch.delenv("DESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new"))
    path = tmp_path / "new" / "support-console" / "desk.db"   # only the default location is made
    assert cli.main(["--now", "2026-03-02T14:00:00Z"]) == 0
    assert cli.main(["--db", str(path), "--read-only"]) == 0
    assert cli.main(["--db", str(tmp_path / "typo.db")]) == 2
    assert opened == [(path, "robin", False), (path, "robin", True)]
    assert not (tmp_path / "typo.db").exists()
    with Store.open(path, create=False) as store:
        assert store.schema_version >= 1


async def test_enter_opens_the_ticket_under_the_cursor_and_esc_comes_back(filled):
    path, ids = filled
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen"
        assert app.screen.current_ticket_id() == ids["alma_near"]
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.query_one(QueueView).current_ticket_id == ids["alma_near"]


FIRST_FRAME = """
import os, sys
from textual.app import App

def _display(self, screen, renderable):
    if renderable is not None:
        print(" ".join(sorted(name for name in LOADED_LATE if name in sys.modules)), flush=True)
        os._exit(0)

_run = App.run
App.run = lambda self, **_: _run(self, headless=True, size=(160, 45))
App._display = _display
from console.cli import main
main(["--db", DB, "--now", NOW, "--read-only"])
"""


def test_plain_desk_paints_before_loading_what_only_other_commands_need(filled, tmp_path):
    """sqlite-utils and the mail readers take longer to load than the console takes to paint."""
    import os
    import subprocess
    import sys

    from .conftest import NOW

    late = ["sqlite_utils", "console.services.intake", "console.ingest.email_parse", "console.services.tickets"]
    code = f"LOADED_LATE = {late!r}\nDB = {str(filled[0])!r}\nNOW = {NOW.isoformat()!r}\n" + FIRST_FRAME
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
