"""Who wrote before: the contracts a sender's earlier tickets were routed to."""

from console.store.database import Store


def contracts_of_sender(store: Store, address: str) -> list[tuple[str, int]]:
    """(contract id, tickets) for the routed tickets whose requester is `address`, most first."""
    rows = store.conn.execute(
        "SELECT contract_id, count(*) AS n FROM tickets "
        "WHERE lower(requester) = lower(?) AND contract_id IS NOT NULL "
        "GROUP BY contract_id ORDER BY n DESC, contract_id",
        [address],
    ).fetchall()
    return [(row[0], row[1]) for row in rows]
