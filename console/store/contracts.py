"""Contracts: which customer works under which vendor pack and plan."""

import json
import sqlite3
from collections.abc import Iterable

from console.domain.contract import Contract
from console.store.database import Store


def insert(store: Store, contract: Contract) -> None:
    store.db.execute(
        "INSERT INTO contracts (id, customer, policy, plan, options, domains) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            contract.id,
            contract.customer,
            contract.policy,
            contract.plan,
            json.dumps(contract.options, sort_keys=True),
            json.dumps(list(contract.domains)),
        ],
    )


def get(store: Store, contract_id: str) -> Contract | None:
    return get_many(store, [contract_id]).get(contract_id)


def get_many(store: Store, contract_ids: Iterable[str]) -> dict[str, Contract]:
    """The contracts with these ids, by id, in one read (ids not in the store are left out)."""
    ids = sorted(set(contract_ids))
    if not ids:
        return {}
    rows = _rows(store, f"SELECT * FROM contracts WHERE id IN ({', '.join('?' * len(ids))})", ids)
    return {row["id"]: _contract(row) for row in rows}


def all_contracts(store: Store) -> list[Contract]:
    return [_contract(row) for row in _rows(store, "SELECT * FROM contracts ORDER BY id")]


def _rows(store: Store, sql: str, params: list | tuple = ()) -> list[sqlite3.Row]:
    # Straight from sqlite3 (rows addressed by column name): the console reads
    # contracts for its first screen, before anything needs sqlite-utils.
    cursor = store.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


def _contract(row: sqlite3.Row) -> Contract:
    return Contract(
        id=row["id"],
        customer=row["customer"],
        policy=row["policy"],
        plan=row["plan"],
        options=json.loads(row["options"]),
        domains=tuple(json.loads(row["domains"])),
    )


def set_domains(store: Store, contract_id: str, domains: Iterable[str]) -> None:
    """Replace the addresses and domains intake routes to the contract."""
    store.conn.execute("UPDATE contracts SET domains = ? WHERE id = ?",
                       [json.dumps(list(domains)), contract_id])
