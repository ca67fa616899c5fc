"""The console opened straight on one ticket's detail, for the detail screen and modal tests.

The detail is pushed over a blank screen as soon as the app runs: no queue is built
beneath it, since these tests never go back to it. It lays itself out at the
terminal's size as it does when opened from the queue, and a modal opens over it
exactly as over a detail reached from the queue.
"""

import io
from pathlib import Path

from rich.console import Console
from textual.screen import Screen

from console.clock import Clock
from console.tui.screens.detail import DetailScreen

from .conftest import ACTOR, NOW
from .settling import SettledDesk, settle


class AtTicket(SettledDesk):
    """The console on one ticket's detail, on a frozen clock, text cursors still."""

    def __init__(self, path: Path, ticket_id: str, *, now=NOW, actor: str = ACTOR):
        super().__init__(path, Clock(frozen=now), actor=actor, cursor_blink=False)
        self.first_ticket = ticket_id

    def get_default_screen(self) -> Screen:
        return Screen()

    def on_mount(self) -> None:
        # DeskApp's own on_mount runs after this one (Textual calls each class's handler)
        self.push_screen(DetailScreen(self.first_ticket))


def detail_app(path: Path, ticket_id: str, **kwargs) -> AtTicket:
    return AtTicket(path, ticket_id, **kwargs)


def shown(widget) -> str:
    """The plain text a Static shows (Rich tables and Text alike)."""
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(widget.content)
    return console.file.getvalue()


async def on_detail(pilot) -> None:
    """Wait until the detail screen has read its ticket and drawn it (any Pilot: a snapshot's
    is Textual's own)."""
    assert isinstance(pilot.app.screen, DetailScreen), pilot.app.screen
    await settle(pilot)
