"""Benchmark: the console's queue at 100 000 open tickets (`make bench`).

Targets (issue 5): first paint of the queue within 1.5x the start of an empty
Textual app measured in the same run; a cursor move or page down under 50 ms;
filtering under 200 ms. At 160x45, medians of several tries, printed with ratios.

- first paint: from creating the app to the first frame it draws (both apps
  note the instant Textual hands that frame to the terminal driver);
- keys: the action's handler plus the full frame it leads to, rendered at once
  (what the engineer waits for), and, for context, Pilot's key-to-idle time,
  which adds the event loop's own pacing.
"""

import asyncio
import statistics
import time
from datetime import UTC, datetime

from textual.app import App

from console.clock import Clock
from console.services.queue_window import QueueQuery
from console.tui.app import DeskApp
from console.tui.widgets.queue_view import QueueView
from tests.bench.bulk_store import bench_store

TICKETS = 100_000
NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
SIZE = (160, 45)
ROUNDS = 7


class FirstFrame:
    """Notes when the app draws its first frame (Textual calls `_display` with each frame)."""

    painted_at: float | None = None

    def _display(self, screen, renderable) -> None:
        if renderable is not None and self.painted_at is None:
            self.painted_at = time.perf_counter()
            if isinstance(self, DeskApp):   # the frame has the queue's rows drawn in it
                view = screen.query_one(QueueView)
                assert view.total == TICKETS and len(view._rendered) >= SIZE[1] - 4
        super()._display(screen, renderable)


class EmptyApp(FirstFrame, App):
    """The baseline: Textual's own start-up and first paint, nothing of ours."""


class TimedDesk(FirstFrame, DeskApp):
    pass


async def start(make) -> tuple[float, float]:
    """(first frame, up and idle): seconds from creating the app."""
    started = time.perf_counter()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        idle = time.perf_counter() - started
    return app.painted_at - started, idle


def frame_time(app, action) -> float:
    """Run a key's action and render the whole frame it leads to."""
    started = time.perf_counter()
    action()
    app.screen._compositor.render_update(full=True)
    return time.perf_counter() - started


async def key_times(pilot, keys, *, before=()) -> list[float]:
    for key in before:
        await pilot.press(key)
    times = []
    for key in keys:
        started = time.perf_counter()
        await pilot.press(key)
        times.append(time.perf_counter() - started)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def test_queue_at_100k(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))   # no personal keymap in the figures
    path = bench_store(TICKETS, NOW)

    def desk():
        return TimedDesk(path, Clock(frozen=NOW), actor="bench", read_only=True)

    async def run() -> dict[str, list[float]]:
        await start(EmptyApp)   # warm-up: imports and Textual's first-time costs
        await start(desk)       # ... and the packs, read once per process
        names = ("empty app: first frame", "empty app: started (idle)",
                 "queue: first frame", "queue: started (idle)")
        figures: dict[str, list[float]] = {name: [] for name in names}
        for _ in range(ROUNDS):
            for make, (frame, idle) in ((EmptyApp, names[:2]), (desk, names[2:])):
                painted, ready = await start(make)
                figures[frame].append(painted)
                figures[idle].append(ready)
        app = desk()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            view = screen.query_one(QueueView)
            view.move_cursor(TICKETS // 2)   # mid-queue: windows are read at a deep offset
            await pilot.pause()

            def frames(action, times: int) -> list[float]:
                return [frame_time(app, action) for _ in range(times)]

            figures["cursor down (j)"] = frames(screen.action_cursor_down, 30)
            figures["cursor up (k)"] = frames(screen.action_cursor_up, 30)
            figures["page down"] = frames(screen.action_page_down, 30)
            figures["page up"] = frames(screen.action_page_up, 30)
            figures["bottom (G) / top (g)"] = frames(screen.action_bottom, 3) + frames(screen.action_top, 3)
            searched = [frame_time(app, lambda text=text: screen.narrow(QueueQuery(text=text)))
                        for text in ("k", "ke", "ker", "kern", "kerne", "kernel", "kerne", "")]
            figures["search keystroke"] = searched
            figures["quick view: breached"] = frames(screen.action_view_breached, 3)
            figures["quick view: breaching 1 h"] = frames(screen.action_view_breaching, 3)
            figures["quick view: unassigned"] = frames(screen.action_view_unassigned, 3)
            figures[":vendor pro2col"] = frames(lambda: screen.run_command("vendor pro2col"), 3)
            figures["clear filters (esc)"] = frames(screen.action_back, 3)
            assert view.total == TICKETS
            figures["pilot: j, key to idle"] = await key_times(pilot, ["j"] * 10)
            figures["pilot: pagedown, key to idle"] = await key_times(pilot, ["pagedown"] * 10)
        return figures

    figures = asyncio.run(run())
    med = {name: statistics.median(values) for name, values in figures.items()}
    ratio = med["queue: first frame"] / med["empty app: started (idle)"]
    like_for_like = {kind: med[f"queue: {kind}"] / med[f"empty app: {kind}"]
                     for kind in ("first frame", "started (idle)")}
    print(f"\nqueue benchmark, {TICKETS:,} open tickets, {SIZE[0]}x{SIZE[1]}, medians:")
    for name, value in med.items():
        print(f"  {name:28} {ms(value)}   (worst {ms(max(figures[name]))})")
    print(f"  queue first frame / empty app started: {ratio:.2f} (target <= 1.5)")
    for kind, value in like_for_like.items():
        print(f"  queue / empty app, {kind} both: {value:.2f}")

    assert ratio <= 1.5, f"first paint {ratio:.2f}x an empty app's start"
    for name in ("cursor down (j)", "cursor up (k)", "page down", "page up", "bottom (G) / top (g)"):
        assert med[name] < 0.050, f"{name}: {ms(med[name])}"
    for name in ("search keystroke", "quick view: breached", "quick view: breaching 1 h",
                 "quick view: unassigned", ":vendor pro2col", "clear filters (esc)"):
        assert med[name] < 0.200, f"{name}: {ms(med[name])}"
