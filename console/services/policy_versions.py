"""Deadlines under changed packs: what would move, by how much, and applying it openly.

Every stored clock row records the version (content hash) of the pack that
computed it. When a pack or one of its calendars changes, the stored deadlines
stay as they were until a rebuild: `deadline_moves` recomputes each open
ticket's clocks under the current packs (as of its latest event, like the
projection does) and compares them with the stored ones; `rebuild` applies
the change and returns what moved, so it is never silent.
"""

from dataclasses import dataclass
from datetime import datetime

from console.domain.ticket import fold
from console.domain.timeutil import format_instant, parse_instant
from console.services import tickets
from console.services.projection import project
from console.store import contracts, events, projections
from console.store.database import Store


@dataclass(frozen=True)
class Move:
    """One clock instance whose deadline differs under the current pack."""

    ticket_id: str
    metric: str
    instance: int
    stored_due: datetime | None      # None: the instance is new under the current pack
    current_due: datetime | None     # None: the current pack has no such instance (or no deadline)
    stored_version: str | None
    current_version: str

    @property
    def delta_seconds(self) -> int | None:
        if self.stored_due is None or self.current_due is None:
            return None
        return int((self.current_due - self.stored_due).total_seconds())

    def as_json(self) -> dict:
        return {"ticket_id": self.ticket_id, "metric": self.metric, "instance": self.instance,
                "stored_due_at": format_instant(self.stored_due),
                "current_due_at": format_instant(self.current_due),
                "delta_seconds": self.delta_seconds, "stored_version": self.stored_version,
                "current_version": self.current_version}


def deadline_moves(store: Store) -> list[Move]:
    """Open tickets' deadlines that the current packs would put elsewhere, ticket by ticket."""
    moves: list[Move] = []
    with store.snapshot():
        for row in projections.open_queue(store):
            if not row["contract_id"]:
                continue
            log = events.for_ticket(store, row["id"])
            contract = contracts.get(store, row["contract_id"])
            current = project(fold(row["id"], log), log, contract)
            moves += _compare(row["id"], projections.clocks_of(store, row["id"]), current)
    return moves


def rebuild(store: Store) -> tuple[int, list[Move]]:
    """Recompute every projection; returns (tickets rebuilt, open-ticket deadlines that moved)."""
    with store.transaction():
        moves = deadline_moves(store)
        return tickets.rebuild(store), moves


def _compare(ticket_id: str, stored_rows: list[dict], current) -> list[Move]:
    stored = {(r["metric"], r["instance"]): r for r in stored_rows}
    fresh = {(c.metric, c.instance): c for c in current.clocks}
    out = []
    for key in sorted(stored.keys() | fresh.keys(), key=lambda k: (k[0], k[1])):
        row, clock = stored.get(key), fresh.get(key)
        before = row["due_at"] if row else None
        after = format_instant(clock.due_at) if clock else None
        if before != after:
            out.append(Move(ticket_id, key[0], key[1], _instant(before), _instant(after),
                            row["policy_version"] if row else None, current.policy_version))
    return out


def _instant(text: str | None) -> datetime | None:
    return parse_instant(text) if text else None
