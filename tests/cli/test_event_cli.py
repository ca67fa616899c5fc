"""`desk event` and the console's actions write through one path: the same events, the same refusals."""

from pathlib import Path

import pytest

from console.cli import main
from console.domain.timeutil import parse_instant
from console.services import actions
from console.store import Store, events
from tests.conftest import dump, run_desk

OPENED = "2026-03-02T10:00:00Z"
NOW = "2026-03-02T12:00:00Z"


def desk(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `desk --db DB --now NOW ARGV`."""
    return run_desk(capsys, "--db", db, "--now", NOW, *argv)


def isp_store(capsys, path: Path) -> Path:
    """A store with one ISPsystem contract and one open VMmanager ticket, T-1001."""
    for argv in (
        ["init"],
        ["contract", "add", "--id", "isp", "--customer", "ISP customer", "--policy", "ispsystem",
         "--plan", "standard"],
        ["open", "--contract", "isp", "--subject", "Backups fail", "--severity", "high",
         "--attr", "product=vmmanager", "--at", OPENED],
    ):
        code, _, err = desk(capsys, path, *argv)
        assert code == 0, err
    return path


def log_of(path: Path, ticket_id: str = "T-1001") -> list[tuple]:
    """A ticket's log as (kind, payload, actor, at), event ids replaced by their place in it."""
    with Store.open(path) as store:
        log = events.for_ticket(store, ticket_id)
    place = {e.id: f"#{n}" for n, e in enumerate(log)}
    return [(e.kind, {k: place.get(v, v) if isinstance(v, str) else v for k, v in e.payload.items()},
             e.actor, e.at) for e in log]


def test_resolve_on_ispsystem_records_the_purge_from_the_cli(tmp_path, capsys):
    db = isp_store(capsys, tmp_path / "desk.db")
    code, out, err = desk(capsys, db, "event", "T-1001", "resolve", "--note", "fixed", "--actor", "ann")
    assert (code, err) == (0, "")
    kinds = [(kind, payload.get("clause")) for kind, payload, *_ in log_of(db)]
    assert kinds == [("open", None), ("resolve", None), ("purge", "ISPsystem T&C 3.9.1")]
    code, out, _ = desk(capsys, db, "ticket", "show", "T-1001", "--json")
    assert '"attachments_purged": true' in out


def test_undoing_a_purge_from_the_cli_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    db = isp_store(capsys, tmp_path / "desk.db")
    assert desk(capsys, db, "event", "T-1001", "resolve")[0] == 0
    with Store.open(db) as store:
        purge = events.for_ticket(store, "T-1001")[-1]
    assert purge.kind == "purge"
    before = dump(db)
    code, out, err = desk(capsys, db, "event", "T-1001", "undo", "--undoes", purge.id)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "cannot be undone (the files are gone)" in err, err
    assert dump(db) == before


def test_the_cli_applies_the_consoles_status_checks(tmp_path, capsys):
    db = isp_store(capsys, tmp_path / "desk.db")
    for argv, words in (
        (["close"], None),
        (["respond", "--note", "hello"], "T-1001 is closed: it cannot take respond (reopen it first)"),
        (["note", "--note", "still allowed"], None),
        (["reopen"], None),
        (["reopen"], "T-1001 is open: nothing to reopen"),
    ):
        before = dump(db)
        code, out, err = desk(capsys, db, "event", "T-1001", *argv)
        if words is None:
            assert (code, err) == (0, ""), argv
        else:
            assert (code, out) == (2, "") and err.count("\n") == 1 and words in err, err
            assert dump(db) == before


def test_the_console_and_desk_event_write_the_same_events(tmp_path, capsys):
    """Assign, undo that assign, resolve (with the pack's purge): through the actions the
    modals call, and through `desk event`, from the same store state."""
    console_db = isp_store(capsys, tmp_path / "console.db")
    cli_db = isp_store(capsys, tmp_path / "cli.db")
    at = parse_instant(NOW)

    with Store.open(console_db) as store:
        assigned = actions.assign(store, "T-1001", assignee="bob", at=at, actor="ann", expected_version=1)
        undone = actions.undo(store, assigned.id, at=at, actor="ann")
        resolved = actions.resolve(store, "T-1001", note="fixed", at=at, actor="ann", expected_version=3)
    assert [e.kind for e in undone] == ["undo"] and [e.kind for e in resolved] == ["resolve", "purge"]

    code, assign_id, err = desk(capsys, cli_db, "event", "T-1001", "assign", "--assignee", "bob",
                                "--actor", "ann", "--expect-version", "1")
    assert (code, err) == (0, "")
    for argv in (["undo", "--undoes", assign_id.strip()],
                 ["resolve", "--note", "fixed", "--expect-version", "3"]):
        code, _, err = desk(capsys, cli_db, "event", "T-1001", *argv, "--actor", "ann")
        assert (code, err) == (0, "")

    assert log_of(cli_db) == log_of(console_db)
    assert [kind for kind, *_ in log_of(cli_db)] == ["open", "assign", "undo", "resolve", "purge"]


def test_undoing_a_split_from_the_cli_closes_the_open_children(tmp_path, capsys):
    db = isp_store(capsys, tmp_path / "desk.db")
    with Store.open(db) as store:
        split = actions.split(store, "T-1001", [{"subject": "a"}, {"subject": "b"}],
                              at=parse_instant(NOW), actor="ann")
    code, _, err = desk(capsys, db, "event", "T-1001", "undo", "--undoes", split.event.id)
    assert (code, err) == (0, "")
    for child in split.children:
        assert [kind for kind, *_ in log_of(db, child)][-1] == "close"
    code, out, _ = desk(capsys, db, "ticket", "show", "T-1001", "--json")
    assert '"status": "new"' in out


def test_desk_event_help_lists_each_kinds_fields_from_the_registry(capsys):
    with pytest.raises(SystemExit):
        main(["event", "--help"])
    out = capsys.readouterr().out
    assert "  escalate        tier [note]" in out and "  undo            undoes" in out
    assert "\n  open " not in out   # a kind that starts a ticket is not recorded on one
