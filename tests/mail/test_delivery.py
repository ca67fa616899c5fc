"""Delivery to a real SMTP server on 127.0.0.1: the bytes, once per event, retries, refusals."""

import threading
from dataclasses import replace
from email import message_from_bytes
from email.policy import default

import pytest

from console.errors import UserError
from console.mail.smtp import server_from
from console.services.delivery import deliver
from console.services.outbox import release
from console.services.tickets import record
from console.store import Store
from console.store import outbox as rows
from tests.mail.conftest import FROM, PASSWORD, USER, at, server, settings, ticket


def reply(store, text="We restarted the backup service.", minutes=5):
    t = ticket(store)
    event = record(store, t, "respond", {"note": text}, at=at(minutes), actor="ann")
    return t, event


def test_the_delivered_mail_is_threaded_plain_text_from_the_desk(store, smtp):
    t, event = reply(store)
    done = deliver(store, server(smtp.url, signature="Support Desk\n+1 555 0100"), now=at(6))
    assert done.sent == [1] and done.complete
    [envelope] = smtp.handler.envelopes
    assert envelope.mail_from == "support@desk.example"
    assert envelope.rcpt_tos == ["ann@customer.example"]
    mail = message_from_bytes(envelope.original_content, policy=default)
    assert mail["From"] == FROM
    assert mail["To"] == "ann@customer.example"
    assert mail["Subject"] == f"Re: [#{t}] Backups fail every night"
    assert mail["Message-ID"] == f"<{event.id}@support-console.localhost>"
    assert mail["In-Reply-To"] == "<first.1@customer.example>"
    assert mail["References"] == "<first.1@customer.example>"
    assert mail["Auto-Submitted"] is None
    assert mail.get_content_type() == "text/plain"
    assert b"\r\n" in envelope.original_content and b"\n\n" not in envelope.original_content
    assert mail.get_content().replace("\r\n", "\n") == (
        "We restarted the backup service.\n\n-- \nSupport Desk\n+1 555 0100\n")
    [row] = rows.rows(store)
    assert (row["state"], row["attempts"], row["sent_at"]) == ("sent", 1, "2026-03-02T10:06:00Z")


def test_sending_twice_delivers_once(store, smtp):
    reply(store)
    assert deliver(store, server(smtp.url), now=at(6)).sent == [1]
    again = deliver(store, server(smtp.url), now=at(7))
    assert again.sent == [] and again.complete
    assert len(smtp.handler.envelopes) == 1


def test_two_senders_racing_deliver_each_mail_once(store, smtp, tmp_path):
    for n in range(6):
        t = ticket(store, subject=f"Issue {n}")
        record(store, t, "respond", {"note": f"Answer {n}"}, at=at(5))
    barrier = threading.Barrier(2)

    def sender():
        with Store.open(tmp_path / "desk.db", create=False) as own:
            barrier.wait()
            deliver(own, server(smtp.url), now=at(6))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = sorted(message_from_bytes(m)["Message-ID"] for m in smtp.handler.messages())
    assert len(ids) == 6 and len(set(ids)) == 6
    assert {r["state"] for r in rows.rows(store)} == {"sent"}


def test_a_server_that_is_down_keeps_the_mail_queued_then_delivers_it_once(store, smtp):
    reply(store)
    url = smtp.url
    smtp.stop()
    down = deliver(store, server(url), now=at(6))
    assert down.offline and "127.0.0.1" in down.offline and not down.complete
    [row] = rows.rows(store)
    assert (row["state"], row["sent_at"]) == ("queued", None)
    smtp.start()
    up = deliver(store, server(url), now=at(7))
    assert up.sent == [1] and up.complete
    assert deliver(store, server(url), now=at(8)).sent == []
    assert len(smtp.handler.envelopes) == 1


def test_no_such_host_is_offline_not_an_error(store):
    reply(store)
    done = deliver(store, server("smtp://no-such-host.invalid:25"), now=at(6))
    assert "no such host" in done.offline
    assert rows.rows(store)[0]["state"] == "queued"


def test_a_permanent_refusal_fails_the_mail_with_the_servers_answer(store, smtp):
    reply(store)
    smtp.handler.answer = "550 5.1.1 <ann@customer.example>: mailbox unknown"
    done = deliver(store, server(smtp.url), now=at(6))
    assert done.failed == [(1, "550 5.1.1 <ann@customer.example>: mailbox unknown")]
    [row] = rows.rows(store)
    assert (row["state"], row["last_error"]) == ("failed", done.failed[0][1])
    assert not done.complete
    # Retried by hand once the address is right: delivered then.
    smtp.handler.answer = None
    release(store, 1, now=at(7), to="ann.lee@customer.example")
    assert deliver(store, server(smtp.url), now=at(7)).sent == [1]
    assert smtp.handler.envelopes[0].rcpt_tos == ["ann.lee@customer.example"]


def test_a_temporary_refusal_retries_later_with_backoff(store, smtp):
    reply(store)
    smtp.handler.answer = "451 4.7.1 greylisted, try again later"
    first = deliver(store, server(smtp.url), now=at(6))
    assert first.deferred == [(1, "451 4.7.1 greylisted, try again later")]
    row = rows.rows(store)[0]
    assert (row["state"], row["next_attempt_at"]) == ("queued", "2026-03-02T10:07:00Z")
    assert deliver(store, server(smtp.url), now=at(6.5)).deferred == []   # not due yet
    second = deliver(store, server(smtp.url), now=at(7))
    assert second.deferred and rows.rows(store)[0]["next_attempt_at"] == "2026-03-02T10:09:00Z"
    smtp.handler.answer = None
    assert deliver(store, server(smtp.url), now=at(9)).sent == [1]
    assert rows.rows(store)[0]["attempts"] == 3


def test_a_held_mail_waits_for_a_recipient(store, smtp):
    t = ticket(store, requester=None)
    record(store, t, "respond", {"note": "Hello?"}, at=at(1))
    done = deliver(store, server(smtp.url), now=at(2))
    assert done.sent == [] and smtp.handler.envelopes == []
    with pytest.raises(UserError, match="no recipient"):
        release(store, 1, now=at(3))
    release(store, 1, now=at(3), to="Bo <bo@customer.example>")
    assert deliver(store, server(smtp.url), now=at(3)).sent == [1]
    assert smtp.handler.envelopes[0].rcpt_tos == ["bo@customer.example"]


def test_starttls_with_login(store, starttls):
    reply(store)
    url = f"smtp+starttls://{USER}@127.0.0.1:{starttls.port}"
    done = deliver(store, server(url, password=PASSWORD), now=at(6))
    assert done.sent == [1]
    assert starttls.handler.envelopes[0].rcpt_tos == ["ann@customer.example"]


def test_the_password_can_come_from_a_command(store, starttls):
    reply(store)
    url = f"smtp+starttls://{USER}@127.0.0.1:{starttls.port}"
    done = deliver(store, server(url, password_command=f"printf {PASSWORD}"), now=at(6))
    assert done.sent == [1]


def test_a_wrong_password_is_a_settings_fault_and_nothing_leaves(store, starttls):
    reply(store)
    url = f"smtp+starttls://{USER}:wrong@127.0.0.1:{starttls.port}"
    with pytest.raises(UserError, match="login"):
        deliver(store, server(url), now=at(6))
    assert rows.rows(store)[0]["state"] == "queued" and starttls.handler.envelopes == []


def test_plain_smtp_to_a_server_that_requires_starttls_is_refused_not_sent(store, starttls):
    reply(store)
    done = deliver(store, server(f"smtp://127.0.0.1:{starttls.port}"), now=at(6))
    [(row_id, answer)] = done.failed
    assert row_id == 1
    assert answer.startswith("530") and "STARTTLS" in answer
    assert starttls.handler.envelopes == []


def test_implicit_tls(store, smtps):
    reply(store)
    assert deliver(store, server(f"smtps://127.0.0.1:{smtps.port}"), now=at(6)).sent == [1]
    assert len(smtps.handler.envelopes) == 1


@pytest.mark.parametrize("given, fault", [
    ({"smtp": None}, "no SMTP server"),
    ({"sender": None}, "no From address"),
    ({"smtp": "http://127.0.0.1:25"}, "use smtp://"),
    ({"smtp": "smtp://127.0.0.1:port"}, "port"),
])
def test_bad_settings_are_named(given, fault):
    with pytest.raises(UserError, match=fault):
        server_from(replace(settings("smtp://127.0.0.1:25"), **given))
