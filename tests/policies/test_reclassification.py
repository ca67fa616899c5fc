"""Reclassification and attribute changes (DESIGN.md, all packs): the target of the
classification the ticket ends with applies from the instance's start, but each stretch
of time counts on the calendar of the classification in force during it."""

import pytest

from tests.policies.conftest import scenario

SAT_AUG = "2026-08-01T10:00:00Z"     # Saturday 1 August 2026, 11:00 BST
SAT_MAR = "2026-03-14T20:00:00Z"     # Saturday 14 March 2026
SAT_NOV = "2026-11-21T10:00:00Z"     # Saturday 21 November 2026


def _reclassify(at, **classification):
    return {"at": at, "kind": "reclassify", "reason": "impact re-assessed", **classification}


# (why, scenario, metric, expected (state, due_at, remaining_seconds, breached, calendar))
CASES = [
    (
        # Pro2col SLA, Critical Care: a p2 on the 24x7 desk waits for UK hours; from noon it
        # is a p1 and runs 24/7. Sat 10:00-12:00 as p2: 0 s; 12:00-12:30 as p1: 1800 s of
        # p1's 1 h -> due 12:00 + 30 min left = 13:00.
        "pro2col p2 raised to p1 on a Saturday",
        scenario("pro2col", "24x7", SAT_AUG, "2026-08-01T12:30:00Z", severity="p2",
                 events=[_reclassify("2026-08-01T12:00:00Z", severity="p1")]),
        "vendor_escalation", ("running", "2026-08-01T13:00:00Z", 1800, False, "always"),
    ),
    (
        # Pro2col SLA, Incident Priority Values: the same p1 lowered to p3 after an hour. The
        # hour as p1 counted 24/7 (3600 s) against p3's one UK business day (8.5 h = 30600 s):
        # 27000 s = 7 h 30 m left from Monday 3 Aug 09:00 BST (08:00Z) -> 15:30Z.
        "pro2col p1 lowered to p3 on a Saturday",
        scenario("pro2col", "24x7", SAT_AUG, "2026-08-01T11:00:00Z", severity="p1",
                 events=[_reclassify("2026-08-01T11:00:00Z", severity="p3")]),
        "vendor_escalation", ("running", "2026-08-03T15:30:00Z", 27000, False, "uk_business"),
    ),
    (
        # ISPsystem T&C 3.1, 2.6: Emergency is 24/7 on any product, BILLmanager otherwise
        # 06:00-18:00 UTC. Sat 20:00-22:00 as Emergency: 2 h of High's 16 h; the other 14 h:
        # Sun 06-18 (12 h) + Mon 06-08 (2 h) -> Mon 16 Mar 08:00Z.
        "ispsystem emergency lowered to high on BILLmanager",
        scenario("ispsystem", "standard", SAT_MAR, "2026-03-14T22:00:00Z", severity="emergency",
                 attributes={"product": "billmanager"},
                 events=[_reclassify("2026-03-14T22:00:00Z", severity="high")]),
        "response", ("running", "2026-03-16T08:00:00Z", 14 * 3600, False, "billing_hours"),
    ),
    (
        # ISPsystem T&C 3.1: a ticket with no product counts 06:00-18:00 UTC; the customer's
        # reply names VMmanager (24/7) at Tue 04:00. Mon 20:00-Tue 04:00 on billing hours:
        # 0 s; then High's 16 h around the clock -> Tue 20:00. The reply does not restart
        # the running instance (2.6 footnote).
        "ispsystem product supplied by the customer's reply",
        scenario("ispsystem", "standard", "2026-11-16T20:00:00Z", "2026-11-17T04:00:00Z",
                 severity="high",
                 events=[{"at": "2026-11-17T04:00:00Z", "kind": "customer_reply",
                          "attributes": {"product": "vmmanager"}}]),
        "response", ("running", "2026-11-17T20:00:00Z", 16 * 3600, False, "always"),
    ),
    (
        # ISPsystem T&C 3.1: after require_dev at 12:00 BILLmanager high counts on the
        # development team's 06:00-15:00 Mon-Fri; raised to Emergency at 13:00 it is 24/7
        # again (3.1's closing exception). Mon 10-12 (2 h) + 12-13 on dev hours (1 h) =
        # 3 h of Emergency's 8 h: 5 h left from 13:00 -> 18:00.
        "ispsystem high after require_dev raised to emergency",
        scenario("ispsystem", "standard", "2026-11-16T10:00:00Z", "2026-11-16T13:00:00Z",
                 severity="high", attributes={"product": "billmanager"},
                 events=[{"at": "2026-11-16T12:00:00Z", "kind": "require_dev"},
                         _reclassify("2026-11-16T13:00:00Z", severity="emergency")]),
        "response", ("running", "2026-11-16T18:00:00Z", 5 * 3600, False, "always"),
    ),
    (
        # AlmaCare 4, Response Time: sev3 Essential is 2 business days (Mon-Fri), sev1 is
        # 2 elapsed hours. Saturday as sev3: nothing counted; raised to sev1 on Sunday
        # 12:00, the 2 h run around the clock -> Sun 14:00.
        "almacare sev3 on a Saturday raised to sev1 on Sunday",
        scenario("almacare", "essential", SAT_NOV, "2026-11-22T12:00:00Z", severity="sev3",
                 events=[_reclassify("2026-11-22T12:00:00Z", severity="sev1")]),
        "first_response", ("running", "2026-11-22T14:00:00Z", 2 * 3600, False, "always"),
    ),
    (
        # Pro2col standard plan: every priority on UK hours, so only the target changes.
        # p3 raised to p1 at 12:00 Mon 16 Nov: p1's 1 h from 10:00 ran out at 11:00;
        # 12:30 is 1 h 30 m past it.
        "pro2col standard p3 raised to p1 (same calendar)",
        scenario("pro2col", "standard", "2026-11-16T10:00:00Z", "2026-11-16T12:30:00Z",
                 severity="p3", events=[_reclassify("2026-11-16T12:00:00Z", severity="p1")]),
        "vendor_escalation", ("running", "2026-11-16T11:00:00Z", -5400, True, "uk_business"),
    ),
]


@pytest.mark.parametrize("why,data,metric,expected", CASES, ids=[c[0] for c in CASES])
def test_each_stretch_counts_on_its_own_classifications_calendar(sla, why, data, metric, expected):
    c = sla(data)[(metric, 1)]
    assert (c["state"], c["due_at"], c["remaining_seconds"], c["breached"], c["calendar"]) == expected


def test_the_reclassification_is_the_review_on_the_24x7_desk(sla):
    # Pro2col SLA: reviewed within one working hour; a reclassification is a review. As a
    # p2 on a Saturday nothing counted before noon, so the review at 12:00 is on time.
    clocks = sla(scenario("pro2col", "24x7", SAT_AUG, "2026-08-01T12:30:00Z", severity="p2",
                          events=[_reclassify("2026-08-01T12:00:00Z", severity="p1")]))
    review = clocks[("review", 1)]
    assert (review["state"], review["met_at"], review["breached"]) == \
        ("met", "2026-08-01T12:00:00Z", False)


def test_an_instance_met_before_the_reclassification_keeps_what_it_ended_under(sla):
    # ISPsystem 2.6: medium VMmanager (24 h) answered at 12:00; the customer's reply at 14:00
    # starts instance 2; raised to emergency (8 h) at 16:00. Instance 1 keeps medium's 24 h
    # (met, not breached); instance 2 has emergency's 8 h from 14:00 -> 22:00.
    clocks = sla(scenario("ispsystem", "standard", "2026-11-16T10:00:00Z", "2026-11-16T16:00:00Z",
                          severity="medium", attributes={"product": "vmmanager"}, events=[
                              {"at": "2026-11-16T12:00:00Z", "kind": "respond"},
                              {"at": "2026-11-16T14:00:00Z", "kind": "customer_reply"},
                              _reclassify("2026-11-16T16:00:00Z", severity="emergency")]))
    first, second = clocks[("response", 1)], clocks[("response", 2)]
    assert (first["state"], first["due_at"], first["breached"]) == \
        ("met", "2026-11-17T10:00:00Z", False)
    assert (second["state"], second["due_at"]) == ("running", "2026-11-16T22:00:00Z")


# AlmaCare Appendix B: sev2 reports at least every 3 business days, sev4 upon request only.
# (why, severity, events, now, expected update instances: [(state, started_at, due_at)])
GAINING_A_TARGET = [
    (
        # raised to sev2 on Wed 18 Nov 09:00 after the first response: the report clock
        # starts then; 3 business days = Wed 15 h + Thu 24 + Fri 24 + Mon 9 -> Mon 23 09:00.
        "sev4 raised to sev2 after the first response",
        "sev4", [{"at": "2026-11-16T10:30:00Z", "kind": "respond"},
                 _reclassify("2026-11-18T09:00:00Z", severity="sev2")],
        "2026-11-18T09:00:00Z",
        [("running", "2026-11-18T09:00:00Z", "2026-11-23T09:00:00Z")],
    ),
    (
        # no first response yet: reports start after it, not at the reclassification
        "sev4 raised to sev2 before the first response",
        "sev4", [_reclassify("2026-11-16T11:00:00Z", severity="sev2")],
        "2026-11-16T11:00:00Z",
        [],
    ),
    (
        # on the customer's side when raised: the report clock starts paused
        "sev4 raised to sev2 while on the customer's side",
        "sev4", [{"at": "2026-11-16T10:30:00Z", "kind": "request_info"},
                 _reclassify("2026-11-17T09:00:00Z", severity="sev2")],
        "2026-11-17T09:00:00Z",
        [("paused", "2026-11-17T09:00:00Z", None)],
    ),
    (
        # lowered to sev4 on Tue 17 Nov 10:30: no report is due from then on (stopped); raised
        # again on Wed 18 10:00, a new instance: Wed 14 h + Thu 24 + Fri 24 + Mon 10 -> Mon 23 10:00
        "sev2 lowered to sev4 and raised again",
        "sev2", [{"at": "2026-11-16T10:30:00Z", "kind": "respond"},
                 _reclassify("2026-11-17T10:30:00Z", severity="sev4"),
                 _reclassify("2026-11-18T10:00:00Z", severity="sev2")],
        "2026-11-18T10:00:00Z",
        [("stopped", "2026-11-16T10:30:00Z", None),
         ("running", "2026-11-18T10:00:00Z", "2026-11-23T10:00:00Z")],
    ),
]


@pytest.mark.parametrize("why,severity,events,now,expected", GAINING_A_TARGET,
                         ids=[c[0] for c in GAINING_A_TARGET])
def test_a_metric_gaining_a_target_starts_an_instance_at_the_reclassification(
        sla, why, severity, events, now, expected):
    clocks = sla(scenario("almacare", "enhanced", "2026-11-16T10:00:00Z", now, severity=severity,
                          events=events))
    updates = [clocks[k] for k in sorted(clocks) if k[0] == "update"]
    assert [(c["state"], c["started_at"], c["due_at"]) for c in updates] == expected
