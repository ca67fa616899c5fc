"""The event-kind registry: the rules every layer reads about a kind, stated once."""

from console.domain.events import EVENT_KINDS, KINDS, missing_fields

DESIGN_KINDS = ["open", "respond", "request_info", "customer_reply", "note", "assign", "reclassify", "escalate", "forward_team", "require_dev", "update_sent", "split", "split_from", "merge", "reject", "resolve", "close", "reopen", "worklog"]


def test_the_registry_holds_every_kind_of_the_design_and_names_each_once():
    assert set(DESIGN_KINDS) <= set(KINDS)
    assert EVENT_KINDS == tuple(KINDS) and all(KINDS[k].id == k for k in KINDS)
    assert len({k.label for k in KINDS.values()}) == len(KINDS)


def test_what_cannot_be_undone_and_what_starts_a_log():
    assert {k for k, kind in KINDS.items() if not kind.undoable} == {"open", "split_from", "undo", "purge"}
    assert KINDS["purge"].cannot_undo == "the files are gone"
    assert {k for k, kind in KINDS.items() if kind.starts_log} == {"open", "split_from"}


def test_the_conversation_is_the_kinds_with_a_heading_and_only_notes_in_it_are_internal():
    in_thread = {k: kind for k, kind in KINDS.items() if kind.heading}
    assert set(in_thread) == {"open", "split_from", "respond", "request_info", "customer_reply", "note"}
    assert [k for k, kind in in_thread.items() if kind.internal] == ["note"]


def test_missing_fields_are_the_required_ones_absent_or_empty():
    assert missing_fields("escalate", {"note": "x"}) == ["tier"]
    assert missing_fields("merge", {"duplicate_of": ""}) == ["duplicate_of"]
    assert missing_fields("worklog", {"minutes": 0}) == []   # a bad value is validation's to refuse
    assert missing_fields("respond", {}) == []
