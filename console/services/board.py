"""What the shift lead's breach board shows, gathered in one read of the store.

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
from console.services.forecast import Forecast, forecast, shift_length
from console.services.training_gap import TrainingGapFlag, training_gaps
from console.store import board_rows
from console.store.database import Store

UNASSIGNED = None


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
    undelivered: int = 0          # tickets with a mail not delivered outbox.LATE after its event

    @property
    def vendors(self) -> list[str]:
        return list(dict.fromkeys(c.policy for c in self.cells))

    def cell(self, policy: str, rank: int) -> Cell | None:
        return next((c for c in self.cells if c.policy == policy and c.rank == rank), None)

    @property
    def ranks(self) -> list[int]:
        return sorted({c.rank for c in self.cells})


def board(store: Store, *, now: datetime, shift_hours: float | str | None = None) -> Board:
    shift = shift_length(shift_hours)
    with store.snapshot():
        outlook = forecast(store, now=now, hours=math.ceil(shift.total_seconds() / 3600),
                           shift_hours=shift.total_seconds() / 3600)
        counts = board_rows.open_counts(store)
        gaps = tuple(training_gaps(store, now=now))
        undelivered = len(outbox.late_by_ticket(store, now=now))
    breached = {d.ticket_id: d for d in outlook.breached}
    soon = {d.ticket_id: d for d in outlook.within_shift if d.ticket_id not in breached}
    late_cell = Counter((d.policy, d.severity) for d in breached.values())
    soon_cell = Counter((d.policy, d.severity) for d in soon.values())
    late_person = Counter(d.assignee for d in breached.values())
    soon_person = Counter(d.assignee for d in soon.values())
    open_cell, open_person = Counter(), Counter()
    for row in counts:
        open_person[row["assignee"]] += row["tickets"]
        if row["policy"] and row["severity"]:
            open_cell[(row["policy"], row["severity"])] += row["tickets"]
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
    return Board(now, shift, outlook, tuple(cells), tuple(loads), gaps, undelivered)
