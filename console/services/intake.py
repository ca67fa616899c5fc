"""Intake: what console/ingest reads becomes tickets, replies and notes, one transaction per message.

For each message, in one IMMEDIATE transaction: skip it if its key (Message-ID
or content hash) is already in the store; thread it onto a ticket if it answers
a known Message-ID or names a `[#T-1234]` token (a `customer_reply`, or a `note`
when a machine sent it, so no clock moves); otherwise route it by sender to a
contract (or leave it unrouted), read the severity the customer stated and the
pack's required information, and open a ticket. The key, the events and the
attachments commit together, so a crash leaves each message fully in or not at
all, and running the import again completes the rest without duplicates.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.domain.contract import Contract
from console.domain.timeutil import parse_instant
from console.errors import UserError
from console.ingest.fields import Reading, Stated, ticket_token, triage_reason
from console.ingest.limits import DEFAULT_MAX_ATTACHMENT_SIZE
from console.ingest.records import Attachment, ContractRecord, Incoming, Problem
from console.ingest.routing import route
from console.services import packs
from console.services.contracts import add_contract
from console.services.tickets import open_ticket, record
from console.store import attachments, contracts, messages, projections
from console.store.database import Store

MAIL_ACTOR = "intake"
BULK_ACTOR = "import"


@dataclass(frozen=True)
class Outcome:
    """What became of one item: created, threaded, noted, duplicate, skipped, contract_added, contract_exists."""

    action: str
    origin: str
    ticket: str | None = None
    reason: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Summary:
    created: int = 0
    threaded: int = 0
    noted: int = 0
    duplicates: int = 0
    skipped: int = 0
    contracts_added: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        action = outcome.action
        if action == "created":
            self.created += 1
            self.tickets.append({"id": outcome.ticket, "source": outcome.origin, **outcome.detail})
        elif action == "threaded":
            self.threaded += 1
            self.replies.append({"ticket": outcome.ticket, "source": outcome.origin, "kind": "customer_reply"})
        elif action == "noted":
            self.noted += 1
            self.replies.append({"ticket": outcome.ticket, "source": outcome.origin, "kind": "note"})
        elif action == "duplicate":
            self.duplicates += 1
        elif action == "contract_added":
            self.contracts_added += 1
        elif action == "skipped":
            self.skipped += 1
            self.problems.append({"source": outcome.origin, "reason": outcome.reason or ""})
        # contract_exists: the store already holds it as given; nothing to count

    @property
    def exit_code(self) -> int:
        """0: everything is in (a duplicate already was); 1: something was skipped."""
        return 1 if self.skipped else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "threaded": self.threaded,
            "noted": self.noted,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "contracts_added": self.contracts_added,
            "problems": self.problems,
            "tickets": self.tickets,
            "replies": self.replies,
        }


class _Skip(Exception):
    """This message cannot go in: its transaction rolls back and the import goes on."""


class Intake:
    """One import run against one store; contracts are read once and again after one is added."""

    def __init__(self, store: Store, *, now: datetime,
                 max_attachment_size: int = DEFAULT_MAX_ATTACHMENT_SIZE):
        self.store = store
        self.now = now
        self.max_attachment_size = max_attachment_size
        self._contracts: list[Contract] | None = None

    def run(self, items: Iterable, on_item: Callable[[Outcome], None] | None = None) -> Summary:
        summary = Summary()
        for item in items:
            outcome = self.take(item)
            summary.add(outcome)
            if on_item is not None:
                on_item(outcome)
        return summary

    def take(self, item: Incoming | ContractRecord | Problem) -> Outcome:
        """Write one item in its own transaction; a fault in the item skips it, a fault in the store stops."""
        if isinstance(item, Problem):
            return Outcome("skipped", item.origin, reason=item.reason)
        reading = None
        if not isinstance(item, ContractRecord):
            reading = Reading(item.subject, item.body)
            self._read_ahead(item, reading)
        try:
            with self.store.transaction():
                try:
                    if isinstance(item, ContractRecord):
                        return self._contract(item)
                    return self._message(item, reading)
                except UserError as exc:   # the services refused the content (not the store: that is outside)
                    raise _Skip(str(exc)) from None
        except _Skip as exc:
            return Outcome("skipped", item.origin, reason=str(exc))

    # ---------------------------------------------------------------- contracts

    def _contract(self, item: ContractRecord) -> Outcome:
        data = item.data
        existing = contracts.get(self.store, data["id"])
        if existing is not None:
            same = (existing.customer, existing.policy, existing.plan, existing.options) == (
                data["customer"], data["policy"], data["plan"], data["options"])
            if not same:
                raise _Skip(f"contract {data['id']!r} exists with other terms; the store's is kept")
            return Outcome("contract_exists", item.origin, reason=f"contract {data['id']} already in")
        add_contract(self.store, contract_id=data["id"], customer=data["customer"],
                     policy=data["policy"], plan=data["plan"], options=data["options"],
                     domains=data["domains"])
        self._contracts = None
        return Outcome("contract_added", item.origin, detail={"contract": data["id"]})

    def _all_contracts(self) -> list[Contract]:
        if self._contracts is None:
            self._contracts = contracts.all_contracts(self.store)
        return self._contracts


    # ---------------------------------------------------------------- messages

    def _read_ahead(self, item: Incoming, reading: Reading) -> None:
        """Match the text under the pack the message will most likely land on, before the
        transaction opens, so that other writers do not wait on the matching.

        The same look-ups run again inside the transaction, which decides; a guess that
        another writer makes wrong meanwhile only means matching in there.
        """
        if messages.ticket_for(self.store, [item.key]) is not None:
            return
        target = self._thread_of(item) if item.mail else None
        if target is not None:
            policy = projections.get_ticket(self.store, target)["policy"]
            if policy and not item.auto_reply:
                reading.reply_fields(packs.get_pack(policy))
            return
        try:
            contract, _ = self._route(item)
        except _Skip:
            return
        pack = packs.get_pack(contract.policy) if contract else None
        if pack is not None:
            reading.fields(pack)
        if not _explicit(item):
            reading.stated(pack)

    def _message(self, item: Incoming, reading: Reading) -> Outcome:
        known = messages.ticket_for(self.store, [item.key])
        if known is not None:
            return Outcome("duplicate", item.origin, known, reason=f"already in {known}")
        if item.mail:
            target = self._thread_of(item)
            if target is not None:
                return self._reply(item, target, reading)
            if item.auto_reply:
                raise _Skip(f"automatic reply ({item.auto_reply}) to no known ticket")
        return self._open(item, reading)

    def _thread_of(self, item: Incoming) -> str | None:
        """The ticket a message answers: by the Message-IDs it cites, else by a subject token."""
        ticket_id = messages.ticket_for(self.store, list(item.references)) if item.references else None
        if ticket_id is None:
            token = ticket_token(item.subject)
            if token and projections.version(self.store, token) is not None:
                ticket_id = token
        return ticket_id

    def _reply(self, item: Incoming, ticket_id: str, reading: Reading) -> Outcome:
        row = projections.get_ticket(self.store, ticket_id)
        pack = packs.get_pack(row["policy"]) if row["policy"] else None
        # A reply cannot come before the ticket it answers (a sender's clock may be wrong).
        at = max(item.at or self.now, parse_instant(row["opened_at"]))
        payload: dict[str, Any] = {"body": item.body, "subject": item.subject, "from": item.sender,
                                   "message_id": item.key}
        if item.auto_reply:
            kind, action = "note", "noted"
            payload.update(auto_reply=True,
                           note=f"Automatic reply ({item.auto_reply}): not the customer's answer")
        else:
            kind, action = "customer_reply", "threaded"
            # A reply supplies what the ticket lacks; a passing mention never overwrites a known field.
            found = reading.reply_fields(pack) if pack else {}
            supplied = {k: v for k, v in found.items() if not row["attributes"].get(k)}
            if supplied:
                payload["attributes"] = supplied
        if item.attachments:
            payload["attachments"] = [_described(a) for a in item.attachments]
        self._keep_attachments(item, ticket_id)
        record(self.store, ticket_id, kind, payload, at=at, actor=MAIL_ACTOR)
        messages.remember(self.store, item.key, ticket_id)
        return Outcome(action, item.origin, ticket_id)

    def _open(self, item: Incoming, reading: Reading) -> Outcome:
        contract, routing = self._route(item)
        pack = packs.get_pack(contract.policy) if contract else None
        attributes = {**(reading.fields(pack) if pack else {}), **item.attributes}
        explicit = _explicit(item)
        stated = Stated() if explicit else reading.stated(pack)
        classification = explicit or stated.classification
        if not classification:
            attributes["triage"] = triage_reason(stated, pack)
        intake = {"origin": item.origin, "key": item.key, "routing": routing}
        if stated.text:
            intake["stated_severity"] = stated.text
        if item.source_id:
            intake["source_id"] = item.source_id
        extra: dict[str, Any] = {"intake": intake}
        if item.attachments:
            extra["attachments"] = [_described(a) for a in item.attachments]
        ticket_id = open_ticket(
            self.store,
            contract_id=contract.id if contract else None,
            subject=item.subject,
            body=item.body,
            attributes=attributes,
            requester=item.sender,
            at=item.at or self.now,
            actor=MAIL_ACTOR if item.mail else BULK_ACTOR,
            payload_extra=extra,
            **classification,
        )
        self._replay(item, ticket_id)
        self._keep_attachments(item, ticket_id)
        messages.remember(self.store, item.key, ticket_id)
        row = projections.get_ticket(self.store, ticket_id)
        return Outcome("created", item.origin, ticket_id, detail={
            "contract": row["contract_id"],
            "severity": row["severity"],
            "triage": row["attributes"].get("triage"),
            "missing": [f.id for f in pack.missing_info(row["attributes"])] if pack else [],
            "flags": row["flags"],
        })

    def _route(self, item: Incoming) -> tuple[Contract | None, str]:
        if item.contract:
            contract = contracts.get(self.store, item.contract)
            if contract is None:
                raise _Skip(f"unknown contract {item.contract!r}")
            return contract, f"contract {contract.id} given"
        found = route(item.sender, self._all_contracts())
        return found.contract, found.reason

    def _replay(self, item: Incoming, ticket_id: str) -> None:
        """A bulk ticket's own history, event by event, after its opening."""
        for n, event in enumerate(item.events):
            payload = {k: v for k, v in event.items() if k not in ("at", "kind", "actor")}
            try:
                record(self.store, ticket_id, event["kind"], payload,
                       at=parse_instant(event["at"]), actor=event.get("actor") or BULK_ACTOR)
            except UserError as exc:
                raise _Skip(f"events[{n}]: {exc}") from None

    def _keep_attachments(self, item: Incoming, ticket_id: str) -> None:
        for attachment in item.attachments:
            attachments.save(self.store, ticket_id, item.key, name=attachment.name,
                             content_type=attachment.content_type, size=attachment.size,
                             content=attachment.content, limit=self.max_attachment_size)


def _explicit(item: Incoming) -> dict[str, str]:
    """The classification a bulk record states outright (mail states none)."""
    return {k: v for k, v in (("severity", item.severity), ("impact", item.impact),
                              ("urgency", item.urgency)) if v}


def _described(attachment: Attachment) -> dict[str, Any]:
    """What the event log keeps of an attachment (the content is in the attachments table)."""
    return {"name": attachment.name, "type": attachment.content_type, "size": attachment.size,
            "stored": attachment.content is not None}

