"""The console's queue windows: the same order as `desk queue`, however it is sliced or narrowed."""

import json
from datetime import timedelta

import pytest

from console.cli import main
from console.domain.timeutil import format_instant, parse_instant, to_epoch
from console.services import queue_window as qw
from console.services.queue import queue
from console.store import Store
from tests.tui.conftest import ACTOR, NOW, build_store

QUERIES = [
    qw.QueueQuery(),
    qw.QueueQuery(view="breached"),
    qw.QueueQuery(view="breaching"),
    qw.QueueQuery(view="mine"),
    qw.QueueQuery(view="unassigned"),
    qw.QueueQuery(view="unrouted"),
    qw.QueueQuery(text="manager"),
    qw.QueueQuery(text="t-100"),
    qw.QueueQuery(policy="pro2col", severity="p3"),
    qw.QueueQuery(view="unassigned", policy="ispsystem", text="vm"),
]


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    built = tmp_path_factory.mktemp("queue") / "desk.db"
    build_store(built)
    return built


@pytest.fixture(scope="module")
def store(path):
    with Store.open(path) as opened:
        yield opened


def every_row(store, query):
    return qw.window(store, query, now=NOW, actor=ACTOR, offset=0, limit=1000)


def test_the_unnarrowed_window_is_the_queue_of_desk_queue(store):
    assert [r.id for r in every_row(store, qw.QueueQuery())] == [i["id"] for i in queue(store, now=NOW)]


def desk_queue(path, capsys, *args) -> list[dict]:
    assert main(["--db", str(path), "--now", format_instant(NOW), "queue", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_desk_queue_json_shows_what_the_console_shows(path, store, capsys):
    items, rows = desk_queue(path, capsys), every_row(store, qw.QueueQuery())
    assert [i["id"] for i in items] == [r.id for r in rows]
    shared = ("id", "version", "policy", "plan", "customer", "severity", "subject", "assignee", "tier", "status")
    for item, row in zip(items, rows, strict=True):
        assert {name: item[name] for name in shared} == {name: getattr(row, name) for name in shared}
        assert item["flags"] == list(row.flags)
        count = qw.countdown(row, NOW)
        assert (item["remaining_seconds"] is None) == (count.seconds is None), row.id
        assert item["breached"] == count.breached, row.id
        assert (item["state"] == "paused") == count.paused, row.id
        if item["state"] == "running":   # the console counts down to the same instant
            assert to_epoch(parse_instant(item["due_at"])) - to_epoch(NOW) == count.seconds
        if item["metric"] is not None:
            assert row.metric_label == row.pack.metric(item["metric"]).label
    assert {"breached", "running", "paused", None} <= {"breached" if i["breached"] else i["state"] for i in items}


def test_desk_queue_limit_is_the_console_first_window(path, store, capsys):
    first = qw.window(store, qw.QueueQuery(), now=NOW, actor=ACTOR, offset=0, limit=4)
    assert [i["id"] for i in desk_queue(path, capsys, "--limit", "4")] == [r.id for r in first]


def test_a_window_skips_along_the_queue_index_and_sorts_only_its_own_rows(store):
    statements = []
    store.conn.set_trace_callback(statements.append)
    try:
        rows = qw.window(store, qw.QueueQuery(), now=NOW, actor=ACTOR, offset=3, limit=2)
    finally:
        store.conn.set_trace_callback(None)
    assert len(rows) == 2
    (select,) = [s for s in statements if "FROM tickets" in s]
    plan = store.conn.execute(f"EXPLAIN QUERY PLAN {select}").fetchall()
    (window_id,) = [node for node, _, _, detail in plan if detail.startswith("MATERIALIZE")]
    picking = [detail for _, parent, _, detail in plan if parent == window_id]
    assert any("INDEX tickets_queue" in step for step in picking), plan
    assert not any("TEMP B-TREE" in step for step in picking), plan   # the queue itself is never sorted


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.describe())
def test_windows_count_and_positions_agree(store, query):
    rows = [r.id for r in every_row(store, query)]
    assert qw.count(store, query, now=NOW, actor=ACTOR) == len(rows)
    sliced = [r.id for offset in range(0, len(rows) + 5, 5)
              for r in qw.window(store, query, now=NOW, actor=ACTOR, offset=offset, limit=5)]
    assert sliced == rows
    everyone = [r.id for r in every_row(store, qw.QueueQuery())]
    assert [t for t in everyone if t in rows] == rows   # narrowing keeps the queue's order
    for ticket_id in everyone:
        expected = rows.index(ticket_id) if ticket_id in rows else None
        assert qw.position(store, query, ticket_id, now=NOW, actor=ACTOR) == expected


def test_views_are_what_they_say(store):
    def ids(**kwargs):
        return {r.id for r in every_row(store, qw.QueueQuery(**kwargs))}

    assert all(qw.countdown(r, NOW).breached for r in every_row(store, qw.QueueQuery(view="breached")))
    for row in every_row(store, qw.QueueQuery(view="breaching")):
        assert 0 <= qw.countdown(row, NOW).seconds <= qw.BREACHING_WITHIN_SECONDS
    assert all(r.assignee == ACTOR for r in every_row(store, qw.QueueQuery(view="mine")))
    assert all(r.policy is None for r in every_row(store, qw.QueueQuery(view="unrouted")))
    assert ids(view="unassigned") | ids(view="mine") | ids(assignee="dana") == ids()


def test_countdowns_at_later_instants(store):
    rows = {r.subject: r for r in every_row(store, qw.QueueQuery())}
    near = rows["Kernel panic on reboot after livepatch on db-12"]          # 30 min target, 5 left
    assert qw.countdown(near, NOW) == qw.Countdown(300, warning=True)
    assert qw.countdown(near, NOW + timedelta(minutes=6)) == qw.Countdown(-60, breached=True)
    fresh = rows["Which image supports ARM64 in eu-north-1?"]              # 24 h, 4 h internal goal
    assert qw.countdown(fresh, NOW) == qw.Countdown(23 * 3600)
    assert qw.countdown(fresh, NOW + timedelta(hours=3)).warning           # past the goal
    waiting = rows["ELS PHP 7.4 update breaks ionCube loader"]              # on the customer's side
    assert qw.countdown(waiting, NOW) == qw.countdown(waiting, NOW + timedelta(days=2))
    assert qw.countdown(waiting, NOW).paused
    answered = rows["How to move licences to a new DCImanager host?"]
    assert qw.countdown(answered, NOW) == qw.Countdown(None)


def test_under_a_quarter_of_the_target_left_is_a_warning(store):
    rows = {r.subject: r for r in every_row(store, qw.QueueQuery())}
    ipmi = rows["DCImanager cannot reach IPMI on rack B4"]     # 8 h target, 30 min left
    assert qw.countdown(ipmi, NOW) == qw.Countdown(1800, warning=True)
    review = rows["SFTP logins slow since Friday"]             # 1 working hour, 30 min left
    assert not qw.countdown(review, NOW).warning
    assert qw.countdown(review, NOW + timedelta(minutes=20)).warning
