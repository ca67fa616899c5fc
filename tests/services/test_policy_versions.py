"""Changed packs: `desk policy diff` says which open deadlines would move; `desk rebuild` says what moved."""

import json

import pytest

from console.cli import main
from console.resources import policies_dir
from console.services import packs
from console.services.policy_versions import deadline_moves, rebuild
from console.services.tickets import open_ticket, record
from console.store import projections

from .conftest import T0


@pytest.fixture
def shorter_target(tmp_path, monkeypatch):
    """A site pack halving ProComputers' first-response target (24 h -> 12 h)."""
    site = tmp_path / "config" / "support-console" / "policies"
    site.mkdir(parents=True)
    text = (policies_dir() / "procomputers.toml").read_text()
    assert 'all = "24 hours"' in text
    (site / "procomputers.toml").write_text(text.replace('all = "24 hours"', 'all = "12 hours"'))

    def apply():
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
        packs.get_pack.cache_clear()

    yield apply
    packs.get_pack.cache_clear()


@pytest.fixture
def tickets(store):
    waiting = open_ticket(store, contract_id="pc", subject="open one", at=T0)
    done = open_ticket(store, contract_id="pc", subject="closed one", at=T0)
    record(store, done, "close", {}, at=T0)
    other = open_ticket(store, contract_id="p2", subject="not ProComputers", severity="p3", at=T0)
    return {"waiting": waiting, "done": done, "other": other}


def test_nothing_moves_while_the_packs_are_unchanged(store, tickets):
    assert list(deadline_moves(store)) == []


def test_a_shorter_target_moves_only_open_tickets_of_that_pack(store, tickets, shorter_target):
    old_version = packs.get_pack("procomputers").version
    shorter_target()
    (move,) = deadline_moves(store)
    assert (move.ticket_id, move.metric, move.instance) == (tickets["waiting"], "first_response", 1)
    assert move.delta_seconds == -12 * 3600
    assert (move.stored_version, move.current_version) == (old_version,
                                                          packs.get_pack("procomputers").version)


def test_diff_then_rebuild_never_silently(store, tickets, shorter_target, capsys):
    shorter_target()
    db = str(store.path)
    capsys.readouterr()
    assert main(["--db", db, "policy", "diff"]) == 0
    out = capsys.readouterr().out
    assert tickets["waiting"] in out and "2026-03-03T10:00:00Z -> 2026-03-02T22:00:00Z" in out
    assert "-12h00m" in out and "1 deadline would move on 1 open ticket" in out
    assert projections.get_ticket(store, tickets["waiting"])["lead_due_at"] == "2026-03-03T10:00:00Z"

    assert main(["--db", db, "rebuild"]) == 0
    out = capsys.readouterr().out
    assert "rebuilt 3 tickets" in out and "1 deadline moved on 1 open ticket" in out
    assert projections.get_ticket(store, tickets["waiting"])["lead_due_at"] == "2026-03-02T22:00:00Z"
    (clock,) = projections.clocks_of(store, tickets["waiting"])
    assert clock["policy_version"] == packs.get_pack("procomputers").version

    assert main(["--db", db, "policy", "diff", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", db, "rebuild"]) == 0
    assert "no open ticket's deadline moved" in capsys.readouterr().out


def test_the_diff_refolds_only_tickets_a_changed_pack_computed(store, tickets, shorter_target,
                                                                monkeypatch):
    from console.services import policy_versions

    folded = []
    real = policy_versions.project_log

    def counted(ticket_id, log, contract_of):
        folded.append(ticket_id)
        return real(ticket_id, log, contract_of)

    monkeypatch.setattr(policy_versions, "project_log", counted)
    assert list(deadline_moves(store)) == []
    assert folded == []                           # every clock row is the current packs' work
    shorter_target()
    assert len(list(deadline_moves(store))) == 1
    assert folded == [tickets["waiting"]]         # not the closed one, not the Pro2col one


def test_diff_json_lists_the_moves_as_rebuild_will_apply_them(store, tickets, shorter_target, capsys):
    shorter_target()
    capsys.readouterr()
    assert main(["--db", str(store.path), "policy", "diff", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [m.as_json() for m in deadline_moves(store)]
    assert [(m["ticket_id"], m["delta_seconds"]) for m in listed] == [(tickets["waiting"], -43200)]
    _, moved = rebuild(store)
    assert [m.as_json() for m in moved] == listed


def test_the_diff_streams_past_its_first_move(store, shorter_target, capsys):
    """Each move is printed while the scan of open tickets goes on: all of them come out."""
    opened = [open_ticket(store, contract_id="pc", subject=f"open {n}", at=T0) for n in range(3)]
    shorter_target()
    capsys.readouterr()
    assert main(["--db", str(store.path), "policy", "diff", "--json"]) == 0
    assert sorted(m["ticket_id"] for m in json.loads(capsys.readouterr().out)) == opened
