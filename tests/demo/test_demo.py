"""The demo desk: every state a console user should meet, real clocks, deterministic, quick."""

import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.cli import main
from console.commands.demo_cmds import DEFAULT_SEED, DEFAULT_TICKETS
from console.demo.seed import seed as seed_demo
from console.domain.timeutil import parse_instant
from console.services import packs
from console.services.queue import queue
from console.store import Store
from tests.conftest import dump

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)   # a Wednesday morning: every desk is open
ME = "casey"
TICKETS, SEED = DEFAULT_TICKETS, DEFAULT_SEED     # what `desk demo` seeds


def seeded(path: Path, *, now: datetime = NOW, tickets: int = TICKETS, seed: int = SEED):
    store = Store.open(path)
    seed_demo(store, now=now, me=ME, tickets_wanted=tickets, seed_value=seed)
    return store


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    with seeded(tmp_path_factory.mktemp("demo") / "demo.db") as store:
        yield store


def rows(store: Store, sql: str, params=()) -> list[dict]:
    return list(store.db.query(sql, params))


def tickets(store: Store, where: str = "1", params=()) -> list[dict]:
    found = rows(store, f"SELECT * FROM tickets WHERE {where} ORDER BY id", params)
    for row in found:
        row["flags"] = json.loads(row["flags"])
        row["attributes"] = json.loads(row["attributes"])
    return found


def mails(store: Store) -> int:
    """Tickets opened from a mail (split children are not)."""
    return rows(store, "SELECT count(*) AS n FROM tickets WHERE parent_id IS NULL")[0]["n"]


def event_kinds(store: Store, policy: str | None = None) -> set[str]:
    sql = "SELECT DISTINCT e.kind FROM events e JOIN tickets t ON t.id = e.ticket_id"
    if policy:
        return {r["kind"] for r in rows(store, sql + " WHERE t.policy = ?", [policy])}
    return {r["kind"] for r in rows(store, sql)}


# ---------------------------------------------------------------- size and spread


def test_about_300_tickets_across_every_vendor_and_plan(desk):
    assert mails(desk) == TICKETS
    children = tickets(desk, "parent_id IS NOT NULL")
    assert children and len(tickets(desk)) == TICKETS + len(children)
    present = {(r["policy"], r["plan"]) for r in tickets(desk, "policy IS NOT NULL")}
    for policy in ("ispsystem", "almacare", "pro2col", "procomputers"):
        for plan in packs.get_pack(policy).plans:
            assert (policy, plan) in present
    per_vendor = {r["policy"]: r["n"] for r in rows(
        desk, "SELECT policy, count(*) AS n FROM tickets GROUP BY policy")}
    assert min(n for policy, n in per_vendor.items() if policy) >= 30


def test_contracts_carry_the_options_the_terms_talk_about(desk):
    from console.services.contracts import list_contracts

    by_policy: dict[str, list] = {}
    for contract in list_contracts(desk):
        by_policy.setdefault(contract.policy, []).append(contract)
        assert contract.domains
    assert all(2 <= len(found) <= 3 for found in by_policy.values())
    isp = {c.id: c.options for c in by_policy["ispsystem"]}
    assert any("term_end" in o and o["term_end"] < NOW.date().isoformat() for o in isp.values())
    assert all(o.get("supported_versions") for o in isp.values())
    assert all(o.get("hosts") and o.get("technical_leads") for o in
               (c.options for c in by_policy["almacare"]))
    assert {c.plan for c in by_policy["pro2col"]} == {"standard", "24x7"}
    assert any(c.options.get("fair_use_prepaid_minutes") for c in by_policy["pro2col"])


# ---------------------------------------------------------------- states


def test_breached_and_about_to_breach_tickets_lead_the_queue(desk):
    items = queue(desk, now=NOW)
    states = [item["state"] for item in items]
    running = states.count("running")
    assert states[:running] == ["running"] * running       # running clocks first, then paused
    assert set(states[running:]) <= {"paused", None}
    breached = [i for i, item in enumerate(items[:running]) if item["breached"]]
    assert breached == list(range(len(breached)))          # breached first, nothing in between
    due = [item["due_at"] for item in items[:running]]
    assert due == sorted(due)
    soon = [item for item in items[:running] if not item["breached"]
            and parse_instant(item["due_at"]) <= NOW + timedelta(hours=1)]
    assert breached and soon
    assert {item["policy"] for item in soon} >= {"almacare", "procomputers"}


def test_paused_on_the_customer(desk):
    waiting = tickets(desk, "status = 'waiting'")
    assert all(t["side"] == "customer" for t in waiting)
    assert {t["lead_state"] for t in waiting} >= {"paused"}
    assert {t["policy"] for t in waiting if t["lead_state"] == "paused"} >= {"almacare", "pro2col"}


def test_escalated_including_ispsystem_team_and_pro2col_vendor(desk):
    assert tickets(desk, "tier = 'l2' AND is_open = 1")
    assert tickets(desk, "policy = 'ispsystem' AND tier = 'team'")
    assert "forward_team" in event_kinds(desk, "ispsystem")
    assert tickets(desk, "policy = 'pro2col' AND tier = 'vendor'")


def test_split_parents_and_children(desk):
    parents = tickets(desk, "status = 'split'")
    assert len({p["policy"] for p in parents}) >= 2
    for parent in parents:
        children = tickets(desk, "parent_id = ?", [parent["id"]])
        assert [c["id"] for c in children] == json.loads(parent["children"])
        assert len(children) >= 2
        assert all(c["opened_at"] == parent["opened_at"] for c in children)   # the original start
        for child in children:
            assert child["body"] and child["body"] in parent["body"] or \
                child["body"].split("\n\n")[0] in parent["body"]
    billing = tickets(desk, "parent_id IS NOT NULL AND subject LIKE 'BILLmanager%'")
    assert billing and billing[0]["attributes"]["product"] == "billmanager"


def test_assigned_to_engineers_and_to_me_and_some_unassigned(desk):
    assignees = {t["assignee"] for t in tickets(desk, "is_open = 1")}
    assert ME in assignees and None in assignees
    assert len(assignees - {ME, None}) >= 3


def test_unrouted_tickets_have_no_contract(desk):
    unrouted = tickets(desk, "contract_id IS NULL")
    assert unrouted and all(t["is_open"] and t["severity"] is None for t in unrouted)


def test_resolved_and_closed_stay_in_history_not_in_the_queue(desk):
    done = tickets(desk, "status IN ('resolved', 'closed', 'rejected', 'merged')")
    assert {t["status"] for t in done} == {"resolved", "closed", "rejected", "merged"}
    queued = {item["id"] for item in queue(desk, now=NOW)}
    assert not queued & {t["id"] for t in done}
    assert "purge" in event_kinds(desk, "ispsystem") or not tickets(
        desk, "policy = 'ispsystem' AND status IN ('resolved', 'closed')")


def test_out_of_hours_worklogs_on_pro2col_p1(desk):
    logged = tickets(desk, "out_of_hours_minutes > 0")
    assert logged
    assert all(t["policy"] == "pro2col" and t["plan"] == "24x7" and t["severity"] == "p1"
               for t in logged)


def test_reclassified_dev_team_updates_and_reopened(desk):
    kinds = event_kinds(desk)
    assert {"reclassify", "require_dev", "update_sent", "reopen", "customer_reply",
            "request_info", "merge", "reject"} <= kinds
    assert "reclassify" in event_kinds(desk, "pro2col")
    assert tickets(desk, "dev_required = 1 AND policy = 'ispsystem'")


def test_eligibility_and_missing_information_flags(desk):
    flags = {f for t in tickets(desk) for f in t["flags"]}
    assert {"info?", "not a lead", "term ended", "old version"} <= flags


def test_every_event_is_in_the_past(desk):
    latest = rows(desk, "SELECT max(at) AS at FROM events")[0]["at"]
    assert parse_instant(latest) <= NOW


# ---------------------------------------------------------------- the mail itself


def test_required_information_in_the_body_is_what_the_ticket_records(desk):
    """Intake would read the same values from the mail as the demo recorded: no mismatch."""
    checked = 0
    for ticket in tickets(desk, "policy IS NOT NULL AND parent_id IS NULL"):
        pack = packs.get_pack(ticket["policy"])
        opening = rows(desk, "SELECT payload FROM events WHERE ticket_id = ? AND kind = 'open'",
                       [ticket["id"]])
        given = json.loads(opening[0]["payload"])["attributes"]
        for field in pack.required_info:
            mail = f"{ticket['subject']}\n{ticket['body']}"
            found = [m.group(1) for p in field.patterns for m in [re.search(p, mail)] if m]
            if field.id in given:
                assert found and found[0].lower() == str(given[field.id]).lower(), \
                    (ticket["id"], field.id)
                checked += 1
            else:
                assert not found, (ticket["id"], field.id, found)
    assert checked > 200


def test_some_mail_lacks_information_and_the_customer_sends_it_later(desk):
    supplied = rows(desk, "SELECT payload FROM events WHERE kind = 'customer_reply' "
                          "AND payload LIKE '%attributes%'")
    assert supplied
    assert tickets(desk, "flags LIKE '%info?%' AND policy = 'procomputers'")
    assert any("cat /etc/procomputers-release" in t["body"] for t in tickets(
        desk, "policy = 'procomputers'"))


def test_mail_reads_like_mail(desk):
    for ticket in tickets(desk, "parent_id IS NULL"):
        assert "{" not in ticket["subject"]
        assert not re.search(r"\{[a-z_]+\}", ticket["body"]), ticket["id"]
        assert "\n\n\n" not in ticket["body"]


# ---------------------------------------------------------------- determinism


def content(store: Store) -> tuple[list, list]:
    """Everything stored except event ids (uuids), which no reader compares."""
    events = []
    for row in rows(store, "SELECT ticket_id, at, actor, kind, payload FROM events ORDER BY seq"):
        payload = json.loads(row["payload"])
        payload.pop("copied_from", None)
        events.append((row["ticket_id"], row["at"], row["actor"], row["kind"], payload))
    return rows(store, "SELECT * FROM tickets ORDER BY id"), events


def test_same_seed_and_now_give_the_same_desk(desk, tmp_path):
    with seeded(tmp_path / "again.db") as again:
        assert content(again) == content(desk)


def test_another_seed_or_now_gives_another_desk(desk, tmp_path):
    with seeded(tmp_path / "other.db", seed=SEED + 1) as other:
        assert content(other)[0] != content(desk)[0]
    later = NOW + timedelta(days=30)
    with seeded(tmp_path / "later.db", now=later, tickets=40) as moved:
        first = rows(moved, "SELECT min(at) AS at FROM events")[0]["at"]
        assert parse_instant(first) > NOW - timedelta(days=5)


def test_a_saturday_demo_still_has_tickets_about_to_breach(tmp_path):
    saturday = datetime(2026, 3, 7, 23, 0, tzinfo=UTC)
    with seeded(tmp_path / "sat.db", now=saturday, tickets=60) as store:
        items = queue(store, now=saturday)
        assert any(not i["breached"] and i["state"] == "running"
                   and parse_instant(i["due_at"]) <= saturday + timedelta(hours=1) for i in items)
        assert any(i["breached"] for i in items)


# ---------------------------------------------------------------- desk demo


def run(capsys, *argv):
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_desk_demo_big_store_is_quick(tmp_path, capsys):
    path = tmp_path / "big.db"
    started = time.perf_counter()
    code, out, err = run(capsys, "--db", str(path), "--now", "2026-03-04T10:30:00Z",
                         "demo", "--tickets", "2000", "--no-open")
    took = time.perf_counter() - started
    assert code == 0, err
    assert out.startswith("seeded ") and str(path) in out
    with Store.open(path) as store:
        assert mails(store) == 2000
        assert len(queue(store, now=NOW)) > 1500
    assert took < 30


def test_desk_demo_refuses_a_store_with_data_unless_forced(tmp_path, capsys):
    path = tmp_path / "desk.db"
    assert run(capsys, "--db", str(path), "demo", "--tickets", "5", "--no-open")[0] == 0
    before = dump(path)
    code, out, err = run(capsys, "--db", str(path), "demo", "--tickets", "5", "--no-open")
    assert code == 2 and out == ""
    assert err.startswith(f"desk: {path}: the store already holds") and "--force" in err
    assert dump(path) == before
    code, out, err = run(capsys, "--db", str(path), "--now", "2026-03-04T10:30:00Z",
                         "demo", "--tickets", "8", "--no-open", "--force")
    assert code == 0 and f"replaced {path}" in err
    with Store.open(path) as store:
        assert mails(store) == 8


def test_desk_demo_writes_into_an_empty_store(tmp_path, capsys):
    path = tmp_path / "empty.db"
    assert run(capsys, "--db", str(path), "init")[0] == 0
    assert run(capsys, "--db", str(path), "demo", "--tickets", "3", "--no-open")[0] == 0


def test_desk_demo_never_removes_a_file_that_is_not_a_store(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n" * 100)
    code, _, err = run(capsys, "--db", str(path), "demo", "--no-open", "--force")
    assert code == 2 and err.startswith(f"desk: {path}: ")
    assert path.read_text() == "my notes\n" * 100


def test_desk_demo_without_db_uses_its_own_store_every_time(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("DESK_DB", raising=False)
    for _ in range(2):
        code, out, err = run(capsys, "demo", "--tickets", "4", "--no-open")
        assert code == 0, err
    own = tmp_path / "support-console" / "demo.db"
    assert str(own) in out
    assert not (tmp_path / "support-console" / "desk.db").exists()
    with Store.open(own) as store:
        assert mails(store) == 4


def test_desk_demo_rejects_a_negative_count(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "demo", "--tickets", "-1")
    assert code == 2 and err.strip() == "desk: --tickets: -1 is negative"
    assert not (tmp_path / "x.db").exists()


