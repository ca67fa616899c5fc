"""A store with N open tickets, written straight into the projection tables in one transaction.

The queue reads only the `tickets` and `clocks` projections, so the benchmark fills
those directly (seconds for 100 000 tickets, where replaying each ticket's events
through the services would take minutes). Contracts go through the services, and
every row is shaped as console/store/projections.py writes it: real pack metrics,
severities, ranks and calendars, deadlines spread around `now` so the queue has
breached, near, paused and clockless tickets. The file is cached under /tmp per
schema version and size.
"""

import json
import random
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

from console.domain.timeutil import format_instant, from_epoch, to_epoch
from console.services import packs
from console.services.contracts import add_contract
from console.store import Store
from console.store.migrations import load_migrations

# policy -> (plans, lead metrics, calendar of those clocks)
VENDORS = {
    "ispsystem": (("standard", "privilege"), ("response",), "always"),
    "almacare": (("essential", "enhanced"), ("first_response", "update"), "always"),
    "pro2col": (("standard", "24x7"), ("review", "vendor_escalation"), "uk_business"),
    "procomputers": (("standard",), ("first_response",), "always"),
}
CUSTOMERS = ("Acme Hosting", "Nordhost", "BrightCloud", "Kestrel Logistics", "Skyline Analytics",
             "Bluefin Media", "Orchard Health", "Granite Bank", "Polar Freight", "Vela Games")
SUBJECTS = ("VM will not start after upgrade", "Invoice shows wrong VAT rate", "Kernel panic on reboot",
            "SFTP logins slow", "cloud-init fails on first boot", "Cannot reach IPMI on rack",
            "Licence transfer to a new host", "PHP update breaks loader", "Backup job stuck at 99%",
            "DNS zone not syncing to slave")


def bench_store(tickets: int, now: datetime) -> Path:
    """The cached store file for this schema and size (built on first use)."""
    schema = len(load_migrations())
    path = Path(tempfile.gettempdir()) / f"desk-bench-queue-s{schema}-{tickets}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in path.parent.glob(partial.name + "*"):
            leftover.unlink()
        _build(partial, tickets, now)
        partial.rename(path)
    return path


def _build(path: Path, count: int, now: datetime) -> None:
    rng = random.Random(5)
    with Store.open(path) as store:
        contracts = []
        for n in range(200):
            policy = list(VENDORS)[n % len(VENDORS)]
            plans = VENDORS[policy][0]
            contract_id = f"{policy}-{n:03d}"
            add_contract(store, contract_id=contract_id, customer=f"{CUSTOMERS[n % 10]} {n:03d}",
                         policy=policy, plan=plans[n // 4 % len(plans)],
                         options={"hosts": 1200} if policy == "almacare" else {})
            contracts.append((contract_id, f"{CUSTOMERS[n % 10]} {n:03d}", policy, plans[n // 4 % len(plans)]))
        tickets, clocks = [], []
        base = to_epoch(now)
        for i in range(count):
            ticket_id = f"T-{100_000 + i}"
            contract_id, customer, policy, plan = contracts[rng.randrange(len(contracts))]
            pack = packs.get_pack(policy)
            severity = rng.choice(list(pack.severities))
            _, metrics, calendar = VENDORS[policy]
            metric = rng.choice(metrics)
            kind = rng.random()
            bucket = 0 if kind < 0.75 else 1 if kind < 0.92 else 2
            started = base - rng.randrange(0, 3 * 86400)
            due = started + rng.randrange(1800, 4 * 86400)
            remaining = due - started if bucket == 1 else due - base
            lead = bucket < 2
            tickets.append((
                ticket_id, contract_id, policy, plan, customer,
                f"{rng.choice(SUBJECTS)} (case {i})", "", severity, pack.severities[severity].rank,
                "waiting" if bucket == 1 else "open", "customer" if bucket == 1 else "vendor",
                "{}", "[]", 0, 0, 0, json.dumps(["info?"] if i % 7 == 0 else []),
                format_instant(from_epoch(started)), format_instant(from_epoch(started)), 1 + i % 5, 1, bucket,
                due if bucket == 0 else remaining if bucket == 1 else 0,
                metric if lead else None, 1 if lead else None,
                ("running" if bucket == 0 else "paused") if lead else None,
                format_instant(from_epoch(due)) if bucket == 0 else None, remaining if lead else None,
                int(bucket == 0 and due < base) if lead else None, calendar if lead else None,
            ))
            if lead:
                clocks.append((ticket_id, metric, 1, "target", "running" if bucket == 0 else "paused",
                               format_instant(from_epoch(started)), format_instant(from_epoch(due)) if bucket == 0 else None,
                               remaining, int(bucket == 0 and due < base), calendar))
        with store.transaction():
            store.conn.executemany(
                "INSERT INTO tickets (id, contract_id, policy, plan, customer, subject, body, severity,"
                " sev_rank, status, side, attributes, children, dev_required, attachments_purged,"
                " out_of_hours_minutes, flags, opened_at, updated_at, version, is_open, sort_bucket,"
                " sort_key, lead_metric, lead_instance, lead_state, lead_due_at, lead_remaining,"
                " lead_breached, lead_calendar) VALUES (" + ",".join("?" * 30) + ")",
                tickets,
            )
            store.conn.executemany(
                "INSERT INTO clocks (ticket_id, metric, instance, kind, state, started_at, due_at,"
                " remaining, breached, calendar) VALUES (?,?,?,?,?,?,?,?,?,?)",
                clocks,
            )
        store.conn.execute("ANALYZE")



# A ticket's history after its opening: (kind, payload, minutes after the previous event)
HISTORIES = (
    (),
    (("respond", {}, 40),),
    (("assign", {"assignee": "erin"}, 5), ("respond", {}, 30)),
    (("request_info", {}, 20), ("customer_reply", {}, 300)),
    (("respond", {}, 50), ("resolve", {}, 600), ("close", {}, 2880)),
    (("assign", {"assignee": "dan"}, 3), ("request_info", {}, 60), ("customer_reply", {}, 90),
     ("respond", {}, 30)),
)


def log_store(tickets: int, now: datetime, *, path: Path | None = None) -> Path:
    """A store whose event log holds `tickets` tickets (open, then one of HISTORIES) and whose
    projections are empty: what a rebuild starts from. Cached under /tmp unless `path` is given.

    The events are inserted as rows (what the services would append), 20 contracts over the
    four shipped packs, openings spread over the three days before `now`.
    """
    schema = len(load_migrations())
    target = path or Path(tempfile.gettempdir()) / f"desk-bench-log-s{schema}-{tickets}.db"
    if target.exists():
        return target
    partial = target.with_suffix(".partial")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    rng = random.Random(7)
    with Store.open(partial) as store:
        contracts = []
        for n in range(20):
            policy = list(VENDORS)[n % len(VENDORS)]
            plans = VENDORS[policy][0]
            contract_id = f"{policy}-{n:02d}"
            add_contract(store, contract_id=contract_id, customer=f"{CUSTOMERS[n % 10]} {n:02d}",
                         policy=policy, plan=plans[n // 4 % len(plans)],
                         options={"hosts": 1200} if policy == "almacare" else {})
            contracts.append((contract_id, policy))
        base = to_epoch(now)
        rows = []
        with store.transaction():
            for i in range(tickets):
                ticket_id = f"T-{100_000 + i}"
                contract_id, policy = contracts[rng.randrange(len(contracts))]
                severity = rng.choice(list(packs.get_pack(policy).severities))
                at = base - rng.randrange(0, 3 * 86400)
                opening = {"contract_id": contract_id, "subject": f"{rng.choice(SUBJECTS)} (case {i})",
                           "body": "", "attributes": {}, "severity": severity}
                for kind, payload, minutes in (("open", opening, 0), *rng.choice(HISTORIES)):
                    at += minutes * 60
                    rows.append((str(uuid.UUID(int=rng.getrandbits(128))), ticket_id,
                                 format_instant(from_epoch(at)), at, "bench", kind,
                                 json.dumps(payload, sort_keys=True)))
                if len(rows) >= 50_000:
                    _insert_events(store, rows)
                    rows = []
            _insert_events(store, rows)
        store.conn.execute("ANALYZE")
    partial.rename(target)
    return target


def _insert_events(store: Store, rows: list[tuple]) -> None:
    store.conn.executemany(
        "INSERT INTO events (id, ticket_id, at, at_epoch, actor, kind, payload) VALUES (?,?,?,?,?,?,?)",
        rows)
