"""The queue: stored order (running by due instant, then paused, then none; severity
breaks ties) and the lead clock's remaining time worked out at the reader's `now`."""

from datetime import timedelta

from console.services import actions
from console.services.queue import queue
from console.services.queue_window import QueueQuery, window
from console.services.ticket_view import ticket_view
from console.services.tickets import open_ticket, record

from .conftest import T0, at


def _scenario(store):
    a = open_ticket(store, contract_id="pc", subject="a", severity="sev3", at=T0)
    b = open_ticket(store, contract_id="pc", subject="b", severity="sev1", at=T0)
    c = open_ticket(store, contract_id="p2", subject="c", impact="medium", urgency="medium", at=T0)
    d = open_ticket(store, contract_id="p2", subject="d", impact="medium", urgency="medium", at=T0)
    record(store, d, "request_info", {}, at=at(5))
    e = open_ticket(store, contract_id="pc", subject="e", at=T0)
    record(store, e, "respond", {}, at=at(5))
    f = open_ticket(store, contract_id="pc", subject="f", at=T0)
    record(store, f, "resolve", {}, at=at(5))
    return a, b, c, d, e, f


def test_queue_order_and_live_remaining(store):
    a, b, c, d, e, f = _scenario(store)
    items = queue(store, now=T0 + timedelta(hours=2))
    assert [i["id"] for i in items] == [c, b, a, d, e]  # f is resolved: not in the queue
    assert f not in {i["id"] for i in items}
    by_id = {i["id"]: i for i in items}

    # c: Pro2col review, 1 working hour from Monday 10:00 London: due 11:00, an hour late now
    assert (by_id[c]["metric"], by_id[c]["due_at"]) == ("review", "2026-03-02T11:00:00Z")
    assert (by_id[c]["remaining_seconds"], by_id[c]["breached"]) == (-3600, True)
    # a and b: ProComputers 24 h elapsed; the more severe one first
    assert by_id[a]["due_at"] == by_id[b]["due_at"] == "2026-03-03T10:00:00Z"
    assert (by_id[a]["remaining_seconds"], by_id[a]["breached"]) == (22 * 3600, False)
    # d: waiting on the customer, its vendor-escalation clock paused
    assert (by_id[d]["metric"], by_id[d]["state"], by_id[d]["breached"]) == ("vendor_escalation", "paused", False)
    assert by_id[d]["remaining_seconds"] > 0
    # e: answered, no target clock left running
    assert by_id[e]["metric"] is None and by_id[e]["remaining_seconds"] is None
    for item in items:
        assert {"id", "policy", "severity", "metric", "due_at", "remaining_seconds", "breached",
                "state", "subject", "customer", "assignee", "tier", "status", "flags"} <= item.keys()


def test_queue_remaining_counts_working_time_only(store):
    _, _, c, *_ = _scenario(store)
    # Monday 18:00 UTC is after the 17:30 close in London: still 6.5 working hours late
    (item,) = [i for i in queue(store, now=T0 + timedelta(hours=8)) if i["id"] == c]
    assert item["remaining_seconds"] == -int(6.5 * 3600)


def test_queue_limit(store):
    _scenario(store)
    assert [i["id"] for i in queue(store, now=T0, limit=2)] == ["T-1003", "T-1002"]
    assert queue(store, now=T0, limit=0) == []


def test_split_children_are_flagged_alike_by_desk_queue_and_the_console(store):
    parent = open_ticket(store, contract_id="isp", subject="two problems", severity="high",
                         attributes={"product": "vmmanager"}, at=T0)
    parts = [{"subject": f"part {n}", "body": "b", "severity": "high"} for n in (1, 2)]
    children = actions.split(store, parent, parts, at=at(10), actor="ann").children
    listed = {i["id"]: i["flags"] for i in queue(store, now=at(20))}
    shown = {r.id: list(r.flags) for r in window(store, QueueQuery(), now=at(20), actor="ann", offset=0, limit=10)}
    assert listed == shown
    assert all("split" in listed[child] for child in children) and parent not in listed


def test_ticket_view_has_row_clocks_and_log(store):
    _, _, c, *_ = _scenario(store)
    view = ticket_view(store, c, now=T0 + timedelta(minutes=30))
    assert view["ticket"]["id"] == c and view["ticket"]["severity"] == "p3"
    assert [(k["metric"], k["state"]) for k in view["clocks"]] == [
        ("review", "running"), ("vendor_escalation", "running")]
    assert view["clocks"][0]["remaining_seconds"] == 1800
    assert [e["kind"] for e in view["events"]] == ["open"]


def test_ticket_view_counts_down_an_elapsed_timer(store):
    """ISPsystem's customer timeout runs 7 calendar days from the last reply (3.6)."""
    ticket = open_ticket(store, contract_id="isp", subject="s", severity="high",
                         attributes={"product": "vmmanager"}, at=T0)
    record(store, ticket, "respond", {}, at=at(10))
    view = ticket_view(store, ticket, now=at(10) + timedelta(days=1))
    timer = next(c for c in view["clocks"] if c["metric"] == "customer_timeout")
    assert (timer["kind"], timer["state"]) == ("timer", "running")
    assert timer["remaining_seconds"] == 6 * 86400 and timer["breached"] is False
