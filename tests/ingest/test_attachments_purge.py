"""ISPsystem 3.9.1: a resolved ticket's attachments are purged; the metadata and the log say so."""

import pytest

from console.errors import UserError
from console.services import actions
from console.store import attachments, events, projections

from .conftest import MAIL, NOW, run_import


def test_resolving_an_ispsystem_ticket_removes_its_files_and_keeps_their_record(store):
    run_import(store, MAIL / "06_ispsystem_rfc2047_attachment.eml", MAIL / "11_forwarded_alert.eml")
    isp, other = "T-1001", "T-1002"
    (log,) = attachments.for_ticket(store, isp)
    assert log["state"] == "stored" and attachments.content(store, log["id"]).startswith(b"2026-03-04")

    written = actions.resolve(store, isp, note="fixed in 6.12.2", at=NOW, actor="anna")
    assert [e.kind for e in written] == ["resolve", "purge"]
    purge = written[1]

    (after,) = attachments.for_ticket(store, isp)
    assert attachments.content(store, after["id"]) is None
    assert (after["state"], after["purged_at"], after["purge_event_id"]) == (
        "purged", "2026-03-10T12:00:00Z", purge.id)
    assert {k: after[k] for k in ("name", "content_type", "size", "sha256")} == {
        k: log[k] for k in ("name", "content_type", "size", "sha256")}
    assert projections.get_ticket(store, isp)["attachments_purged"] is True
    assert events.for_ticket(store, isp)[-1].payload["clause"] == "ISPsystem T&C 3.9.1"
    # another ticket's files are untouched
    (alert,) = attachments.for_ticket(store, other)
    assert alert["state"] == "stored" and attachments.content(store, alert["id"])


def test_a_pack_without_the_purge_rule_keeps_files_on_resolve(store):
    run_import(store, MAIL / "11_forwarded_alert.eml")
    written = actions.resolve(store, "T-1001", at=NOW, actor="anna")
    assert [e.kind for e in written] == ["resolve"]
    (alert,) = attachments.for_ticket(store, "T-1001")
    assert alert["state"] == "stored" and attachments.content(store, alert["id"])


def test_a_purge_cannot_be_undone(store):
    run_import(store, MAIL / "06_ispsystem_rfc2047_attachment.eml")
    _, purge = actions.resolve(store, "T-1001", at=NOW, actor="anna")
    with pytest.raises(UserError, match="cannot be undone"):
        actions.undo(store, purge.id, at=NOW, actor="anna")
    assert attachments.for_ticket(store, "T-1001")[0]["state"] == "purged"


def test_files_too_large_to_keep_stay_recorded_as_such_after_a_purge(store):
    run_import(store, MAIL / "17_large_attachment.eml", max_attachment_size=1024)
    actions.resolve(store, "T-1001", at=NOW, actor="anna")
    (core,) = attachments.for_ticket(store, "T-1001")
    assert core["state"] == "too_large" and core["purged_at"] is None
