"""The write path queues the customer's mail with its event, in the same transaction."""

import pytest

from console.errors import UserError
from console.services import actions
from console.services.outbox import listing
from console.services.tickets import record, record_many
from console.store import messages
from console.store import outbox as rows
from tests.mail.conftest import at, ticket


def only_row(store):
    found = rows.rows(store)
    assert len(found) == 1, found
    return found[0]


def test_a_reply_queues_one_threaded_mail_to_the_requester(store):
    t = ticket(store)
    event = record(store, t, "respond", {"note": "We are looking at it."}, at=at(5), actor="ann")
    row = only_row(store)
    assert row["event_id"] == event.id and row["ticket_id"] == t
    assert row["to_addr"] == "ann@customer.example"
    assert row["subject"] == f"Re: [#{t}] Backups fail every night"
    assert row["body"] == "We are looking at it."
    assert row["in_reply_to"] == "<first.1@customer.example>"
    assert row["refs"] == "<first.1@customer.example>"
    assert row["message_id"] == f"<{event.id}@support-console.localhost>"
    assert (row["state"], row["attempts"], row["automatic"]) == ("queued", 0, 0)
    # A customer's answer citing only our Message-ID finds the ticket.
    assert messages.ticket_for(store, [row["message_id"]]) == t


def test_the_message_id_takes_the_desks_domain_from_the_from_setting(store, monkeypatch):
    monkeypatch.setenv("DESK_MAIL_FROM", "Desk <help@desk.example>")
    t = ticket(store)
    event = record(store, t, "respond", {"note": "On it."}, at=at(5))
    assert only_row(store)["message_id"] == f"<{event.id}@desk.example>"


def test_internal_events_and_replies_without_text_send_nothing(store):
    t = ticket(store)
    record(store, t, "note", {"note": "customer sounds upset"}, at=at(1))
    record(store, t, "assign", {"assignee": "bob"}, at=at(2))
    record(store, t, "update_sent", {}, at=at(3))
    record(store, t, "resolve", {}, at=at(4))
    assert rows.rows(store) == []


def test_each_mailing_kind_queues_its_text(store):
    t = ticket(store)
    record(store, t, "respond", {"note": "First answer."}, at=at(1))
    record(store, t, "update_sent", {"note": "Still working on it."}, at=at(2))
    record(store, t, "resolve", {"note": "Fixed in 4.2."}, at=at(3))
    assert [r["body"] for r in rows.rows(store)] == ["First answer.", "Still working on it.",
                                                     "Fixed in 4.2."]


def test_references_grow_with_the_thread_and_in_reply_to_is_the_latest_customer_message(store):
    t = ticket(store)
    record(store, t, "respond", {"note": "One."}, at=at(1))
    ours = only_row(store)["message_id"]
    record(store, t, "customer_reply", {"body": "More detail", "message_id": "<second@customer.example>"},
           at=at(2), actor="mail")
    record(store, t, "respond", {"note": "Two."}, at=at(3))
    second = rows.rows(store)[1]
    assert second["in_reply_to"] == "<second@customer.example>"
    assert second["refs"].split() == ["<first.1@customer.example>", ours, "<second@customer.example>"]


def test_a_request_for_information_carries_its_checklist(store):
    t = ticket(store, contract="isp")
    missing = actions.missing_info(store, t)
    assert missing, "ISPsystem asks for information a bare ticket lacks"
    actions.request_info(store, t, message="Please tell us more.", fields=[f.id for f in missing],
                         at=at(1), actor="ann")
    body = only_row(store)["body"]
    assert body.startswith("Please tell us more.")
    for field in missing:
        assert f"[ ] {field.label}" in body


def test_the_console_checklist_is_not_repeated(store):
    t = ticket(store, contract="isp")
    missing = actions.missing_info(store, t)
    text = actions.info_request_text(missing)
    actions.request_info(store, t, message=text, fields=[f.id for f in missing], at=at(1),
                         actor="ann")
    assert only_row(store)["body"] == text


def test_no_requester_holds_the_mail(store):
    t = ticket(store, requester=None)
    record(store, t, "respond", {"note": "Hello?"}, at=at(1))
    row = only_row(store)
    assert (row["state"], row["to_addr"]) == ("held", None)


def test_a_refused_batch_leaves_neither_events_nor_mail(store):
    t = ticket(store)
    with pytest.raises(UserError):
        record_many(store, t, [("respond", {"note": "Sent?"}, at(1), "ann"),
                               ("merge", {"duplicate_of": "T-9999"}, at(2), "ann")])
    assert rows.rows(store) == []
    assert store.db.execute("SELECT count(*) FROM events WHERE kind = 'respond'").fetchone()[0] == 0


def test_a_mail_never_outlives_its_events_transaction(store):
    t = ticket(store)
    with pytest.raises(RuntimeError), store.transaction():
        record(store, t, "respond", {"note": "Rolled back."}, at=at(1))
        raise RuntimeError("crash before commit")
    assert rows.rows(store) == []
    assert store.db.execute("SELECT count(*) FROM message_ids").fetchone()[0] == 0


def test_the_listing_has_the_designed_fields(store):
    t = ticket(store)
    record(store, t, "respond", {"note": "Hi."}, at=at(1))
    [mail] = listing(store)
    assert {"id", "ticket", "event", "to", "subject", "message_id", "state", "attempts",
            "last_error", "sent_at"} <= set(mail)
    assert (mail["ticket"], mail["state"], mail["sent_at"]) == (t, "queued", None)
