"""A store with one contract per vendor, as the corpus's senders expect, and an import helper.

The corpus (tests/ingest/corpus/) is real-shaped mail written for these tests:
the four vendors' intake, every common encoding, replies, auto-replies,
duplicates and broken messages. Ticket ids follow the order of mail/ (01 opens T-1001).
"""

from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

import pytest

from console.ingest.detect import open_sources
from console.services.contracts import add_contract
from console.services.intake import Intake, Summary
from console.store import Store

CORPUS = Path(__file__).parent / "corpus"
MAIL = CORPUS / "mail"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

CONTRACTS = (
    ("cloudco", "CloudCo", "procomputers", "standard", {}, ["cloudco.example"]),
    ("fileco", "FileCo", "pro2col", "standard", {}, ["fileco.example"]),
    ("hostco", "HostCo", "ispsystem", "standard", {}, ["hostco.example"]),
    ("tuxco", "TuxCo", "almacare", "enhanced",
     {"hosts": 1200, "technical_leads": ["lead@tuxco.example"]}, ["tuxco.example"]),
)


def add_contracts(store: Store) -> None:
    for contract_id, customer, policy, plan, options, domains in CONTRACTS:
        add_contract(store, contract_id=contract_id, customer=customer, policy=policy, plan=plan,
                     options=options, domains=domains)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "desk.db") as opened:
        add_contracts(opened)
        yield opened


def run_import(store: Store, *paths, now=NOW, max_attachment_size: int = 10 * 1024 * 1024) -> Summary:
    sources = open_sources([str(p) for p in paths], max_attachment_size=max_attachment_size)
    return Intake(store, now=now, max_attachment_size=max_attachment_size).run(
        chain.from_iterable(sources))


def table(store: Store, name: str) -> list[dict]:
    """Every row of a table in a stable order, for before/after comparisons."""
    return sorted(store.db.query(f"SELECT * FROM {name}"), key=lambda row: repr(list(row.values())))


def snapshot(store: Store) -> dict[str, list[dict]]:
    return {name: table(store, name)
            for name in ("events", "tickets", "clocks", "counters", "message_ids", "attachments")}
