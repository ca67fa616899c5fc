"""Faults of the moment exit 75 and write nothing: a full disk, and an import that finds
the store held mid-way (what went in stays in; running it again completes it).

The full disk is real where the test may mount one: a 1 MB tmpfs in a private mount
namespace (`unshare -m`, so nobody else sees it), filled to the last byte. SQLite's
`max_page_count` pragma stands in for it in-process, on every machine.
"""

import json
import mailbox
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from console.errors import StoreUnavailable
from console.services.contracts import add_contract
from console.services.tickets import open_ticket, record
from console.store import Store, events
from tests.conftest import add_contracts
from tests.services.conftest import CONTRACTS, T0

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-03-02T12:00:00Z"
BIG_NOTE = 400_000   # characters: more than the free room in the file's pages, so it must grow

# Run as root in its own mount namespace: mounts a tmpfs, makes a store on it, fills the
# disk while a connection keeps the store's (new, empty) WAL and shared-memory files in
# place, tries a note, frees the space, tries it again. Prints what each step gave.
ON_A_FULL_DISK = """
import json, os, sqlite3, subprocess, sys
from console.domain.timeutil import parse_instant
from console.services.contracts import add_contract
from console.services.tickets import open_ticket
from console.store import Store

mount, now = sys.argv[1:]
note = "Checked the logs; the disk on kvm-03 is fine."
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount], check=True)
db = os.path.join(mount, "desk.db")

def desk(*argv):
    done = subprocess.run([sys.executable, "-m", "console.cli", "--db", db, "--now", now, *argv],
                          capture_output=True, text=True)
    return {"code": done.returncode, "err": done.stderr}

def notes():
    return keeper.execute("SELECT count(*) FROM events WHERE kind = 'note'").fetchone()[0]

with Store.open(db) as store:
    add_contract(store, contract_id="pc", customer="C", policy="procomputers", plan="standard")
    ticket = open_ticket(store, contract_id="pc", subject="Disk full", at=parse_instant(now))
steps = {}
keeper = sqlite3.connect(db, isolation_level=None)
notes()
filler = os.path.join(mount, "filler")
out = os.open(filler, os.O_CREAT | os.O_WRONLY)
try:
    while os.write(out, b"\\0" * 4096):
        pass
except OSError:   # no space left on device
    pass
os.close(out)
steps["full"] = desk("event", ticket, "note", "--note", note)
steps["notes_when_full"] = notes()
os.remove(filler)
steps["freed"] = desk("event", ticket, "note", "--note", note)
steps["notes_when_freed"] = notes()
keeper.close()
print(json.dumps(steps))
"""


def test_a_note_on_a_full_disk_exits_75_writes_nothing_and_goes_in_once_there_is_room(tmp_path):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("mounting a small tmpfs needs root and unshare(1)")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["unshare", "-m", sys.executable, "-c", ON_A_FULL_DISK, str(mount),
                           NOW], check=False, cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    if done.returncode != 0 and "mount" in done.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    db = mount / "desk.db"
    assert steps["full"] == {"code": 75, "err": f"desk: {db}: the disk is full; nothing was written, "
                                                "try again\n"}
    assert steps["notes_when_full"] == 0
    assert steps["freed"] == {"code": 0, "err": ""}
    assert steps["notes_when_freed"] == 1


def test_a_store_at_its_size_limit_refuses_a_write_whole_as_for_now(store_path):
    with Store.open(store_path) as store:
        add_contracts(store, CONTRACTS)
        ticket = open_ticket(store, contract_id="pc", subject="full store", at=T0)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreUnavailable, match="the disk is full; nothing was written") as refused:
            record(store, ticket, "note", {"note": "x" * BIG_NOTE}, at=T0, actor="ann")
        assert refused.value.exit_code == 75
        assert [e.kind for e in events.for_ticket(store, ticket)] == ["open"]
        store.conn.execute(f"PRAGMA max_page_count = {pages * 1000}")
        record(store, ticket, "note", {"note": "x" * BIG_NOTE}, at=T0, actor="ann")
        assert [e.kind for e in events.for_ticket(store, ticket)] == ["open", "note"]


def write_mbox(path: Path, count: int) -> Path:
    box = mailbox.mbox(path)
    for n in range(count):
        mail = EmailMessage()
        mail["From"] = "Ops <ops@hostco.example>"
        mail["To"] = "support@desk.example"
        mail["Subject"] = f"Backup job {n} fails on node kvm-{n:02d}"
        mail["Message-ID"] = f"<backup-{n}@hostco.example>"
        mail["Date"] = "Mon, 02 Mar 2026 09:00:00 +0000"
        mail.set_content(f"Product: vmmanager\n\nThe nightly backup {n} stopped with an error.\n")
        box.add(mail)
    box.close()
    return path


def desk_import(db: Path, mbox: Path, *extra: str, wait: str = "30") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "console.cli", "--db", str(db), "--now", NOW, "import", str(mbox), *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "DESK_WRITE_WAIT": wait})


def test_an_import_that_finds_the_store_held_stops_with_75_and_a_rerun_completes_it(tmp_path):
    db, total = tmp_path / "desk.db", 80
    with Store.open(db) as store:
        add_contract(store, contract_id="hostco", customer="HostCo", policy="ispsystem",
                     plan="standard", domains=["hostco.example"])
    mbox = write_mbox(tmp_path / "inbox.mbox", total)
    watcher = sqlite3.connect(db, isolation_level=None, timeout=10)

    def tickets() -> int:
        return watcher.execute("SELECT count(*) FROM tickets").fetchone()[0]

    importing = desk_import(db, mbox, wait="0.3")
    deadline = time.monotonic() + 30
    while tickets() < 3:
        assert importing.poll() is None and time.monotonic() < deadline, importing.communicate()
        time.sleep(0.002)
    # Between two messages (each is its own transaction), trying without pause: SQLite's own
    # busy wait backs off so far that the import could take every turn until it is done.
    watcher.execute("PRAGMA busy_timeout = 0")
    while True:
        try:
            watcher.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError:
            assert importing.poll() is None and time.monotonic() < deadline, importing.communicate()
    try:
        out, err = importing.communicate(timeout=30)
        went_in = tickets()
    finally:
        watcher.execute("ROLLBACK")
    assert importing.returncode == 75, err
    assert out == ""
    assert 3 <= went_in < total
    assert err.splitlines() == [(
        f"desk: {db}: the store is busy: another process held it for over 0.3 s; nothing was "
        f"written, try again; the import stopped after {went_in} items, which stay in: run it "
        "again to complete it")]

    rerun = desk_import(db, mbox, "--json")
    out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert (summary["created"], summary["duplicates"]) == (total - went_in, went_in)
    assert tickets() == total
    watcher.close()


def deliver(maildir: Path, n: int) -> None:
    mail = EmailMessage()
    mail["From"] = "Ops <ops@hostco.example>"
    mail["Subject"] = f"Node kvm-{n:02d} unreachable"
    mail["Message-ID"] = f"<watch-{n}@hostco.example>"
    mail["Date"] = "Mon, 02 Mar 2026 09:00:00 +0000"
    mail.set_content("Product: vmmanager\n\nThe node stopped answering.\n")
    mailbox.Maildir(maildir).add(mail)


# `desk` with ctrl+c turned back into KeyboardInterrupt, even when this suite runs as a
# background job, whose children start with SIGINT ignored (Python then never raises it).
INTERRUPTIBLE = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                 "runpy.run_module('console.cli', run_name='__main__')")


def test_watch_says_the_store_is_busy_and_takes_the_mail_in_once_it_is_free(tmp_path):
    db, maildir, log = tmp_path / "desk.db", tmp_path / "Maildir", tmp_path / "watch.log"
    with Store.open(db) as store:
        add_contract(store, contract_id="hostco", customer="HostCo", policy="ispsystem",
                     plan="standard", domains=["hostco.example"])
    deliver(maildir, 1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    env = {**os.environ, "DESK_WRITE_WAIT": "0.2"}
    argv = [sys.executable, "-m", "console.cli", "--db", str(db), "--now", NOW, "watch", str(maildir)]
    try:
        once = subprocess.run([*argv, "--once"], check=False, cwd=REPO, capture_output=True,
                              text=True, env=env, timeout=60)
        assert (once.returncode, once.stdout) == (75, "")
        assert once.stderr.endswith("nothing was written, try again\n")
        with log.open("w") as stderr:
            interruptible = [sys.executable, "-c", INTERRUPTIBLE, *argv[3:]]
            watching = subprocess.Popen([*interruptible, "--interval", "0.1"], cwd=REPO,
                                        stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)
        deadline = time.monotonic() + 30
        while "trying again at the next look" not in log.read_text():
            assert watching.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.02)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    try:
        with Store.open(db) as store:
            while store.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0:
                assert watching.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.02)
    finally:
        watching.send_signal(signal.SIGINT)
        out, _ = watching.communicate(timeout=30)
    assert watching.returncode == 0, log.read_text()
    assert "1 created" in out
