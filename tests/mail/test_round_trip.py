"""Our reply reaches the customer and their answer comes back to the same ticket."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default

from console.cli import main
from console.services.delivery import deliver
from console.services.tickets import record
from console.services.timers import run_due_timers
from console.store import events
from console.store import outbox as rows
from tests.mail.conftest import at, server, ticket


def test_an_answer_citing_only_our_message_id_threads_onto_the_ticket(store, smtp, tmp_path):
    t = ticket(store, message_id=None)   # opened by hand: no customer Message-ID to cite
    record(store, t, "respond", {"note": "Which version do you run?"}, at=at(5), actor="ann")
    deliver(store, server(smtp.url), now=at(6))
    ours = message_from_bytes(smtp.handler.messages()[0], policy=default)["Message-ID"]
    answer = tmp_path / "answer.eml"
    answer.write_bytes(
        b"From: Ann Lee <ann@customer.example>\r\nTo: support@desk.example\r\n"
        b"Subject: our nightly job\r\nDate: Mon, 02 Mar 2026 11:00:00 +0000\r\n"
        b"Message-ID: <answer.2@customer.example>\r\nIn-Reply-To: " + ours.encode() + b"\r\n"
        b"\r\nVersion 4.1, on Debian.\r\n")
    assert main(["--db", str(tmp_path / "desk.db"), "--now", "2026-03-02T11:05:00Z",
                 "import", str(answer)]) == 0
    last = events.for_ticket(store, t)[-1]
    assert (last.kind, last.payload["message_id"]) == ("customer_reply", "<answer.2@customer.example>")
    assert store.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    # Our next reply answers theirs and carries the whole thread.
    record(store, t, "respond", {"note": "Thanks, 4.2 fixes it."}, at=at(70))
    latest = rows.rows(store)[-1]
    assert latest["in_reply_to"] == "<answer.2@customer.example>"
    assert latest["refs"].split() == [ours, "<answer.2@customer.example>"]


def test_a_timers_auto_close_sends_an_automatic_notice_citing_the_clause(store, smtp):
    t = ticket(store, contract="isp")
    record(store, t, "respond", {"note": "Please try the patch and tell us."}, at=at(5))
    [firing] = run_due_timers(store, now=at(5) + timedelta(days=8))
    notice = rows.rows(store)[-1]
    assert notice["event_id"] == firing.event_id and notice["automatic"] == 1
    assert firing.reason in notice["body"]
    deliver(store, server(smtp.url), now=at(5) + timedelta(days=8))
    mail = message_from_bytes(smtp.handler.messages()[-1], policy=default)
    assert mail["Auto-Submitted"] == "auto-generated"
    assert "ISPsystem T&C 3.6" in mail.get_content()
