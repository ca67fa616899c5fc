"""Why a clock is due when it is: the intervals counted and skipped, and the clauses behind it.

Pure: built from a ClockInstance and its pack, rendered by the CLI (`desk sla
explain`) and the console's ticket detail alike.
"""

from dataclasses import dataclass
from datetime import datetime

from console.domain.clocks import ClockInstance, calendar_for_stretch
from console.domain.durations import format_span
from console.domain.policy import Pack
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
    if clock.rule is not None:
        cal = pack.calendars.get(clock.rule.calendar)
        described = cal.describe() if cal else clock.calendar
        facts.append(("calendar", f"{clock.calendar}: {described} — {clock.rule.clause}"))
        if clock.rule.reading:
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

    intervals: list[Interval] = []
    for stretch in clock.stretches:
        if not stretch.running:
            intervals.append(Interval(stretch.start, stretch.end, "paused",
                                      f"paused: {stretch.reason}", 0))
            continue
        calendar = calendar_for_stretch(pack, clock, stretch)
        intervals.extend(_pieces(calendar, stretch.start, stretch.end, "counted", "skipped"))
    if clock.state == "running" and clock.due_at is not None and clock._calendar_obj is not None:
        last_end = clock.stretches[-1].end if clock.stretches else clock.started_at
        if clock.due_at > last_end:
            intervals.extend(_pieces(clock._calendar_obj, last_end, clock.due_at, "ahead", "skipped"))
    title = f"{clock.metric} #{clock.instance}"
    return Explanation(title, facts, intervals)


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
