"""What the queue looks like, at a fixed `now`, on a wide and a common terminal.

Update after a deliberate change with `pytest tests/tui --snapshot-update`, then
look at the SVGs under tests/tui/__snapshots__/ before committing them.
"""

import pytest

from .conftest import build_store, make_app

SIZES = [(160, 45), (100, 30)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue(snap_compare, store_path, size):
    build_store(store_path)
    assert snap_compare(make_app(store_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty_store(snap_compare, store_path, size):
    assert snap_compare(make_app(store_path), terminal_size=size)


def test_queue_light_theme(snap_compare, store_path):
    build_store(store_path)
    app = make_app(store_path)

    async def light(pilot):
        app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 45), run_before=light)


def test_help(snap_compare, store_path):
    build_store(store_path)
    assert snap_compare(make_app(store_path), terminal_size=(160, 45), press=["question_mark"])


def test_search(snap_compare, store_path):
    build_store(store_path)
    assert snap_compare(make_app(store_path), terminal_size=(100, 30),
                        press=["slash", *"kestrel"])


def test_breached_view_with_cursor_moved(snap_compare, store_path):
    build_store(store_path)
    assert snap_compare(make_app(store_path), terminal_size=(160, 45), press=["3", "j"])
