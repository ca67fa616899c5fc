"""Writers wait for a busy store: eight processes appending while a ninth holds the write
lock for seconds lose no write, and a writer kept out past the bound exits 75 untouched.

Real processes on one real store file: each writer goes through console.services as
`desk event` does, and the long writer holds SQLite's write lock (BEGIN IMMEDIATE)
the way a long `desk rebuild` or import transaction would.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from console.services.tickets import open_ticket
from console.store import Store, events, projections
from tests.conftest import add_contracts
from tests.services.conftest import CONTRACTS, T0

REPO = Path(__file__).resolve().parents[2]
WRITERS = 8
APPEND_FOR = 6.5   # seconds each writer keeps appending once all have started
# Seconds the long writer holds the lock, from half a second in: longer than SQLite's
# own 5 s busy wait, after which every waiting writer used to be refused.
HOLD_FOR = 5.5

# Writes notes until its time is up; prints how many went in, how many were refused
# and the longest a single write took (the lock wait included).
WRITER = """
import json, sys, time
from datetime import timedelta
from pathlib import Path
from console.domain.timeutil import parse_instant
from console.errors import StoreUnavailable
from console.services.tickets import record
from console.store import Store

db, ticket, actor, seconds, start, folder = sys.argv[1:]
base = parse_instant(start)
written = refused = 0
longest = 0.0
with Store.open(db) as store:
    (Path(folder) / f"ready-{actor}").touch()
    while not (Path(folder) / "go").exists():
        time.sleep(0.001)
    stop = time.monotonic() + float(seconds)
    while time.monotonic() < stop:
        began = time.monotonic()
        try:
            record(store, ticket, "note", {"n": written}, at=base + timedelta(seconds=written),
                   actor=actor)
            written += 1
        except StoreUnavailable:
            refused += 1
        longest = max(longest, time.monotonic() - began)
        time.sleep(0.005)   # the client's own work between writes
print(json.dumps({"written": written, "refused": refused, "longest": longest}))
"""

# Waits for the go-file and half a second more, then holds a write transaction open.
HOLDER = """
import sys, time
from pathlib import Path
from console.store import Store

db, seconds, folder = sys.argv[1:]
with Store.open(db) as store:
    (Path(folder) / "ready-holder").touch()
    while not (Path(folder) / "go").exists():
        time.sleep(0.001)
    time.sleep(0.5)
    with store.transaction():
        (Path(folder) / "held").touch()
        time.sleep(float(seconds))
"""


def python(script: str, *argv, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, argv)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def started(folder: Path, names: list[str], processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + 60
    while not all((folder / f"ready-{name}").exists() for name in names):
        assert time.monotonic() < deadline and all(p.poll() is None for p in processes), \
            [p.communicate()[1] for p in processes if p.poll() is not None]
        time.sleep(0.01)


def test_eight_writers_and_a_writer_holding_the_lock_for_seconds_lose_no_write(tmp_path):
    path = tmp_path / "desk.db"
    with Store.open(path) as store:
        add_contracts(store, CONTRACTS)
        tickets = [open_ticket(store, contract_id="pc", subject=f"busy ticket {n}", at=T0)
                   for n in range(2)]
    actors = [f"w{n}" for n in range(WRITERS)]
    writers = [python(WRITER, path, tickets[n % 2], actor, APPEND_FOR, T0.isoformat(), tmp_path)
               for n, actor in enumerate(actors)]
    holder = python(HOLDER, path, HOLD_FOR, tmp_path)
    started(tmp_path, [*actors, "holder"], [*writers, holder])
    (tmp_path / "go").touch()

    results = {}
    for actor, writer in zip(actors, writers, strict=True):
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        results[actor] = json.loads(out)
    _, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err
    assert (tmp_path / "held").exists()

    assert {actor: r["refused"] for actor, r in results.items()} == dict.fromkeys(actors, 0)
    # The lock was really held against them: some write waited out most of the hold.
    assert max(r["longest"] for r in results.values()) > HOLD_FOR - 1.0
    with Store.open(path) as store:
        for ticket in tickets:
            log = events.for_ticket(store, ticket)
            assert projections.get_ticket(store, ticket)["version"] == len(log)
            for actor in actors[tickets.index(ticket)::2]:
                notes = sorted(e.payload["n"] for e in log if e.actor == actor)
                assert notes == list(range(results[actor]["written"]))
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_writer_kept_out_past_the_bound_exits_75_with_one_line_and_writes_nothing(tmp_path):
    path = tmp_path / "desk.db"
    with Store.open(path) as store:
        add_contracts(store, CONTRACTS)
        ticket = open_ticket(store, contract_id="pc", subject="held ticket", at=T0)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        began = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "console.cli", "--db", str(path), "event", ticket, "note",
             "--note", "written while held"],
            check=False, cwd=REPO, capture_output=True, text=True, timeout=60,
            env={**os.environ, "DESK_WRITE_WAIT": "0.5"})
        waited = time.monotonic() - began
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 75, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [(
        f"desk: {path}: the store is busy: another process held it for over 0.5 s; "
        "nothing was written, try again")]
    assert waited >= 0.5
    with Store.open(path) as store:
        assert [e.kind for e in events.for_ticket(store, ticket)] == ["open"]


def test_the_wait_is_a_setting_and_a_wrong_one_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "desk.db"
    Store.open(path).close()
    monkeypatch.setenv("DESK_WRITE_WAIT", "2.5")
    with Store.open(path) as store:
        assert store.write_wait == 2.5
    monkeypatch.delenv("DESK_WRITE_WAIT")
    with Store.open(path) as store:
        assert store.write_wait == 30
    from console.cli import main

    for wrong in ("soon", "-1", "inf", "nan"):
        monkeypatch.setenv("DESK_WRITE_WAIT", wrong)
        assert main(["--db", str(path), "queue"]) == 2
