"""JSON and CSV imports: whole histories, contracts, routing by requester, bad entries by position."""

from console.store import contracts, events, projections

from .conftest import CORPUS, run_import, snapshot


def test_json_moves_contracts_and_tickets_with_their_history(store):
    summary = run_import(store, CORPUS / "tickets.json")
    assert (summary.contracts_added, summary.created, summary.skipped) == (1, 3, 3)
    assert contracts.get(store, "bankco").plan == "privilege"
    history = events.for_ticket(store, "T-1001")
    assert [(e.kind, e.actor) for e in history] == [
        ("open", "import"), ("request_info", "anna"), ("customer_reply", "it@bankco.example"),
        ("respond", "anna")]
    assert history[0].payload["intake"]["source_id"] == "OLD-101"
    assert history[2].payload["body"] == "Log attached."
    row = projections.get_ticket(store, "T-1001")
    assert (row["severity"], row["status"], row["opened_at"]) == ("high", "open", "2026-02-20T08:00:00Z")
    assert row["attributes"] == {"product": "vmmanager", "version": "6.12.0"}   # given + read from the body


def test_a_json_ticket_without_a_contract_is_routed_by_its_requester(store):
    run_import(store, CORPUS / "tickets.json")
    routed = projections.get_ticket(store, "T-1002")
    assert routed["contract_id"] == "bankco"            # the contract the same file added
    assert routed["severity"] == "medium" and routed["attributes"]["triage"] == "severity not stated"
    given = projections.get_ticket(store, "T-1003")
    assert (given["impact"], given["urgency"], given["severity"]) == ("medium", "medium", "p3")


def test_bad_json_tickets_are_skipped_whole_with_their_position(store):
    summary = run_import(store, CORPUS / "tickets.json")
    reasons = {p["source"].rsplit(": ", 1)[1]: p["reason"] for p in summary.problems}
    assert reasons["tickets[2]"].startswith("events[0]: unknown event kind 'teleport'")
    assert reasons["tickets[3]"] == "unknown contract 'no-such-contract'"
    assert reasons["tickets[4]"] == "subject: must not be empty"
    # the ticket whose history failed left nothing behind: no ticket, no used id
    subjects = [r["subject"] for r in store.db.query("SELECT subject FROM tickets")]
    assert "A ticket with an impossible history" not in subjects
    assert store.db.execute("SELECT value FROM counters").fetchone()[0] == 1003


def test_a_contract_already_in_the_store_is_kept(store):
    run_import(store, CORPUS / "tickets.json")
    before = snapshot(store)
    again = run_import(store, CORPUS / "tickets.json")
    assert (again.contracts_added, again.created, again.duplicates, again.skipped) == (0, 0, 3, 3)
    assert snapshot(store) == before


def test_csv_rows_become_tickets(store):
    summary = run_import(store, CORPUS / "tickets.csv")
    assert (summary.created, summary.skipped) == (4, 2)
    billing = projections.get_ticket(store, "T-1001")
    assert (billing["contract_id"], billing["severity"], billing["attributes"]) == (
        "hostco", "low", {"product": "billmanager", "version": "6.88.1"})
    licence = projections.get_ticket(store, "T-1002")
    assert licence["severity"] == "p5" and licence["attributes"]["product"] == "MOVEit Automation"
    unknown = projections.get_ticket(store, "T-1003")
    assert unknown["contract_id"] is None and unknown["flags"] == ["unrouted"]
    image = projections.get_ticket(store, "T-1004")
    assert (image["contract_id"], image["severity"], image["attributes"]["instance_type"]) == (
        "cloudco", "sev2", "t3.micro")
    assert image["opened_at"] == "2026-03-01T11:00:00Z"
