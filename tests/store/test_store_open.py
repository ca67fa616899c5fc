"""Opening a store: every fault a user can cause is one UserError naming the file, and
a file we refuse is left exactly as it was."""

import os
import sqlite3

import pytest

from console.errors import UserError
from console.store import Store


def _refused(path, *words):
    with pytest.raises(UserError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    for word in words:
        assert word in message
    return message


def test_a_directory_is_refused(tmp_path):
    _refused(tmp_path, "is a directory")


def test_a_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a store\n" * 20)
    before = path.read_bytes()
    _refused(path, "not a SQLite store")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_garbage_bytes_are_refused_untouched(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(os.urandom(8192))
    before = path.read_bytes()
    _refused(path)
    assert path.read_bytes() == before


def test_a_damaged_store_is_refused(tmp_path):
    path = tmp_path / "desk.db"
    with Store.open(path) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    # keep the 100-byte header, overwrite the schema and everything after it
    data[100:] = b"\xa5" * (len(data) - 100)
    assert len(data) > page_size
    path.write_bytes(bytes(data))
    _refused(path, "damaged")


def test_a_folder_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _refused(blocker / "desk.db", "cannot create")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        _refused(folder / "desk.db", "not writable")
    finally:
        folder.chmod(0o700)


def test_a_missing_store_is_not_created_when_asked_not_to(tmp_path):
    path = tmp_path / "desk.db"
    with pytest.raises(UserError, match="desk init"):
        Store.open(path, create=False)
    assert not path.exists()


def test_an_empty_file_becomes_a_store(tmp_path):
    path = tmp_path / "desk.db"
    path.touch()
    with Store.open(path) as store:
        assert "events" in store.db.table_names()


def test_the_log_is_append_only(tmp_path):
    with Store.open(tmp_path / "desk.db") as store:
        store.db.execute(
            "INSERT INTO events (id, ticket_id, at, at_epoch, actor, kind) "
            "VALUES ('e1', 'T-1', '2026-01-01T00:00:00Z', 1767225600, 'me', 'note')"
        )
        for statement in ("UPDATE events SET kind = 'respond'", "DELETE FROM events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                store.db.execute(statement)
        assert store.db.execute("SELECT kind FROM events").fetchall() == [("note",)]


def test_a_busy_store_is_a_user_error_after_the_timeout(tmp_path):
    path = tmp_path / "desk.db"
    Store.open(path).close()
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(path) as store:
            store.write_wait = 0.05
            with pytest.raises(UserError, match="busy"), store.transaction():
                pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
