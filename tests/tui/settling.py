"""The console under test, with a Pilot that waits for the screens' reads.

The screens read the store in thread workers that end by posting a message (see
console/tui/reads.py). A test presses a key and asserts on what the screen shows, so its
Pilot returns only once the reads the key started are drawn; a test about the wait itself
(tests/tui/test_workers.py) asks for Textual's own Pilot instead.
"""

from contextlib import asynccontextmanager

from textual.pilot import Pilot

from console.tui.app import DeskApp


def reading(app) -> list:
    """The screens' workers still running (the app's own, timers and delivery, are not reads)."""
    return [w for w in app.workers if w.node is not app and not w.is_finished]


async def settle(pilot: Pilot) -> None:
    """Return once no screen's worker is running and what the workers posted is drawn.

    The handler of one read's message may start the next (a modal's ticket, then its
    preview), hence the loop.
    """
    app = pilot.app
    while True:
        await Pilot.pause(pilot)   # what finished workers posted is handled, refreshes run
        running = reading(app)
        if not running:
            return
        await app.workers.wait_for_complete(running)


async def press(pilot: Pilot, *keys: str) -> None:
    """Press the keys one at a time, each once the reads the last one started are drawn
    (so the next key goes to what it opened); with any Pilot, as a snapshot's hook has."""
    for key in keys:
        await Pilot.press(pilot, key)
        if reading(pilot.app):
            await settle(pilot)


class SettlingPilot(Pilot):
    """Keys and pauses that return once the reads they started are drawn."""

    async def press(self, *keys: str) -> None:
        await press(self, *keys)

    async def pause(self, delay: float | None = None) -> None:
        await super().pause(delay)
        await settle(self)


class Settled:
    """Mixed into an app under test: `run_test` starts settled and hands out a SettlingPilot
    (`settling=False`: Textual's own Pilot, for a test that presses keys during a read)."""

    @asynccontextmanager
    async def run_test(self, *, settling: bool = True, **kwargs):
        async with super().run_test(**kwargs) as pilot:
            if not settling:
                yield pilot
                return
            pilot = SettlingPilot(pilot.app)
            await settle(pilot)
            yield pilot


class SettledDesk(Settled, DeskApp):
    """The console as the tests drive it."""
