"""Why a clock is due when it is: the intervals counted and skipped, and the clauses behind it.

Pure: built from a ClockInstance and its pack, rendered by the CLI (`desk sla
explain`) and the console's ticket detail alike. When an instance ran under more than
one classification, each piece says which one it counted under.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from console.domain.clocks import Basis, ClockInstance, calendar_for_stretch
from console.domain.durations import format_span
from console.domain.policy import Metric, Pack
from console.domain.timeutil import format_instant


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    status: str          # counted | skipped | paused | ahead
    reason: str          # "working time", "weekend", "holiday: Christmas Day", "paused: on the customer's side"
    seconds: int         # working seconds counted (0 for skipped/paused)


@dataclass(frozen=True)
class Explanation:
    title: str
    facts: list[tuple[str, str]]        # (label, text) lines: state, target, calendar, clauses, readings
    intervals: list[Interval]


def _pieces(calendar, start, end, status_working, status_gap) -> list[Interval]:
    out = []
    for seg in calendar.segments(start, end):
        if seg.working:
            out.append(Interval(seg.start, seg.end, status_working, "working time",
                                calendar.between(seg.start, seg.end)))
        else:
            out.append(Interval(seg.start, seg.end, status_gap, seg.reason or "outside hours", 0))
    return out


def _classification(metric: Metric, basis: Basis) -> str:
    """The severity and the attributes the metric's calendars look at, e.g. "high, product billmanager"."""
    keys = sorted({key for rule in metric.calendars for key, _ in rule.when.attributes})
    shown = [f"{key} {basis.attributes[key]}" for key in keys if basis.attributes.get(key)]
    return ", ".join([basis.severity or "no severity", *shown])


def _calendar_fact(pack: Pack, clock: ClockInstance) -> str:
    """The calendar in force at the end, described, with the clause that puts it there: the
    rule's, or the calendar's own when the target's unit chose it (AlmaCare business days)."""
    described = clock._calendar_obj.describe() if clock._calendar_obj else clock.calendar
    clause = clock.rule.clause
    if clock.calendar != clock.rule.calendar:
        clause = pack.calendar_clauses.get(clock.calendar, clause)
    return f"{clock.calendar}: {described} — {clause}"


def explain(pack: Pack, clock: ClockInstance, now: datetime) -> Explanation:
    metric = pack.metric(clock.metric)
    facts: list[tuple[str, str]] = [
        ("state", clock.state + (" (BREACHED)" if clock.breached else "")),
        ("metric", f"{metric.label} — {metric.clause}"),
    ]
    if metric.reading:
        facts.append(("reading", metric.reading))
    if clock.target is not None:
        facts.append(("target", (f"{clock.target} of working time on this calendar "
                                 f"= {format_span(clock.target_seconds, days=True)} — {clock.target_clause}")))
    if clock.basis is not None:
        facts.append(("classified", (f"plan {clock.basis.plan}, severity {clock.basis.severity} "
                                     "(a reclassification re-applies the target from the "
                                     "instance's start)")))
    runs = _classification_runs(metric, clock)
    if len(runs) > 1:
        facts.append(("stretches", "; ".join(f"{label} from {format_instant(start)}" for start, label in runs)
                      + " — each counted on its own classification's calendar"))
    if clock.rule is not None:
        facts.append(("calendar", _calendar_fact(pack, clock)))
        if clock.rule.reading and clock.calendar == clock.rule.calendar:
            facts.append(("why this calendar", clock.rule.reading))
    if clock.target is not None and clock.target.unit in ("days", "business_days"):
        facts.append(("units", ("days are 24 h of elapsed time; a business day is the "
                                "calendar's full working day")))
    facts.append(("started", format_instant(clock.started_at)))
    if clock.due_at is not None:
        facts.append(("due", format_instant(clock.due_at)))
    if clock.goal_due_at is not None:
        facts.append(("internal goal", format_instant(clock.goal_due_at)))
    if clock.met_at is not None:
        facts.append(("met", format_instant(clock.met_at)))
    if clock.state == "stopped" and clock.ended_at is not None:
        facts.append(("stopped", f"{format_instant(clock.ended_at)} (no target from here on)"))
    facts.append(("counted", format_span(clock.consumed_seconds, days=True)))
    if clock.remaining_seconds is not None:
        facts.append(("remaining", format_span(clock.remaining_seconds, days=True)))
    if clock.kind == "timer" and metric.action:
        facts.append(("action", f"{metric.action} when it runs out"
                      + (" — due now" if clock.fired else "")))

    def under(basis: Basis, pieces: list[Interval]) -> list[Interval]:
        """The pieces, saying which classification they ran under when there was more than one."""
        if len(runs) < 2:
            return pieces
        return [replace(p, reason=f"{p.reason} (as {_classification(metric, basis)})") for p in pieces]

    intervals: list[Interval] = []
    for stretch in clock.stretches:
        if not stretch.running:
            intervals += under(stretch.basis, [Interval(stretch.start, stretch.end, "paused",
                                                        f"paused: {stretch.reason}", 0)])
            continue
        calendar = calendar_for_stretch(pack, clock, stretch)
        intervals += under(stretch.basis, _pieces(calendar, stretch.start, stretch.end, "counted", "skipped"))
    if clock.state == "running" and clock.due_at is not None and clock._calendar_obj is not None:
        last_end = clock.stretches[-1].end if clock.stretches else clock.started_at
        if clock.due_at > last_end:
            intervals += under(clock.basis, _pieces(clock._calendar_obj, last_end, clock.due_at,
                                                    "ahead", "skipped"))
    title = f"{clock.metric} #{clock.instance}"
    return Explanation(title, facts, intervals)


def _classification_runs(metric: Metric, clock: ClockInstance) -> list[tuple[datetime, str]]:
    """(start, classification) of each run of stretches under one classification, and of
    the one an open instance goes on under (it may have been reclassified just now)."""
    runs: list[tuple[datetime, str]] = []
    for stretch in clock.stretches:
        label = _classification(metric, stretch.basis)
        if not runs or runs[-1][1] != label:
            runs.append((stretch.start, label))
    if clock.state in ("running", "paused") and clock.basis is not None:
        label = _classification(metric, clock.basis)
        if not runs or runs[-1][1] != label:
            runs.append((clock.stretches[-1].end if clock.stretches else clock.started_at, label))
    return runs


def render_text(explanation: Explanation, zone=None) -> str:
    """Plain text for `desk sla explain` (instants in `zone`, UTC by default)."""
    def at(d: datetime) -> str:
        return (d.astimezone(zone) if zone else d).strftime("%a %Y-%m-%d %H:%M")

    lines = [explanation.title]
    width = max(len(k) for k, _ in explanation.facts)
    lines += [f"  {k.ljust(width)}  {v}" for k, v in explanation.facts]
    if explanation.intervals:
        lines.append("  intervals:")
        for iv in explanation.intervals:
            counted = format_span(iv.seconds, days=True, plus=True) if iv.seconds else ""
            lines.append(f"    {iv.status:<8} {at(iv.start)} → {at(iv.end)}  {iv.reason} {counted}".rstrip())
    return "\n".join(lines)
