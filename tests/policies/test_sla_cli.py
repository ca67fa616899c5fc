"""`desk sla check|explain`: the JSON shape of DESIGN.md, the explanation, and bad scenarios."""

import json

import pytest

from console.cli import main

GOOD = {"policy": "pro2col", "plan": "standard", "impact": "medium", "urgency": "medium",
        "attributes": {}, "options": {}, "opened_at": "2026-12-24T17:00:00+00:00",
        "events": [], "now": "2026-12-24T17:10:00Z"}


def _write(tmp_path, data) -> str:
    path = tmp_path / "s.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_check_prints_design_fields_in_utc_z(tmp_path, capsys):
    assert main(["sla", "check", _write(tmp_path, GOOD)]) == 0
    clocks = json.loads(capsys.readouterr().out)["clocks"]
    assert [c["metric"] for c in clocks] == ["review", "vendor_escalation"]
    for c in clocks:
        assert {"metric", "instance", "state", "breached", "started_at", "due_at", "met_at",
                "remaining_seconds", "calendar"} <= set(c)
        assert c["started_at"] == "2026-12-24T17:00:00Z"
        assert c["calendar"] == "uk_business"
    assert clocks[0]["remaining_seconds"] == 50 * 60


def test_explain_names_intervals_holidays_and_clauses(tmp_path, capsys):
    assert main(["sla", "explain", _write(tmp_path, GOOD)]) == 0
    out = capsys.readouterr().out
    assert "review #1" in out and "vendor_escalation #1" in out
    assert "Christmas Day" in out and "Boxing Day" in out
    assert "Pro2col SLA, Incident Priority Values" in out
    assert "due         2026-12-29T09:30:00Z" in out
    assert "8h30m" in out     # one business day on this calendar


def test_explain_says_which_classification_each_stretch_ran_under(tmp_path, capsys):
    # ISPsystem 3.1: the two hours as an Emergency counted 24/7 (not "outside hours")
    lowered = {"policy": "ispsystem", "plan": "standard", "severity": "emergency",
               "attributes": {"product": "billmanager"}, "opened_at": "2026-03-14T20:00:00Z",
               "now": "2026-03-14T22:00:00Z",
               "events": [{"at": "2026-03-14T22:00:00Z", "kind": "reclassify", "severity": "high",
                           "reason": "workaround found"}]}
    assert main(["sla", "explain", _write(tmp_path, lowered)]) == 0
    out = capsys.readouterr().out
    assert ("counted  Sat 2026-03-14 20:00 → Sat 2026-03-14 22:00  working time "
            "(as emergency, product billmanager) +2h00m") in out
    assert "skipped  Sat 2026-03-14 20:00" not in out
    assert "stretches          emergency, product billmanager from 2026-03-14T20:00:00Z; " \
        "high, product billmanager from 2026-03-14T22:00:00Z" in out
    assert "due                2026-03-16T08:00:00Z" in out


def test_explain_names_the_business_day_calendar_it_counts_on(tmp_path, capsys):
    # AlmaCare 4: business-day targets count on the Mon-Fri calendar, not the 24/7 one
    sev3 = {"policy": "almacare", "plan": "essential", "severity": "sev3",
            "opened_at": "2026-11-16T10:00:00Z", "now": "2026-11-16T10:00:00Z"}
    assert main(["sla", "explain", _write(tmp_path, sev3)]) == 0
    out = capsys.readouterr().out
    assert "calendar    business: 00:00-24:00 UTC Mon-Fri — AlmaCare 4 (Response Time: business days)" in out
    assert "24/7" not in out


@pytest.mark.parametrize("data,fault", [
    ("{not json", "not valid JSON"),
    ({**GOOD, "policy": "acme"}, "policy"),
    ({**GOOD, "plan": "gold"}, "plan: 'gold' is not a plan of pro2col"),
    ({**GOOD, "impact": "huge"}, "impact: 'huge'"),
    ({k: v for k, v in GOOD.items() if k != "now"}, "missing required key 'now'"),
    ({**GOOD, "opened_at": "2026-12-24 17:00"}, "opened_at"),
    ({**GOOD, "events": [{"at": "2026-12-24T18:00:00Z", "kind": "wave"}]}, "events[0].kind"),
    ({**GOOD, "events": [{"at": "yesterday", "kind": "respond"}]}, "events[0].at"),
    ({**GOOD, "events": [{"at": "2026-12-24T18:00:00Z", "kind": "escalate", "tier": "ceo"}]},
     "tier: 'ceo' is not on the pro2col ladder"),
    ({"policy": "ispsystem", "plan": "standard", "opened_at": "2026-01-01T00:00:00Z",
      "now": "2026-01-01T00:00:00Z", "severity": "sev1"}, "severity: 'sev1' is not a severity of ispsystem"),
    # DESIGN.md: events dated before the ticket was opened are refused, not dropped
    ({**GOOD, "events": [{"at": "2026-12-24T18:00:00Z", "kind": "note"},
                         {"at": "2026-12-24T16:59:59Z", "kind": "respond"}]},
     "events[1].at: respond at 2026-12-24T16:59:59Z is before opened_at (2026-12-24T17:00:00Z)"),
    ({**GOOD, "now": "2026-12-24T16:00:00Z"},
     "now: 2026-12-24T16:00:00Z is before opened_at (2026-12-24T17:00:00Z)"),
])
def test_bad_scenario_exits_2_with_one_line_naming_the_file(tmp_path, capsys, data, fault):
    path = _write(tmp_path, data)
    assert main(["sla", "check", path]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"desk: {path}: ") and fault in err, err


@pytest.mark.parametrize("verb", ["check", "explain"])
def test_now_before_opening_is_refused_by_both_verbs(tmp_path, capsys, verb):
    assert main(["sla", verb, _write(tmp_path, {**GOOD, "now": "2026-12-23T09:00:00Z"})]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "now: 2026-12-23T09:00:00Z is before opened_at" in out.err


def test_missing_scenario_file(tmp_path, capsys):
    assert main(["sla", "check", str(tmp_path / "nope.json")]) == 2
    assert "nope.json: no such file" in capsys.readouterr().err
