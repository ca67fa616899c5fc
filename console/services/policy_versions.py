"""Deadlines under changed packs: what would move, by how much, and applying it openly.

Every stored clock row records the version (content hash) of the pack that
computed it. When a pack or one of its calendars changes, the stored deadlines
stay as they were until a rebuild: `deadline_moves` recomputes the clocks of
each open ticket a changed pack governs (as of its latest event, like the
projection does) and compares them with the stored ones; `rebuild` applies
the change and returns what moved, so it is never silent.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from console.domain.timeutil import format_instant, parse_instant
from console.errors import UserError
from console.services import packs, tickets
from console.services.projection import contract_reader, project_log
from console.store import events, projections
from console.store.database import Store
from console.store.projections import Projection, Stored


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


def deadline_moves(store: Store) -> Iterator[Move]:
    """Open tickets' deadlines that the current packs would put elsewhere, in queue order.

    Streamed ticket by ticket in one read snapshot. Only tickets that can move are
    refolded: an open ticket whose every clock row was computed by its pack's
    current version (pack and calendars are one file, a contract never changes in
    place) would come out the same; closed tickets keep their clocks as final.
    """
    contract_of = contract_reader(store)
    current = _current_versions()
    with store.snapshot():
        for ticket_id, policy, versions in projections.open_routed_versions(store):
            if versions is not None and versions == current(policy):
                continue
            log = events.for_ticket(store, ticket_id)
            yield from _compare(ticket_id, projections.clocks_of(store, ticket_id),
                                project_log(ticket_id, log, contract_of))


def rebuild(store: Store) -> tuple[int, list[Move]]:
    """Recompute every projection; returns (tickets rebuilt, open-ticket deadlines that moved).

    What moved is read from each ticket's stored rows just before its batch
    replaces them, so every ticket is folded once.
    """
    moves: list[Move] = []

    def compare(ticket_id: str, stored: Stored | None, fresh: Projection) -> None:
        if stored is not None and stored.is_open and stored.contract_id:
            moves.extend(_compare(ticket_id, stored.clocks, fresh))

    return tickets.rebuild(store, replaced=compare), moves


def _current_versions() -> Callable[[str | None], str | None]:
    """The current version of a policy's pack, or None when it cannot be read (the fold says why)."""

    @cache
    def version(policy: str | None) -> str | None:
        try:
            return packs.get_pack(policy).version if policy else None
        except UserError:
            return None

    return version


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
