"""An imported history may not start before its ticket (DESIGN.md: events dated before the
ticket was opened are refused): the ticket is skipped whole, named by file, position and event."""

import json

from console.store import projections

from .conftest import run_import


def test_an_event_before_the_opening_skips_the_ticket_and_names_the_event(store, tmp_path):
    path = tmp_path / "history.json"
    path.write_text(json.dumps({"tickets": [
        {"contract": "hostco", "subject": "Invoices show the old VAT rate", "severity": "high",
         "opened_at": "2026-03-02T10:00:00Z",
         "events": [{"at": "2026-03-02T11:00:00Z", "kind": "note", "note": "looking"},
                    {"at": "2026-03-02T09:00:00Z", "kind": "respond", "note": "fixed"}]},
        {"contract": "hostco", "subject": "DNS zone will not save", "severity": "low",
         "opened_at": "2026-03-02T10:00:00Z",
         "events": [{"at": "2026-03-02T10:00:00Z", "kind": "respond", "note": "on it"}]},
    ]}))
    summary = run_import(store, path)
    assert (summary.created, summary.skipped) == (1, 1)
    assert summary.problems == [{
        "source": f"{path}: tickets[0]",
        "reason": "events[1]: respond at 2026-03-02T09:00:00Z is before the ticket was opened "
                  "(2026-03-02T10:00:00Z)"}]
    # the skipped ticket left nothing behind; the one opened at the instant of its reply went in
    (row,) = store.db.query("SELECT id, subject FROM tickets")
    assert row["subject"] == "DNS zone will not save"
    assert projections.get_ticket(store, row["id"])["status"] == "open"
