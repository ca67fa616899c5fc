"""`desk search TEXT [--all] [--json]` (DESIGN.md "Interfaces")."""

import json
from pathlib import Path

import pytest

from tests.cli.test_event_cli import desk


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    """Two ISPsystem tickets: T-1001 open (a subject carrying an escape sequence), T-1002 closed."""
    path = tmp_path / "desk.db"
    for argv in (
        ["init"],
        ["contract", "add", "--id", "isp", "--customer", "Orbitra", "--policy", "ispsystem",
         "--plan", "standard"],
        ["open", "--contract", "isp", "--subject", "Backups \x1b[31mfail\x1b[0m", "--body",
         "Every night since the upgrade", "--requester", "ops@orbitra.example",
         "--at", "2026-03-02T10:00:00Z"],
        ["open", "--contract", "isp", "--subject", "Old backups question", "--at", "2026-03-02T10:00:00Z"],
        ["event", "T-1002", "close", "--note", "answered by phone"],
    ):
        code, _, err = desk(capsys, path, *argv)
        assert code == 0, err
    return path


def test_json_lists_the_matches_with_id_subject_and_status(db, capsys):
    code, out, err = desk(capsys, db, "search", "backups", "--json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert [(t["id"], t["status"]) for t in found] == [("T-1001", "new")]
    assert {"id", "subject", "status", "customer"} <= set(found[0])


def test_all_takes_in_closed_tickets(db, capsys):
    _, out, _ = desk(capsys, db, "search", "backups", "--all", "--json")
    # both match in the subject; bm25 puts the shorter subject first
    assert [t["id"] for t in json.loads(out)] == ["T-1002", "T-1001"]
    _, out, _ = desk(capsys, db, "search", "phone", "--all", "--json")   # the closing note
    assert [t["id"] for t in json.loads(out)] == ["T-1002"]


def test_words_of_several_arguments_are_all_required(db, capsys):
    _, out, _ = desk(capsys, db, "search", "night", "upgrade", "--json")
    assert [t["id"] for t in json.loads(out)] == ["T-1001"]
    _, out, _ = desk(capsys, db, "search", "night", "kernel", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize("query", ['"backups', "backups OR", "NEAR(backups", "backups)*", "^backups"])
def test_operators_and_quotes_are_plain_words(db, capsys, query):
    code, out, err = desk(capsys, db, "search", query, "--json")
    assert (code, err) == (0, "")
    assert isinstance(json.loads(out), list)


def test_the_text_listing_never_prints_the_customers_escape_sequences(db, capsys):
    code, out, _ = desk(capsys, db, "search", "backups")
    assert code == 0
    assert "\x1b" not in out
    assert out.startswith("T-1001   new       Orbitra")


def test_a_negative_limit_is_bad_input(db, capsys):
    code, out, err = desk(capsys, db, "search", "backups", "--limit", "-1")
    assert (code, out) == (2, "") and err.strip() == "desk: --limit: -1 is negative"
