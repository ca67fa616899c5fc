"""Every built-in pack validates; each kind of mistake gives one line `file:line: key: what`."""

import re
from pathlib import Path

import pytest

from console.cli import main
from console.resources import policies_dir

BUILT_IN = sorted(policies_dir().glob("*.toml"))
PRO2COL = (policies_dir() / "pro2col.toml").read_text()


def test_four_packs_ship():
    assert [p.stem for p in BUILT_IN] == ["almacare", "ispsystem", "pro2col", "procomputers"]


@pytest.mark.parametrize("path", BUILT_IN, ids=lambda p: p.stem)
def test_built_in_pack_validates(path, capsys):
    assert main(["policy", "validate", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


BROKEN = [
    # (what the mistake is, replace this, with this, expected key, expected message part)
    ("unknown severity in a target", 'p2 = "4 hours"', 'p9 = "4 hours"',
     "metrics[1].targets.all.p9", "unknown severity 'p9'"),
    ("bad duration", 'p2 = "4 hours"', 'p2 = "4 fortnights"', "metrics[1].targets.all.p2", "fortnight"),
    ("unknown event kind", 'start = ["open"]', 'start = ["opened"]', "metrics[0].start[0]",
     "unknown event kind 'opened'"),
    ("unknown calendar", 'calendar = "uk_business"', 'calendar = "uk_busines"',
     "metrics[0].calendars[1].calendar", "unknown calendar 'uk_busines'"),
    ("bad time zone", 'timezone = "Europe/London"', 'timezone = "Europe/Londres"', "calendars.uk_business",
     "Europe/Londres"),
    ("inverted window", 'mon = [["09:00", "17:30"]]', 'mon = [["17:30", "09:00"]]', "calendars.uk_business",
     "week.mon"),
    ("missing clause", 'clause = "Pro2col SLA, Prioritisation Matrix"\n', '\n', "matrix", None),
    ("matrix names unknown priority", 'high = { high = "p1"', 'high = { high = "p0"', "matrix.high.high",
     "unknown severity 'p0'"),
    ("rank not an integer", "rank = 1", 'rank = "one"', "severities[0].rank", "expected int"),
    ("syntax error", "[[plans]]", "[[plans]", "syntax", None),
    ("unknown holiday country", 'holiday_country = "GB"', 'holiday_country = "XX"', "calendars.uk_business",
     "not a supported country"),
    ("bad pattern", r"[:=]\s*(.+?)\s*$']", r"[:=]\s*(.+?\s*$']", "required_info[0].patterns[0]",
     "bad regular expression"),
    ("unknown check kind", 'kind = "required_attributes"', 'kind = "required_info"', "checks[0].kind",
     ("unknown check kind 'required_info' (known: required_attributes, opened_after_option, "
      "attribute_in_option, requester_in_option, attribute_not_in, option_within_limit)")),
]


@pytest.mark.parametrize("what,old,new,key,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_pack_gives_one_line(tmp_path, capsys, what, old, new, key, message):
    assert old in PRO2COL
    broken = PRO2COL.replace(old, new, 1)
    path = tmp_path / "pro2col.toml"
    path.write_text(broken)
    assert main(["policy", "validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert re.match(rf"desk: {re.escape(str(path))}:\d+: ", err), err
    assert key in err, err
    if message:
        assert message in err, err
    if what not in ("missing clause", "syntax error"):
        line = int(err.split(":")[2])
        assert line == _line_of(broken, new.split("\n")[0]) or abs(line - _line_of(broken, new)) <= 3, err


def test_missing_clause_is_refused(tmp_path, capsys):
    broken = PRO2COL.replace('clause = "Pro2col Support Call Procedure 4"\n', "", 1)
    path = tmp_path / "pro2col.toml"
    path.write_text(broken)
    assert main(["policy", "validate", str(path)]) == 2
    assert "reject_reasons[0]: missing required key 'clause'" in capsys.readouterr().err


def test_site_pack_shadows_built_in_and_is_reported(tmp_path, monkeypatch, capsys):
    from console.services import packs

    site = tmp_path / "support-console" / "policies"
    site.mkdir(parents=True)
    (site / "pro2col.toml").write_text(PRO2COL.replace('all = "1 hours"', 'all = "2 hours"'))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    packs.get_pack.cache_clear()
    try:
        assert main(["policy", "list"]) == 0
        out = capsys.readouterr().out
        assert "shadows built-in" in out and str(site / "pro2col.toml") in out
        review = packs.get_pack("pro2col").metric("review")
        assert str(review.targets["all"]["all"]) == "2 hours"
    finally:
        packs.get_pack.cache_clear()


def test_site_pack_holiday_region_is_checked_when_loaded(tmp_path, monkeypatch):
    """Built-in packs skip the holiday-region check when loaded for use (the tests above make
    it); a site pack gets every check."""
    from console.errors import UserError
    from console.services import packs

    site = tmp_path / "support-console" / "policies"
    site.mkdir(parents=True)
    (site / "pro2col.toml").write_text(PRO2COL.replace('holiday_subdiv = "ENG"', 'holiday_subdiv = "XYZ"'))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    packs.get_pack.cache_clear()
    try:
        with pytest.raises(UserError, match="holiday_subdiv.*not a subdivision of GB"):
            packs.get_pack("pro2col")
    finally:
        packs.get_pack.cache_clear()


def test_built_in_packs_load_without_the_holidays_library(tmp_path):
    """Loading it costs more than the console's first screen; the built-in packs' regions are checked above."""
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom console.services import packs\n"
            "assert packs.get_pack('pro2col').calendars['uk_business'].describe()\n"
            "print('holidays' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env=dict(os.environ, XDG_CONFIG_HOME=str(tmp_path)), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_policy_show_renders_the_matrices(capsys):
    assert main(["policy", "show", "ispsystem"]) == 0
    out = capsys.readouterr().out
    assert "Metric response (target)" in out
    metric_part = out[out.index("Metric response"):]
    row = next(line for line in metric_part.splitlines() if line.startswith("emergency"))
    assert "8 hours" in row and "4 hours" in row
    assert "Relevant ISPsystem team" in out and "forward_team" in out


def test_unknown_policy_is_a_user_error(capsys):
    assert main(["policy", "show", "nosuch"]) == 2
    assert "unknown policy 'nosuch'" in capsys.readouterr().err


def test_pack_files_cite_a_clause_for_every_rule():
    for path in BUILT_IN:
        text = Path(path).read_text()
        assert "if vendor" not in text
        assert text.count("clause =") >= 10


def test_check_without_its_parameters_is_refused(tmp_path, capsys):
    ispsystem = (policies_dir() / "ispsystem.toml").read_text()
    broken = ispsystem.replace('option = "term_end"\n', "", 1)
    path = tmp_path / "ispsystem.toml"
    path.write_text(broken)
    assert main(["policy", "validate", str(path)]) == 2
    assert "checks[0]: a opened_after_option check needs 'option'" in capsys.readouterr().err


def test_reminder_follow_up_must_be_an_event_kind(tmp_path, capsys):
    ispsystem = (policies_dir() / "ispsystem.toml").read_text()
    assert 'then = "purge"' in ispsystem
    path = tmp_path / "ispsystem.toml"
    path.write_text(ispsystem.replace('then = "purge"', 'then = "shred"', 1))
    assert main(["policy", "validate", str(path)]) == 2
    assert "reminders[0].then: unknown event kind 'shred'" in capsys.readouterr().err
