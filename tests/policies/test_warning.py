"""When a running clock turns amber: past its internal goal, or under a quarter of its
target left (in working time, so nights and weekends do not eat the warning)."""

from datetime import UTC, datetime

from console.services.scenario import clocks_of, parse_scenario
from tests.policies.conftest import scenario


def _clocks(data):
    return {(c.metric, c.instance): c for c in clocks_of(parse_scenario(data, "test"))}


def test_warning_at_three_quarters_of_working_time():
    # Pro2col p3: one business day = 8.5 h; 75 % = 6 h 22 m 30 s of working time from Mon 10:00
    c = _clocks(scenario("pro2col", "standard", "2026-11-16T10:00:00Z", "2026-11-16T10:00:00Z",
                         severity="p3"))[("vendor_escalation", 1)]
    assert c.warn_at == datetime(2026, 11, 16, 16, 22, 30, tzinfo=UTC)
    # opened Friday 17:00: 30 min on Friday, then 5 h 52 m 30 s from Monday 09:00
    c = _clocks(scenario("pro2col", "standard", "2026-11-20T17:00:00Z", "2026-11-20T17:00:00Z",
                         severity="p3"))[("vendor_escalation", 1)]
    assert c.warn_at == datetime(2026, 11, 23, 14, 52, 30, tzinfo=UTC)


def test_internal_goal_warns_first():
    # ProComputers: goal 4 h comes before 18 h (75 % of 24 h)
    c = _clocks(scenario("procomputers", "standard", "2026-11-20T22:00:00Z", "2026-11-20T22:00:00Z",
                         severity="sev3"))[("first_response", 1)]
    assert c.warn_at == c.goal_due_at == datetime(2026, 11, 21, 2, tzinfo=UTC)


def test_no_warning_instant_once_met_or_paused():
    clocks = _clocks(scenario("pro2col", "standard", "2026-11-16T10:00:00Z", "2026-11-16T12:00:00Z",
                              severity="p2", events=[{"at": "2026-11-16T11:00:00Z",
                                                      "kind": "request_info"}]))
    assert clocks[("review", 1)].warn_at is None          # met
    assert clocks[("vendor_escalation", 1)].warn_at is None   # paused
