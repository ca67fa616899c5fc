"""Contracts: which customer works under which vendor pack and plan."""

import json

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
    rows = list(store.db.query("SELECT * FROM contracts WHERE id = ?", [contract_id]))
    return _contract(rows[0]) if rows else None


def all_contracts(store: Store) -> list[Contract]:
    return [_contract(row) for row in store.db.query("SELECT * FROM contracts ORDER BY id")]


def _contract(row: dict) -> Contract:
    return Contract(
        id=row["id"],
        customer=row["customer"],
        policy=row["policy"],
        plan=row["plan"],
        options=json.loads(row["options"]),
        domains=tuple(json.loads(row["domains"])),
    )
