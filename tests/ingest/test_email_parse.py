"""Reading one message: encodings, bodies, attachments, threading headers, auto-replies, faults."""

from datetime import UTC, datetime

import pytest

from console.ingest.email_parse import decode_text, parse_message
from console.ingest.records import Malformed

from .conftest import CORPUS, MAIL

LIMIT = 10 * 1024 * 1024


def parse(name: str, limit: int = LIMIT):
    return parse_message((MAIL / name).read_bytes(), name, max_attachment_size=limit)


def message(headers: str, body: str = "body\n") -> bytes:
    return (headers.strip() + "\n\n" + body).encode("utf-8")


def test_plain_text_message():
    item = parse("01_procomputers_aws_plain.eml")
    assert item.key == "<CAF1x9a-0001@mail.cloudco.example>"
    assert item.sender == "dana.whitfield@cloudco.example"
    assert item.subject == "Sev 1: AlmaLinux 9 instances fail to boot after resize"
    assert item.at == datetime(2026, 3, 2, 9, 58, 47, tzinfo=UTC)
    assert "ProComputers AlmaLinux 9.4 hardened image release 2026.02.1" in item.body
    assert item.references == () and item.auto_reply is None and item.attachments == ()


def test_quoted_printable_utf8_body_and_encoded_sender_name():
    item = parse("02_procomputers_azure_quoted_printable.eml")
    assert "cloud-init never finishes – the VM stays" in item.body   # soft line break joined, en dash decoded
    assert item.body.rstrip().endswith("Thanks — Jörg")
    assert item.sender == "joerg.mueller@cloudco.example"
    assert item.at == datetime(2026, 3, 2, 10, 15, 2, tzinfo=UTC)  # +0100 converted to UTC


def test_base64_latin1_body_and_rfc2047_latin1_subject():
    item = parse("05_ispsystem_base64_latin1.eml")
    assert item.subject == "Factures non générées après mise à jour"
    assert "BILLmanager ne génère plus les factures" in item.body
    assert "Hélène Lefèvre" in item.body


def test_rfc2047_base64_utf8_subject_and_8bit_body_with_a_log_attachment():
    item = parse("06_ispsystem_rfc2047_attachment.eml")
    assert item.subject == "VMmanager: миграция ВМ зависает на 99 %"
    assert item.body.startswith("Здравствуйте!")
    (log,) = item.attachments
    assert (log.name, log.content_type, log.size) == ("migration-5521.log", "text/plain", 2520)
    assert log.content.startswith(b"2026-03-04 09:00:01 [ERROR] migration task 5521")
    assert "migration task 5521 stalled" not in item.body   # the attachment is not part of the body


def test_multipart_alternative_takes_the_plain_part():
    item = parse("03_pro2col_multipart_alternative.eml")
    assert "<p>" not in item.body and item.body.count("Product: MOVEit Transfer") == 1
    assert item.attachments == ()


def test_html_only_body_becomes_readable_lines_in_its_charset():
    item = parse("04_pro2col_html_only.eml")
    assert "p { margin" not in item.body and "<td>" not in item.body
    assert "every partner – nothing gets through" in item.body   # &ndash; entity
    lines = item.body.splitlines()
    assert "Priority: P1" in lines and "Version: 2023.1.2" in lines and "OS: Windows Server 2019" in lines


def test_forwarded_message_joins_the_body_and_stays_attached():
    item = parse("11_forwarded_alert.eml")
    assert item.body.startswith("FYI, another one")
    assert "---------- Forwarded message ----------" in item.body
    assert "Subject: [ALERT] StatusCheckFailed on i-0abc123" in item.body
    assert "AWS account ID: 210987654321" in item.body
    (forwarded,) = item.attachments
    assert forwarded.name == "alert.eml" and forwarded.content_type == "message/rfc822"
    assert b"StatusCheckFailed" in forwarded.content and forwarded.size == len(forwarded.content)


def test_an_attachment_over_the_limit_keeps_only_its_metadata():
    item = parse("17_large_attachment.eml", limit=1024)
    (core,) = item.attachments
    assert (core.name, core.content_type, core.size, core.content) == (
        "core.dcimanager.4242", "application/octet-stream", 4096, None)
    assert parse("17_large_attachment.eml").attachments[0].content == bytes(range(256)) * 16


def test_references_are_nearest_first_without_the_own_id():
    item = parse("09_reply_by_header.eml")
    assert item.references == ("<reply-from-desk-1@desk.example>", "<CAF1x9a-0001@mail.cloudco.example>")


def test_no_message_id_gives_a_content_hash_key():
    raw = (MAIL / "16_unknown_sender_no_message_id.eml").read_bytes()
    first = parse_message(raw, "a", max_attachment_size=LIMIT)
    assert first.key.startswith("sha256:") and len(first.key) == len("sha256:") + 64
    assert parse_message(raw, "b", max_attachment_size=LIMIT).key == first.key
    assert parse_message(raw + b"x", "c", max_attachment_size=LIMIT).key != first.key


@pytest.mark.parametrize(("header", "reason"), [
    ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
    ("Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated"),
    ("X-Autoreply: yes", "X-Autoreply: yes"),
    ("X-Autorespond: 1", "X-Autorespond: 1"),
    ("Precedence: bulk", "Precedence: bulk"),
    ("Precedence: auto_reply", "Precedence: auto_reply"),
    ("Precedence: list", "Precedence: list"),
    ("Auto-Submitted: no", None),
    ("Precedence: first-class", None),
])
def test_automatic_messages_are_recognised_by_their_headers(header, reason):
    raw = message(f"From: a@b.example\nSubject: Out of office\n{header}")
    assert parse_message(raw, "m", max_attachment_size=LIMIT).auto_reply == reason


def test_undeclared_8bit_text_and_mislabelled_latin1_still_read():
    assert decode_text("Grüße".encode(), None) == "Grüße"
    assert decode_text("Grüße".encode("latin-1"), "utf-8") == "Grüße"
    assert decode_text("Grüße".encode("cp1252"), "us-ascii") == "Grüße"


def test_a_minus_zero_zone_date_is_utc():
    raw = message("From: a@b.example\nDate: Mon, 02 Mar 2026 10:00:00 -0000")
    assert parse_message(raw, "m", max_attachment_size=LIMIT).at == datetime(2026, 3, 2, 10, tzinfo=UTC)


def test_missing_subject_and_date_are_not_faults():
    item = parse_message(message("From: a@b.example"), "m", max_attachment_size=LIMIT)
    assert item.subject == "(no subject)" and item.at is None


@pytest.mark.parametrize(("name", "reason"), [
    ("empty.eml", "empty message"),
    ("not_mail.eml", "no mail headers"),
    ("bad_date.eml", "Date header unreadable: 'sometime next week'"),
    ("no_sender_address.eml", "From header has no address: 'Support Team'"),
    ("broken_base64.eml", "body: broken base64"),
    ("unknown_charset.eml", "body: unknown charset 'x-mac-klingon'"),
])
def test_malformed_messages_say_what_is_wrong(name, reason):
    with pytest.raises(Malformed) as caught:
        parse_message((CORPUS / "malformed" / name).read_bytes(), name, max_attachment_size=LIMIT)
    assert str(caught.value).startswith(reason)
