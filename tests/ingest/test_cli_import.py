"""`desk import` and `desk watch` from the command line: summary, JSON, quiet, exit codes 0/1/2."""

import json
import shutil

import pytest

from console.cli import main
from console.commands import intake_cmds
from console.ingest.detect import open_sources
from console.ingest.mailboxes import maildir_unique_name
from console.ingest.watch import MaildirWatcher
from tests.conftest import run_desk

from .conftest import CORPUS, MAIL

NOW = "2026-03-10T12:00:00Z"


@pytest.fixture
def desk(tmp_path, capsys):
    db = tmp_path / "desk.db"

    def run(*argv):
        return run_desk(capsys, "--db", db, "--now", NOW, *argv)

    run("init")
    run("contract", "add", "--id", "cloudco", "--customer", "CloudCo", "--policy", "procomputers",
        "--plan", "standard", "--domain", "cloudco.example")
    run.db = db
    return run


def test_all_in_exits_0_and_says_what_happened(desk):
    code, out, err = desk("import", str(MAIL / "01_procomputers_aws_plain.eml"),
                          str(MAIL / "09_reply_by_header.eml"))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "1 created, 1 threaded, 0 automatic replies noted, 0 already in, 0 skipped"
    code, out, _ = desk("import", str(MAIL / "01_procomputers_aws_plain.eml"))
    assert code == 0 and "1 already in" in out   # a re-import is not a failure


def test_skipped_messages_exit_1_and_are_named_on_stderr(desk):
    code, out, err = desk("import", str(MAIL / "16_unknown_sender_no_message_id.eml"), str(CORPUS / "malformed"))
    assert code == 1
    assert "1 created" in out and "6 skipped" in out and "1 unrouted" in out
    lines = err.splitlines()
    assert len(lines) == 6
    assert f"desk: {CORPUS / 'malformed' / 'bad_date.eml'}: Date header unreadable: 'sometime next week' (skipped)" in lines


def test_json_summary(desk):
    code, out, _ = desk("import", "--json", str(MAIL / "02_procomputers_azure_quoted_printable.eml"),
                        str(MAIL / "14_precedence_bulk.eml"))
    summary = json.loads(out)
    assert code == 1
    assert {k: summary[k] for k in ("created", "threaded", "noted", "duplicates", "skipped")} == {
        "created": 1, "threaded": 0, "noted": 0, "duplicates": 0, "skipped": 1}
    (ticket,) = summary["tickets"]
    assert ticket == {"id": "T-1001", "source": str(MAIL / "02_procomputers_azure_quoted_printable.eml"),
                      "contract": "cloudco", "severity": "sev3", "triage": "severity not stated",
                      "missing": [], "flags": ["triage"]}
    assert summary["problems"] == [{"source": str(MAIL / "14_precedence_bulk.eml"),
                                    "reason": "automatic reply (Precedence: bulk) to no known ticket"}]


def test_quiet_prints_no_summary(desk):
    code, out, err = desk("import", "--quiet", str(MAIL / "01_procomputers_aws_plain.eml"))
    assert (code, out, err) == (0, "", "")


@pytest.mark.parametrize(("argv", "message"), [
    (["missing.mbox"], "desk: missing.mbox: no such file or folder"),
    ([str(CORPUS / "tickets.csv"), "{bad}"], "desk: {bad}: not valid JSON: Expecting property name"),
])
def test_unusable_arguments_exit_2_and_write_nothing(tmp_path, capsys, argv, message):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    argv = [str(bad) if a == "{bad}" else a for a in argv]
    message = message.replace("{bad}", str(bad))
    db = tmp_path / "never.db"
    code = main(["--db", str(db), "import", *argv])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(message) and len(err.splitlines()) == 1
    assert not db.exists()


def test_a_bad_size_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", "--max-attachment-size", "lots", "x.eml"])
    assert exited.value.code == 2
    assert "'lots' is not a size such as 10MB" in capsys.readouterr().err
    assert [intake_cmds.byte_size(s) for s in ("10MB", "512k", "1.5M", "2048")] == [
        10 * 1024 * 1024, 512 * 1024, 1572864, 2048]


def test_the_unrouted_ticket_is_in_the_queue(desk):
    desk("import", str(MAIL / "16_unknown_sender_no_message_id.eml"))
    code, out, _ = desk("queue", "--json")
    (item,) = json.loads(out)
    assert code == 0 and item["id"] == "T-1001" and item["flags"] == ["unrouted"]


def test_watch_once_imports_a_maildir_and_a_restart_skips_what_is_in(desk, tmp_path):
    maildir = tmp_path / "Maildir"
    shutil.copytree(CORPUS / "Maildir", maildir)
    code, out, _ = desk("watch", "--once", str(maildir))
    assert code == 0 and "1 created, 1 threaded" in out
    code, out, _ = desk("watch", "--once", "--json", str(maildir))
    assert code == 0 and json.loads(out)["duplicates"] == 2
    code, _, err = desk("watch", "--once", str(tmp_path))
    assert code == 2 and "not a Maildir" in err


def test_the_watcher_hands_out_each_delivery_once(tmp_path):
    maildir = tmp_path / "Maildir"
    shutil.copytree(CORPUS / "Maildir", maildir)
    watcher = MaildirWatcher(maildir)
    assert [p.name for p in watcher.poll()] == ["1773136800.M100P200.deskhost", "1773140400.M101P200.deskhost:2,S"]
    assert watcher.poll() == []
    # a reader moves the first to cur/ with flags; mail arrives meanwhile
    moved = maildir / "new" / "1773136800.M100P200.deskhost"
    moved.rename(maildir / "cur" / (moved.name + ":2,S"))
    (maildir / "tmp" / "1773150000.M103P200.deskhost").write_text("From: x@tuxco.example\n\nhalf")
    shutil.copy(MAIL / "07_almacare_technical_lead.eml", maildir / "new" / "1773150001.M104P200.deskhost")
    assert [maildir_unique_name(p) for p in watcher.poll()] == ["1773150001.M104P200.deskhost"]


def test_a_progress_bar_only_for_long_imports_at_a_terminal(monkeypatch):
    sources = open_sources([str(MAIL)], max_attachment_size=1024)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    with intake_cmds._progress(sources, enabled=True) as advance:
        assert advance is None                            # 18 messages: over before a bar helps
    monkeypatch.setattr(intake_cmds, "PROGRESS_THRESHOLD", 10)
    with intake_cmds._progress(sources, enabled=True) as advance:
        assert callable(advance)
    with intake_cmds._progress(sources, enabled=False) as advance:
        assert advance is None
