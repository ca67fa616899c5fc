"""SLA clocks: a pure function of a pack, a contract, a ticket's events and `now`.

The model is start / meet / pause / resume / restart / stop on event kinds, all
read from the pack. Each metric instance keeps the stretches of time it ran or
was paused, with the classification in force and the events seen during each: a
stretch ends at every event, so at every reclassification and attribute change.

The target is the one of the classification the instance ends with (or has now),
applied from the instance's start; each stretch counts on the calendar of its own
classification and events (hours a ticket spent as an Emergency count 24/7 even
if it is lowered later; ISPsystem's development-team hours start at `require_dev`).
An instance already met or stopped keeps the classification it ended under. A
metric with no target under a classification (AlmaCare sev4 reports) stops its
open instance when the ticket is moved there, and starts one when the ticket is
moved out of it while the metric would be running.

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
from console.domain.events import CLASSIFYING, Event, effective_events, routed_opening
from console.domain.policy import CalendarRule, Metric, Pack

ELAPSED = Calendar.always()
# A running target with less than this share of its working time left is shown as a warning.
WARN_SHARE = 0.25


@dataclass(frozen=True)
class Basis:
    """A classification and the contract terms: what targets and calendars are decided on."""

    severity: str | None
    plan: str
    attributes: dict[str, Any]
    options: dict[str, Any]


@dataclass(frozen=True)
class Stretch:
    """A piece of an instance's life: [start, end) running or paused, under one
    classification (`basis`) and with the events seen by then."""

    start: datetime
    end: datetime
    running: bool
    seen: frozenset[str]
    basis: Basis
    reason: str = ""


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


def _stretch_calendar(pack: Pack, metric: Metric, stretch: Stretch, target: Duration) -> Calendar:
    """The calendar a stretch counts on: the one of its own classification, whose target's
    unit may choose it (AlmaCare: business days on Monday-Friday, hours around the clock)."""
    own = _target(pack, metric, stretch.basis)[0] or target
    return _calendar_for(pack, metric, stretch.basis, stretch.seen, own.unit)[0]


def calendar_for_stretch(pack: Pack, clock: "ClockInstance", stretch: Stretch) -> Calendar:
    """The calendar a stretch of an instance was counted on (for explanations)."""
    return _stretch_calendar(pack, pack.metric(clock.metric), stretch, clock.target)


def _finish(pack: Pack, o: _Open, basis: Basis, now: datetime) -> ClockInstance | None:
    metric = o.metric
    target, goal = _target(pack, metric, basis)
    if target is None:
        return None   # never opened or kept under a classification with no target
    stretches = tuple(o.stretches)
    # the calendar in force at the end: where a deadline not reached yet lies, and what
    # a target's business days are worth
    cal_now, rule = _calendar_for(pack, metric, basis, o.seen_end, target.unit)
    calendars: dict[tuple[int, frozenset[str]], Calendar] = {}   # stretches share classifications
    counted = []
    for s in stretches:
        if s.running:
            key = (id(s.basis), s.seen)
            if key not in calendars:
                calendars[key] = _stretch_calendar(pack, metric, s, target)
            counted.append((s, calendars[key]))
    state = o.end_state or ("running" if o.running else "paused")

    def reach(duration: Duration, share: float = 1.0) -> tuple[int, datetime | None, int]:
        """(seconds of `share` of the duration, instant they were reached or None, seconds consumed)."""
        seconds = math.ceil(working_seconds(duration, cal_now) * share)
        consumed, crossing = 0, None
        for s, cal in counted:
            worked = cal.between(s.start, s.end)
            if crossing is None and consumed + worked >= seconds:
                crossing = cal.add(s.start, seconds - consumed)
            consumed += worked
        return seconds, crossing, consumed

    def due(duration: Duration, share: float = 1.0) -> datetime | None:
        """When `share` of the duration was reached or, running on from the end, will be;
        a paused or stopped instance has no deadline ahead of it."""
        seconds, crossing, used = reach(duration, share)
        if crossing is None and state in ("running", "met"):
            return cal_now.add(o.since, seconds - used)
        return crossing

    target_s, crossing, consumed = reach(target)
    evaluated_at = o.ended_at if state in ("met", "stopped") else (o.since if state == "paused" else now)
    breached = metric.kind == "target" and crossing is not None and crossing < evaluated_at
    due_at = due(target)
    goal_due = due(goal) if goal is not None else None
    warn_at = None
    if state == "running" and metric.kind == "target":
        short = due(target, 1 - WARN_SHARE)
        warn_at = min(short, goal_due) if goal_due is not None else short
    return ClockInstance(
        metric=metric.id, instance=o.number, kind=metric.kind, state=state, breached=breached,
        started_at=o.started_at, due_at=due_at, met_at=o.ended_at if state == "met" else None,
        remaining_seconds=None if state in ("met", "stopped") else target_s - consumed,
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
    basis = _basis(contract, severity, attributes)   # the classification in force
    # A routed ticket counts from its receipt as if the sender had been known (DESIGN.md `route`).
    routed = routed_opening(events)
    seen: set[str] = set()
    paused = {m.id: False for m in pack.metrics}
    held = {m.id: False for m in pack.metrics}
    # would be running, but has no target under the classification in force (AlmaCare sev4 reports)
    dormant = {m.id: False for m in pack.metrics}
    counters = {m.id: 0 for m in pack.metrics}
    open_: dict[str, _Open] = {}
    done: list[tuple[_Open, Basis]] = []
    last_at = events[0].at

    def advance(until: datetime):
        seen_now = frozenset(seen)
        for o in open_.values():
            if until > o.since:
                o.stretches.append(Stretch(o.since, until, o.running, seen_now, basis, o.reason))
                o.since = until

    def close(o: _Open, state: str, at: datetime, ended_under: Basis):
        o.end_state, o.ended_at, o.seen_end = state, at, frozenset(seen)
        done.append((o, ended_under))
        del open_[o.metric.id]

    for event in events:
        at = max(event.at, last_at)
        advance(at)
        last_at = at
        before = basis
        classifies = event.kind in CLASSIFYING
        # a route's classification and fields count from the opening, not from when it was routed
        if event.kind != "route" and (classifies or "attributes" in event.payload):
            opening = routed if event.kind == "open" else {}
            if classifies:
                severity = opening.get("severity", event.payload.get("severity", severity))
            attributes = {**attributes, **event.payload.get("attributes", {}),
                          **opening.get("attributes", {})}
            basis = _basis(contract, severity, attributes)
        reclassified = basis != before
        for metric in pack.metrics:
            mid = metric.id
            current = open_.get(mid)
            if current is not None or dormant[mid]:
                met = _matches(metric.meet, event)
                ends = met or _matches(metric.stop, event) or _matches(metric.hold, event) \
                    or _matches(pack.stop_all, event) or _matches(metric.restart, event)
                if current is None:
                    dormant[mid] = not ends
                elif ends:
                    close(current, "met" if met else "stopped", at, basis)
                elif reclassified and _target(pack, metric, basis)[0] is None:
                    close(current, "stopped", at, before)   # no target from here on
                    dormant[mid] = True
            if _matches(metric.hold, event):
                held[mid] = True
            if _matches(metric.release, event):
                held[mid] = False
            if _matches(metric.pause, event):
                paused[mid] = True
            if _matches(metric.resume, event):
                paused[mid] = False
            starts = _matches(metric.restart, event) or (mid not in open_ and _matches(metric.start, event))
            if mid not in open_ and not held[mid] and (starts or (reclassified and dormant[mid])):
                dormant[mid] = _target(pack, metric, basis)[0] is None
                if not dormant[mid]:
                    counters[mid] += 1
                    open_[mid] = _Open(metric, counters[mid], at, since=at)
            o = open_.get(mid)
            if o is not None:
                o.running = not paused[mid]
                o.reason = "" if o.running else f"{metric.pause_reason} ({event.kind})"
        seen.add(event.kind)
    advance(max(now, last_at))

    result = []
    for o, ended_under in done:
        inst = _finish(pack, o, ended_under, now)
        if inst is not None:
            result.append(inst)
    for o in open_.values():
        o.seen_end = frozenset(seen)
        result.append(_finish(pack, o, basis, now))   # open instances have a target in force
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
