"""The one clock object of a process. Only the edge (CLI, app) reads it.

`--now ISO` or `DESK_NOW` freeze it: tests, snapshots, and forecasting
("the queue at 09:00 tomorrow") all run on a frozen clock.
"""

from datetime import UTC, datetime

from console import config
from console.domain.timeutil import parse_instant


class Clock:
    def __init__(self, frozen: datetime | None = None):
        self.frozen = frozen

    def now(self) -> datetime:
        return self.frozen if self.frozen is not None else datetime.now(UTC)

    @classmethod
    def from_env(cls, now_arg: str | None = None) -> "Clock":
        text = now_arg or config.frozen_now()
        return cls(parse_instant(text, what="--now") if text else None)
