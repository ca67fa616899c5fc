"""Bulk formats: whole tickets (with their history) from JSON, one ticket a row from CSV.

JSON, a UTF-8 object::

    {
      "contracts": [                                  # optional; added first, kept if they exist
        {"id": "acme-isp", "customer": "Acme", "policy": "ispsystem", "plan": "standard",
         "options": {...}, "domains": ["acme.example"]}
      ],
      "tickets": [
        {"id": "OLD-17",                              # optional: its id in the system it comes from
         "contract": "acme-isp",                      # optional: else routed by requester, else unrouted
         "subject": "VMmanager cannot start VMs",     # required
         "body": "...",
         "severity": "high",                          # or "impact" + "urgency"; else read from the text
         "attributes": {"product": "vmmanager"},
         "requester": "ops@acme.example",
         "opened_at": "2026-03-02T10:00:00+01:00",    # default: the time of the import
         "events": [{"at": "2026-03-02T11:00:00Z", "kind": "respond", "actor": "anna",
                     "note": "..."}]}                 # other keys are the event's payload
      ]
    }

CSV, UTF-8 with a header row: one ticket a row, columns `contract, subject, body,
severity, impact, urgency, requester, opened_at, id` and `attr_<name>` for
attributes; only `subject` is required. Empty cells are absent values.

A file whose shape is wrong (not JSON, no `tickets` list, an unknown CSV column)
is refused whole before anything is written; a bad ticket or row is a `Problem`
naming its position (`tickets[3]`, `line 12`), and the others go in.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from console.domain.timeutil import InstantError, parse_instant
from console.errors import UserError
from console.ingest.bounds import bounded
from console.ingest.json_text import JsonError, parse_json
from console.ingest.limits import DEFAULT_MAX_ATTACHMENT_SIZE
from console.ingest.records import ContractRecord, Incoming, Malformed, Problem

CSV_COLUMNS = ("contract", "subject", "body", "severity", "impact", "urgency", "requester",
               "opened_at", "id")
_TICKET_KEYS = {"id", "contract", "subject", "body", "severity", "impact", "urgency",
                "attributes", "requester", "opened_at", "events"}


class JsonFile:
    """Read and checked for shape when opened, so a broken file is refused before any write."""

    def __init__(self, path: Path):
        self.path = path
        try:
            data = parse_json(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise UserError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
        except UnicodeDecodeError:
            raise UserError("not UTF-8 text", source=str(path)) from None
        except JsonError as exc:
            raise UserError(str(exc), source=str(path)) from None
        if not isinstance(data, dict) or not isinstance(data.get("tickets", []), list) \
                or not isinstance(data.get("contracts", []), list) \
                or not ({"tickets", "contracts"} & data.keys()):
            raise UserError('expected an object with a "tickets" list (and optionally "contracts")',
                            source=str(path))
        self.contracts = data.get("contracts", [])
        self.tickets = data.get("tickets", [])

    def count(self) -> int:
        return len(self.contracts) + len(self.tickets)

    def __iter__(self) -> Iterator[ContractRecord | Incoming | Problem]:
        for n, item in enumerate(self.contracts):
            origin = f"{self.path}: contracts[{n}]"
            try:
                yield ContractRecord(origin, _json_contract(item))
            except Malformed as exc:
                yield Problem(origin, str(exc))
        for n, item in enumerate(self.tickets):
            origin = f"{self.path}: tickets[{n}]"
            try:
                yield _json_ticket(item, origin)
            except Malformed as exc:
                yield Problem(origin, str(exc))


def _json_ticket(item: Any, origin: str) -> Incoming:
    if not isinstance(item, dict):
        raise Malformed("a ticket is an object")
    unknown = sorted(item.keys() - _TICKET_KEYS)
    if unknown:
        raise Malformed(f"unknown key {unknown[0]!r} (keys: {', '.join(sorted(_TICKET_KEYS))})")
    attributes = item.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise Malformed("attributes: expected an object")
    events = item.get("events") or []
    if not isinstance(events, list):
        raise Malformed("events: expected a list")
    checked = tuple(_json_event(event, n) for n, event in enumerate(events))
    return _ticket(
        origin,
        key_source=item,
        source_id=_text(item, "id"),
        contract=_text(item, "contract"),
        subject=_text(item, "subject"),
        body=_text(item, "body"),
        severity=_text(item, "severity"),
        impact=_text(item, "impact"),
        urgency=_text(item, "urgency"),
        requester=_text(item, "requester"),
        opened_at=_text(item, "opened_at"),
        attributes=attributes,
        events=checked,
    )


def _json_contract(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise Malformed("a contract is an object")
    for key in ("id", "customer", "policy", "plan"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise Malformed(f"needs {key!r} (text)")
    options, domains = item.get("options") or {}, item.get("domains") or []
    if not isinstance(options, dict):
        raise Malformed("options: expected an object")
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise Malformed("domains: expected a list of email domains")
    unknown = sorted(item.keys() - {"id", "customer", "policy", "plan", "options", "domains"})
    if unknown:
        raise Malformed(f"unknown key {unknown[0]!r}")
    return {**{k: item[k].strip() for k in ("id", "customer", "policy", "plan")},
            "options": options, "domains": domains}


def _json_event(event: Any, n: int) -> dict[str, Any]:
    where = f"events[{n}]"
    if not isinstance(event, dict):
        raise Malformed(f"{where}: an event is an object")
    for key in ("at", "kind"):
        if not isinstance(event.get(key), str) or not event[key].strip():
            raise Malformed(f"{where}: needs {key!r}")
    try:
        parse_instant(event["at"], what=f"{where}.at")
    except InstantError as exc:
        raise Malformed(str(exc)) from None
    if "actor" in event and not isinstance(event["actor"], str):
        raise Malformed(f"{where}.actor: expected text")
    return dict(event)


class CsvFile:
    """The header is checked when opened; rows are read as the import goes."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise UserError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
        except UnicodeDecodeError:
            raise UserError("not UTF-8 text", source=str(path)) from None
        try:
            header = next(csv.reader(io.StringIO(self.text)), None)
        except csv.Error as exc:
            raise UserError(f"line 1: {exc}", source=str(path)) from None
        if not header:
            raise UserError("empty: expected a header row", source=str(path))
        self.header = [name.strip().lower() for name in header]
        unknown = [n for n in self.header if n not in CSV_COLUMNS and not n.startswith("attr_")]
        if unknown:
            raise UserError(f"line 1: unknown column {unknown[0]!r} "
                            f"(columns: {', '.join(CSV_COLUMNS)}, attr_<name>)", source=str(path))
        if "subject" not in self.header:
            raise UserError("line 1: no \"subject\" column", source=str(path))

    def count(self) -> int:
        return max(0, sum(1 for _ in self._rows()) - 1)

    def _rows(self) -> Iterator[tuple[int, list[str] | csv.Error]]:
        """(first line of the row, its cells or the error reading it)."""
        reader = csv.reader(io.StringIO(self.text))
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line, exc
                return
            yield line, row

    def __iter__(self) -> Iterator[Incoming | Problem]:
        rows = self._rows()
        next(rows)  # the header, checked when the file was opened
        for line, row in rows:
            origin = f"{self.path}: line {line}"
            if isinstance(row, csv.Error):
                yield Problem(origin, f"unreadable CSV: {row}")
                return
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(self.header):
                yield Problem(origin, f"expected {len(self.header)} fields, found {len(row)}")
                continue
            cells = {name: value.strip() for name, value in zip(self.header, row, strict=True)}
            nul = next((name for name, value in cells.items() if "\x00" in value), None)
            if nul is not None:   # a binary file, or text cut up by one: nothing of it is a ticket
                yield Problem(origin, f"{nul}: a NUL byte (binary data, not text)")
                continue
            try:
                yield _ticket(
                    origin,
                    key_source=cells,
                    source_id=cells.get("id") or None,
                    contract=cells.get("contract") or None,
                    subject=cells.get("subject") or None,
                    body=cells.get("body") or None,
                    severity=cells.get("severity") or None,
                    impact=cells.get("impact") or None,
                    urgency=cells.get("urgency") or None,
                    requester=cells.get("requester") or None,
                    opened_at=cells.get("opened_at") or None,
                    attributes={name[len("attr_"):]: value for name, value in cells.items()
                                if name.startswith("attr_") and value},
                    events=(),
                )
            except Malformed as exc:
                yield Problem(origin, str(exc))


def _ticket(origin: str, *, key_source: Any, source_id, contract, subject, body, severity,
            impact, urgency, requester, opened_at, attributes, events) -> Incoming:
    """An Incoming from a bulk record: its key is a hash of the whole record, so a re-import is a no-op."""
    if not subject or not subject.strip():
        raise Malformed("subject: must not be empty")
    for name, value in attributes.items():
        if not isinstance(value, (str, int, float, bool)):
            raise Malformed(f"attributes.{name}: expected text, a number or true/false")
    at: datetime | None = None
    if opened_at:
        try:
            at = parse_instant(opened_at, what="opened_at")
        except InstantError as exc:
            raise Malformed(str(exc)) from None
    digest = hashlib.sha256(json.dumps(key_source, sort_keys=True, default=str).encode()).hexdigest()
    return bounded(Incoming(
        key=f"sha256:{digest}",
        origin=origin,
        subject=subject.strip(),
        body=body or "",
        sender=requester.strip().lower() if requester else None,
        at=at,
        contract=contract,
        severity=severity,
        impact=impact,
        urgency=urgency,
        attributes=dict(attributes),
        events=events,
        source_id=source_id,
        mail=False,
    ), max_attachment_size=DEFAULT_MAX_ATTACHMENT_SIZE)


def _text(item: dict, key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise Malformed(f"{key}: expected text")
    return str(value)
