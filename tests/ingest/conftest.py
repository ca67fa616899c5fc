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
from console.services.intake import Intake, Summary
from console.store import Store
from tests.conftest import table

CORPUS = Path(__file__).parent / "corpus"
MAIL = CORPUS / "mail"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

CONTRACTS = (
    {"contract_id": "cloudco", "customer": "CloudCo", "policy": "procomputers", "plan": "standard",
     "domains": ["cloudco.example"]},
    {"contract_id": "fileco", "customer": "FileCo", "policy": "pro2col", "plan": "standard",
     "domains": ["fileco.example"]},
    {"contract_id": "hostco", "customer": "HostCo", "policy": "ispsystem", "plan": "standard",
     "domains": ["hostco.example"]},
    {"contract_id": "tuxco", "customer": "TuxCo", "policy": "almacare", "plan": "enhanced",
     "options": {"hosts": 1200, "technical_leads": ["lead@tuxco.example"]},
     "domains": ["tuxco.example"]},
)


@pytest.fixture
def contracts() -> tuple[dict, ...]:
    return CONTRACTS


def run_import(store: Store, *paths, now=NOW, max_attachment_size: int = 10 * 1024 * 1024) -> Summary:
    sources = open_sources([str(p) for p in paths], max_attachment_size=max_attachment_size)
    return Intake(store, now=now, max_attachment_size=max_attachment_size).run(
        chain.from_iterable(sources))


def snapshot(store: Store) -> dict[str, list[dict]]:
    return {name: table(store, name)
            for name in ("events", "tickets", "clocks", "counters", "message_ids", "attachments")}
