"""Migrations: from empty, from every older version, refusal of a newer store, atomicity."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from console.errors import UserError
from console.store import Store
from console.store.migrations import load_migrations, migrate

REPO = Path(__file__).resolve().parents[2]
MIGRATIONS = load_migrations()


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _versions(path: Path) -> list[int]:
    db = _raw(path)
    try:
        return [row[0] for row in db.execute("SELECT version FROM schema_version ORDER BY version")]
    finally:
        db.close()


def test_shipped_migrations_are_numbered_from_one_without_gaps():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert len(MIGRATIONS) >= 2


def test_a_new_store_gets_every_migration(tmp_path):
    path = tmp_path / "sub" / "desk.db"
    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        tables = set(store.db.table_names())
    assert {"contracts", "events", "tickets", "clocks", "message_ids", "schema_version"} <= tables
    assert _versions(path) == [m.version for m in MIGRATIONS]


def test_connection_settings(tmp_path):
    with Store.open(tmp_path / "desk.db") as store:
        settings = {
            name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert settings == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


@pytest.mark.parametrize("start", range(1, len(MIGRATIONS)))
def test_an_older_store_is_upgraded_and_keeps_its_data(tmp_path, start):
    path = tmp_path / "desk.db"
    db = _raw(path)
    migrate(db, str(path), MIGRATIONS[:start])
    db.execute(
        "INSERT INTO contracts (id, customer, policy, plan) VALUES ('c1', 'Acme', 'procomputers', 'standard')"
    )
    db.close()
    assert _versions(path) == list(range(1, start + 1))

    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert [r["id"] for r in store.db.query("SELECT id FROM contracts")] == ["c1"]
    assert _versions(path) == [m.version for m in MIGRATIONS]


def test_reopening_an_up_to_date_store_changes_nothing(tmp_path):
    path = tmp_path / "desk.db"
    Store.open(path).close()
    before = _versions(path)
    Store.open(path).close()
    assert _versions(path) == before


def test_a_store_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "desk.db"
    Store.open(path).close()
    db = _raw(path)
    db.execute("INSERT INTO schema_version (version, name) VALUES (?, 'from_the_future')",
               [len(MIGRATIONS) + 1])
    db.close()
    with pytest.raises(UserError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message and "newer than this program" in message
    assert _versions(path)[-1] == len(MIGRATIONS) + 1


def test_a_failing_migration_leaves_the_store_at_the_previous_version(tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_first.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (folder / "0002_broken.sql").write_text(
        "CREATE TABLE b (y INTEGER);\nINSERT INTO nowhere VALUES (1);\n"
    )
    path = tmp_path / "desk.db"
    db = _raw(path)
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, str(path), load_migrations(folder))
    assert "b" not in _tables(db)  # the half-applied 0002 was rolled back
    assert "a" in _tables(db)
    assert [r[0] for r in db.execute("SELECT version FROM schema_version")] == [1]
    db.close()


def test_a_gap_in_the_numbering_is_a_packaging_fault(tmp_path):
    (tmp_path / "0001_first.sql").write_text("SELECT 1;")
    (tmp_path / "0003_third.sql").write_text("SELECT 1;")
    with pytest.raises(RuntimeError, match="0002 is missing"):
        load_migrations(tmp_path)


def test_two_processes_creating_the_same_store_apply_each_migration_once(tmp_path):
    path = tmp_path / "desk.db"
    code = "import sys; from console.store import Store; Store.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=REPO) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert _versions(path) == [m.version for m in MIGRATIONS]
