"""What the queue looks like, at a fixed `now`, on a wide and a common terminal.

Update after a deliberate change with `pytest tests/tui --snapshot-update`, then
look at the SVGs under tests/tui/__snapshots__/ before committing them.
"""

import pytest

from .conftest import make_app

SIZES = [(160, 45), (100, 30)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue(snap_compare, filled, size):
    path, _ = filled
    assert snap_compare(make_app(path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty_store(snap_compare, store_path, size):
    assert snap_compare(make_app(store_path), terminal_size=size)


def test_queue_light_theme(snap_compare, filled):
    path, _ = filled
    app = make_app(path)

    async def light(pilot):
        app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 45), run_before=light)


def test_help(snap_compare, filled):
    path, _ = filled
    assert snap_compare(make_app(path), terminal_size=(160, 45), press=["question_mark"])


def test_search(snap_compare, filled):
    path, _ = filled
    assert snap_compare(make_app(path), terminal_size=(100, 30),
                        press=["slash", *"kestrel"])


def test_breached_view_with_cursor_moved(snap_compare, filled):
    path, _ = filled
    assert snap_compare(make_app(path), terminal_size=(160, 45), press=["3", "j"])
