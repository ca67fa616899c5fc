"""SLA reports on a store built from scripted tickets whose outcomes are counted by hand below.

March 2026 (period 2026-03-01 .. 2026-03-31, end 2026-04-01T00:00Z):

ProComputers, first_response 24 h elapsed:
  A open 03-02 10:00, respond 12:00               met in time, 2 h
  B open 03-03 09:00 (sev1), respond 03-04 10:00   met late (25 h): breached, 25 h
  C open 03-05 08:00, respond 14:00               met in time, 6 h
  D open 03-31 20:00, nothing                     running, 4 h in at the end: pending
  E open 03-30 12:00, nothing                     due 03-31 12:00: breached while running
  F open 02-27 10:00, respond 03-02               started in February: not in March
  G open 03-10 10:00, respond 04-02               unanswered at the end: breached
  H open 03-06 00:00, rejected 01:00              stopped within target: pending
  -> 7 instances, 2 met, 3 breached, 2 pending, 40.0 %; times 2, 6, 25 h:
     median 6 h, p90 (nearest rank 3 of 3) 25 h
ISPsystem standard, high, VMmanager (24/7), response 16 h:
  I open 03-02 00:00, respond 04:00                met in time, 4 h
    customer_reply 03-03 00:00, respond 20:00      met late (20 h): breached, 20 h
  -> 2 instances, 1 met, 1 breached, 50.0 %; median 12 h, p90 20 h
Pro2col standard, p2, Monday 03-02 10:00 London (= UTC in March):
  J assign 10:30                                   review met in time, 30 min
    escalate to vendor 15:00                       vendor_escalation (4 h) met late: 5 h
Total: 11 instances, 4 met, 5 breached, 2 pending, 44.4 %; times 0.5, 2, 4, 5, 6, 20, 25 h:
  median 5 h, p90 (nearest rank 7 of 7) 25 h.
"""

import csv
import io
import json
import re
from datetime import UTC, date, datetime

import pytest

from console.cli import main
from console.errors import UserError
from console.reports import render
from console.services.reports import parse_by, sla_report
from console.services.tickets import open_ticket, record

H = 3600
MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


def t(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def log(store):
    def pc(opened, **kw):
        return open_ticket(store, contract_id="pc", subject="image", at=opened, **kw)

    a = pc(t(3, 2, 10))
    record(store, a, "respond", {}, at=t(3, 2, 12))
    b = pc(t(3, 3, 9), severity="sev1")
    record(store, b, "respond", {}, at=t(3, 4, 10))
    c = pc(t(3, 5, 8))
    record(store, c, "respond", {}, at=t(3, 5, 14))
    pc(t(3, 31, 20))
    pc(t(3, 30, 12))
    f = pc(t(2, 27, 10))
    record(store, f, "respond", {}, at=t(3, 2, 9))
    g = pc(t(3, 10, 10))
    record(store, g, "respond", {}, at=t(4, 2, 9))
    h = pc(t(3, 6, 0))
    record(store, h, "reject", {"reason": "out_of_scope"}, at=t(3, 6, 1))

    i = open_ticket(store, contract_id="isp", subject="vm", severity="high",
                    attributes={"product": "vmmanager"}, at=t(3, 2, 0))
    record(store, i, "respond", {}, at=t(3, 2, 4))
    record(store, i, "customer_reply", {}, at=t(3, 3, 0))
    record(store, i, "respond", {}, at=t(3, 3, 20))

    j = open_ticket(store, contract_id="p2", subject="mft", severity="p2", at=t(3, 2, 10))
    record(store, j, "assign", {"assignee": "sam"}, at=t(3, 2, 10, 30))
    record(store, j, "escalate", {"tier": "vendor"}, at=t(3, 2, 15))
    return store


def _rows(report):
    return {tuple(r[d] for d in report.by): r for r in report.rows()}


def test_march_by_vendor_and_metric(log):
    report = sla_report(log, **MARCH, by=("vendor", "metric"))
    rows = _rows(report)
    assert list(rows) == [("ispsystem", "response"), ("pro2col", "review"),
                          ("pro2col", "vendor_escalation"), ("procomputers", "first_response"),
                          ("total", "")]
    pc = rows[("procomputers", "first_response")]
    assert (pc["instances"], pc["met"], pc["breached"], pc["pending"]) == (7, 2, 3, 2)
    assert (pc["achievement"], pc["median_seconds"], pc["p90_seconds"]) == (40.0, 6 * H, 25 * H)
    isp = rows[("ispsystem", "response")]
    assert (isp["instances"], isp["met"], isp["breached"], isp["achievement"]) == (2, 1, 1, 50.0)
    assert (isp["median_seconds"], isp["p90_seconds"]) == (12 * H, 20 * H)
    review, escalation = rows[("pro2col", "review")], rows[("pro2col", "vendor_escalation")]
    assert (review["met"], review["breached"], review["median_seconds"]) == (1, 0, H // 2)
    assert (escalation["met"], escalation["breached"], escalation["achievement"]) == (0, 1, 0.0)
    assert escalation["median_seconds"] == 5 * H
    total = rows[("total", "")]
    assert (total["instances"], total["met"], total["breached"], total["pending"]) == (11, 4, 5, 2)
    assert (total["achievement"], total["median_seconds"], total["p90_seconds"]) == (44.4, 5 * H, 25 * H)


def test_grouping_by_severity_splits_procomputers(log):
    rows = _rows(sla_report(log, **MARCH, by=("vendor", "severity")))
    assert [k for k in rows if k[0] == "procomputers"] == [("procomputers", "sev1"),
                                                           ("procomputers", "sev3")]
    sev1, sev3 = rows[("procomputers", "sev1")], rows[("procomputers", "sev3")]
    assert (sev1["instances"], sev1["met"], sev1["breached"]) == (1, 0, 1)
    assert (sev3["instances"], sev3["met"], sev3["breached"], sev3["achievement"]) == (6, 2, 2, 50.0)


def test_a_past_period_is_judged_as_of_its_own_end(log):
    # F opened 02-27 10:00 and was answered only on 03-02: at the end of February it was late
    rows = _rows(sla_report(log, start=date(2026, 2, 1), end=date(2026, 2, 28), by=("vendor",)))
    assert list(rows) == [("procomputers",), ("total",)]
    assert (rows[("procomputers",)]["instances"], rows[("procomputers",)]["breached"]) == (1, 1)
    # a single day: only A (met) and the Pro2col and ISPsystem instances that started that day
    day = _rows(sla_report(log, start=date(2026, 3, 2), end=date(2026, 3, 2), by=("metric",)))
    assert day[("first_response",)]["instances"] == 1 and day[("first_response",)]["met"] == 1
    assert day[("response",)]["instances"] == 1  # the second ISPsystem instance starts on 03-03


def test_an_empty_period_has_no_groups(log):
    report = sla_report(log, start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert report.groups == () and report.total.instances == 0
    assert report.total.achievement is None and report.total.median_seconds is None


@pytest.mark.parametrize("text, words", [("vendor,team", "unknown grouping 'team'"),
                                         ("metric,metric", "twice")])
def test_bad_groupings_are_refused(text, words):
    with pytest.raises(UserError, match=words):
        parse_by(text)


def test_formats_carry_the_same_numbers(log):
    report = sla_report(log, **MARCH, by=("vendor",))
    table = render(report, "table")
    assert re.search(r"procomputers\s+7\s+2\s+3\s+2\s+40\.0%\s+6h00m\s+25h00m", table)
    assert re.search(r"total\s+11\s+4\s+5\s+2\s+44\.4%\s+5h00m\s+25h00m", table)
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert rows[-1] == {"vendor": "total", "instances": "11", "met": "4", "breached": "5",
                        "pending": "2", "achievement": "44.4", "median_seconds": "18000",
                        "p90_seconds": "90000", "undelivered": "0"}
    md = render(report, "md")
    assert "| ispsystem | 2 | 1 | 1 | 0 | 50.0% | 12h00m | 20h00m |" in md
    data = json.loads(render(report, "json"))
    assert data["total"]["met"] == 4 and data["from"] == "2026-03-01" and data["by"] == ["vendor"]


def test_html_is_one_self_contained_file_with_a_chart(log):
    page = render(sla_report(log, **MARCH), "html")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1
    assert "<rect" in page and "procomputers / first_response" in page
    for outside in ("http:", "https:", "src=", "href=", "<link", "<script", "url("):
        assert outside not in page


def test_desk_report_sla_writes_html_and_refuses_bad_dates(log, tmp_path, capsys):
    out = tmp_path / "march.html"
    db = str(log.path)
    args = ["--db", db, "report", "sla", "--from", "2026-03-01", "--to", "2026-03-31"]
    assert main(args + ["--format", "html", "-o", str(out)]) == 0
    assert "<svg" in out.read_text()
    capsys.readouterr()
    assert main(args + ["--by", "vendor,plan", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["instances"] == 11 and data["groups"][0]["plan"] == "standard"
    assert main(["--db", db, "report", "sla", "--from", "2026-03-31", "--to", "2026-03-01"]) == 2
    assert "before --from" in capsys.readouterr().err
    assert main(["--db", db, "report", "sla", "--from", "March", "--to", "2026-03-01"]) == 2
    assert "--from: 'March' is not a date" in capsys.readouterr().err


def test_a_split_counts_in_its_children_not_twice(store):
    from console.services.actions import split

    parent = open_ticket(store, contract_id="pc", subject="two problems", at=t(3, 2, 10))
    result = split(store, parent, [{"subject": "first"}, {"subject": "second"}], at=t(3, 2, 11),
                   actor="sam")
    for child in result.children:
        record(store, child, "respond", {}, at=t(3, 2, 12))
    rows = _rows(sla_report(store, **MARCH, by=("metric",)))
    # the parent's instance stopped at the split; each child's, replayed from 10:00, met at 12:00
    first = rows[("first_response",)]
    assert (first["instances"], first["met"], first["median_seconds"]) == (2, 2, 2 * H)
