"""What every test folder shares: a store on a temporary path opened with the folder's
contracts, rows read in a stable order, `desk` run in-process, a store dumped as SQL, and
`async def` tests run on an event loop.

A folder's conftest.py names the contracts its tests start with (the `contracts`
fixture); `store` opens the store and adds them through console.services, as
`desk contract add` does.
"""

import asyncio
import inspect
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest

from console.cli import main
from console.services.contracts import add_contract
from console.store import Store


def add_contracts(store: Store, contracts: Iterable[dict]) -> None:
    """Each contract is add_contract's keyword arguments."""
    for contract in contracts:
        add_contract(store, **contract)


def run_desk(capsys, *argv) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `desk ARGV`, run in this process."""
    capsys.readouterr()
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def dump(path: Path) -> list[str]:
    """A store's whole content as SQL, read without changing anything (before/after a refusal)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def table(store: Store, name: str) -> list[dict]:
    """Every row of a table, in a stable order, for before/after comparisons."""
    return sorted(store.db.query(f"SELECT * FROM {name}"), key=lambda row: repr(list(row.values())))


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def contracts() -> tuple[dict, ...]:
    """The contracts `store` starts with: none, unless the test's folder says otherwise."""
    return ()


@pytest.fixture
def store(store_path, contracts):
    with Store.open(store_path) as opened:
        add_contracts(opened, contracts)
        yield opened


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests (Pilot needs a loop) without an extra plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
