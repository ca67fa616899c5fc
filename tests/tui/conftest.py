"""A small, realistic store for console tests, and the app on a frozen clock.

Four vendors' contracts and a dozen tickets in the states an engineer meets on a
Monday afternoon: breached, about to breach, past the internal goal, waiting on
the customer, answered, unrouted. Every write goes through console.services, so
the rows are exactly what the console reads in production.
"""

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.clock import Clock
from console.services.tickets import open_ticket, record
from console.store import Store
from tests.conftest import add_contracts

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # a Monday, inside every pack's working hours
ACTOR = "sam"
ZONE = "Europe/Berlin"

CONTRACTS = (
    {"contract_id": "acme-isp", "customer": "Acme Hosting", "policy": "ispsystem", "plan": "standard"},
    {"contract_id": "nordhost-isp", "customer": "Nordhost GmbH", "policy": "ispsystem",
     "plan": "privilege"},
    {"contract_id": "bright-alma", "customer": "BrightCloud Ltd", "policy": "almacare",
     "plan": "enhanced", "options": {"hosts": 1200}},
    {"contract_id": "kestrel-p2c", "customer": "Kestrel Logistics", "policy": "pro2col",
     "plan": "standard"},
    {"contract_id": "skyline-pc", "customer": "Skyline Analytics", "policy": "procomputers",
     "plan": "standard"},
)

PROCOMPUTERS_INFO = {
    "image_version": "ProComputers RHEL 9.4 2026.01", "instance_type": "Standard_D4s_v5",
    "region": "westeurope", "account_id": "0f6c2d1e-5b9a-4c7e-9a51-2d7b1c3e8f40",
}


def ago(hours: float = 0, minutes: float = 0) -> datetime:
    return NOW - timedelta(hours=hours, minutes=minutes)


def build_store(path: Path) -> dict[str, str]:
    """Fill a new store at `path`; returns {short name: ticket id} for the tests to point at."""
    ids: dict[str, str] = {}
    with Store.open(path) as store:
        add_contracts(store, CONTRACTS)

        def ticket(name, contract, subject, opened, **fields):
            ids[name] = open_ticket(store, contract_id=contract, subject=subject, at=opened,
                                    body=f"{subject}.\n\nDetails to follow.", **fields)
            return ids[name]

        def event(name, kind, at, **payload):
            record(store, ids[name], kind, payload, at=at, actor="dana")

        ticket("isp_breached", "acme-isp", "VMmanager: every VM on node kvm-03 stopped after upgrade",
               ago(9), severity="emergency", attributes={"product": "vmmanager"})
        ticket("p2c_vendor_breached", "kestrel-p2c", "MOVEit Transfer service down after patch",
               ago(2), impact="high", urgency="high")
        event("p2c_vendor_breached", "respond", ago(1, 50))
        ticket("alma_near", "bright-alma", "Kernel panic on reboot after livepatch on db-12",
               ago(minutes=25), severity="sev1")
        ticket("isp_privilege_near", "nordhost-isp", "DCImanager cannot reach IPMI on rack B4",
               ago(7, 30), severity="high", attributes={"product": "dcimanager"})
        ticket("p2c_review", "kestrel-p2c", "SFTP logins slow since Friday",
               ago(minutes=30), impact="medium", urgency="medium")
        ticket("pc_goal", "skyline-pc", "Marketplace image fails cloud-init on first boot",
               ago(5), severity="sev2", attributes=PROCOMPUTERS_INFO)
        event("pc_goal", "assign", ago(4), assignee=ACTOR)
        ticket("pc_info", "skyline-pc", "Which image supports ARM64 in eu-north-1?",
               ago(1), severity="sev3")
        ticket("isp_billing", "acme-isp", "BILLmanager invoice PDF shows wrong VAT rate",
               ago(2), severity="low", attributes={"product": "billmanager"})
        ticket("alma_waiting", "bright-alma", "ELS PHP 7.4 update breaks ionCube loader",
               ago(6), severity="sev2")
        event("alma_waiting", "request_info", ago(5), note="Please send php -v and the loader log")
        event("alma_waiting", "assign", ago(5), assignee=ACTOR)
        ticket("isp_answered", "acme-isp", "How to move licences to a new DCImanager host?",
               ago(20), severity="medium", attributes={"product": "dcimanager"})
        event("isp_answered", "respond", ago(18))
        event("isp_answered", "assign", ago(18), assignee="dana")
        ids["unrouted"] = open_ticket(store, contract_id=None, at=ago(minutes=40),
                                      subject="Question about renewing our support contract",
                                      requester="finance@unknown-customer.example")
        ticket("p2c_low", "kestrel-p2c", "Request: add a second admin account to the portal",
               ago(minutes=20), impact="low", urgency="low")
    return ids


def make_app(path: Path, *, now: datetime = NOW, actor: str = ACTOR):
    """The console on a frozen clock with text cursors still: a screenshot never depends on
    when it is taken. Its Pilot waits for the screens' reads (tests/tui/settling.py)."""
    from tests.tui.settling import SettledDesk

    return SettledDesk(path, Clock(frozen=now), actor=actor, cursor_blink=False)


@pytest.fixture(scope="session")
def store_template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The console store, built once per test process; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("template") / "desk.db"
    return path, build_store(path)


@pytest.fixture
def filled(store_template, store_path) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the console store for one test: (path, {short name: ticket id})."""
    source, ids = store_template
    shutil.copy(source, store_path)
    return store_path, dict(ids)


@pytest.fixture
def zone(monkeypatch) -> str:
    """The engineer's zone: not UTC and not the vendors' zones, so both show."""
    monkeypatch.setenv("DESK_TZ", ZONE)
    return ZONE


@pytest.fixture(autouse=True)
def _no_user_keymap(tmp_path, monkeypatch):
    """Tests never read the engineer's own keys.toml or site packs."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
