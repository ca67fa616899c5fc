"""The training-gap signal: a customer opening more tickets than the terms think normal.

The pack gives the threshold (`[training_gap]`: more than N tickets in D days);
a contract may set its own with the options `training_gap_tickets` and
`training_gap_days` (a large site raises more calls without any gap in training).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from console.domain.policy import TrainingGap

TICKETS_OPTION = "training_gap_tickets"
DAYS_OPTION = "training_gap_days"


class TrainingGapError(ValueError):
    """A contract option the signal cannot read; str() names the option."""


@dataclass(frozen=True)
class Threshold:
    tickets: int      # flagged above this many...
    days: int         # ...in this many days up to now
    clause: str

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        return now - timedelta(days=self.days), now

    def exceeded_by(self, count: int) -> bool:
        return count > self.tickets


def threshold(terms: TrainingGap, options: dict[str, Any]) -> Threshold:
    values = []
    for option, default in ((TICKETS_OPTION, terms.tickets), (DAYS_OPTION, terms.days)):
        value = options.get(option, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise TrainingGapError(f"{option}: {value!r} is not a whole number >= 1")
        values.append(value)
    return Threshold(values[0], values[1], terms.clause)
