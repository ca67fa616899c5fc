"""SLA achievement over a period, recomputed from the event log.

The report never reads the stored clock rows: each ticket's clocks are computed
again as of the period's end (events after it are not known yet), so any past
period can be re-run and gives the same answer it would have given then.

Which instances count: target instances (timers cannot breach) that started in
the period [from 00:00Z, to + 1 day 00:00Z). Outcomes as of the period end:
- met in time: met, and the deadline had not passed;
- breached: the deadline passed before the instance was met or stopped, or
  passed while it still ran at the period end;
- neither (pending): still within target at the period end, or stopped with no
  target to meet (a ticket closed, rejected or forwarded in time).
A split ticket's instances that the split stopped are not counted: they go on
in the children, which replay the parent's history from its original start.
Achievement is met in time / (met in time + breached); pending instances are
left out, because their outcome is not known yet or never will be.
Undelivered: met instances whose meeting event queued a mail to the customer
that was not sent within 15 minutes of it (console/services/outbox.py LATE),
so "met" never hides a reply the customer did not get.
Time to meet is working time on the metric's calendar (pauses excluded), the
quantity the target is written in, over every met instance, early or late; the
90th percentile is the nearest-rank one.
"""

import math
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from console.domain.clocks import compute_clocks
from console.domain.contract import Contract
from console.domain.events import effective_events
from console.domain.ticket import fold
from console.domain.timeutil import to_epoch
from console.errors import UserError
from console.services import outbox, packs
from console.store import contracts, event_window, events
from console.store.database import Store

DIMENSIONS = ("vendor", "plan", "severity", "metric")
DEFAULT_BY = ("vendor", "metric")


@dataclass
class Group:
    """One row of the report: the counts and times of the instances sharing its key."""

    key: tuple[str, ...]
    sort_key: tuple = ()
    instances: int = 0
    met: int = 0
    breached: int = 0
    undelivered: int = 0   # met, but the meeting reply had not reached the customer in outbox.LATE
    times: list[int] = field(default_factory=list)   # working seconds to meet

    @property
    def pending(self) -> int:
        return self.instances - self.met - self.breached

    @property
    def achievement(self) -> float | None:
        decided = self.met + self.breached
        return round(100 * self.met / decided, 1) if decided else None

    @property
    def median_seconds(self) -> int | None:
        return round(statistics.median(self.times)) if self.times else None

    @property
    def p90_seconds(self) -> int | None:
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]

    def add(self, met_in_time: bool, breached: bool, time_to_meet: int | None,
            undelivered: bool) -> None:
        self.instances += 1
        self.met += met_in_time
        self.breached += breached
        self.undelivered += undelivered
        if time_to_meet is not None:
            self.times.append(time_to_meet)


@dataclass(frozen=True)
class Report:
    start: date
    end: date                       # inclusive
    by: tuple[str, ...]
    groups: tuple[Group, ...]
    total: Group

    def rows(self) -> list[dict[str, Any]]:
        """Groups then the total, as plain values (seconds as integers)."""
        return [self.row(g) for g in self.groups] + [self.row(self.total)]

    def row(self, g: Group) -> dict[str, Any]:
        return {**dict(zip(self.by, g.key)), "instances": g.instances, "met": g.met,
                "breached": g.breached, "pending": g.pending, "undelivered": g.undelivered,
                "achievement": g.achievement,
                "median_seconds": g.median_seconds, "p90_seconds": g.p90_seconds}

    def as_json(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "by": list(self.by),
                "groups": [self.row(g) for g in self.groups], "total": self.row(self.total)}


def parse_by(text: str | None) -> tuple[str, ...]:
    if not text:
        return DEFAULT_BY
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    for part in chosen:
        if part not in DIMENSIONS:
            raise UserError(f"--by: unknown grouping {part!r} (known: {', '.join(DIMENSIONS)})")
    if len(set(chosen)) != len(chosen):
        raise UserError(f"--by: {text!r} names a grouping twice")
    return chosen


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


def sla_report(store: Store, *, start: date, end: date, by: tuple[str, ...] = DEFAULT_BY) -> Report:
    """Instances, met in time, breached, achievement and times to meet, per group."""
    if end < start:
        raise UserError(f"--to {end} is before --from {start}")
    begin = datetime.combine(start, time(), UTC)
    finish = datetime.combine(end + timedelta(days=1), time(), UTC)
    groups: dict[tuple[str, ...], Group] = {}
    total = Group(key=("total",) + ("",) * (len(by) - 1))
    known: dict[str, Contract | None] = {}
    with store.snapshot():
        for ticket_id in event_window.ticket_ids_between(store, to_epoch(begin), to_epoch(finish)):
            log = [e for e in events.for_ticket(store, ticket_id) if e.at < finish]
            contract_id = fold(ticket_id, log).contract_id
            if contract_id is None:
                continue
            if contract_id not in known:
                known[contract_id] = contracts.get(store, contract_id)
            contract = known[contract_id]
            pack = packs.get_pack(contract.policy)
            order = {m.id: i for i, m in enumerate(pack.metrics)}
            split_at = {e.at for e in effective_events(log) if e.kind == "split"}
            late_mail = outbox.late_instants(store, ticket_id)
            for clock in compute_clocks(pack, contract, log, finish):
                if clock.kind != "target" or not begin <= clock.started_at < finish:
                    continue
                if clock.state == "stopped" and clock.ended_at in split_at:
                    continue  # it goes on in the children, which replay the parent's history
                severity = clock.basis.severity if clock.basis else None
                rank = pack.severities[severity].rank if severity in pack.severities else 99
                values = {"vendor": (contract.policy, contract.policy),
                          "plan": (contract.plan, contract.plan),
                          "severity": (severity or "-", (rank, severity or "")),
                          "metric": (clock.metric, (order[clock.metric], clock.metric))}
                key = tuple(values[d][0] for d in by)
                group = groups.setdefault(key, Group(key, tuple(values[d][1] for d in by)))
                met = clock.state == "met"
                outcome = (met and not clock.breached, clock.breached,
                           clock.consumed_seconds if met else None,
                           met and clock.ended_at in late_mail)
                group.add(*outcome)
                total.add(*outcome)
    ordered = tuple(sorted(groups.values(), key=lambda g: g.sort_key))
    return Report(start, end, by, ordered, total)

