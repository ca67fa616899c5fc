"""`desk event T route` and `desk event T set_attributes` (DESIGN.md "Interfaces"): what they
write, and the refusals that exit 2 with one line and write nothing."""

import json
from pathlib import Path

import pytest

from tests.cli.test_event_cli import desk, dump

MAIL = """\
From: Ops <ops@stranger.example>
To: support@desk.example
Subject: VMmanager node down
Date: Mon, 02 Mar 2026 10:00:00 +0000
Message-ID: <stranger-1@stranger.example>

Severity: Emergency
Our VMmanager node is down, version 6.3.1.
"""


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    """A store with an ISPsystem and an AlmaCare contract and one unrouted mail, T-1001."""
    path = tmp_path / "desk.db"
    (tmp_path / "in.eml").write_text(MAIL)
    for argv in (
        ["init"],
        ["contract", "add", "--id", "isp", "--customer", "ISP customer", "--policy", "ispsystem",
         "--plan", "standard"],
        ["contract", "add", "--id", "alma", "--customer", "Alma", "--policy", "almacare",
         "--plan", "enhanced", "--option", "hosts=10"],
        ["import", str(tmp_path / "in.eml")],
    ):
        code, _, err = desk(capsys, path, *argv)
        assert code == 0, err
    return path


def show(capsys, db: Path) -> dict:
    code, out, err = desk(capsys, db, "ticket", "show", "T-1001", "--json")
    assert code == 0, err
    return json.loads(out)


def test_route_from_the_cli_reads_the_mail_and_counts_from_receipt(db, capsys):
    code, out, err = desk(capsys, db, "event", "T-1001", "route", "--contract", "isp",
                          "--remember", "domain", "--at", "2026-03-02T11:00:00Z")
    assert (code, err) == (0, "") and out.strip()
    view = show(capsys, db)
    ticket = view["ticket"]
    assert (ticket["customer"], ticket["severity"], ticket["attributes"]) == (
        "ISP customer", "emergency", {"product": "VMmanager", "version": "6.3.1"})
    # ISPsystem 2.6: Emergency 8 h around the clock from the mail's 10:00, not the route's 11:00
    response = next(c for c in view["clocks"] if c["metric"] == "response")
    assert (response["started_at"], response["due_at"]) == ("2026-03-02T10:00:00Z", "2026-03-02T18:00:00Z")
    code, out, _ = desk(capsys, db, "contract", "show", "isp", "--json")
    assert json.loads(out)["domains"] == ["stranger.example"]


REFUSALS = [
    # (why, argv after `event T-1001`, the one line on stderr)
    ("no contract given", ["route"], "route needs --contract ID"),
    ("unknown contract", ["route", "--contract", "nope"], "unknown contract 'nope'"),
    ("other fields", ["route", "--contract", "isp", "--severity", "low"], "route takes --contract"),
    ("contract on another kind", ["note", "--note", "x", "--contract", "isp"],
     "--contract and --remember are for route, not note"),
    ("set_attributes before routing", ["set_attributes", "--attr", "product=billmanager"],
     "has no contract yet: set_attributes needs its pack"),
]


@pytest.mark.parametrize("why, argv, message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_exit_2_with_one_line_and_write_nothing(db, capsys, why, argv, message):
    before = dump(db)
    code, out, err = desk(capsys, db, "event", "T-1001", *argv)
    assert (code, out) == (2, "")
    assert message in err and len(err.strip().splitlines()) == 1
    assert dump(db) == before


def test_a_routed_ticket_refuses_a_second_route(db, capsys):
    assert desk(capsys, db, "event", "T-1001", "route", "--contract", "isp")[0] == 0
    before = dump(db)
    code, _, err = desk(capsys, db, "event", "T-1001", "route", "--contract", "alma")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "T-1001 is already routed (ISPsystem)" in err
    assert dump(db) == before


@pytest.mark.parametrize("attr, message", [
    ("product=cpanel", "product: 'cpanel' is not one ispsystem knows"),
    ("product=", "needs a key and a value"),
    ("=x", "--attr: '=x' is not KEY=VALUE"),
])
def test_set_attributes_is_checked_against_the_pack(db, capsys, attr, message):
    assert desk(capsys, db, "event", "T-1001", "route", "--contract", "isp")[0] == 0
    before = dump(db)
    code, _, err = desk(capsys, db, "event", "T-1001", "set_attributes", "--attr", attr)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert dump(db) == before


def test_set_attributes_moves_the_deadline_to_the_new_products_calendar(db, capsys):
    # Routed as an Emergency: 24/7 whatever the product. Lowered to High on VMmanager (24/7):
    # 16 h from 10:00 -> Tue 02:00. Corrected to BILLmanager at 12:00: 10:00-12:00 counted
    # 24/7 (2 h), then 06:00-18:00 UTC: Mon 12-18 (6 h) + Tue 06-14 (8 h) -> Tue 14:00.
    for argv in (["route", "--contract", "isp", "--at", "2026-03-02T10:30:00Z"],
                 ["reclassify", "--severity", "high", "--reason", "one node only",
                  "--at", "2026-03-02T10:30:00Z"]):
        assert desk(capsys, db, "event", "T-1001", *argv)[0] == 0
    response = next(c for c in show(capsys, db)["clocks"] if c["metric"] == "response")
    assert response["due_at"] == "2026-03-03T02:00:00Z"
    code, _, err = desk(capsys, db, "event", "T-1001", "set_attributes", "--attr", "product=BILLmanager",
                        "--reason", "it is the billing module", "--at", "2026-03-02T12:00:00Z")
    assert (code, err) == (0, "")
    view = show(capsys, db)
    assert view["ticket"]["attributes"]["product"] == "billmanager"
    response = next(c for c in view["clocks"] if c["metric"] == "response")
    assert (response["due_at"], response["calendar"]) == ("2026-03-03T14:00:00Z", "billing_hours")
