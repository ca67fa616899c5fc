"""Store rows: the ticket id counter, message ids for intake threading, the queue's index."""

from console.store import Store, events, messages
from console.store.projections import QUEUE_SQL


def test_ticket_ids_count_up_from_1001(tmp_path):
    with Store.open(tmp_path / "desk.db") as store, store.transaction():
        assert [events.next_ticket_id(store) for _ in range(3)] == ["T-1001", "T-1002", "T-1003"]


def test_message_ids_thread_onto_the_first_ticket_that_saw_them(tmp_path):
    with Store.open(tmp_path / "desk.db") as store:
        messages.remember(store, "<a@example.com>", "T-1001")
        messages.remember(store, "<a@example.com>", "T-1002")  # already known: keeps T-1001
        messages.remember(store, "<b@example.com>", "T-1002")
        assert messages.ticket_for(store, ["<zzz@x>", "<b@example.com>", "<a@example.com>"]) == "T-1002"
        assert messages.ticket_for(store, ["<a@example.com>"]) == "T-1001"
        assert messages.ticket_for(store, ["<zzz@x>"]) is None


def test_the_queue_is_read_in_index_order_without_sorting(tmp_path):
    with Store.open(tmp_path / "desk.db") as store:
        plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {QUEUE_SQL}", [10])]
    assert any("USING INDEX tickets_queue" in step for step in plan)
    assert not any("TEMP B-TREE" in step for step in plan)


def test_duplicates_of_a_ticket_are_found_by_index(tmp_path):
    from console.store import Store

    with Store.open(tmp_path / "desk.db") as store:
        plan = store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE duplicate_of = ?", ["T-1"]).fetchall()
    assert "USING INDEX tickets_by_duplicate" in " ".join(str(row) for row in plan)
