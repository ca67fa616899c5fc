"""Two OS processes appending to one ticket at once lose nothing and keep the version exact."""

import itertools
import subprocess
import sys
import time
from pathlib import Path

from console.services.tickets import open_ticket
from console.store import Store, events, projections
from tests.conftest import add_contracts

from .conftest import CONTRACTS, T0

REPO = Path(__file__).resolve().parents[2]
PER_PROCESS = 200

# Each writer says it is ready, then waits for the go-file, so both append at once.
# The short pause between writes is a client's own work; without it SQLite's lock
# goes back to whoever just released it and the writers would simply take turns.
WRITER = """
import sys, time
from datetime import timedelta
from pathlib import Path
from console.domain.timeutil import parse_instant
from console.services.tickets import record
from console.store import Store

db, ticket, actor, count, start, folder = sys.argv[1:]
base = parse_instant(start)
with Store.open(db) as store:
    (Path(folder) / f"ready-{actor}").touch()
    while not (Path(folder) / "go").exists():
        time.sleep(0.001)
    for i in range(int(count)):
        record(store, ticket, "note", {"n": i}, at=base + timedelta(seconds=i), actor=actor)
        time.sleep(0.001)
"""


def test_two_processes_appending_to_one_ticket_lose_nothing(tmp_path):
    path = tmp_path / "desk.db"
    with Store.open(path) as store:
        add_contracts(store, CONTRACTS)
        ticket = open_ticket(store, contract_id="pc", subject="busy ticket", at=T0)
    actors = ("left", "right")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), ticket, actor, str(PER_PROCESS), T0.isoformat(),
             str(tmp_path)],
            cwd=REPO, stderr=subprocess.PIPE, text=True,
        )
        for actor in actors
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{a}").exists() for a in actors):
        assert time.monotonic() < deadline and all(w.poll() is None for w in writers), "a writer died"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err

    with Store.open(path) as store:
        log = events.for_ticket(store, ticket)
        row = projections.get_ticket(store, ticket)
        integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"
    assert len(log) == 1 + 2 * PER_PROCESS
    assert row["version"] == len(log)
    for actor in actors:
        assert sorted(e.payload["n"] for e in log if e.actor == actor) == list(range(PER_PROCESS))
    actors_in_order = [e.actor for e in log[1:]]
    switches = sum(1 for a, b in itertools.pairwise(actors_in_order) if a != b)
    assert switches > 1, "the writers never interleaved: the test did not test concurrency"
