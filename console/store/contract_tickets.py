"""The tickets of one contract (the `tickets_by_contract` index)."""

from console.store.database import Store


def ticket_ids_of(store: Store, contract_id: str) -> list[str]:
    rows = store.db.execute(
        "SELECT id FROM tickets WHERE contract_id = ? ORDER BY id", [contract_id]
    ).fetchall()
    return [row[0] for row in rows]


def opened_between(store: Store, contract_id: str, start: str, end: str) -> int:
    """Tickets of the contract opened in [start, end] (stored instants), split children not
    counted again: they replay their parent's opening."""
    return store.db.execute(
        "SELECT count(*) FROM tickets WHERE contract_id = ? AND parent_id IS NULL "
        "AND opened_at >= ? AND opened_at <= ?",
        [contract_id, start, end],
    ).fetchone()[0]
