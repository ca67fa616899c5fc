"""The open queue's one read model: views and a search narrowing the open tickets,
read one window at a time, and each row's countdown at any `now` without the store.

The console asks for the rows on screen only (`window`), finds a ticket again after
the queue changed (`position`), and ticks every row's countdown once a second with
`countdown`, which is pure arithmetic on what the window fetched. `desk queue`
lists the same rows (services/queue.py), so the CLI and the console cannot disagree
on the order or on what a row says.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.domain.contract import Contract
from console.domain.policy import Pack
from console.domain.timeutil import parse_instant, to_epoch
from console.services import live, outbox, packs
from console.store import contracts, queue_rows
from console.store.database import Store
from console.store.queue_rows import RowFilter

# Quick views: id -> what the view shows (for the title bar and help).
VIEWS = {
    "all": "every open ticket",
    "mine": "assigned to me",
    "unassigned": "unassigned",
    "breached": "breached",
    "breaching": "breaching within 1 h",
    "unrouted": "unrouted (no contract)",
}
BREACHING_WITHIN_SECONDS = 3600


@dataclass(frozen=True)
class QueueQuery:
    """What the engineer narrowed the queue to: a quick view plus optional filters."""

    view: str = "all"
    text: str = ""
    policy: str | None = None
    severity: str | None = None
    assignee: str | None = None

    @property
    def depends_on_now(self) -> bool:
        """Breached / breaching views change membership as time passes."""
        return self.view in ("breached", "breaching")

    @property
    def is_narrowed(self) -> bool:
        return self != QueueQuery()

    def describe(self) -> str:
        parts = [] if self.view == "all" else [VIEWS[self.view]]
        parts += [f"{name} {value}" for name, value in (
            ("vendor", self.policy), ("severity", self.severity), ("assignee", self.assignee),
        ) if value]
        if self.text:
            parts.append(f"search “{self.text}”")
        return " · ".join(parts) or VIEWS["all"]

    def row_filter(self, *, now: datetime, actor: str) -> RowFilter:
        epoch = to_epoch(now)
        return RowFilter(
            text=self.text.strip(),
            policy=self.policy,
            severity=self.severity,
            assignee=actor if self.view == "mine" else self.assignee,
            unassigned=self.view == "unassigned",
            unrouted=self.view == "unrouted",
            breached_at=epoch if self.view == "breached" else None,
            due_between=(epoch, epoch + BREACHING_WITHIN_SECONDS) if self.view == "breaching" else None,
        )


@dataclass(frozen=True)
class Countdown:
    """A row's lead clock at one instant.

    `seconds`: to the breach for a running clock (negative once overdue); working
    time left for a paused one; None when the ticket has no target clock.
    """

    seconds: int | None
    paused: bool = False
    breached: bool = False
    warning: bool = False     # past the internal goal, or under a quarter of the target left


@dataclass(eq=False)
class QueueRow:
    """One queue line, as the console shows it and `desk queue` lists it, with the pack and
    contract its countdown needs."""

    id: str
    version: int
    contract_id: str | None
    policy: str | None
    plan: str | None
    vendor: str | None
    customer: str | None
    severity: str | None
    sev_rank: int | None
    metric: str | None          # the lead clock's metric, state and instants, as stored
    metric_label: str | None
    state: str | None
    due_at: str | None
    goal_due_at: str | None
    subject: str
    assignee: str | None
    tier: str | None
    status: str
    side: str
    flags: tuple[str, ...]
    updated_at: str | None
    lead: dict[str, Any] | None = None     # the lead clock, shaped as a clocks-table row
    due_epoch: int | None = None
    warn_epoch: int | None = None       # past the goal or under a quarter left (domain/clocks.py)
    pack: Pack | None = field(default=None, repr=False)
    contract: Contract | None = field(default=None, repr=False)


def count(store: Store, query: QueueQuery, *, now: datetime, actor: str) -> int:
    return queue_rows.count(store, query.row_filter(now=now, actor=actor))


def window(store: Store, query: QueueQuery, *, now: datetime, actor: str, offset: int, limit: int | None,
           known: dict[str, Contract | None] | None = None) -> list[QueueRow]:
    """The rows at positions [offset, offset + limit) of the narrowed queue (limit None: to its end).

    `known` caches contracts between calls (the caller drops it when the store changed).
    """
    known = {} if known is None else known
    with store.snapshot():   # the rows and their contracts as of one instant
        rows = queue_rows.window(store, query.row_filter(now=now, actor=actor), offset, limit)
        missing = {row["contract_id"] for row in rows} - known.keys() - {None}
        if missing:
            found = contracts.get_many(store, missing)
            known.update({contract_id: found.get(contract_id) for contract_id in missing})
        late = outbox.late_by_ticket(store, now=now, ticket_ids=[row["id"] for row in rows])
    return [_queue_row(row, known.get(row["contract_id"]), row["id"] in late) for row in rows]


def position(store: Store, query: QueueQuery, ticket_id: str, *, now: datetime, actor: str) -> int | None:
    return queue_rows.position(store, query.row_filter(now=now, actor=actor), ticket_id)


def store_is_empty(store: Store) -> bool:
    """No contracts and no tickets at all: the console shows how to get started."""
    return queue_rows.is_empty(store)


def countdown(row: QueueRow, now: datetime) -> Countdown:
    lead = row.lead
    if lead is None:
        return Countdown(None)
    if lead["state"] == "paused":
        return Countdown(lead["remaining"], paused=True, breached=bool(lead["breached"]))
    seconds = row.due_epoch - to_epoch(now)
    if seconds < 0:
        return Countdown(seconds, breached=True)
    warning = row.warn_epoch is not None and to_epoch(now) >= row.warn_epoch
    return Countdown(seconds, warning=warning)


def remaining(row: QueueRow, now: datetime) -> tuple[int | None, bool]:
    """(working seconds left on the lead clock's calendar, breached) at `now`, as `desk queue` reports it.

    The console ticks `countdown` instead, the seconds to the breach: it needs no calendar.
    """
    if row.lead is None:
        return None, False
    return live.live(row.pack, row.contract, row.lead, now)


def _queue_row(row: dict[str, Any], contract: Contract | None, undelivered: bool) -> QueueRow:
    pack = packs.get_pack(contract.policy) if contract else None
    # The stored flags come from the pack's checks (and "unrouted"); a split child says so too,
    # and so does a ticket whose reply has not reached the customer after outbox.LATE.
    flags = (tuple(json.loads(row["flags"])) + (("split",) if row["parent_id"] else ())
             + (("undelivered",) if undelivered else ()))
    lead = None
    if pack is not None and row["lead_metric"]:
        lead = live.lead_clock_row(row)
    return QueueRow(
        id=row["id"],
        version=row["version"],
        contract_id=row["contract_id"],
        policy=row["policy"],
        plan=row["plan"],
        vendor=pack.name if pack else None,
        customer=row["customer"],
        severity=row["severity"],
        sev_rank=row["sev_rank"],
        metric=row["lead_metric"],
        metric_label=_metric_label(pack, row["lead_metric"]),
        state=row["lead_state"],
        due_at=row["lead_due_at"],
        goal_due_at=row["lead_goal_due_at"],
        subject=row["subject"],
        assignee=row["assignee"],
        tier=row["tier"],
        status=row["status"],
        side=row["side"],
        flags=flags,
        updated_at=row["updated_at"],
        lead=lead,
        due_epoch=_epoch(row["lead_due_at"]),
        warn_epoch=_epoch(row["lead_warn_at"]),
        pack=pack,
        contract=contract,
    )


def _metric_label(pack: Pack | None, metric_id: str | None) -> str | None:
    if pack is None or metric_id is None:
        return None
    try:
        return pack.metric(metric_id).label
    except StopIteration:  # a site pack that dropped the metric since the ticket was stored
        return metric_id


def _epoch(text: str | None) -> int | None:
    return to_epoch(parse_instant(text)) if text else None
