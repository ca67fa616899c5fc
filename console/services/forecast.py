"""The breach forecast: what breaches, hour by hour, if nobody does anything.

"Nothing is done" means no new events, so every stored deadline stays where it
is: a running target clock breaches at its stored `due_at`, a paused one never
does. That makes the forecast a range scan over stored instants (no clock is
recomputed), cheap enough for the board to redraw every second.

Counts are of clock instances (a ticket may have two running targets, e.g.
Pro2col review and vendor escalation); each one is a breach of its own.
Buckets are half-open hours counted from `now`: bucket i holds deadlines in
[now + i h, now + (i + 1) h). A deadline equal to `now` is not yet breached,
as in ClockInstance.live.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from console.domain.timeutil import format_instant, parse_instant
from console.errors import UserError
from console.store import due_rows
from console.store.database import Store

DEFAULT_SHIFT_HOURS = 8.0
MAX_HOURS = 24 * 14


@dataclass(frozen=True)
class Due:
    """One running target clock and the ticket it belongs to."""

    ticket_id: str
    metric: str
    instance: int
    due_at: datetime
    policy: str
    severity: str | None
    sev_rank: int | None
    customer: str | None
    assignee: str | None
    subject: str

    def as_json(self, now: datetime) -> dict[str, Any]:
        return {"ticket_id": self.ticket_id, "metric": self.metric, "instance": self.instance,
                "due_at": format_instant(self.due_at), "policy": self.policy,
                "severity": self.severity, "customer": self.customer, "assignee": self.assignee,
                "seconds_to_breach": int((self.due_at - now).total_seconds())}


@dataclass(frozen=True)
class Forecast:
    now: datetime
    hours: int
    shift: timedelta
    breached: tuple[Due, ...]       # already past due and still running
    upcoming: tuple[Due, ...]       # due in [now, now + max(hours, shift)), soonest first
    per_hour: tuple[int, ...]       # breaches in each hour of the next `hours`

    def due_within(self, span: timedelta) -> tuple[Due, ...]:
        return tuple(d for d in self.upcoming if d.due_at < self.now + span)

    @property
    def within_hour(self) -> tuple[Due, ...]:
        return self.due_within(timedelta(hours=1))

    @property
    def within_shift(self) -> tuple[Due, ...]:
        return self.due_within(self.shift)

    def hour_starts(self) -> list[datetime]:
        return [self.now + timedelta(hours=i) for i in range(self.hours)]

    def as_json(self) -> dict[str, Any]:
        return {
            "now": format_instant(self.now),
            "hours": self.hours,
            "shift_hours": self.shift.total_seconds() / 3600,
            "breached_now": len(self.breached),
            "within_hour": len(self.within_hour),
            "within_shift": len(self.within_shift),
            "per_hour": [
                {"start": format_instant(start), "end": format_instant(start + timedelta(hours=1)),
                 "breaches": count}
                for start, count in zip(self.hour_starts(), self.per_hour)
            ],
            "breached": [d.as_json(self.now) for d in self.breached],
            "upcoming": [d.as_json(self.now) for d in self.upcoming],
        }


def forecast(store: Store, *, now: datetime, hours: int, shift_hours: float = DEFAULT_SHIFT_HOURS) -> Forecast:
    """Breached now, and breaches per hour over the next `hours`, from stored deadlines."""
    if not 1 <= hours <= MAX_HOURS:
        raise UserError(f"--hours: {hours} is outside 1..{MAX_HOURS}")
    shift = shift_length(shift_hours)
    horizon = now + max(timedelta(hours=hours), shift)
    # rows due at or before the horizon; the horizon itself belongs to the next hour
    rows = due_rows.running_due_by(store, "target", format_instant(horizon))
    dues = [_due(row) for row in rows]
    breached = tuple(d for d in dues if d.due_at < now)
    upcoming = tuple(d for d in dues if now <= d.due_at < horizon)
    per_hour = [0] * hours
    for d in upcoming:
        bucket = math.floor((d.due_at - now).total_seconds() / 3600)
        if bucket < hours:
            per_hour[bucket] += 1
    return Forecast(now, hours, shift, breached, upcoming, tuple(per_hour))


def shift_length(hours: float | str | None) -> timedelta:
    """A shift of `hours` (default 8): a positive number of hours up to a day."""
    if hours is None or hours == "":
        hours = DEFAULT_SHIFT_HOURS
    try:
        value = float(hours)
    except (TypeError, ValueError):
        raise UserError(f"shift length: {hours!r} is not a number of hours") from None
    if not 0 < value <= 24:
        raise UserError(f"shift length: {hours!r} hours is outside (0, 24]")
    return timedelta(hours=value)


def _due(row: dict[str, Any]) -> Due:
    return Due(row["ticket_id"], row["metric"], row["instance"], parse_instant(row["due_at"]),
               row["policy"], row["severity"], row["sev_rank"], row["customer"], row["assignee"],
               row["subject"])
