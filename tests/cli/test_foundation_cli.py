"""The store subcommands end to end, and every user error: exit 2, one line, nothing written."""

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from console.cli import main
from tests.conftest import dump, run_desk

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-03-02T12:00:00Z"


run = run_desk


def _without_search_pages(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith('INSERT INTO "ticket_search_')]


@pytest.fixture
def db(tmp_path, capsys):
    """A store with one ProComputers and one Pro2col contract and one ticket (T-1001)."""
    path = tmp_path / "desk.db"
    for argv in (
        ["init"],
        ["contract", "add", "--id", "pc", "--customer", "ProCo customer", "--policy", "procomputers",
         "--plan", "standard"],
        ["contract", "add", "--id", "p2", "--customer", "Pro2col customer", "--policy", "pro2col",
         "--plan", "24x7", "--option", "prepaid_minutes=60", "--option", "note=a b=c",
         "--domain", "@Example.COM"],
        ["open", "--contract", "pc", "--subject", "Image will not boot", "--at", "2026-03-02T10:00:00Z"],
    ):
        code, _, err = run(capsys, "--db", str(path), *argv)
        assert code == 0, err
    return path


def test_init_then_queue_prints_an_empty_list(tmp_path, capsys):
    path = tmp_path / "new" / "desk.db"
    code, out, _ = run(capsys, "init", "--db", str(path))
    assert code == 0 and str(path) in out
    code, out, err = run(capsys, "queue", "--json", "--db", str(path))
    assert (code, err) == (0, "")
    assert json.loads(out) == []


def test_global_options_after_the_command_win(tmp_path, capsys):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    code, _, _ = run(capsys, "--db", str(first), "--now", "2026-01-01T00:00:00Z", "init",
                     "--db", str(second), "--now", "2026-02-01T00:00:00Z")
    assert code == 0 and second.exists() and not first.exists()


def test_init_then_queue_in_a_real_process(tmp_path):
    path = tmp_path / "desk.db"
    desk = [str(REPO / ".venv" / "bin" / "python"), "-m", "console.cli"]
    env = {k: v for k, v in os.environ.items() if k not in ("DESK_DB", "DESK_NOW")}
    init = subprocess.run([*desk, "init", "--db", str(path)], cwd=REPO, env=env, capture_output=True,
                          check=False)
    assert init.returncode == 0
    done = subprocess.run([*desk, "queue", "--json", "--db", str(path)], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "[]", "")


def test_contracts_listing_and_show(db, capsys):
    code, out, _ = run(capsys, "--db", str(db), "contracts", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [c["id"] for c in listed] == ["p2", "pc"]
    assert listed[0] == {
        "id": "p2", "customer": "Pro2col customer", "policy": "pro2col", "plan": "24x7",
        "options": {"prepaid_minutes": 60, "note": "a b=c"}, "domains": ["example.com"],
    }
    code, out, _ = run(capsys, "--db", str(db), "contract", "show", "pc", "--json")
    assert json.loads(out)["policy"] == "procomputers"
    code, out, _ = run(capsys, "--db", str(db), "contracts")
    assert code == 0 and "ProCo customer" in out


def test_open_event_show_queue_rebuild(db, capsys):
    base = ["--db", str(db), "--now", NOW]
    code, out, _ = run(capsys, *base, "open", "--contract", "p2", "--subject", "SFTP down",
                       "--impact", "high", "--urgency", "high", "--attr", "product=MOVEit",
                       "--attr", "version=2024.1")
    assert (code, out.strip()) == (0, "T-1002")

    code, out, _ = run(capsys, *base, "queue", "--json")
    items = json.loads(out)
    # the p1 on the 24x7 plan runs on 24/7 time; its 1 h review went due at 13:00
    assert [i["id"] for i in items] == ["T-1002", "T-1001"]
    assert items[0]["severity"] == "p1" and items[0]["metric"] == "review"
    assert items[0]["remaining_seconds"] == 3600 and items[0]["breached"] is False

    code, out, _ = run(capsys, *base, "event", "T-1002", "escalate", "--tier", "l2",
                       "--note", "needs a senior", "--expect-version", "1")
    assert code == 0 and len(out.strip()) == 36  # the event's UUID
    code, out, _ = run(capsys, *base, "event", "T-1002", "worklog", "--minutes", "40",
                       "--out-of-hours", "--at", "2026-03-02T12:30:00+00:00")
    assert code == 0

    code, out, _ = run(capsys, *base, "ticket", "show", "T-1002", "--json")
    view = json.loads(out)
    assert view["ticket"]["tier"] == "l2" and view["ticket"]["version"] == 3
    assert view["ticket"]["attributes"] == {"product": "MOVEit", "version": "2024.1"}
    assert [e["kind"] for e in view["events"]] == ["open", "escalate", "worklog"]
    assert view["events"][1]["at"] == NOW  # --at defaults to the (frozen) clock
    assert view["events"][2]["payload"] == {"minutes": 40, "out_of_hours": True}
    assert {c["metric"]: c["state"] for c in view["clocks"]}["review"] == "met"

    code, out, _ = run(capsys, *base, "ticket", "show", "T-1002")
    assert code == 0 and "SFTP down" in out and "escalate" in out

    before = dump(db)
    code, out, _ = run(capsys, *base, "rebuild")
    assert code == 0 and "2 tickets" in out
    # the search index's pages record the order its rows came in; what it finds is the same
    # (tests/services/test_search.py)
    assert _without_search_pages(dump(db)) == _without_search_pages(before)

    code, out, _ = run(capsys, *base, "queue", "--limit", "1")
    assert code == 0 and len(out.strip().splitlines()) == 1


def _folder(tmp: Path) -> Path:
    return tmp


def _text_file(tmp: Path) -> Path:
    path = tmp / "notes.db"
    path.write_text("these are notes\n")
    return path


def _garbage(tmp: Path) -> Path:
    path = tmp / "garbage.db"
    path.write_bytes(os.urandom(4096))
    return path


def _corrupted(tmp: Path) -> Path:
    path = tmp / "desk.db"
    main(["--db", str(path), "init"])
    data = bytearray(path.read_bytes())
    data[100:] = b"\x5a" * (len(data) - 100)  # keep the header, ruin the pages
    path.write_bytes(bytes(data))
    return path


def _under_a_file(tmp: Path) -> Path:
    (tmp / "file").write_text("")
    return tmp / "file" / "desk.db"


BAD_DB = {
    "a directory": (_folder, "is a directory"),
    "text, not SQLite": (_text_file, "not a SQLite store"),
    "garbage bytes": (_garbage, ""),
    "corrupted": (_corrupted, "damaged"),
    "under a file": (_under_a_file, "not a folder"),
}


@pytest.mark.parametrize("case", BAD_DB)
def test_a_bad_db_exits_2_with_one_line_and_is_left_alone(tmp_path, capsys, case):
    make, words = BAD_DB[case]
    path = make(tmp_path)
    before = path.read_bytes() if path.is_file() else None
    listing = sorted(p.name for p in tmp_path.iterdir())
    for argv in (["init"], ["queue", "--json"], ["contracts"]):
        code, out, err = run(capsys, "--db", str(path), *argv)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and err.startswith(f"desk: {path}: ") and words in err
    if before is not None:
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a read-only /proc")
def test_an_unwritable_place_exits_2(capsys):
    code, out, err = run(capsys, "--db", "/proc/desk-test.db", "init")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "/proc/desk-test.db" in err


def test_a_store_newer_than_the_code_exits_2(db, capsys):
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--db", str(db), "queue")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "newer than this program" in err


USER_ERRORS = {
    "unknown contract": (["open", "--contract", "nope", "--subject", "s"], "unknown contract 'nope'"),
    "unknown contract to show": (["contract", "show", "nope"], "unknown contract 'nope'"),
    "unknown ticket": (["event", "T-9", "respond"], "unknown ticket 'T-9'"),
    "unknown ticket to show": (["ticket", "show", "T-9"], "unknown ticket 'T-9'"),
    "unknown event kind": (["event", "T-1001", "shout"], "unknown event kind 'shout'"),
    "malformed --at": (["event", "T-1001", "respond", "--at", "yesterday"], "--at"),
    "instant with no offset": (["open", "--contract", "pc", "--subject", "s", "--at", "2026-03-02T10:00"],
                               "no UTC offset"),
    "malformed --now": (["--now", "soon", "queue"], "--now"),
    "bad --option": (["contract", "add", "--id", "x", "--customer", "X", "--policy", "procomputers",
                      "--plan", "standard", "--option", "hosts"], "--option: 'hosts' is not KEY=VALUE"),
    "bad --attr": (["open", "--contract", "pc", "--subject", "s", "--attr", "=v"], "--attr"),
    "unknown policy": (["contract", "add", "--id", "x", "--customer", "X", "--policy", "acme",
                        "--plan", "gold"], "unknown policy 'acme'"),
    "unknown plan": (["contract", "add", "--id", "x", "--customer", "X", "--policy", "pro2col",
                      "--plan", "gold"], "no plan 'gold'"),
    "duplicate contract": (["contract", "add", "--id", "pc", "--customer", "X", "--policy",
                            "procomputers", "--plan", "standard"], "already exists"),
    "unknown severity": (["open", "--contract", "pc", "--subject", "s", "--severity", "p1"],
                         "'p1' is not a severity of procomputers"),
    "unknown tier": (["event", "T-1001", "escalate", "--tier", "vendor"], "not on the procomputers ladder"),
    "unknown reject reason": (["event", "T-1001", "reject", "--reason", "meh"], "not a reject reason"),
    "stale version": (["event", "T-1001", "respond", "--expect-version", "7"], "changed since version 7"),
    "event before the opening": (["event", "T-1001", "respond", "--at", "2026-03-02T09:59:59Z"],
                                 "respond at 2026-03-02T09:59:59Z is before the ticket was opened"),
    "negative limit": (["queue", "--limit", "-1"], "--limit"),
}


@pytest.mark.parametrize("case", USER_ERRORS)
def test_user_errors_exit_2_with_one_line_and_write_nothing(db, capsys, case):
    argv, words = USER_ERRORS[case]
    if argv[0] != "--now":
        argv = ["--now", NOW, *argv]
    before = dump(db)
    code, out, err = run(capsys, "--db", str(db), *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("desk: ") and words in err, err
    assert dump(db) == before


def test_a_user_error_in_a_real_process_has_no_traceback(db):
    done = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "console.cli", "--db", str(db),
         "event", "T-1001", "shout"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("desk: unknown event kind 'shout'") and done.stderr.count("\n") == 1


def test_usage_mistakes_are_one_line_exit_2(capsys):
    from console.cli import main as desk

    with pytest.raises(SystemExit) as exit_info:
        desk(["queue", "--limit", "many"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--limit: invalid int value: 'many'" in err
