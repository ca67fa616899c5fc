"""Escape sequences a customer sends (mail, CSV, JSON, an imported event's actor) never reach the
terminal through `desk`: every text listing shows them as stand-ins, JSON keeps them exact."""

import io
import json
import re
import sys

import pytest

from console.cli import main
from console.commands.output import NeutralisedStream, guarded, terminal
from tests.ingest.conftest import CORPUS

HOSTILE = CORPUS / "hostile"
NOW = "2026-03-10T12:00:00Z"
# What a terminal would act on: C0 but line breaks and tabs, DEL, C1 (8-bit CSI 0x9b...), bidi overrides.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAIL_SUBJECT = "[/nonexistent] [@click=app.quit]x[/] \x1b]52;c;cm0gLXJmIH4=\x07Disk \x1b[2Jfull"
JSON_SUBJECT = "JSON \x1b]52;c;ZXZpbA==\x07 [/x] \x9b2J \u202eevil"
EVIL_CUSTOMER = "Evil\x1b]0;owned\x07Co [b]Ltd[/b]"
EVIL_ACTOR = "\x1b]0;pwned\x07mallory[/]"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A store holding the hostile mail, CSV and JSON, and `desk` run on it: (exit code, out, err)."""
    db = tmp_path_factory.mktemp("hostile") / "desk.db"

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            code = main(["--db", str(db), "--now", NOW, *argv])
        finally:
            sys.stdout, sys.stderr = saved
        return code, out.getvalue(), err.getvalue()

    run("init")
    run("contract", "add", "--id", "cloudco", "--customer", "CloudCo", "--policy", "procomputers",
        "--plan", "standard", "--domain", "cloudco.example")
    code, _, err = run("import", *(str(HOSTILE / name) for name in
                                   ("escapes_in_every_field.eml", "escapes.csv", "escapes.json")))
    assert code == 0, err
    run.tickets = {t["subject"]: t["id"] for t in json.loads(run("queue", "--json")[1])}
    return run


def test_the_hostile_text_is_stored_as_sent(desk):
    assert {MAIL_SUBJECT, JSON_SUBJECT} <= set(desk.tickets)


LISTINGS = [
    ("queue",), ("contracts",), ("contract", "show", "evilco"), ("forecast",), ("tick",),
    *(("report", "sla", "--from", "2026-03-01", "--to", "2026-03-10", "--by", "vendor,plan",
       "--format", fmt) for fmt in ("table", "md", "csv", "html")),
]


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_no_listing_writes_a_control_character(desk, argv):
    code, out, err = desk(*argv)
    assert code == 0, err
    assert not RAW.findall(out + err)


def test_the_queue_shows_stand_ins_where_the_escapes_were(desk):
    _, out, _ = desk("queue")
    assert "[/nonexistent] [@click=app.quit]x[/] ␛]52;c;cm0gLXJmIH4=␇Disk ␛[2Jfull" in out
    assert "JSON ␛]52;c;ZXZpbA==␇ [/x] \ufffd2J \ufffdevil" in out


def test_contracts_show_the_customer_neutralised(desk):
    _, out, _ = desk("contracts")
    assert "Evil␛]0;owned␇Co [b]Ltd[/b]" in out


@pytest.mark.parametrize("subject", [MAIL_SUBJECT, JSON_SUBJECT, "CSV"], ids=["mail", "json", "csv"])
def test_ticket_show_neutralises_subject_requester_and_actor(desk, subject):
    ticket_id = next(t for s, t in desk.tickets.items() if s.startswith(subject))
    code, out, err = desk("ticket", "show", ticket_id)
    assert code == 0, err
    assert not RAW.findall(out + err)
    assert "␛" in out.splitlines()[0]   # the subject line, its escapes visible


def test_a_line_break_in_a_subject_cannot_forge_a_line(desk):
    _, out, _ = desk("queue")
    assert len(out.splitlines()) == len(desk.tickets)
    csv_ticket = next(t for s, t in desk.tickets.items() if s.startswith("CSV"))
    _, out, _ = desk("ticket", "show", csv_ticket)
    assert out.splitlines()[0].endswith("severity emergency  status forged")
    assert not any(line.startswith("  severity emergency") for line in out.splitlines())


def test_an_imported_events_actor_is_shown_neutralised(desk):
    _, out, _ = desk("ticket", "show", desk.tickets[JSON_SUBJECT])
    assert "␛]0;pwned␇mallory[/]" in out


def test_json_output_keeps_the_text_exact(desk):
    for argv in (("queue", "--json"), ("contracts", "--json"),
                 ("ticket", "show", desk.tickets[JSON_SUBJECT], "--json")):
        _, out, _ = desk(*argv)
        assert not RAW.findall(out) and out.isascii()   # JSON escapes the controls itself
    _, out, _ = desk("ticket", "show", desk.tickets[JSON_SUBJECT], "--json")
    shown = json.loads(out)
    assert shown["ticket"]["subject"] == JSON_SUBJECT
    assert EVIL_ACTOR in [e["actor"] for e in shown["events"]]
    _, out, _ = desk("contracts", "--json")
    assert EVIL_CUSTOMER in [c["customer"] for c in json.loads(out)]


def test_the_import_summary_in_json_is_ascii_and_exact(desk, tmp_path):
    csv = tmp_path / "from \x9b2J \u202eRLO.csv"   # the summary names each source
    csv.write_text("contract,subject\ncloudco,Printer jam\n", encoding="utf-8")
    code, out, err = desk("import", "--json", str(csv))
    assert code == 0, err
    assert out.isascii() and not RAW.findall(out)
    (ticket,) = json.loads(out)["tickets"]
    assert ticket["source"] == f"{csv}: line 2"


def test_a_report_written_to_a_file_is_html_escaped(desk, tmp_path):
    target = tmp_path / "r.html"
    code, _, err = desk("report", "sla", "--from", "2026-03-01", "--to", "2026-03-10",
                        "--format", "html", "-o", str(target))
    assert code == 0, err
    assert not RAW.findall(target.read_text())


def test_the_guard_neutralises_what_any_print_writes_and_then_steps_aside(capsys):
    before = sys.stdout, sys.stderr
    with guarded():
        print("subject \x1b]0;title\x07 \x9b2J\r\nnext\tcolumn")
        print("oops \x1b[2J", file=sys.stderr)
        assert terminal() is before[1]   # a progress bar still draws on the real stream
    assert (sys.stdout, sys.stderr) == before
    out = capsys.readouterr()
    assert out.out == "subject ␛]0;title␇ \ufffd2J\nnext\tcolumn\n"
    assert out.err == "oops ␛[2J\n"


def test_the_guarded_stream_answers_as_the_stream_it_wraps():
    raw = io.StringIO()
    stream = NeutralisedStream(raw)
    assert stream.write("a\x1bb") == 3 and stream.isatty() is False
    stream.writelines(["\x07", "c"])
    assert raw.getvalue() == "a␛b␇c"
