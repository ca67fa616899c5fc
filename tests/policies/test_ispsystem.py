"""ISPsystem T&C, revision 08/09/2025: the 2.6 response table, 3.1 calendars, 3.4, 3.6.

Monday 2026-11-16 10:00Z is the usual opening instant; expected deadlines are
worked by hand in the comments.
"""

import pytest

from tests.policies.conftest import scenario

MON = "2026-11-16T10:00:00Z"

# (plan, severity, product, expected due) — 2.6 table, calendars of 3.1
RESPONSE_TABLE = [
    # Standard level: emergency is 24/7 on any product (3.1 last line): 8 h
    ("standard", "emergency", "vmmanager", "2026-11-16T18:00:00Z"),
    ("standard", "emergency", "billmanager", "2026-11-16T18:00:00Z"),
    # VMmanager / DCImanager around the clock: plain elapsed hours
    ("standard", "high", "vmmanager", "2026-11-17T02:00:00Z"),
    ("standard", "medium", "dcimanager", "2026-11-17T10:00:00Z"),
    ("standard", "low", "vmmanager", "2026-11-17T18:00:00Z"),
    # BILLmanager / DNSmanager 06:00-18:00 UTC every day:
    # high 16 h = Mon 10-18 (8) + Tue 06-14 (8)
    ("standard", "high", "billmanager", "2026-11-17T14:00:00Z"),
    # medium 24 h = 8 + Tue 12 + Wed 06-10 (4)
    ("standard", "medium", "dnsmanager", "2026-11-18T10:00:00Z"),
    # low 32 h = 8 + 12 + Wed 12: lands on Wednesday's closing, which is the deadline
    ("standard", "low", "billmanager", "2026-11-18T18:00:00Z"),
    # Privilege level: 24/7 for every severity (3.1)
    ("privilege", "emergency", "billmanager", "2026-11-16T14:00:00Z"),
    ("privilege", "high", "dnsmanager", "2026-11-16T18:00:00Z"),
    ("privilege", "medium", "billmanager", "2026-11-16T22:00:00Z"),
    ("privilege", "low", "vmmanager", "2026-11-17T02:00:00Z"),
]


@pytest.mark.parametrize("plan,severity,product,due", RESPONSE_TABLE)
def test_response_table_2_6_with_calendars_3_1(sla, plan, severity, product, due):
    clocks = sla(scenario("ispsystem", plan, MON, MON, severity=severity,
                          attributes={"product": product}))
    c = clocks[("response", 1)]
    assert (c["state"], c["due_at"], c["breached"]) == ("running", due, False)


def test_billing_hours_opening_at_night_counts_from_next_opening_3_1(sla):
    # Saturday 20:00: counting starts Sunday 06:00; 16 h = Sun 12 + Mon 06-10
    clocks = sla(scenario("ispsystem", "standard", "2026-11-21T20:00:00Z", "2026-11-21T20:00:00Z",
                          severity="high", attributes={"product": "billmanager"}))
    assert clocks[("response", 1)]["due_at"] == "2026-11-23T10:00:00Z"
    assert clocks[("response", 1)]["remaining_seconds"] == 16 * 3600


def test_response_restarts_on_each_customer_reply_2_6_footnote(sla):
    # medium on VMmanager: 24 h elapsed. Met at 12:00; the reply at 14:00 starts instance 2.
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-17T15:00:00Z", severity="medium",
                          attributes={"product": "vmmanager"}, events=[
                              {"at": "2026-11-16T12:00:00Z", "kind": "respond"},
                              {"at": "2026-11-16T14:00:00Z", "kind": "customer_reply"},
                          ]))
    first, second = clocks[("response", 1)], clocks[("response", 2)]
    assert (first["state"], first["met_at"], first["breached"]) == ("met", "2026-11-16T12:00:00Z", False)
    assert first["remaining_seconds"] is None
    assert second["started_at"] == "2026-11-16T14:00:00Z"
    assert second["due_at"] == "2026-11-17T14:00:00Z"
    assert second["breached"] is True and second["remaining_seconds"] == -3600


def test_second_customer_message_before_reply_does_not_reset_the_clock(sla):
    clocks = sla(scenario("ispsystem", "standard", MON, MON.replace("10:", "13:"), severity="emergency",
                          events=[{"at": "2026-11-16T12:00:00Z", "kind": "customer_reply"}]))
    assert list(clocks) == [("response", 1)]
    assert clocks[("response", 1)]["due_at"] == "2026-11-16T18:00:00Z"


def test_forward_team_stops_the_response_clock_until_reopen_3_4(sla):
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-20T10:00:00Z", severity="high",
                          attributes={"product": "vmmanager"}, events=[
                              {"at": "2026-11-16T11:00:00Z", "kind": "forward_team"},
                              {"at": "2026-11-17T11:00:00Z", "kind": "customer_reply"},
                              {"at": "2026-11-18T10:00:00Z", "kind": "reopen"},
                          ]))
    stopped = clocks[("response", 1)]
    assert (stopped["state"], stopped["due_at"], stopped["breached"]) == ("stopped", None, False)
    assert stopped["remaining_seconds"] is None
    # the customer's reply while with the team started nothing; reopen starts instance 2
    assert clocks[("response", 2)]["started_at"] == "2026-11-18T10:00:00Z"
    assert len([k for k in clocks if k[0] == "response"]) == 2


def test_development_team_calendar_after_require_dev_3_1(sla):
    # BILLmanager high, 16 h: 2 h counted on 06-18 UTC before require_dev at 12:00; the other
    # 14 h on 06:00-15:00 Mon-Fri: Mon 12-15 (3), Tue 9 -> 12, Wed 06-08 (2)
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-16T12:00:00Z", severity="high",
                          attributes={"product": "billmanager"},
                          events=[{"at": "2026-11-16T12:00:00Z", "kind": "require_dev"}]))
    c = clocks[("response", 1)]
    assert c["due_at"] == "2026-11-18T08:00:00Z"
    assert c["calendar"] == "dev_team"


def test_development_team_holidays_come_from_the_contract(sla):
    # same as above with Tuesday 17 November a contract holiday: Wed 9 h -> 12, Thu 06-08
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-16T13:00:00Z", severity="high",
                          attributes={"product": "billmanager"}, options={"holidays": ["2026-11-17"]},
                          events=[{"at": "2026-11-16T12:00:00Z", "kind": "require_dev"}]))
    assert clocks[("response", 1)]["due_at"] == "2026-11-19T08:00:00Z"


def test_customer_timeout_closes_seven_calendar_days_after_last_response_3_6(sla):
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-24T12:00:00Z", severity="low",
                          attributes={"product": "vmmanager"}, events=[
                              {"at": "2026-11-16T11:00:00Z", "kind": "request_info"},
                              {"at": "2026-11-16T12:00:00Z", "kind": "respond"},
                          ]))
    superseded, timer = clocks[("customer_timeout", 1)], clocks[("customer_timeout", 2)]
    assert superseded["state"] == "stopped"
    assert timer["due_at"] == "2026-11-23T12:00:00Z"
    assert timer["state"] == "running" and timer["breached"] is False  # timers fire, they do not breach
    assert timer["remaining_seconds"] == -86400


def test_customer_reply_cancels_the_timeout(sla):
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-30T12:00:00Z", severity="low",
                          attributes={"product": "vmmanager"}, events=[
                              {"at": "2026-11-16T11:00:00Z", "kind": "request_info"},
                              {"at": "2026-11-17T11:00:00Z", "kind": "customer_reply"},
                          ]))
    assert clocks[("customer_timeout", 1)]["state"] == "stopped"


def test_reclassify_reapplies_the_target_from_the_start(sla):
    # medium VMmanager (24 h) reclassified to emergency (8 h) at 20:00: due 18:00, already breached
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-16T20:00:00Z", severity="medium",
                          attributes={"product": "vmmanager"}, events=[
                              {"at": "2026-11-16T20:00:00Z", "kind": "reclassify",
                               "severity": "emergency", "reason": "all nodes down"}]))
    c = clocks[("response", 1)]
    assert (c["due_at"], c["breached"], c["remaining_seconds"]) == ("2026-11-16T18:00:00Z", True, -7200)


def test_resolve_stops_every_clock(sla):
    clocks = sla(scenario("ispsystem", "privilege", MON, "2026-11-18T10:00:00Z", severity="low",
                          events=[{"at": "2026-11-16T11:00:00Z", "kind": "resolve"}]))
    assert clocks[("response", 1)]["state"] == "stopped"


def test_events_after_now_are_not_yet_known(sla):
    clocks = sla(scenario("ispsystem", "privilege", MON, "2026-11-16T11:00:00Z", severity="low",
                          events=[{"at": "2026-11-16T12:00:00Z", "kind": "respond"}]))
    assert clocks[("response", 1)]["state"] == "running"


def test_emergency_stays_around_the_clock_after_require_dev_3_1(sla):
    # 3.1 ends "For the Emergency and the Privileged levels - 24/7": it outranks the dev-team hours
    clocks = sla(scenario("ispsystem", "standard", MON, "2026-11-16T12:00:00Z", severity="emergency",
                          attributes={"product": "billmanager"},
                          events=[{"at": "2026-11-16T11:00:00Z", "kind": "require_dev"}]))
    assert (clocks[("response", 1)]["due_at"], clocks[("response", 1)]["calendar"]) == \
        ("2026-11-16T18:00:00Z", "always")


def test_supported_versions_match_by_release_8_1():
    from datetime import UTC, datetime

    from console.domain import eligibility
    from console.domain.contract import Contract
    from console.domain.ticket import Ticket
    from console.services.packs import get_pack

    pack = get_pack("ispsystem")
    contract = Contract("c", "Hostlab", "ispsystem", "standard",
                        {"supported_versions": ["6.12", "6.11"], "term_end": "2027-01-31"})
    opened = datetime(2026, 11, 16, 10, tzinfo=UTC)

    def flags(version):
        return eligibility.flags(pack, contract, Ticket(id="T", opened_at=opened,
                                                        attributes={"product": "vmmanager", "version": version}))

    assert flags("6.12.0") == [] and flags("6.11") == []
    assert flags("6.10.4") == ["old version"] and flags("6.120") == ["old version"]
    ended = Contract("c", "Hostlab", "ispsystem", "standard", {"term_end": "2026-11-01"})
    assert eligibility.flags(pack, ended, Ticket(id="T", opened_at=opened,
                                                 attributes={"product": "vmmanager", "version": "6.12"})) == ["term ended"]
