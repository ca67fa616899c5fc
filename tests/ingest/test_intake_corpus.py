"""The whole corpus through intake: routing, severity, required information, threading,
auto-replies, duplicates, unrouted mail in the queue, and a second import that changes nothing."""

from datetime import UTC, datetime

import pytest

from console.services.queue import queue
from console.services.tickets import record
from console.store import attachments, events, projections

from .conftest import CORPUS, MAIL, NOW, run_import, snapshot


@pytest.fixture
def imported(store):
    summary = run_import(store, MAIL, CORPUS / "malformed", CORPUS / "inbox.mbox", CORPUS / "Maildir",
                         max_attachment_size=2048)
    return store, summary


def ticket(store, ticket_id):
    return projections.get_ticket(store, ticket_id)


def deadlines(store, ticket_id):
    """Each clock instance's state and instants (`remaining` is as of the latest event, so it moves)."""
    return [(c["metric"], c["instance"], c["state"], c["started_at"], c["due_at"], c["met_at"])
            for c in projections.clocks_of(store, ticket_id)]


def kinds(store, ticket_id):
    return [e.kind for e in events.for_ticket(store, ticket_id)]


def test_the_summary_counts_and_names_every_skipped_message(imported):
    _, summary = imported
    assert (summary.created, summary.threaded, summary.noted, summary.duplicates, summary.skipped) == (
        14, 5, 2, 1, 8)
    reasons = {p["source"].split("corpus/", 1)[1]: p["reason"] for p in summary.problems}
    assert reasons == {
        "mail/14_precedence_bulk.eml": "automatic reply (Precedence: bulk) to no known ticket",
        "malformed/bad_date.eml": "Date header unreadable: 'sometime next week'",
        "malformed/broken_base64.eml": "body: broken base64 (cannot be decoded)",
        "malformed/empty.eml": "empty message",
        "malformed/no_sender_address.eml": "From header has no address: 'Support Team'",
        "malformed/not_mail.eml": "no mail headers (From, Date, Subject or Message-ID)",
        "malformed/unknown_charset.eml": "body: unknown charset 'x-mac-klingon'",
        "inbox.mbox: message 3 (line 34)": "no mail headers (From, Date, Subject or Message-ID)",
    }
    assert summary.exit_code == 1


def test_procomputers_aws_mail_fills_every_required_field(imported):
    store, _ = imported
    row = ticket(store, "T-1001")
    assert (row["contract_id"], row["severity"], row["requester"]) == (
        "cloudco", "sev1", "dana.whitfield@cloudco.example")
    assert row["attributes"] == {
        "image_version": "ProComputers AlmaLinux 9.4 hardened image release 2026.02.1",
        "instance_type": "m5.xlarge", "region": "eu-west-1", "account_id": "123456789012"}
    assert row["flags"] == []
    assert row["opened_at"] == "2026-03-02T09:58:47Z"   # the Date header, not the import time


def test_procomputers_azure_mail_without_a_severity_is_flagged_for_triage(imported):
    store, summary = imported
    row = ticket(store, "T-1002")
    assert row["severity"] == "sev3"                    # the pack's default
    assert row["attributes"]["triage"] == "severity not stated"
    assert row["attributes"]["account_id"] == "7f3c2a10-4b5e-4c6d-9e8f-0a1b2c3d4e5f"
    assert row["flags"] == ["triage"]
    created = {t["id"]: t for t in summary.tickets}
    assert created["T-1002"]["triage"] == "severity not stated" and created["T-1002"]["missing"] == []


def test_pro2col_priority_from_impact_and_urgency_and_from_a_stated_priority(imported):
    store, summary = imported
    alternative = ticket(store, "T-1003")
    assert (alternative["impact"], alternative["urgency"], alternative["severity"]) == ("high", "medium", "p2")
    assert alternative["attributes"] == {"product": "MOVEit Transfer", "modules": "SFTP, Ad Hoc Transfer",
                                         "version": "2024.0.3", "os": "Windows Server 2022",
                                         "serial": "MIT-4471-2290-AB"}
    html_only = ticket(store, "T-1004")
    assert html_only["severity"] == "p1" and "serial" not in html_only["attributes"]
    assert html_only["flags"] == ["info?"]
    assert {t["id"]: t["missing"] for t in summary.tickets}["T-1004"] == ["serial"]


def test_ispsystem_products_route_their_clocks(imported):
    store, _ = imported
    billing = ticket(store, "T-1005")
    assert (billing["severity"], billing["attributes"]["product"]) == ("emergency", "BILLmanager")
    migration = ticket(store, "T-1006")
    assert (migration["severity"], migration["attributes"]) == (
        "high", {"product": "VMmanager", "version": "6.12.1"})
    assert migration["lead_metric"] == "response"


def test_almacare_technical_lead_and_someone_else(imported):
    store, _ = imported
    lead, other = ticket(store, "T-1007"), ticket(store, "T-1008")
    assert (lead["severity"], lead["flags"]) == ("sev2", [])
    assert (other["severity"], other["flags"]) == ("sev4", ["not a lead"])


def test_a_reply_by_header_is_a_customer_reply_not_a_ticket(imported):
    store, _ = imported
    log = events.for_ticket(store, "T-1001")
    assert [e.kind for e in log] == ["open", "customer_reply"]
    reply = log[1].payload
    assert reply["body"].startswith("The serial console output is below")
    assert reply["message_id"] == "<CAF1x9a-0009@mail.cloudco.example>"
    # a quoted line and a passing mention change no known field
    assert "attributes" not in reply and ticket(store, "T-1001")["attributes"]["instance_type"] == "m5.xlarge"


def test_a_reply_by_subject_token(imported):
    store, _ = imported
    assert kinds(store, "T-1002") == ["open", "customer_reply"]


def test_a_reply_that_supplies_missing_information_fills_the_ticket(imported):
    store, _ = imported
    log = events.for_ticket(store, "T-1009")
    assert [e.kind for e in log] == ["open", "customer_reply"]
    assert log[1].payload["attributes"] == {
        "image_version": "ProComputers Debian 12 image release 2026.01.2"}
    assert ticket(store, "T-1009")["flags"] == ["triage"]   # info? gone, nothing missing any more


def test_auto_replies_are_notes_and_move_no_clock(store):
    opened = sorted(MAIL.glob("0[1-4]_*.eml")) + [MAIL / "07_almacare_technical_lead.eml"]
    run_import(store, *opened)
    answered = ("T-1004", "T-1005")   # the HTML-only Pro2col mail, the AlmaCare lead's mail
    before = {t: deadlines(store, t) for t in answered}
    statuses = {t: ticket(store, t)["status"] for t in answered}
    summary = run_import(store, MAIL / "12_out_of_office.eml", MAIL / "13_x_autoreply_token.eml")
    assert (summary.noted, summary.threaded, summary.created) == (2, 0, 0)
    for ticket_id in answered:
        last = events.for_ticket(store, ticket_id)[-1]
        assert last.kind == "note" and last.payload["auto_reply"] is True
        assert last.payload["body"]
        assert deadlines(store, ticket_id) == before[ticket_id]
        assert ticket(store, ticket_id)["status"] == statuses[ticket_id]


def test_a_forwarded_alert_opens_its_own_ticket_with_the_forwarded_facts(imported):
    store, _ = imported
    row = ticket(store, "T-1009")
    assert row["subject"] == "Fwd: [ALERT] StatusCheckFailed on i-0abc123"
    assert row["attributes"]["region"] == "us-east-2" and row["attributes"]["account_id"] == "210987654321"
    (alert,) = attachments.for_ticket(store, "T-1009")
    assert (alert["name"], alert["content_type"], alert["state"]) == ("alert.eml", "message/rfc822", "stored")


def test_an_unknown_sender_is_unrouted_and_visible_in_the_queue(imported):
    store, _ = imported
    row = ticket(store, "T-1010")
    assert row["contract_id"] is None and row["severity"] is None
    assert row["flags"] == ["unrouted"]
    opened = events.for_ticket(store, "T-1010")[0].payload
    assert opened["intake"]["routing"] == "no contract for elsewhere.example"
    assert opened["intake"]["stated_severity"] == "Sev 1"
    in_queue = {item["id"]: item for item in queue(store, now=NOW)}
    assert in_queue["T-1010"]["flags"] == ["unrouted"] and in_queue["T-1010"]["policy"] is None


def test_a_stated_severity_off_the_scale_is_kept_for_triage(imported):
    store, _ = imported
    row = ticket(store, "T-1011")
    assert row["severity"] == "medium"
    assert row["attributes"]["triage"] == "stated 'Severity: 7' is not on the ISPsystem scale"


def test_attachments_over_the_limit_are_recorded_not_stored(imported):
    store, _ = imported
    (core,) = attachments.for_ticket(store, "T-1011")
    assert (core["name"], core["size"], core["state"]) == ("core.dcimanager.4242", 4096, "too_large")
    assert core["note"] == "too large, not stored (4.0 KiB > 2.0 KiB)"
    assert attachments.content(store, core["id"]) is None
    opened = events.for_ticket(store, "T-1011")[0].payload
    assert opened["attachments"] == [{"name": "core.dcimanager.4242", "type": "application/octet-stream",
                                      "size": 4096, "stored": False}]


def test_mbox_and_maildir_thread_their_replies(imported):
    store, _ = imported
    assert kinds(store, "T-1012") == ["open", "customer_reply"]   # mbox, by References
    assert kinds(store, "T-1014") == ["open", "customer_reply"]   # Maildir new/ then cur/
    assert ticket(store, "T-1012")["severity"] == "p4"           # Impact: Medium, Urgency: Low
    assert ticket(store, "T-1013")["severity"] == "low"          # Priority: Low, latin-1 mbox message


def test_importing_again_changes_nothing(imported):
    store, _ = imported
    before = snapshot(store)
    again = run_import(store, MAIL, CORPUS / "inbox.mbox", CORPUS / "Maildir")
    assert (again.created, again.threaded, again.noted, again.duplicates) == (0, 0, 0, 22)
    assert snapshot(store) == before


def test_a_message_without_message_id_is_kept_once(store):
    first = run_import(store, MAIL / "16_unknown_sender_no_message_id.eml")
    second = run_import(store, MAIL / "16_unknown_sender_no_message_id.eml")
    assert (first.created, second.created, second.duplicates) == (1, 0, 1)


def test_a_customer_reply_restarts_the_clock_as_the_pack_says(store, tmp_path):
    run_import(store, MAIL / "06_ispsystem_rfc2047_attachment.eml")
    record(store, "T-1001", "request_info", {"note": "Which node?"}, at=datetime(2026, 3, 4, 10, tzinfo=UTC))
    reply = tmp_path / "reply.eml"
    reply.write_text("From: a.smirnov@hostco.example\nSubject: Re: migration\n"
                     "Date: Wed, 04 Mar 2026 13:00:00 +0000\nMessage-ID: <0006.reply@hostco.example>\n"
                     "References: <0006.migration@hostco.example>\n\nNode 7.\n")
    assert run_import(store, reply).threaded == 1
    response = [c for c in projections.clocks_of(store, "T-1001") if c["metric"] == "response"]
    assert [(c["instance"], c["state"], c["started_at"]) for c in response] == [
        (1, "met", "2026-03-04T09:00:00Z"), (2, "running", "2026-03-04T13:00:00Z")]
    assert projections.get_ticket(store, "T-1001")["side"] == "vendor"
