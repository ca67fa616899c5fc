"""The hostile corpus (corpus/hostile/) through `desk`: every case one line, the right exit code,
nothing written where refused, and the rest of an import still in."""

import json
import shutil
import sqlite3
import time

import pytest

from console.cli import main
from console.resources import policies_dir
from console.services import packs
from tests.conftest import run_desk

from .conftest import CORPUS

HOSTILE = CORPUS / "hostile"
NOW = "2026-03-10T12:00:00Z"


@pytest.fixture
def desk(tmp_path, capsys):
    db = tmp_path / "desk.db"

    def run(*argv):
        return run_desk(capsys, "--db", db, "--now", NOW, *argv)

    run("init")
    run("contract", "add", "--id", "cloudco", "--customer", "CloudCo", "--policy", "procomputers",
        "--plan", "standard", "--domain", "cloudco.example")
    run("contract", "add", "--id", "fileco", "--customer", "FileCo", "--policy", "pro2col",
        "--plan", "standard", "--domain", "fileco.example")
    run.db = db
    return run


def ticket_count(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM tickets").fetchone()[0]


def one_line(err: str) -> str:
    assert "Traceback" not in err
    (line,) = err.splitlines()
    return line


# ------------------------------------------------------------------ poison dates

def test_a_poison_date_skips_its_message_and_imports_the_rest(desk):
    code, out, err = desk("import", str(HOSTILE / "poison_in_the_middle.mbox"))
    assert code == 1
    assert out.startswith("2 created, 0 threaded, 0 automatic replies noted, 0 already in, 1 skipped")
    assert "message 2 (line 11): Date header: 9999-12-31T23:00:00-05:00 is outside the years" in one_line(err)
    code, out, _ = desk("import", str(HOSTILE / "poison_in_the_middle.mbox"))
    assert code == 1 and "2 already in, 1 skipped" in out   # a rerun does not stop at it either


def test_desk_watch_logs_a_poison_date_and_goes_on(desk, tmp_path):
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    shutil.copy(HOSTILE / "poison_date_9999.eml", maildir / "new" / "1.poison.host")
    shutil.copy(CORPUS / "mail" / "01_procomputers_aws_plain.eml", maildir / "new" / "2.good.host")
    code, out, err = desk("watch", str(maildir), "--once")
    assert code == 1 and "1 created" in out and "1 skipped" in out
    assert "Date header" in one_line(err)


@pytest.mark.parametrize("argv", [
    ("event", "T-1001", "note", "--note", "x", "--at", "9999-12-31T23:00:00-05:00"),
    ("open", "--contract", "cloudco", "--subject", "s", "--severity", "sev2",
     "--at", "1900-01-01T00:00:00Z"),
    ("--now", "9999-12-31T23:59:59Z", "queue"),
])
def test_an_absurd_instant_argument_exits_2_with_one_line(desk, argv):
    desk("open", "--contract", "cloudco", "--subject", "first", "--severity", "sev2")
    code, out, err = desk(*argv)
    assert code == 2 and out == ""
    assert "is outside the years 1970..2199" in one_line(err)
    assert ticket_count(desk.db) == 1


def test_calendar_refuses_absurd_spans_and_instants(desk, tmp_path):
    calendar = tmp_path / "cal.json"
    calendar.write_text(json.dumps({"timezone": "UTC", "week": {"mon": [["09:00", "17:00"]]}}))
    code, _, err = desk("calendar", "add", "--calendar", str(calendar),
                        "--start", "2026-01-05T09:00:00Z", "--seconds", str(10**15))
    assert code == 2 and one_line(err).startswith("desk: --seconds: 1000000000000000 is more than")
    code, _, err = desk("calendar", "between", "--calendar", str(calendar),
                        "--start", "2026-01-05T09:00:00Z", "--end", "9999-12-31T23:00:00-05:00")
    assert code == 2 and "--end: 9999-12-31T23:00:00-05:00 is outside" in one_line(err)


# ------------------------------------------------------------------ pathological text and patterns

def warm_up(desk, tmp_path, sender: str) -> None:
    """Import a plain mail from `sender`: loading the pack and its holiday calendars is not the text's cost."""
    plain = tmp_path / "plain.eml"
    plain.write_text(f"From: {sender}\nSubject: Plain\nMessage-ID: <plain@{sender.split('@')[1]}>\n"
                     "Date: Mon, 09 Mar 2026 08:00:00 +0000\n\nversion: 1.2\n")
    assert desk("import", str(plain))[0] == 0


def test_a_64_kb_pathological_line_imports_in_well_under_a_second(desk, tmp_path):
    warm_up(desk, tmp_path, "admin@fileco.example")
    started = time.perf_counter()
    code, out, err = desk("import", str(HOSTILE / "pathological_version_line.eml"))
    elapsed = time.perf_counter() - started
    assert (code, err) == (0, "") and out.startswith("1 created")
    assert elapsed < 0.5, f"took {elapsed:.2f} s"


PRO2COL = (policies_dir() / "pro2col.toml").read_text()
VERSION_PATTERN = r"""patterns = ['(?im)^\s*version\s*[:=]\s*(.+?)\s*$']"""


@pytest.mark.parametrize("pattern,why", [
    (r"(?im)^version: (\w+) \1$", "invalid escape sequence"),       # a backreference
    (r"(?i)version(?=:)\s*(\S+)", "invalid perl operator: (?="),    # lookahead
])
def test_validate_refuses_a_pattern_re2_cannot_run(tmp_path, capsys, pattern, why):
    assert VERSION_PATTERN in PRO2COL
    path = tmp_path / "pro2col.toml"
    path.write_text(PRO2COL.replace(VERSION_PATTERN, f"patterns = ['{pattern}']"))
    assert main(["policy", "validate", str(path)]) == 2
    line = one_line(capsys.readouterr().err)
    number = PRO2COL[: PRO2COL.index(VERSION_PATTERN)].count("\n") + 1
    assert line.startswith(f"desk: {path}:{number}: required_info[2].patterns[0]: bad regular expression")
    assert why in line


def test_an_exponential_pattern_of_a_site_pack_runs_in_linear_time(desk, tmp_path, monkeypatch):
    site = tmp_path / "config" / "support-console" / "policies"
    site.mkdir(parents=True)
    (site / "pro2col.toml").write_text(
        PRO2COL.replace(VERSION_PATTERN, r"""patterns = ['(?m)^version: ((a+)+)$']"""))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    packs.get_pack.cache_clear()
    mail = tmp_path / "exponential.eml"
    mail.write_text("From: admin@fileco.example\nSubject: Stuck\nMessage-ID: <exp@fileco.example>\n"
                    "Date: Mon, 09 Mar 2026 09:00:00 +0000\n\nversion: " + "a" * 5000 + "!\n")
    try:
        assert main(["policy", "validate", str(site / "pro2col.toml")]) == 0
        warm_up(desk, tmp_path, "admin@fileco.example")
        started = time.perf_counter()
        code, out, _ = desk("import", str(mail))
        assert code == 0 and out.startswith("1 created")
        assert time.perf_counter() - started < 0.5
    finally:
        packs.get_pack.cache_clear()


# ------------------------------------------------------------------ deep nesting, huge numbers, NUL, shapes

@pytest.mark.parametrize("name,fault", [
    ("scenario_nested_50000.json", "not valid JSON: nested deeper than 64 levels"),
    ("scenario_integer_5000_digits.json", "not valid JSON: a number has more digits than any real value"),
    ("scenario_plan_object.json", "plan: {} is not a plan of pro2col"),
])
def test_a_hostile_scenario_is_one_line_exit_2(capsys, name, fault):
    code = main(["sla", "check", str(HOSTILE / name)])
    out = capsys.readouterr()
    assert (code, out.out) == (2, "")
    assert one_line(out.err).startswith(f"desk: {HOSTILE / name}: {fault}")


@pytest.mark.parametrize("name,fault", [
    ("tickets_nested_50000.json", "not valid JSON: nested deeper than 64 levels"),
    ("tickets_integer_5000_digits.json", "not valid JSON: a number has more digits than any real value"),
    ("tickets_integer_past_64_bits.json", "not valid JSON: the number 18446744073709551616"),
])
def test_a_hostile_json_import_is_refused_whole_with_one_line(desk, name, fault):
    code, out, err = desk("import", str(HOSTILE / name))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(f"desk: {HOSTILE / name}: {fault}")
    assert ticket_count(desk.db) == 0


def test_a_calendar_nested_too_deep_is_one_line(desk, tmp_path):
    calendar = tmp_path / "cal.json"
    calendar.write_text("[" * 50000 + "]" * 50000)
    code, _, err = desk("calendar", "between", "--calendar", str(calendar),
                        "--start", "2026-01-05T09:00:00Z", "--end", "2026-01-06T09:00:00Z")
    assert code == 2 and one_line(err) == f"desk: {calendar}: not valid JSON: nested deeper than 64 levels"


def test_a_csv_row_with_a_nul_byte_is_refused_and_named_the_rest_imported(desk):
    code, out, err = desk("import", str(HOSTILE / "tickets_nul.csv"))
    assert code == 1 and out.startswith("1 created") and "1 skipped" in out
    assert one_line(err) == (f"desk: {HOSTILE / 'tickets_nul.csv'}: line 2: subject: "
                             "a NUL byte (binary data, not text) (skipped)")
    with sqlite3.connect(desk.db) as conn:
        assert conn.execute("SELECT subject FROM tickets").fetchall() == [("Disk filling up",)]


@pytest.mark.parametrize("name,fault", [
    ("policy_latin1.toml", "not UTF-8 text"),
    ("policy_nested_100000.toml", "syntax: nested too deeply"),
])
def test_a_hostile_policy_file_is_one_line_in_validate_and_in_list(tmp_path, capsys, monkeypatch,
                                                                   name, fault):
    assert main(["policy", "validate", str(HOSTILE / name)]) == 2
    assert one_line(capsys.readouterr().err).startswith(f"desk: {HOSTILE / name}: {fault}")
    site = tmp_path / "support-console" / "policies"
    site.mkdir(parents=True)
    shutil.copy(HOSTILE / name, site / name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    packs.get_pack.cache_clear()
    try:
        assert main(["policy", "list"]) == 2
        assert one_line(capsys.readouterr().err).startswith(f"desk: {site / name}: {fault}")
    finally:
        packs.get_pack.cache_clear()


# ------------------------------------------------------------------ huge fields

def test_a_5_mb_subject_is_shown_cut_and_kept_whole_as_an_attachment(desk, tmp_path):
    subject = "Outage " + "x" * (5 * 1024 * 1024)
    body = "\n".join(["line of a pasted log"] * 10_000)   # 209 999 characters
    mail = tmp_path / "huge.eml"
    mail.write_text(f"From: ops@cloudco.example\nSubject: {subject}\nMessage-ID: <huge@cloudco.example>\n"
                    f"Date: Mon, 09 Mar 2026 09:00:00 +0000\n\n{body}")
    code, out, err = desk("import", str(mail))
    assert (code, err) == (0, "") and out.startswith("1 created")
    code, out, _ = desk("ticket", "show", "T-1001", "--json")
    view = json.loads(out)
    assert view["ticket"]["subject"] == subject[:299] + "…"
    opening = view["events"][0]["payload"]
    assert opening["body"].startswith(body[:100_000])
    assert opening["body"].endswith("[cut at 100000 of 209999 characters; the whole text is attached as body.txt]")
    with sqlite3.connect(desk.db) as conn:
        kept = dict(conn.execute("SELECT name, content FROM attachments").fetchall())
    assert kept["subject.txt"].decode() == subject
    assert kept["body.txt"].decode() == body


def test_a_subject_of_64_kb_of_blanks_imports_in_well_under_a_second(desk, tmp_path):
    mail = tmp_path / "blanks.eml"
    mail.write_text("From: ops@cloudco.example\nSubject: Outage" + " \t" * 32_000 + "now\n"
                    "Message-ID: <blanks@cloudco.example>\nDate: Mon, 09 Mar 2026 09:00:00 +0000\n\nDown.\n")
    warm_up(desk, tmp_path, "ops@cloudco.example")
    started = time.perf_counter()
    code, out, _ = desk("import", str(mail))
    assert code == 0 and out.startswith("1 created")
    assert time.perf_counter() - started < 0.5
