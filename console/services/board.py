"""What the shift lead's breach board shows, gathered in one read of the store.

Every figure is counted by SQLite and only the next few tickets are read as
rows, so the board redraws as fast over a million open tickets as over ten.

Ticket counts, not clock counts: a ticket is "breached" when any of its running
target clocks is past due, and "due this shift" when it is not breached and one
of them falls due before the shift ends (both if nothing is done, as in the
forecast, whose per-hour chart counts clock instances).
"""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.services import outbox, packs
from console.services.forecast import Due, Forecast, due_of, forecast, shift_length, stored_cut
from console.services.training_gap import TrainingGapFlag, training_gaps
from console.store import board_rows, due_rows
from console.store.database import Store

UNASSIGNED = None
NEXT_TICKETS = 12   # rows of the next-to-breach table


@dataclass(frozen=True)
class Cell:
    """Open, breached and due-this-shift tickets of one vendor and severity."""

    policy: str
    severity: str
    rank: int
    colour: str
    open: int
    breached: int
    due_in_shift: int


@dataclass(frozen=True)
class Load:
    engineer: str | None          # None: nobody has taken them
    open: int
    breached: int
    due_in_shift: int


@dataclass(frozen=True)
class Board:
    now: datetime
    shift: timedelta
    forecast: Forecast
    cells: tuple[Cell, ...]       # by vendor, then severity rank
    loads: tuple[Load, ...]       # busiest first, the unassigned pile first of all
    training_gaps: tuple[TrainingGapFlag, ...]
    next_due: tuple[Due, ...]       # breached, then due this shift: one a ticket, soonest first
    undelivered: int = 0          # tickets with a mail not delivered outbox.LATE after its event

    @property
    def vendors(self) -> list[str]:
        return list(dict.fromkeys(c.policy for c in self.cells))

    def cell(self, policy: str, rank: int) -> Cell | None:
        return next((c for c in self.cells if c.policy == policy and c.rank == rank), None)

    @property
    def ranks(self) -> list[int]:
        return sorted({c.rank for c in self.cells})


def board(store: Store, *, now: datetime, shift_hours: float | str | None = None,
          next_tickets: int = NEXT_TICKETS) -> Board:
    shift = shift_length(shift_hours)
    cut, shift_end = stored_cut(now), stored_cut(now + shift)
    with store.snapshot():
        outlook = forecast(store, now=now, hours=math.ceil(shift.total_seconds() / 3600),
                           shift_hours=shift.total_seconds() / 3600, limit=0)
        counts = board_rows.open_counts(store, now=cut, shift_end=shift_end)
        soonest = _soonest(due_rows.running_due_between(store, "target", None, shift_end), next_tickets)
        gaps = tuple(training_gaps(store, now=now))
        undelivered = len(outbox.late_by_ticket(store, now=now))
    open_cell, late_cell, soon_cell = Counter(), Counter(), Counter()
    open_person, late_person, soon_person = Counter(), Counter(), Counter()
    for row in counts:
        who, late, soon = row["assignee"], int(row["breached"]), int(row["soon"])
        open_person[who] += row["tickets"]
        late_person[who] += late
        soon_person[who] += soon
        if row["policy"] and row["severity"]:
            key = (row["policy"], row["severity"])
            open_cell[key] += row["tickets"]
            late_cell[key] += late
            soon_cell[key] += soon
    cells = []
    for pack in packs.list_packs():
        if not any(policy == pack.id for policy, _ in open_cell):
            continue  # a vendor with nothing open has nothing to show
        for sev in pack.severities.values():
            key = (pack.id, sev.id)
            cells.append(Cell(pack.id, sev.id, sev.rank, sev.colour, open_cell[key],
                              late_cell[key], soon_cell[key]))
    loads = [Load(who, open_person[who], late_person[who], soon_person[who])
             for who in open_person]
    loads.sort(key=lambda x: (x.engineer is not UNASSIGNED, -x.open, -x.breached, x.engineer or ""))
    return Board(now, shift, outlook, tuple(cells), tuple(loads), gaps, soonest, undelivered)


def _soonest(rows, count: int) -> tuple[Due, ...]:
    """The first `count` tickets in deadline order, each by its soonest running target clock."""
    seen: dict[str, Due] = {}
    for row in rows:
        if len(seen) == count:
            break
        seen.setdefault(row["ticket_id"], due_of(row))
    return tuple(seen.values())
