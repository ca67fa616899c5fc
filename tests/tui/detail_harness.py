"""Helpers for the detail screen and action modal tests (imported by those test files).

The console store of conftest.py is built once per session and copied for each
test; the app is the real DeskApp, taken straight to one ticket's detail.
"""

import asyncio
import functools
import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from console.clock import Clock
from console.tui.app import DeskApp

from .conftest import ACTOR, NOW, build_store

# The engineer's zone in these tests: not UTC and not the vendors' zones, so both show.
ZONE = "Europe/Berlin"


# Fixtures are named apart from their functions, so a test module imports the function
# and its tests take the fixture by name without shadowing the import.
@pytest.fixture(scope="session", name="store_template")
def store_template_fixture(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The console store, built once; tests write to copies of it."""
    path = tmp_path_factory.mktemp("template") / "desk.db"
    return path, build_store(path)


@pytest.fixture(name="copied")
def copied_fixture(store_template, tmp_path) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the console store for one test: (path, {short name: ticket id})."""
    source, ids = store_template
    path = tmp_path / "desk.db"
    shutil.copy(source, path)
    return path, ids


@pytest.fixture(name="zone")
def zone_fixture(monkeypatch) -> str:
    monkeypatch.setenv("DESK_TZ", ZONE)
    return ZONE


class AtTicket(DeskApp):
    """The console, taken to one ticket's detail once the queue is up."""

    def __init__(self, path: Path, ticket_id: str, *, now=NOW, actor: str = ACTOR):
        super().__init__(path, Clock(frozen=now), actor=actor)
        self.first_ticket = ticket_id

    def on_mount(self) -> None:
        # DeskApp's own on_mount runs after this one (Textual calls each class's handler)
        self.call_after_refresh(self.open_ticket, self.first_ticket)


def detail_app(path: Path, ticket_id: str, **kwargs) -> AtTicket:
    return AtTicket(path, ticket_id, **kwargs)


def pilot_test(scenario):
    """Run an async Pilot scenario as a plain test (the suite has no async test plugin)."""
    @functools.wraps(scenario)
    def test(*args, **kwargs):
        asyncio.run(scenario(*args, **kwargs))
    return test


def shown(widget) -> str:
    """The plain text a Static shows (Rich tables and Text alike)."""
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(widget.content)
    return console.file.getvalue()


async def on_detail(pilot) -> None:
    """Wait until the console shows the ticket detail it was taken to."""
    from console.tui.screens.detail import DetailScreen

    for _ in range(50):
        if isinstance(pilot.app.screen, DetailScreen):
            await pilot.pause()
            return
        await pilot.pause()
    raise AssertionError(f"no detail screen: {pilot.app.screen!r}")


async def screenshots(app, sizes, prepare) -> list[str]:
    """SVG screenshots of one run of `app` at each size in turn, after `prepare(pilot)`.

    One run for both sizes keeps the snapshot tests quick; the screen is laid out
    again at each size, as when a terminal is resized.
    """
    shots = []
    async with app.run_test(size=sizes[0]) as pilot:
        await prepare(pilot)
        for n, size in enumerate(sizes):
            if n:
                await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            shots.append(app.export_screenshot())
    return shots
