"""One transaction per message: a crash mid-import leaves each message fully in or not at
all, and running the import again completes the rest without duplicates."""

import json

import pytest

from console.store import Store, attachments, messages
from tests.conftest import add_contracts, table

from .conftest import CONTRACTS, CORPUS, MAIL, run_import

SOURCES = (MAIL, CORPUS / "inbox.mbox", CORPUS / "Maildir")


class Crash(RuntimeError):
    pass


def crash_on_call(monkeypatch, module, name: str, n: int) -> None:
    """Make module.name raise on its n-th call, after the message's other writes were made."""
    real = getattr(module, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise Crash(f"simulated crash in {name}, call {n}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def message_keys_in_log(store) -> dict[str, str]:
    """Message key -> ticket, as the event log records them."""
    found = {}
    for event in table(store, "events"):
        payload = json.loads(event["payload"])
        if event["kind"] == "open":
            found[payload["intake"]["key"]] = event["ticket_id"]
        elif event["kind"] in ("customer_reply", "note"):
            found[payload["message_id"]] = event["ticket_id"]
    return found


def assert_whole_messages(store) -> None:
    remembered = {row["message_id"]: row["ticket_id"] for row in table(store, "message_ids")}
    assert message_keys_in_log(store) == remembered
    assert {(r["message_key"], r["ticket_id"]) for r in table(store, "attachments")} <= set(remembered.items())
    opened = {e["ticket_id"] for e in table(store, "events") if e["kind"] == "open"}
    assert {row["id"] for row in table(store, "tickets")} == opened


def contents(store) -> dict:
    """What the store holds, without the random event ids and store order."""
    return {
        "tickets": [(r["id"], r["contract_id"], r["subject"], r["severity"], r["status"], r["attributes"])
                    for r in table(store, "tickets")],
        "events": sorted((e["ticket_id"], e["at"], e["kind"]) for e in table(store, "events")),
        "message_ids": table(store, "message_ids"),
        "attachments": sorted((a["ticket_id"], a["name"], a["state"]) for a in table(store, "attachments")),
    }


@pytest.fixture
def complete(tmp_path):
    with Store.open(tmp_path / "reference.db") as reference:
        add_contracts(reference, CONTRACTS)
        run_import(reference, *SOURCES)
        return contents(reference)


@pytest.mark.parametrize(("module", "name", "n"), [
    (messages, "remember", 7),    # a new ticket: opened with its events, then the crash
    (messages, "remember", 10),   # a reply: its customer_reply written, then the crash
    (attachments, "save", 2),     # the forwarded alert: ticket opened, its attachment fails
])
def test_a_crash_leaves_whole_messages_and_a_rerun_completes_the_rest(
        tmp_path, monkeypatch, complete, module, name, n):
    with Store.open(tmp_path / "crashed.db") as store:
        add_contracts(store, CONTRACTS)
        crash_on_call(monkeypatch, module, name, n)
        with pytest.raises(Crash):
            run_import(store, *SOURCES)
        monkeypatch.undo()
        assert not store.conn.in_transaction
        assert_whole_messages(store)
        kept = len(table(store, "message_ids"))
        assert 0 < kept < len(complete["message_ids"])

        rerun = run_import(store, *SOURCES)
        assert rerun.duplicates == kept + 1   # and the duplicate in the corpus itself
        assert_whole_messages(store)
        assert contents(store) == complete
