"""The tickets of one contract (the `tickets_by_contract` index)."""

from console.store.database import Store


def ticket_ids_of(store: Store, contract_id: str) -> list[str]:
    rows = store.db.execute(
        "SELECT id FROM tickets WHERE contract_id = ? ORDER BY id", [contract_id]
    ).fetchall()
    return [row[0] for row in rows]
