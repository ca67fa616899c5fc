"""A store with one contract per shipped pack, and instants to write events at."""

from datetime import UTC, datetime, timedelta

import pytest

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, inside every pack's working hours


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


CONTRACTS = (
    {"contract_id": "pc", "customer": "ProCo customer", "policy": "procomputers", "plan": "standard"},
    {"contract_id": "p2", "customer": "Pro2col customer", "policy": "pro2col", "plan": "standard"},
    {"contract_id": "isp", "customer": "ISP customer", "policy": "ispsystem", "plan": "standard"},
    {"contract_id": "alma", "customer": "Alma customer", "policy": "almacare", "plan": "enhanced",
     "options": {"hosts": 1200}},
)


@pytest.fixture
def contracts() -> tuple[dict, ...]:
    return CONTRACTS
