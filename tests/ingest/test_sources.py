"""Telling formats apart, and reading each container with positions for what is wrong."""

import json
import shutil

import pytest

from console.errors import UserError
from console.ingest.detect import detect, open_sources
from console.ingest.json_csv import CsvFile, JsonFile
from console.ingest.mailboxes import MaildirFolder, MboxFile
from console.ingest.records import ContractRecord, Incoming, Problem

from .conftest import CORPUS, MAIL

LIMIT = 1024 * 1024


def test_detect_by_name_then_by_content(tmp_path):
    assert detect(MAIL / "01_procomputers_aws_plain.eml") == "eml"
    assert detect(CORPUS / "inbox.mbox") == "mbox"
    assert detect(CORPUS / "Maildir") == "maildir"
    assert detect(CORPUS / "tickets.json") == "json"
    assert detect(CORPUS / "tickets.csv") == "csv"
    for name, source in (("a", MAIL / "03_pro2col_multipart_alternative.eml"), ("b", CORPUS / "inbox.mbox"),
                         ("c", CORPUS / "tickets.json"), ("d", CORPUS / "tickets.csv")):
        shutil.copy(source, tmp_path / name)
    assert [detect(tmp_path / n) for n in "abcd"] == ["eml", "mbox", "json", "csv"]
    (tmp_path / "e").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert detect(tmp_path / "e") is None


def test_unusable_arguments_are_refused_before_anything_is_read(tmp_path):
    (tmp_path / "picture").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(UserError, match="no such file or folder"):
        open_sources([str(tmp_path / "missing.mbox")], max_attachment_size=LIMIT)
    with pytest.raises(UserError, match="cannot tell its format"):
        open_sources([str(tmp_path / "picture")], max_attachment_size=LIMIT)


def test_a_plain_folder_is_read_file_by_file_and_unknown_files_are_reported(tmp_path):
    shutil.copy(MAIL / "01_procomputers_aws_plain.eml", tmp_path / "one.eml")
    shutil.copytree(CORPUS / "Maildir", tmp_path / "sub" / "Maildir")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01binary")
    (tmp_path / ".hidden.eml").write_text("From: x@y.example\n\nhidden")
    items = [item for source in open_sources([str(tmp_path)], max_attachment_size=LIMIT) for item in source]
    assert [type(i).__name__ for i in items] == ["Problem", "Incoming", "Incoming", "Incoming"]
    assert items[0].origin.endswith("notes.bin") and "not a mail message" in items[0].reason


def test_mbox_messages_with_positions_and_a_broken_one():
    items = list(MboxFile(CORPUS / "inbox.mbox", LIMIT))
    assert MboxFile(CORPUS / "inbox.mbox", LIMIT).count() == 4
    assert [i.origin.split(": ", 1)[1] for i in items] == [
        "message 1 (line 1)", "message 2 (line 22)", "message 3 (line 34)", "message 4 (line 38)"]
    broken = items[2]
    assert isinstance(broken, Problem) and broken.reason.startswith("no mail headers")
    assert items[1].references == ("<mbox-0001@fileco.example>",)
    assert items[1].body.endswith(">From now on we will restart weekly.")
    assert items[3].subject == "Question DNSmanager" and "gère DNSSEC" in items[3].body


def test_text_before_the_first_from_line_is_reported(tmp_path):
    path = tmp_path / "x.mbox"
    path.write_bytes(b"stray text\n" + (CORPUS / "inbox.mbox").read_bytes())
    first, second = list(MboxFile(path, LIMIT))[:2]
    assert isinstance(first, Problem) and first.origin.endswith("x.mbox: line 1")
    assert isinstance(second, Incoming) and second.key == "<mbox-0001@fileco.example>"


def test_maildir_reads_new_and_cur_in_delivery_order_and_ignores_tmp():
    items = list(MaildirFolder(CORPUS / "Maildir", LIMIT))
    assert [i.key for i in items] == ["<maildir-0001@tuxco.example>", "<maildir-0002@tuxco.example>"]
    assert "/new/" in items[0].origin and "/cur/" in items[1].origin


def test_json_tickets_contracts_and_bad_entries_by_position():
    items = list(JsonFile(CORPUS / "tickets.json"))
    assert isinstance(items[0], ContractRecord) and items[0].data["id"] == "bankco"
    first = items[1]
    assert isinstance(first, Incoming) and not first.mail and first.source_id == "OLD-101"
    assert first.severity == "high" and [e["kind"] for e in first.events] == [
        "request_info", "customer_reply", "respond"]
    blank = items[5]
    assert isinstance(blank, Problem) and blank.origin.endswith("tickets.json: tickets[4]")
    assert blank.reason == "subject: must not be empty"


@pytest.mark.parametrize(("text", "fault"), [
    ("{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
    ('[{"subject": "x"}]', 'expected an object with a "tickets" list (and optionally "contracts")'),
    ('{"tickets": {"subject": "x"}}', 'expected an object with a "tickets" list (and optionally "contracts")'),
])
def test_a_json_file_of_the_wrong_shape_is_refused_whole(tmp_path, text, fault):
    path = tmp_path / "t.json"
    path.write_text(text)
    with pytest.raises(UserError) as caught:
        JsonFile(path)
    assert str(caught.value) == f"{path}: {fault}"


def test_json_entry_faults(tmp_path):
    def problem(ticket):
        path = tmp_path / "t.json"
        path.write_text(json.dumps({"tickets": [ticket]}))
        (item,) = list(JsonFile(path))
        return item.reason

    assert problem({"subject": "x", "colour": "red"}).startswith("unknown key 'colour'")
    assert problem({"subject": "x", "opened_at": "2026-03-01 10:00"}) == (
        "opened_at: '2026-03-01 10:00' has no UTC offset (add Z or +HH:MM)")
    assert problem({"subject": "x", "events": [{"kind": "respond"}]}) == "events[0]: needs 'at'"
    assert problem({"subject": "x", "attributes": {"a": [1]}}).startswith("attributes.a: expected")


def test_csv_rows_with_line_numbers():
    source = CsvFile(CORPUS / "tickets.csv")
    assert source.count() == 6
    items = list(source)
    origins = [i.origin.rsplit(": ", 1)[1] for i in items]
    assert origins == ["line 2", "line 3", "line 5", "line 6", "line 7", "line 8"]
    multi = items[1]
    assert multi.body == "How many agents may we run?\nProduct: MOVEit Automation"
    assert (multi.impact, multi.urgency, multi.contract) == ("low", "low", "fileco")
    assert items[0].attributes == {"product": "billmanager", "version": "6.88.1"}
    assert items[3].reason == "opened_at: 'yesterday' is not an ISO 8601 instant"
    assert items[4].reason == "expected 10 fields, found 2"


def test_a_csv_header_with_an_unknown_column_is_refused_whole(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("subject,sevrity\nx,1\n")
    with pytest.raises(UserError, match="line 1: unknown column 'sevrity'"):
        CsvFile(path)
    path.write_text("body\nx\n")
    with pytest.raises(UserError, match='no "subject" column'):
        CsvFile(path)
