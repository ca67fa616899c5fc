"""Where a store may come from and who may read it: made only where asked, private to its
owner, refused for writes once deleted or replaced under a running process, and readable
on read-only media."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from console.cli import main
from console.errors import UserError
from console.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(capsys, *argv):
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# ------------------------------------------------------------------ creation

@pytest.mark.parametrize("argv", [["queue"], ["contracts", "--json"], ["ticket", "show", "T-1001"],
                                  ["import", "--json", os.devnull], ["tick"], ["rebuild"],
                                  ["report", "sla", "--from", "2026-03-01", "--to", "2026-03-02"]])
def test_a_missing_explicit_store_is_refused_not_created(tmp_path, capsys, argv):
    typo = tmp_path / "typo.db"
    code, out, err = run(capsys, "--db", str(typo), *argv)
    assert (code, out) == (2, "")
    assert err == f"desk: {typo}: no store here (run `desk init` first)\n"
    assert list(tmp_path.iterdir()) == []


def test_init_creates_an_explicit_store_and_the_default_location_is_created_by_any_command(
        tmp_path, capsys, monkeypatch):
    assert run(capsys, "--db", str(tmp_path / "given.db"), "init")[0] == 0
    monkeypatch.delenv("DESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, _ = run(capsys, "queue", "--json")
    assert (code, out) == (0, "[]\n")
    assert (tmp_path / "data" / "support-console" / "desk.db").is_file()


# ------------------------------------------------------------------ privacy

def test_a_new_store_and_the_folders_made_for_it_are_private(tmp_path):
    old = os.umask(0o022)   # the usual umask, which would give 0644 / 0755
    try:
        path = tmp_path / "a" / "b" / "desk.db"
        with Store.open(path) as store:
            with store.transaction():
                store.conn.execute("CREATE TABLE scratch (x)")
            assert {p.name for p in path.parent.iterdir()} >= {"desk.db", "desk.db-wal", "desk.db-shm"}
            for file in path.parent.iterdir():
                assert mode(file) == 0o600, file.name
        assert mode(tmp_path / "a") == mode(tmp_path / "a" / "b") == 0o700
    finally:
        os.umask(old)


def test_a_report_written_with_o_is_private(tmp_path, capsys):
    db = tmp_path / "desk.db"
    assert run(capsys, "--db", str(db), "init")[0] == 0
    report = tmp_path / "report.html"
    old = os.umask(0o022)
    try:
        code, _, err = run(capsys, "--db", str(db), "report", "sla", "--from", "2026-03-01",
                           "--to", "2026-03-02", "--format", "html", "-o", str(report))
    finally:
        os.umask(old)
    assert code == 0, err
    assert mode(report) == 0o600 and "<html" in report.read_text()


# ------------------------------------------------------------------ deleted under a running process

@pytest.mark.parametrize("fate", ["deleted", "replaced"])
def test_writes_stop_when_the_store_is_deleted_or_replaced_under_it(tmp_path, fate):
    path = tmp_path / "desk.db"
    with Store.open(path) as store:
        with store.transaction():
            store.conn.execute("CREATE TABLE scratch (x)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if fate == "replaced":
            Store.open(path).close()
        refused = pytest.raises(UserError, match="deleted or replaced while open; nothing was written")
        with refused, store.transaction():
            store.conn.execute("INSERT INTO scratch VALUES (1)")


# ------------------------------------------------------------------ read-only

def test_a_read_only_store_refuses_writes(tmp_path):
    path = tmp_path / "desk.db"
    Store.open(path).close()
    with (Store.open(path, read_only=True) as store,
          pytest.raises(UserError, match="open read-only; nothing was written"),
          store.transaction()):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.db"]


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder on a read-only mount (as root, chmod stops nobody): a bind mount remounted ro."""
    source, mounted = tmp_path / "source", tmp_path / "media"
    source.mkdir()
    mounted.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount(8) to make read-only media")
    bound = subprocess.run(["mount", "--bind", str(source), str(mounted)], capture_output=True,
                           check=False)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)], check=True,
                       capture_output=True)
        yield source, mounted
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


def test_a_store_on_read_only_media_can_be_read(read_only_folder, capsys):
    source, media = read_only_folder
    for argv in (["init"],
                 ["contract", "add", "--id", "pc", "--customer", "ProCo", "--policy", "procomputers",
                  "--plan", "standard"],
                 ["open", "--contract", "pc", "--subject", "Will not boot", "--severity", "sev2",
                  "--at", "2026-03-02T10:00:00Z"]):
        assert run(capsys, "--db", str(source / "desk.db"), "--now", "2026-03-02T12:00:00Z", *argv)[0] == 0
    db = str(media / "desk.db")
    with pytest.raises(OSError):
        (media / "probe").write_text("")
    for argv in (["queue", "--json"], ["ticket", "show", "T-1001"], ["contracts"],
                 ["report", "sla", "--from", "2026-03-01", "--to", "2026-03-02"]):
        code, out, err = run(capsys, "--db", db, "--now", "2026-03-02T12:00:00Z", *argv)
        assert (code, err) == (0, ""), argv
        assert out
    code, out, err = run(capsys, "--db", db, "event", "T-1001", "respond")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "read-only" in err
