"""ProComputers Support Service Terms section 6: 24 hours for every severity, the 3-4 h
average as an internal goal; section 8 required information."""

import pytest

from console.domain.contract import Contract
from console.domain.eligibility import flags
from console.domain.ticket import Ticket
from console.services.packs import get_pack
from tests.policies.conftest import scenario


@pytest.mark.parametrize("severity", ["sev1", "sev2", "sev3", "sev4"])
def test_24_hours_elapsed_for_every_severity_section_6(sla, severity):
    fri = "2026-11-20T22:00:00Z"
    c = sla(scenario("procomputers", "standard", fri, fri, severity=severity))[("first_response", 1)]
    assert c["due_at"] == "2026-11-21T22:00:00Z"          # through the weekend
    assert c["goal_due_at"] == "2026-11-21T02:00:00Z"     # internal goal: 4 h


def test_met_after_goal_but_within_24h_is_not_a_breach(sla):
    c = sla(scenario("procomputers", "standard", "2026-11-20T22:00:00Z", "2026-11-21T12:00:00Z",
                     severity="sev2", events=[{"at": "2026-11-21T08:00:00Z", "kind": "respond"}]))
    assert (c[("first_response", 1)]["state"], c[("first_response", 1)]["breached"]) == ("met", False)


def test_missing_required_information_is_flagged_section_8():
    pack = get_pack("procomputers")
    contract = Contract("c", "Acme", "procomputers", "standard")
    partial = Ticket(id="T-1", attributes={"image_version": "ProComputers RHEL 9.4 release 2026.10",
                                           "region": "eu-west-1"})
    assert flags(pack, contract, partial) == ["info?"]
    assert [f.id for f in pack.missing_info(partial.attributes)] == ["instance_type", "account_id"]
    full = Ticket(id="T-2", attributes={f.id: "x" for f in pack.required_info})
    assert flags(pack, contract, full) == []


def test_plan_limited_check_applies_to_its_plans_only():
    # AlmaCare 3: applications are covered by Enhanced only
    pack = get_pack("almacare")
    app = Ticket(id="T-3", attributes={"area": "application"})
    essential = Contract("e", "Acme", "almacare", "essential")
    enhanced = Contract("h", "Acme", "almacare", "enhanced")
    assert flags(pack, essential, app) == ["app: enhanced only"]
    assert flags(pack, enhanced, app) == []


# ProComputers 6: the 3-4 h average is an internal goal (4 h) before the 24 h target; every
# instance reports when the goal falls due, answered before it or not. Opened Fri 20 Nov 22:00:
# goal Sat 02:00, target Sat 22:00.
# (why, events, now, (state, goal_due_at, due_at))
GOALS = [
    ("answered before the goal", [{"at": "2026-11-21T00:00:00Z", "kind": "respond"}],
     "2026-11-21T12:00:00Z", ("met", "2026-11-21T02:00:00Z", "2026-11-21T22:00:00Z")),
    ("answered after the goal", [{"at": "2026-11-21T08:00:00Z", "kind": "respond"}],
     "2026-11-21T12:00:00Z", ("met", "2026-11-21T02:00:00Z", "2026-11-21T22:00:00Z")),
    ("not answered yet", [], "2026-11-21T01:00:00Z",
     ("running", "2026-11-21T02:00:00Z", "2026-11-21T22:00:00Z")),
    ("answered after the target", [{"at": "2026-11-22T08:00:00Z", "kind": "request_info"}],
     "2026-11-22T12:00:00Z", ("met", "2026-11-21T02:00:00Z", "2026-11-21T22:00:00Z")),
]


@pytest.mark.parametrize("why,events,now,expected", GOALS, ids=[g[0] for g in GOALS])
def test_goal_due_at_is_reported_met_or_not_section_6(sla, why, events, now, expected):
    c = sla(scenario("procomputers", "standard", "2026-11-20T22:00:00Z", now, severity="sev2",
                     events=events))[("first_response", 1)]
    assert (c["state"], c["goal_due_at"], c["due_at"]) == expected
