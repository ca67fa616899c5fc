"""A store with one contract per shipped pack, and instants to write events at."""

from datetime import UTC, datetime, timedelta

import pytest

from console.services.contracts import add_contract
from console.store import Store

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, inside every pack's working hours


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


CONTRACTS = (
    ("pc", "ProCo customer", "procomputers", "standard", {}),
    ("p2", "Pro2col customer", "pro2col", "standard", {}),
    ("isp", "ISP customer", "ispsystem", "standard", {}),
    ("alma", "Alma customer", "almacare", "enhanced", {"hosts": 1200}),
)


def add_contracts(store: Store) -> None:
    for contract_id, customer, policy, plan, options in CONTRACTS:
        add_contract(store, contract_id=contract_id, customer=customer, policy=policy,
                     plan=plan, options=options)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "desk.db") as opened:
        add_contracts(opened)
        yield opened


def table(store: Store, name: str) -> list[dict]:
    """Every row of a table, in a stable order, for before/after comparisons."""
    return sorted(store.db.query(f"SELECT * FROM {name}"), key=lambda row: repr(list(row.values())))
