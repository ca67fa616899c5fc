import json

import pytest

from console.cli import main
from console.domain.calendar import Calendar
from console.domain.timeutil import format_instant, parse_instant

PRO2COL = {
    "timezone": "Europe/London",
    "week": {d: [["09:00", "17:30"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "holiday_country": "GB",
    "holiday_subdiv": "ENG",
}


@pytest.fixture
def cal_file(tmp_path):
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(PRO2COL))
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_one_utc_instant(capsys, cal_file):
    # Thu 24 Dec 2026 17:00 GMT + 1 h: 30 min on Thursday, then Tue 29 Dec 09:00-09:30
    # (Christmas Day, the weekend and Boxing Day observed in between). The start's
    # offset is honoured: 18:00+01:00 is 17:00Z.
    code, out, err = run(capsys, "calendar", "add", "--calendar", cal_file,
                         "--start", "2026-12-24T18:00:00+01:00", "--seconds", 3600)
    assert (code, out, err) == (0, "2026-12-29T09:30:00Z\n", "")


def test_between_prints_an_integer(capsys, cal_file):
    code, out, _ = run(capsys, "calendar", "between", "--calendar", cal_file,
                       "--start", "2026-12-24T16:00:00Z", "--end", "2026-12-29T09:30:00Z")
    assert (code, out) == (0, "7200\n")
    code, out, _ = run(capsys, "calendar", "between", "--calendar", cal_file,
                       "--start", "2026-12-29T09:30:00Z", "--end", "2026-12-24T16:00:00Z")
    assert (code, out) == (0, "-7200\n")


def test_bulk_add_prints_one_deadline_a_line(capsys, cal_file, tmp_path):
    starts = ["2026-01-13T17:00:00Z", "", "2026-01-16T16:30:00Z", "  ", "2026-03-27T17:00:00+00:00"]
    path = tmp_path / "starts.txt"
    path.write_text("\n".join(starts) + "\n\n")
    code, out, err = run(capsys, "calendar", "add", "--calendar", cal_file,
                         "--starts", path, "--seconds", 3600)
    # Blank lines are skipped; each deadline is what the API gives for that start:
    # Tue 17:00 + 1 h = Wed 09:30; Fri 16:30 + 1 h = Fri 17:30 (a window's end);
    # Fri 27 Mar 17:00 + 1 h = Mon 30 Mar 09:30 BST = 08:30Z.
    cal = Calendar.from_mapping(PRO2COL)
    expected = [format_instant(cal.add(parse_instant(s), 3600)) for s in starts if s.strip()]
    assert expected == ["2026-01-14T09:30:00Z", "2026-01-16T17:30:00Z", "2026-03-30T08:30:00Z"]
    assert (code, out.splitlines(), err) == (0, expected, "")


def test_bulk_add_of_an_empty_file_prints_nothing(capsys, cal_file, tmp_path):
    path = tmp_path / "starts.txt"
    path.write_text("\n")
    assert run(capsys, "calendar", "add", "--calendar", cal_file, "--starts", path,
               "--seconds", 60) == (0, "", "")


def test_an_invalid_calendar_names_file_and_key(capsys, tmp_path):
    path = tmp_path / "cal.json"
    path.write_text(json.dumps({"timezone": "UTC", "week": {"mon": [["25:00", "17:30"]]}}))
    code, out, err = run(capsys, "calendar", "add", "--calendar", path,
                         "--start", "2026-01-12T09:00:00Z", "--seconds", 60)
    assert (code, out) == (2, "")
    assert err.startswith(f'desk: {path}: week.mon[0]: "25:00" is not a time')
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "fault"),
    [
        (None, "cannot read calendar (No such file or directory)"),
        ("{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
        ('{"timezone": "Europe/Lndon", "week": {}}', "timezone: 'Europe/Lndon' is not a known IANA time zone"),
        ('["UTC"]', "calendar: expected an object, got list"),
    ],
)
def test_unreadable_calendars_exit_2(capsys, tmp_path, content, fault):
    path = tmp_path / "cal.json"
    if content is not None:
        path.write_text(content)
    code, out, err = run(capsys, "calendar", "between", "--calendar", path,
                         "--start", "2026-01-12T09:00:00Z", "--end", "2026-01-13T09:00:00Z")
    assert (code, out, err) == (2, "", f"desk: {path}: {fault}\n")


def test_a_bad_line_in_starts_names_file_and_line(capsys, cal_file, tmp_path):
    path = tmp_path / "starts.txt"
    path.write_text("2026-01-13T17:00:00Z\n\n2026-01-13 17:00\nyesterday\n")
    code, out, err = run(capsys, "calendar", "add", "--calendar", cal_file,
                         "--starts", path, "--seconds", 60)
    assert (code, out) == (2, "")
    assert err == f"desk: {path}: line 3: '2026-01-13 17:00' has no UTC offset (add Z or +HH:MM)\n"


def test_a_missing_starts_file_exits_2(capsys, cal_file, tmp_path):
    path = tmp_path / "absent.txt"
    code, _, err = run(capsys, "calendar", "add", "--calendar", cal_file,
                       "--starts", path, "--seconds", 60)
    assert (code, err) == (2, f"desk: {path}: cannot read starts (No such file or directory)\n")


def test_a_bad_start_argument_exits_2(capsys, cal_file):
    code, out, err = run(capsys, "calendar", "add", "--calendar", cal_file,
                         "--start", "tomorrow", "--seconds", 60)
    assert (code, out) == (2, "")
    assert err == "desk: --start: 'tomorrow' is not an ISO 8601 instant\n"


def test_start_and_starts_are_exclusive(capsys, cal_file, tmp_path):
    with pytest.raises(SystemExit) as caught:
        main(["calendar", "add", "--calendar", str(cal_file), "--start", "2026-01-12T09:00:00Z",
              "--starts", str(tmp_path / "x"), "--seconds", "60"])
    assert caught.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
