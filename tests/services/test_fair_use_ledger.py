"""The fair-use ledger of a stored contract, and `desk contract show` with it."""

import json
from datetime import UTC, datetime

import pytest

from console.cli import main
from console.services.contracts import add_contract
from console.services.fair_use import contract_ledger
from console.services.tickets import open_ticket, record

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def ledgered(store):
    add_contract(store, contract_id="p2-247", customer="Night shift Ltd", policy="pro2col",
                 plan="24x7", options={"fair_use_prepaid_minutes": 30, "contract_year_start": "03-01"})

    def ticket(severity, opened):
        return open_ticket(store, contract_id="p2-247", subject="MFT down", severity=severity,
                           at=opened)

    def worklog(ticket_id, minutes, when, out_of_hours=True):
        record(store, ticket_id, "worklog", {"minutes": minutes, "out_of_hours": out_of_hours},
               at=when)

    p1 = ticket("p1", datetime(2026, 3, 10, 22, tzinfo=UTC))
    worklog(p1, 100, datetime(2026, 3, 10, 23, tzinfo=UTC))
    worklog(p1, 45, datetime(2026, 4, 2, 2, tzinfo=UTC))
    worklog(p1, 300, datetime(2026, 4, 2, 10, tzinfo=UTC), out_of_hours=False)
    p3 = ticket("p3", datetime(2026, 4, 1, 20, tzinfo=UTC))
    worklog(p3, 60, datetime(2026, 4, 1, 21, tzinfo=UTC))
    last_year = ticket("p1", datetime(2026, 2, 20, 22, tzinfo=UTC))
    worklog(last_year, 500, datetime(2026, 2, 20, 23, tzinfo=UTC))
    return store


def test_only_this_years_out_of_hours_p1_minutes_count(ledgered):
    book = contract_ledger(ledgered, "p2-247", now=NOW)
    assert book.used_minutes == 145 and book.allocation_minutes == 150
    assert (book.remaining_minutes, book.billable_blocks, book.running_low) == (5, 0, True)
    assert book.year_start == datetime(2026, 3, 1, tzinfo=UTC)  # GMT on 1 March


def test_a_pack_without_fair_use_has_no_ledger(ledgered):
    assert contract_ledger(ledgered, "pc", now=NOW) is None


def test_contract_show_prints_the_ledger_and_the_warning(ledgered, capsys):
    db = str(ledgered.path)
    capsys.readouterr()
    assert main(["--db", db, "--now", NOW.isoformat(), "contract", "show", "p2-247"]) == 0
    out = capsys.readouterr().out
    assert "WARNING: 5 of 150 out-of-hours minutes left this contract year" in out
    assert "used 145 of 150 min (120 allowance + 30 prepaid), 5 left" in out
    assert "0 billable 30-minute blocks" in out
    assert main(["--db", db, "--now", NOW.isoformat(), "contract", "show", "p2-247", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fair_use"]["used_minutes"] == 145 and data["fair_use"]["running_low"] is True
    assert main(["--db", db, "contract", "show", "pc", "--json"]) == 0
    assert "fair_use" not in json.loads(capsys.readouterr().out)


def test_an_unreadable_year_start_is_refused_when_the_contract_is_added(store, capsys):
    assert main(["--db", str(store.path), "contract", "add", "--id", "odd", "--customer", "Odd",
                 "--policy", "pro2col", "--plan", "standard", "--option", "contract_year_start=31-12"]) == 2
    err = capsys.readouterr().err
    assert "contract 'odd': option contract_year_start: '31-12'" in err and err.count("\n") == 1
    assert store.conn.execute("select count(*) from contracts where id = 'odd'").fetchone()[0] == 0


def test_every_fair_use_contract_lowest_first(ledgered):
    from console.services.fair_use import contract_ledgers

    found = [(c.id, book.remaining_minutes) for c, book in contract_ledgers(ledgered, now=NOW)]
    assert found == [("p2-247", 5), ("p2", 120)]   # the other packs have no fair-use terms
