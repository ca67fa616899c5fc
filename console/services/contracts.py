"""Adding and looking up contracts; a contract's policy and plan must exist in the packs."""

import re
from typing import Any

from console.domain.contract import Contract
from console.domain.contract_options import option_errors
from console.errors import UserError
from console.services import packs
from console.store import contracts
from console.store.database import Store

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def add_contract(
    store: Store,
    *,
    contract_id: str,
    customer: str,
    policy: str,
    plan: str,
    options: dict[str, Any] | None = None,
    domains: list[str] | tuple[str, ...] = (),
) -> Contract:
    if not _ID.match(contract_id):
        raise UserError(f"contract id {contract_id!r}: use letters, digits, '.', '_' or '-'")
    if not customer.strip():
        raise UserError("contract customer: must not be empty")
    pack = packs.get_pack(policy)
    if plan not in pack.plans:
        raise UserError(f"policy {policy!r} has no plan {plan!r} (plans: {', '.join(pack.plans)})")
    errors = option_errors(pack, dict(options or {}))
    if errors:
        raise UserError(f"contract {contract_id!r}: {errors[0]}")
    contract = Contract(
        id=contract_id,
        customer=customer.strip(),
        policy=policy,
        plan=plan,
        options=dict(options or {}),
        domains=tuple(d.strip().lstrip("@").lower() for d in domains if d.strip()),
    )
    with store.transaction():
        if contracts.get(store, contract_id) is not None:
            raise UserError(f"contract {contract_id!r} already exists")
        contracts.insert(store, contract)
    return contract


def get_contract(store: Store, contract_id: str) -> Contract:
    contract = contracts.get(store, contract_id)
    if contract is None:
        raise UserError(f"unknown contract {contract_id!r}")
    return contract


def list_contracts(store: Store) -> list[Contract]:
    return contracts.all_contracts(store)
