"""The breach forecast: what breaches, hour by hour, if nobody does anything.

"Nothing is done" means no new events, so every stored deadline stays where it
is: a running target clock breaches at its stored `due_at`, a paused one never
does. That makes the forecast a range scan over stored instants (no clock is
recomputed), cheap enough for the board to redraw every second. SQLite counts
each hour over an index of running clocks and only the first few clocks of each
list are read, so cost and output stay the same size however long the backlog.

Counts are of clock instances (a ticket may have two running targets, e.g.
Pro2col review and vendor escalation); each one is a breach of its own.
Buckets are half-open hours counted from `now`: bucket i holds deadlines in
[now + i h, now + (i + 1) h). A deadline equal to `now` is not yet breached,
as in ClockInstance.live.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice, pairwise
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
    """Exact counts of clock instances, and the first `limit` of each list.

    The counts are SQLite's; the lists stop at `limit` so that a store with a
    backlog of a million breached clocks forecasts as fast and as small as an
    empty one.
    """

    now: datetime
    hours: int
    shift: timedelta
    breached_now: int               # already past due and still running
    within_hour: int                # due in [now, now + 1 h)
    within_shift: int               # due in [now, now + shift)
    per_hour: tuple[int, ...]       # breaches in each hour of the next `hours`
    limit: int
    breached: tuple[Due, ...]       # the most overdue first, at most `limit`
    upcoming: tuple[Due, ...]       # due in [now, now + max(hours, shift)), soonest first, at most `limit`

    def hour_starts(self) -> list[datetime]:
        return [self.now + timedelta(hours=i) for i in range(self.hours)]

    def as_json(self) -> dict[str, Any]:
        return {
            "now": format_instant(self.now),
            "hours": self.hours,
            "shift_hours": self.shift.total_seconds() / 3600,
            "breached_now": self.breached_now,
            "within_hour": self.within_hour,
            "within_shift": self.within_shift,
            "per_hour": [
                {"start": format_instant(start), "end": format_instant(start + timedelta(hours=1)),
                 "breaches": count}
                for start, count in zip(self.hour_starts(), self.per_hour)
            ],
            "limit": self.limit,
            "breached": [d.as_json(self.now) for d in self.breached],
            "upcoming": [d.as_json(self.now) for d in self.upcoming],
        }


def forecast(store: Store, *, now: datetime, hours: int, shift_hours: float = DEFAULT_SHIFT_HOURS,
             limit: int) -> Forecast:
    """Breached now, and breaches per hour over the next `hours`, from stored deadlines;
    the first `limit` clocks of each list (0: counts only)."""
    if not 1 <= hours <= MAX_HOURS:
        raise UserError(f"--hours: {hours} is outside 1..{MAX_HOURS}")
    if limit < 0:
        raise UserError(f"--limit: {limit} is not a number of clocks (0 or more)")
    shift = shift_length(shift_hours)
    horizon = now + max(timedelta(hours=hours), shift)
    start, end = stored_cut(now), stored_cut(horizon)
    hour_cuts = [stored_cut(now + timedelta(hours=i)) for i in range(hours + 1)]
    with store.snapshot():
        # one range count per hour: each reads only its own stretch of the index
        per_hour = tuple(due_rows.count_due_between(store, "target", a, b)
                         for a, b in pairwise(hour_cuts))
        breached_now = due_rows.count_due_between(store, "target", None, start)
        within_shift = due_rows.count_due_between(store, "target", start, stored_cut(now + shift))
        breached = _first(due_rows.running_due_between(store, "target", None, start), limit)
        upcoming = _first(due_rows.running_due_between(store, "target", start, end), limit)
    return Forecast(now, hours, shift, breached_now=breached_now, within_hour=per_hour[0],
                    within_shift=within_shift, per_hour=per_hour, limit=limit,
                    breached=breached, upcoming=upcoming)


def stored_cut(instant: datetime) -> str:
    """The stored instant `s` such that a stored deadline is before `instant` exactly when it is
    before `s`: deadlines are whole seconds, so a fraction of a second rounds up."""
    whole = instant.replace(microsecond=0)
    return format_instant(whole if whole == instant else whole + timedelta(seconds=1))


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


def _first(rows: Iterator[dict[str, Any]], limit: int) -> tuple[Due, ...]:
    return tuple(due_of(row) for row in islice(rows, limit)) if limit else ()


def due_of(row: dict[str, Any]) -> Due:
    return Due(row["ticket_id"], row["metric"], row["instance"], parse_instant(row["due_at"]),
               row["policy"], row["severity"], row["sev_rank"], row["customer"], row["assignee"],
               row["subject"])
