"""Pro2col Support Terms: prioritisation matrix (ITIL reading, DESIGN.md), review within
one working hour, escalation-to-vendor limits, 09:00-17:30 UK Mon-Fri with England &
Wales bank holidays, 24x7 critical care for P1."""

import pytest

from console.services.packs import get_pack
from tests.policies.conftest import scenario

MON = "2026-11-16T10:00:00Z"   # 10:00 GMT in London

MATRIX = [
    ("high", "high", "p1"), ("high", "medium", "p2"), ("high", "low", "p3"),
    ("medium", "high", "p2"), ("medium", "medium", "p3"), ("medium", "low", "p4"),
    ("low", "high", "p3"), ("low", "medium", "p4"), ("low", "low", "p5"),
]
# vendor escalation limit per priority (Incident Priority Values); one day = 8.5 working hours
VENDOR_DUE = {
    "p1": "2026-11-16T11:00:00Z",
    "p2": "2026-11-16T14:00:00Z",
    "p3": "2026-11-17T10:00:00Z",    # Mon 7.5 h + Tue 1 h
    "p4": "2026-11-19T10:00:00Z",    # 25.5 h = Mon 7.5 + Tue 8.5 + Wed 8.5 + Thu 1
    "p5": "2026-11-23T10:00:00Z",    # 42.5 h = Mon 7.5 + 4 x 8.5 + Mon 1
}


@pytest.mark.parametrize("impact,urgency,priority", MATRIX)
def test_prioritisation_matrix_cell(sla, impact, urgency, priority):
    assert get_pack("pro2col").derive_severity(impact, urgency) == priority
    clocks = sla(scenario("pro2col", "standard", MON, MON, impact=impact, urgency=urgency))
    assert clocks[("vendor_escalation", 1)]["due_at"] == VENDOR_DUE[priority]
    assert clocks[("review", 1)]["due_at"] == "2026-11-16T11:00:00Z"


@pytest.mark.parametrize("opened,due", [
    ("2026-11-16T20:00:00Z", "2026-11-17T10:00:00Z"),   # evening: reviewed from 9 am next day
    ("2026-11-20T17:00:00Z", "2026-11-23T09:30:00Z"),   # Friday 17:00: 30 min + Monday 30 min
    ("2026-11-21T11:00:00Z", "2026-11-23T10:00:00Z"),   # Saturday
    ("2026-12-24T17:00:00Z", "2026-12-29T09:30:00Z"),   # Christmas Day, Boxing Day observed Mon 28
    ("2026-03-27T17:00:00Z", "2026-03-30T08:30:00Z"),   # clocks go forward Sun 29 Mar: 09:00 BST = 08:00Z
    ("2026-10-23T16:00:00Z", "2026-10-26T09:30:00Z"),   # 17:00 BST Fri; clocks go back Sun 25 Oct
    ("2026-08-31T10:00:00Z", "2026-09-01T09:00:00Z"),   # Summer bank holiday Mon 31 Aug -> Tue 10:00 BST
])
def test_review_within_one_working_hour(sla, opened, due):
    clocks = sla(scenario("pro2col", "standard", opened, opened, impact="low", urgency="low"))
    assert clocks[("review", 1)]["due_at"] == due


def test_christmas_vendor_escalation_one_business_day(sla):
    # P3 opened Thu 24 Dec 17:00: 30 min, then Tue 29 Dec 09:00 + 8 h
    c = sla(scenario("pro2col", "standard", "2026-12-24T17:00:00Z", "2026-12-24T17:00:00Z",
                     severity="p3"))[("vendor_escalation", 1)]
    assert c["due_at"] == "2026-12-29T17:00:00Z"


def test_24x7_desk_runs_p1_around_the_clock(sla):
    sat = "2026-11-21T03:00:00Z"
    desk = sla(scenario("pro2col", "24x7", sat, sat, impact="high", urgency="high"))
    assert desk[("review", 1)]["due_at"] == "2026-11-21T04:00:00Z"
    assert desk[("vendor_escalation", 1)]["due_at"] == "2026-11-21T04:00:00Z"
    standard = sla(scenario("pro2col", "standard", sat, sat, impact="high", urgency="high"))
    assert standard[("vendor_escalation", 1)]["due_at"] == "2026-11-23T10:00:00Z"
    # a P2 on the 24x7 plan waits for business hours
    p2 = sla(scenario("pro2col", "24x7", sat, sat, severity="p2"))
    assert p2[("vendor_escalation", 1)]["due_at"] == "2026-11-23T13:00:00Z"


def test_vendor_escalation_pauses_while_waiting_on_customer(sla):
    events = [{"at": "2026-11-16T11:00:00Z", "kind": "request_info"},
              {"at": "2026-11-17T10:00:00Z", "kind": "customer_reply"}]
    waiting = sla(scenario("pro2col", "standard", MON, "2026-11-16T15:00:00Z", severity="p2",
                           events=events[:1]))
    c = waiting[("vendor_escalation", 1)]
    assert (c["state"], c["remaining_seconds"], c["due_at"]) == ("paused", 3 * 3600, None)
    assert waiting[("review", 1)]["met_at"] == "2026-11-16T11:00:00Z"
    back = sla(scenario("pro2col", "standard", MON, "2026-11-17T10:00:00Z", severity="p2", events=events))
    assert back[("vendor_escalation", 1)]["due_at"] == "2026-11-17T13:00:00Z"


def test_escalating_to_vendor_meets_the_metric_but_senior_engineer_does_not(sla):
    clocks = sla(scenario("pro2col", "standard", MON, "2026-11-16T13:00:00Z", severity="p2", events=[
        {"at": "2026-11-16T10:20:00Z", "kind": "escalate", "tier": "l2"},
        {"at": "2026-11-16T12:00:00Z", "kind": "escalate", "tier": "vendor"},
    ]))
    assert clocks[("review", 1)]["met_at"] == "2026-11-16T10:20:00Z"
    v = clocks[("vendor_escalation", 1)]
    assert (v["state"], v["met_at"], v["breached"]) == ("met", "2026-11-16T12:00:00Z", False)


def test_reclassification_reapplies_target_from_start(sla):
    # M/M (p3) reclassified to H/H (p1) at 12:00: the 1 h limit from 10:00 has passed
    clocks = sla(scenario("pro2col", "standard", MON, "2026-11-16T12:30:00Z", impact="medium",
                          urgency="medium", events=[{"at": "2026-11-16T12:00:00Z", "kind": "reclassify",
                                                     "impact": "high", "urgency": "high",
                                                     "reason": "all users down"}]))
    v = clocks[("vendor_escalation", 1)]
    assert (v["due_at"], v["breached"], v["remaining_seconds"]) == ("2026-11-16T11:00:00Z", True, -5400)
    r = clocks[("review", 1)]   # the reclassification itself is the review, late
    assert (r["state"], r["breached"]) == ("met", True)


def test_late_review_is_breached_and_met_on_time_is_not(sla):
    late = sla(scenario("pro2col", "standard", MON, "2026-11-16T12:00:00Z", severity="p4",
                        events=[{"at": "2026-11-16T11:00:01Z", "kind": "assign", "assignee": "kim"}]))
    assert late[("review", 1)]["breached"] is True
    exact = sla(scenario("pro2col", "standard", MON, "2026-11-16T12:00:00Z", severity="p4",
                         events=[{"at": "2026-11-16T11:00:00Z", "kind": "assign", "assignee": "kim"}]))
    assert exact[("review", 1)]["breached"] is False
