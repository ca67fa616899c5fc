"""SLA clocks: a pure function of a pack, a contract, a ticket's events and `now`.

The model is start / meet / pause / resume / restart / stop on event kinds, all
read from the pack. Each metric instance keeps the stretches of time it ran or
was paused, and which events had happened by then (a calendar can change inside
an instance, e.g. ISPsystem's development-team hours after `require_dev`).

Classification (severity, attributes) is applied from the instance's start:
reclassifying re-applies the new target, and the calendar that depends on it,
to the whole of every instance still open; an instance already met or stopped
keeps the classification it ended under.

Deadlines use the calendar arithmetic of console/domain/calendar.py: `consumed`
is working time counted so far; `due_at` is the instant the target was (or will
be, if nothing else happens) reached; `remaining = target - consumed`, negative
once breached; breached means the deadline passed before the instance was met
(or before `now` while it runs).
"""

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from console.domain.calendar import Calendar
from console.domain.contract import Contract
from console.domain.durations import Duration, parse_duration, working_seconds
from console.domain.events import Event, effective_events
from console.domain.policy import CalendarRule, Metric, Pack

ELAPSED = Calendar.always()
# A running target with less than this share of its working time left is shown as a warning.
WARN_SHARE = 0.25


@dataclass(frozen=True)
class Stretch:
    """A piece of an instance's life: [start, end) running or paused, with the events seen by then."""

    start: datetime
    end: datetime
    running: bool
    seen: frozenset[str]
    reason: str = ""


@dataclass(frozen=True)
class Basis:
    """What an instance's target and calendars were decided on."""

    severity: str | None
    plan: str
    attributes: dict[str, Any]
    options: dict[str, Any]


@dataclass(frozen=True)
class ClockInstance:
    metric: str
    instance: int
    kind: str                        # target | timer
    state: str                       # running | paused | met | stopped
    breached: bool
    started_at: datetime
    due_at: datetime | None
    met_at: datetime | None
    remaining_seconds: int | None
    calendar: str
    goal_due_at: datetime | None = None
    target: Duration | None = None
    label: str = ""
    ended_at: datetime | None = None
    stretches: tuple[Stretch, ...] = ()
    basis: Basis | None = None
    rule: CalendarRule | None = None
    target_clause: str = ""
    action: str | None = None
    consumed_seconds: int = 0
    target_seconds: int = 0
    warn_at: datetime | None = None   # running targets: past the internal goal or under WARN_SHARE left
    notes: tuple[str, ...] = ()
    _calendar_obj: Calendar | None = field(default=None, compare=False, repr=False)

    @property
    def fired(self) -> bool:
        """A timer whose time ran out: its action (auto-close) is due."""
        return self.kind == "timer" and self.state == "running" and self.remaining_seconds is not None \
            and self.remaining_seconds <= 0

    def live(self, now: datetime) -> tuple[int | None, bool]:
        """(remaining working seconds, breached) at a later `now`, with no new events."""
        if self.state != "running" or self.due_at is None or self._calendar_obj is None:
            return self.remaining_seconds, self.breached
        remaining = self._calendar_obj.between(now, self.due_at)
        return remaining, self.kind == "target" and now > self.due_at


@dataclass
class _Open:
    metric: Metric
    number: int
    started_at: datetime
    stretches: list[Stretch] = field(default_factory=list)
    running: bool = True
    since: datetime | None = None
    reason: str = ""
    end_state: str | None = None
    ended_at: datetime | None = None
    seen_end: frozenset[str] = frozenset()   # events seen when it ended (or by now)


def _matches(matchers, event: Event) -> bool:
    return any(m.matches(event.kind, event.payload) for m in matchers)


def _basis(contract: Contract, severity, attributes) -> Basis:
    return Basis(severity, contract.plan, dict(attributes), dict(contract.options))


def _target(pack: Pack, metric: Metric, basis: Basis) -> tuple[Duration | None, Duration | None]:
    def cell(table):
        for plan in (basis.plan, "all"):
            row = table.get(plan, {})
            for sev in (basis.severity, "all"):
                if sev in row:
                    return row[sev]
        return None

    target = cell(metric.targets)
    for o in metric.overrides:
        if o.severity == basis.severity and basis.options.get(o.option):
            chosen = parse_duration(str(basis.options[o.option]))
            # contracts are checked on entry; a stored one below the minimum keeps the default
            if o.allows(chosen):
                target = chosen
    return target, cell(metric.goals)


def calendar_rule(metric: Metric, basis: Basis, seen) -> CalendarRule:
    for rule in metric.calendars:
        if rule.when.holds(basis.severity, basis.plan, basis.attributes, basis.options, seen):
            return rule
    raise AssertionError("validated packs end with a default calendar rule")


def contract_calendar(pack: Pack, calendar_id: str, options: dict[str, Any]) -> Calendar:
    """The pack's calendar, with the contract's own holidays where the pack allows them.

    A contract option `holidays` (a list of dates) and/or `holiday_country` (with
    `holiday_subdiv`) extends the calendars the pack marks `contract_holidays`.
    """
    if calendar_id not in pack.contract_holidays:
        return pack.calendars[calendar_id]
    key = tuple(str(d) for d in options.get("holidays") or ())
    country = options.get("holiday_country")
    subdiv = options.get("holiday_subdiv")
    if not key and not country:
        return pack.calendars[calendar_id]
    return _with_contract_holidays(pack, calendar_id, key, country, subdiv)


def calendar_named(pack: Pack, calendar_id: str, options: dict[str, Any]) -> Calendar:
    """The calendar a stored clock row names: a pack calendar (with the contract's
    holidays), or the elapsed-time calendar that `days` targets run on."""
    if calendar_id in pack.calendars:
        return contract_calendar(pack, calendar_id, options)
    return ELAPSED


@lru_cache(maxsize=256)
def _with_contract_holidays(pack: Pack, calendar_id: str, dates: tuple[str, ...], country, subdiv):
    spec = dict(pack.calendar_specs[calendar_id])
    spec["holidays"] = list(spec.get("holidays", [])) + list(dates)
    if country:
        spec["holiday_country"], spec["holiday_subdiv"] = country, subdiv
    return Calendar.from_mapping(spec, id=calendar_id)


def _calendar_for(pack: Pack, metric: Metric, basis: Basis, seen, unit: str) -> tuple[Calendar, CalendarRule]:
    rule = calendar_rule(metric, basis, seen)
    if unit == "days":
        return ELAPSED, rule
    if unit == "business_days" and metric.business_calendar:
        return contract_calendar(pack, metric.business_calendar, basis.options), rule
    return contract_calendar(pack, rule.calendar, basis.options), rule


def calendar_for_stretch(pack: Pack, clock: "ClockInstance", stretch: Stretch) -> Calendar:
    """The calendar a stretch of an instance was counted on (for explanations)."""
    metric = pack.metric(clock.metric)
    return _calendar_for(pack, metric, clock.basis, stretch.seen, clock.target.unit)[0]


def _finish(pack: Pack, o: _Open, basis: Basis, now: datetime) -> ClockInstance | None:
    metric = o.metric
    target, goal = _target(pack, metric, basis)
    end = o.ended_at if o.end_state else now
    stretches = tuple(o.stretches)
    if target is None:
        # no target under this classification (e.g. AlmaCare sev4 reports: on request only)
        return None
    cal_now, rule = _calendar_for(pack, metric, basis, o.seen_end, target.unit)

    def reach(duration: Duration | None, share: float = 1.0) -> tuple[int, datetime | None, int]:
        """(seconds of `share` of the duration, instant they were reached or None, seconds consumed)."""
        if duration is None:
            return 0, None, 0
        consumed, crossing, goal_s = 0, None, None
        for s in stretches:
            if not s.running:
                continue
            cal, _ = _calendar_for(pack, metric, basis, s.seen, duration.unit)
            goal_s = math.ceil(working_seconds(duration, cal) * share) if goal_s is None else goal_s
            worked = cal.between(s.start, s.end)
            if crossing is None and consumed + worked >= goal_s:
                crossing = cal.add(s.start, goal_s - consumed)
            consumed += worked
        if goal_s is None:
            goal_s = math.ceil(working_seconds(duration, cal_now) * share)
        return goal_s, crossing, consumed

    def projected(duration: Duration | None, share: float = 1.0) -> datetime | None:
        """When `share` of the duration is (or, running on, will be) reached."""
        seconds, crossing, used = reach(duration, share)
        if duration is None or crossing is not None:
            return crossing
        return cal_now.add(o.since, seconds - used)

    target_s, crossing, consumed = reach(target)
    state = o.end_state or ("running" if o.running else "paused")
    evaluated_at = end if state in ("met", "stopped") else (o.since if state == "paused" else now)
    remaining = target_s - consumed
    due_at = crossing
    if due_at is None and state in ("running", "met"):
        # not reached yet: project the rest on the calendar in force at the end
        due_at = cal_now.add(o.since, remaining)
    breached = metric.kind == "target" and crossing is not None and crossing < evaluated_at
    goal_due = warn_at = None
    if state == "running":
        goal_due = projected(goal)
        if metric.kind == "target":
            short = projected(target, 1 - WARN_SHARE)
            warn_at = min(short, goal_due) if goal_due is not None else short
    elif goal is not None:
        goal_due = reach(goal)[1]
    return ClockInstance(
        metric=metric.id, instance=o.number, kind=metric.kind, state=state, breached=breached,
        started_at=o.started_at, due_at=due_at, met_at=o.ended_at if state == "met" else None,
        remaining_seconds=None if state in ("met", "stopped") else remaining,
        calendar=cal_now.id, goal_due_at=goal_due, target=target, label=metric.label,
        ended_at=o.ended_at, stretches=stretches, basis=basis, rule=rule,
        target_clause=metric.target_clauses.get(basis.plan, metric.clause), action=metric.action,
        consumed_seconds=consumed, target_seconds=target_s, warn_at=warn_at, _calendar_obj=cal_now,
    )


def compute_clocks(pack: Pack, contract: Contract, events: list[Event], now: datetime) -> list[ClockInstance]:
    """Every metric instance of the ticket, oldest first (by start, then metric order)."""
    events = [e for e in effective_events(events) if e.at <= now]  # later ones are not known yet
    if not events:
        return []
    severity, attributes = None, {}
    seen: set[str] = set()
    paused = {m.id: False for m in pack.metrics}
    held = {m.id: False for m in pack.metrics}
    counters = {m.id: 0 for m in pack.metrics}
    open_: dict[str, _Open] = {}
    done: list[tuple[_Open, Basis]] = []
    last_at = events[0].at

    def advance(until: datetime):
        for o in open_.values():
            if until > o.since:
                o.stretches.append(Stretch(o.since, until, o.running, frozenset(seen), o.reason))
                o.since = until

    def close(o: _Open, state: str, at: datetime):
        o.end_state, o.ended_at, o.seen_end = state, at, frozenset(seen)
        done.append((o, _basis(contract, severity, attributes)))
        del open_[o.metric.id]

    for event in events:
        at = max(event.at, last_at)
        advance(at)
        last_at = at
        if event.kind in ("open", "split_from", "reclassify"):
            severity = event.payload.get("severity", severity)
        if "attributes" in event.payload:
            attributes = {**attributes, **event.payload["attributes"]}
        for metric in pack.metrics:
            current = open_.get(metric.id)
            if current is not None:
                if _matches(metric.meet, event):
                    close(current, "met", at)
                elif _matches(metric.stop, event) or _matches(metric.hold, event) \
                        or _matches(pack.stop_all, event) or _matches(metric.restart, event):
                    close(current, "stopped", at)
            if _matches(metric.hold, event):
                held[metric.id] = True
            if _matches(metric.release, event):
                held[metric.id] = False
            if _matches(metric.pause, event):
                paused[metric.id] = True
            if _matches(metric.resume, event):
                paused[metric.id] = False
            starts = _matches(metric.restart, event) or (
                metric.id not in open_ and _matches(metric.start, event))
            if starts and metric.id not in open_ and not held[metric.id]:
                basis = _basis(contract, severity, attributes)
                if _target(pack, metric, basis)[0] is not None:
                    counters[metric.id] += 1
                    open_[metric.id] = _Open(metric, counters[metric.id], at, since=at)
            o = open_.get(metric.id)
            if o is not None:
                o.running = not paused[metric.id]
                o.reason = "" if o.running else f"{metric.pause_reason} ({event.kind})"
        seen.add(event.kind)
    advance(max(now, last_at))
    final_basis = _basis(contract, severity, attributes)   # the classification the log ends with

    result = []
    for o, basis in done:
        inst = _finish(pack, o, basis, now)
        if inst is not None:
            result.append(inst)
    for o in open_.values():
        o.seen_end = frozenset(seen)
        inst = _finish(pack, o, final_basis, now)
        if inst is not None:  # None: reclassified to a severity with no target
            result.append(inst)
    order = {m.id: i for i, m in enumerate(pack.metrics)}
    result.sort(key=lambda c: (c.started_at, order[c.metric], c.instance))
    return result


def with_now(instances: list[ClockInstance], now: datetime) -> list[ClockInstance]:
    """The same instances seen at a later `now` (remaining and breached of running ones)."""
    out = []
    for c in instances:
        remaining, breached = c.live(now)
        out.append(replace(c, remaining_seconds=remaining, breached=breached))
    return out
