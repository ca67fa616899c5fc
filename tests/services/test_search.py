"""Full-text search (DESIGN.md `desk search`): what is indexed, how it ranks, and that the
index follows every write, a rebuild and a store made before it existed."""

import re
import sqlite3

import pytest

from console.domain.events import KINDS
from console.services import actions
from console.services.search import search
from console.services.tickets import open_ticket, rebuild, record
from console.store import Store
from console.store.migrations import load_migrations
from tests.conftest import add_contracts
from tests.services.conftest import CONTRACTS, at


def ids(found) -> list[str]:
    return [t["id"] for t in found]


@pytest.fixture
def desk(store):
    """Four tickets: T-1001 about invoices in its subject, T-1002 only in its thread, T-1003
    resolved, T-1004 with the word only in an internal note."""
    open_ticket(store, contract_id="isp", subject="Invoices numbered twice", severity="high",
                requester="billing@orbitra.example", at=at(0))
    open_ticket(store, contract_id="isp", subject="Panel slow", severity="low",
                requester="ops@orbitra.example", at=at(1))
    record(store, "T-1002", "customer_reply", {"body": "Also the invoice PDF is blank."}, at=at(5),
           actor="intake")
    open_ticket(store, contract_id="pc", subject="Invoice export fails", severity="sev3", at=at(2))
    actions.resolve(store, "T-1003", note="fixed", at=at(10), actor="ann")
    open_ticket(store, contract_id="alma", subject="Kernel update", severity="sev3", at=at(3))
    actions.note(store, "T-1004", text="invoice mentioned on the phone", at=at(6), actor="ann")
    return store


def test_a_subject_hit_ranks_above_a_word_in_the_thread(desk):
    assert ids(search(desk, "invoice")) == ["T-1001", "T-1002"]


def test_closed_tickets_only_on_request(desk):
    assert ids(search(desk, "invoice", include_closed=True)) == ["T-1003", "T-1001", "T-1002"]


def test_a_word_only_in_the_thread_is_found_but_not_one_in_an_internal_note(desk):
    assert ids(search(desk, "pdf blank")) == ["T-1002"]
    assert search(desk, "phone") == []


def test_an_undone_reply_leaves_the_thread(desk):
    reply = actions.reply(desk, "T-1004", text="Please try the livepatch channel", at=at(20), actor="ann")
    assert ids(search(desk, "livepatch")) == ["T-1004"]
    actions.undo(desk, reply.id, at=at(21), actor="ann")
    assert search(desk, "livepatch") == []


@pytest.mark.parametrize("query, found", [
    ("T-1002", ["T-1002"]),                       # the ticket id
    ("Alma customer", ["T-1004"]),                # the customer
    ("billing@orbitra.example", ["T-1001"]),      # the requester
    ("orbitra", ["T-1001", "T-1002"]),
])
def test_ids_customers_and_requesters_match(desk, query, found):
    assert ids(search(desk, query)) == found


def test_an_assignment_is_searchable_at_once(desk):
    actions.assign(desk, "T-1002", assignee="priya.raman", at=at(30), actor="lead")
    assert ids(search(desk, "priya")) == ["T-1002"]
    actions.assign(desk, "T-1002", assignee="sam", at=at(31), actor="lead")
    assert search(desk, "priya") == []


@pytest.mark.parametrize("query, found", [
    ('"invoices', ["T-1001", "T-1002"]),          # an unbalanced quote is a character
    ('numbered" "twice', ["T-1001"]),          # quotes inside and around words
    ("invoice OR kernel", []),                    # OR is a word to find, not an operator
    ("NEAR(invoice kernel)", []),
    ("invoice*", ["T-1001", "T-1002"]),
    ("-invoice", ["T-1001", "T-1002"]),
    ("subject:kernel", []),                       # no column filters
    ("* ( ) \" :", []),                           # nothing to look for
    ("", []),
])
def test_what_a_person_types_is_never_fts_syntax(desk, query, found):
    assert ids(search(desk, query)) == found


def test_a_rebuild_keeps_the_index_right(desk):
    before = [search(desk, q, include_closed=True) for q in ("invoice", "orbitra", "T-1004")]
    assert rebuild(desk) == 4
    assert [search(desk, q, include_closed=True) for q in ("invoice", "orbitra", "T-1004")] == before


def test_the_migration_fills_the_index_of_an_existing_store(tmp_path):
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        add_contracts(store, CONTRACTS)
        open_ticket(store, contract_id="isp", subject="Backups fail nightly", severity="high", at=at(0))
    # take the store back to the schema before search, with its tickets
    conn = sqlite3.connect(path)
    conn.executescript("DROP TRIGGER tickets_search_insert; DROP TRIGGER tickets_search_update; "
                       "DROP TRIGGER tickets_search_delete; DROP VIEW ticket_search_source; "
                       "DROP TABLE ticket_search; DELETE FROM schema_version WHERE version = 8;")
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == 8
        assert ids(search(store, "backups")) == ["T-1001"]


def test_the_thread_holds_the_kinds_the_customer_sees():
    sql = next(m.sql for m in load_migrations() if m.name == "search")
    listed = re.search(r"e\.kind IN \(([^)]*)\)", sql).group(1)
    assert set(re.findall(r"'(\w+)'", listed)) == {k.id for k in KINDS.values() if not k.internal}
