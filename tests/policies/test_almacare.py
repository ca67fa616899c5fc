"""AlmaCare Service Description: section 4 Response Time, Appendix B report schedule,
section 4 one-week customer side. Hours are elapsed; business days are whole
Monday-Friday days in UTC."""

import pytest

from tests.policies.conftest import scenario

MON = "2026-11-16T10:00:00Z"

FIRST_RESPONSE = [
    # (plan, severity, opened, due) — section 4 table
    ("essential", "sev1", MON, "2026-11-16T12:00:00Z"),
    ("essential", "sev2", MON, "2026-11-16T22:00:00Z"),
    ("essential", "sev3", MON, "2026-11-18T10:00:00Z"),            # 2 business days
    ("essential", "sev4", MON, "2026-11-23T10:00:00Z"),            # 5 business days
    ("enhanced", "sev1", MON, "2026-11-16T10:30:00Z"),
    ("enhanced", "sev2", MON, "2026-11-16T12:00:00Z"),
    ("enhanced", "sev3", MON, "2026-11-16T22:00:00Z"),
    ("enhanced", "sev4", MON, "2026-11-18T10:00:00Z"),
    # Friday 10:00 + 2 business days: Fri 14 h + Mon 24 h + Tue 10 h
    ("essential", "sev3", "2026-11-20T10:00:00Z", "2026-11-24T10:00:00Z"),
    # Saturday: counting starts Monday 00:00; 48 h end at Tuesday's midnight
    ("essential", "sev3", "2026-11-21T15:00:00Z", "2026-11-25T00:00:00Z"),
    # hours run through the weekend (24/7/365)
    ("essential", "sev1", "2026-11-21T23:00:00Z", "2026-11-22T01:00:00Z"),
]


@pytest.mark.parametrize("plan,severity,opened,due", FIRST_RESPONSE)
def test_first_response_table_section_4(sla, plan, severity, opened, due):
    c = sla(scenario("almacare", plan, opened, opened, severity=severity))[("first_response", 1)]
    assert (c["state"], c["due_at"]) == ("running", due)


@pytest.mark.parametrize("severity,due", [
    ("sev1", "2026-11-17T10:30:00Z"),   # daily
    ("sev2", "2026-11-19T10:30:00Z"),   # every 3 business days
    ("sev3", "2026-11-30T10:30:00Z"),   # every 2 weeks (14 calendar days)
])
def test_update_schedule_appendix_b(sla, severity, due):
    clocks = sla(scenario("almacare", "enhanced", MON, "2026-11-16T10:30:00Z", severity=severity,
                          events=[{"at": "2026-11-16T10:30:00Z", "kind": "respond"}]))
    assert clocks[("first_response", 1)]["state"] == "met"
    assert clocks[("update", 1)]["due_at"] == due


def test_no_update_clock_for_severity_4_upon_request_only(sla):
    clocks = sla(scenario("almacare", "enhanced", MON, "2026-11-16T10:30:00Z", severity="sev4",
                          events=[{"at": "2026-11-16T10:30:00Z", "kind": "respond"}]))
    assert not [k for k in clocks if k[0] == "update"]


def test_sev1_update_interval_by_agreement_never_more_often_than_daily(sla):
    agreed = sla(scenario("almacare", "enhanced", MON, "2026-11-16T10:30:00Z", severity="sev1",
                          options={"sev1_update_interval": "2 days"},
                          events=[{"at": "2026-11-16T10:30:00Z", "kind": "respond"}]))
    assert agreed[("update", 1)]["due_at"] == "2026-11-18T10:30:00Z"



def test_sev1_update_more_often_than_daily_is_refused(tmp_path, capsys):
    import json

    from console.cli import main

    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario("almacare", "enhanced", MON, MON, severity="sev1",
                                        options={"sev1_update_interval": "6 hours"})))
    assert main(["sla", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "options: option sev1_update_interval: 6 hours is more often than allowed" in err


def test_update_cadence_pauses_on_customer_side(sla):
    # sev2: respond Mon 10:30 -> update 1 due Thu 10:30; update_sent Wed 09:00 starts
    # update 2 (Wed 15 h + Thu 24 + Fri 24 + Mon 9 = 72 h -> Mon 23 09:00);
    # request_info Thu 12:00 meets it and starts update 3 paused; the customer's reply on
    # Mon 23 12:00 resumes it: 3 business days from then -> Thu 26 12:00.
    events = [
        {"at": "2026-11-16T10:30:00Z", "kind": "respond"},
        {"at": "2026-11-18T09:00:00Z", "kind": "update_sent"},
        {"at": "2026-11-19T12:00:00Z", "kind": "request_info"},
        {"at": "2026-11-23T12:00:00Z", "kind": "customer_reply"},
    ]
    paused = sla(scenario("almacare", "enhanced", MON, "2026-11-20T12:00:00Z", severity="sev2",
                          events=events[:3]))
    assert paused[("update", 2)]["state"] == "met"
    p = paused[("update", 3)]
    assert (p["state"], p["due_at"], p["remaining_seconds"]) == ("paused", None, 3 * 86400)
    resumed = sla(scenario("almacare", "enhanced", MON, "2026-11-23T12:00:00Z", severity="sev2",
                           events=events))
    assert resumed[("update", 3)]["due_at"] == "2026-11-26T12:00:00Z"
    assert resumed[("update", 3)]["state"] == "running"


def test_customer_side_limited_to_one_calendar_week_section_4(sla):
    clocks = sla(scenario("almacare", "essential", MON, "2026-11-23T11:00:00Z", severity="sev3",
                          events=[{"at": "2026-11-16T11:00:00Z", "kind": "request_info"}]))
    timer = clocks[("customer_timeout", 1)]
    assert (timer["due_at"], timer["remaining_seconds"], timer["breached"]) == \
        ("2026-11-23T11:00:00Z", 0, False)


def test_business_days_skip_contract_holidays(sla):
    # sev3 essential from Monday with Tuesday a contract holiday: Mon 14 h + Wed 24 + Thu 10
    c = sla(scenario("almacare", "essential", MON, MON, severity="sev3",
                     options={"holidays": ["2026-11-17"]}))[("first_response", 1)]
    assert c["due_at"] == "2026-11-19T10:00:00Z"


# AlmaCare 4, Incident Resolution Cooperation: on the customer's side from the request for
# information until the customer provides it, for one calendar week at most. Enhanced sev3
# opened Mon 5 Jan 2026 10:00, request_info 11:00: the week ends Mon 12 Jan 11:00.
JAN = "2026-01-05T10:00:00Z"
ASKED = {"at": "2026-01-05T11:00:00Z", "kind": "request_info"}
# (why, events after the request, now, customer_timeout #1 (state, due_at), update (state, due_at))
CUSTOMER_SIDE = [
    # a reply from AlmaCare while waiting neither ends the customer's side nor stops the week;
    # the reply is the next report interval, still paused
    ("our reply while waiting", [{"at": "2026-01-06T11:00:00Z", "kind": "respond"}],
     "2026-01-09T12:00:00Z", ("running", "2026-01-12T11:00:00Z"), ("paused", None)),
    ("a status update while waiting", [{"at": "2026-01-06T11:00:00Z", "kind": "update_sent"}],
     "2026-01-09T12:00:00Z", ("running", "2026-01-12T11:00:00Z"), ("paused", None)),
    # asking again does not start a second week: the period on the customer's side is one
    ("a second request while waiting", [{"at": "2026-01-07T11:00:00Z", "kind": "request_info"}],
     "2026-01-09T12:00:00Z", ("running", "2026-01-12T11:00:00Z"), ("paused", None)),
    # the customer's answer on Thu 8 Jan 11:00 ends it; the report is due 14 days later
    ("the customer's answer", [{"at": "2026-01-06T11:00:00Z", "kind": "respond"},
                               {"at": "2026-01-08T11:00:00Z", "kind": "customer_reply"}],
     "2026-01-09T12:00:00Z", ("stopped", None), ("running", "2026-01-22T11:00:00Z")),
    # no answer in the week: the timer has run out at Mon 12 Jan 11:00 (the close is due)
    ("no answer within the week", [{"at": "2026-01-06T11:00:00Z", "kind": "respond"}],
     "2026-01-12T11:00:00Z", ("running", "2026-01-12T11:00:00Z"), ("paused", None)),
]


@pytest.mark.parametrize("why,events,now,timer,update", CUSTOMER_SIDE, ids=[c[0] for c in CUSTOMER_SIDE])
def test_only_the_customers_answer_ends_the_customers_side_section_4(sla, why, events, now, timer, update):
    clocks = sla(scenario("almacare", "enhanced", JAN, now, severity="sev3", events=[ASKED, *events]))
    t = clocks[("customer_timeout", 1)]
    assert (t["state"], t["due_at"]) == timer
    assert not [k for k in clocks if k[0] == "customer_timeout" and k[1] > 1]
    last_update = clocks[max(k for k in clocks if k[0] == "update")]
    assert (last_update["state"], last_update["due_at"]) == update
