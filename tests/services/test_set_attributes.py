"""Correcting a ticket's attributes, and splitting with per-child attributes: each stretch
counts on the calendar of the product in force during it (ISPsystem T&C 3.1, 2.6)."""

import pytest

from console.errors import UserError
from console.services import actions
from console.services.attributes import attributes_preview, set_attributes
from console.services.detail import describe
from console.services.tickets import open_ticket
from console.store import events, projections
from tests.conftest import table
from tests.services.conftest import at

SUBJECT = "VMmanager node down and BILLmanager invoices numbered twice"


def isp_ticket(store, product: str = "vmmanager") -> str:
    """An ISPsystem Standard High ticket opened Monday 2 March 10:00 UTC."""
    return open_ticket(store, contract_id="isp", subject=SUBJECT, severity="high",
                       attributes={"product": product}, at=at(0))


def response(store, ticket_id: str) -> dict:
    return next(c for c in projections.clocks_of(store, ticket_id) if c["metric"] == "response")


# (product before, product after, due before, due after, calendar after)
CORRECTIONS = [
    # High is 16 h. VMmanager 24/7: Mon 10:00 -> Tue 02:00. Corrected to BILLmanager at 12:00:
    # 2 h counted 24/7, then 06:00-18:00 UTC: Mon 12-18 (6 h) + Tue 06-14 (8 h) -> Tue 14:00.
    ("vmmanager", "billmanager", "2026-03-03T02:00:00Z", "2026-03-03T14:00:00Z", "billing_hours"),
    # The other way: BILLmanager Mon 10-18 (8 h) + Tue 06-14 (8 h) -> Tue 14:00. Corrected to
    # DCImanager at 12:00: 2 h on billing hours, 14 h around the clock from 12:00 -> Tue 02:00.
    ("billmanager", "dcimanager", "2026-03-03T14:00:00Z", "2026-03-03T02:00:00Z", "always"),
]


@pytest.mark.parametrize("before, after, due_before, due_after, calendar", CORRECTIONS,
                         ids=[f"{c[0]}->{c[1]}" for c in CORRECTIONS])
def test_a_correction_moves_the_deadline_and_the_preview_says_so(store, before, after, due_before,
                                                                 due_after, calendar):
    ticket = isp_ticket(store, before)
    assert response(store, ticket)["due_at"] == due_before
    untouched = table(store, "events")

    preview = attributes_preview(store, ticket, {"product": after}, at=at(120))
    assert table(store, "events") == untouched     # a preview writes nothing
    moved = next(p for p in preview if p.metric == "response")
    assert moved.changed
    assert [c.due_at.isoformat() for c in (moved.before, moved.after)] == [
        due_before.replace("Z", "+00:00"), due_after.replace("Z", "+00:00")]

    event = set_attributes(store, ticket, {"product": after}, reason="customer named it", at=at(120),
                           actor="ann")
    assert describe(event) == f"corrected product={after}: customer named it"
    clock = response(store, ticket)
    assert (clock["due_at"], clock["calendar"]) == (due_after, calendar)
    assert projections.get_ticket(store, ticket)["attributes"]["product"] == after


def test_a_correction_to_a_field_no_calendar_reads_moves_nothing(store):
    ticket = isp_ticket(store)
    preview = attributes_preview(store, ticket, {"version": "6.3.1"}, at=at(60))
    assert [p.changed for p in preview] == [False]


@pytest.mark.parametrize("attributes, message", [
    ({"product": "cpanel"}, "product: 'cpanel' is not one ispsystem knows"),
    ({}, "attributes: give one or more KEY=VALUE"),
])
def test_the_pack_refuses_what_it_does_not_know(store, attributes, message):
    ticket = isp_ticket(store)
    for attempt in (lambda: attributes_preview(store, ticket, attributes, at=at(60)),
                    lambda: set_attributes(store, ticket, attributes, at=at(60), actor="ann")):
        with pytest.raises(UserError, match=message):
            attempt()
    assert [e.kind for e in events.for_ticket(store, ticket)] == ["open"]


def test_split_gives_each_child_its_own_product_and_calendar(store):
    # Split at 12:00. The VMmanager child keeps 16 h around the clock from 10:00 -> Tue 02:00.
    # The BILLmanager child: 10-12 counted 24/7 as the parent's (2 h), then billing hours
    # Mon 12-18 (6 h) + Tue 06-14 (8 h) -> Tue 14:00.
    parent = isp_ticket(store)
    parts = [{"subject": "VMmanager node down"},
             {"subject": "BILLmanager invoices numbered twice", "attributes": {"product": "BILLmanager"}}]
    previews = actions.split_preview(store, parent, parts, at=at(120))
    result = actions.split(store, parent, parts, at=at(120), actor="ann")

    expected = [("vmmanager", "2026-03-03T02:00:00Z", "always"),
                ("billmanager", "2026-03-03T14:00:00Z", "billing_hours")]
    got = []
    for child in result.children:
        clock = response(store, child)
        got.append((projections.get_ticket(store, child)["attributes"]["product"], clock["due_at"],
                    clock["calendar"]))
    assert got == expected
    assert [[c.due_at.strftime("%Y-%m-%dT%H:%M:%SZ") for c in p.clocks if c.metric == "response"]
            for p in previews] == [["2026-03-03T02:00:00Z"], ["2026-03-03T14:00:00Z"]]


def test_a_split_part_with_an_unknown_product_is_refused(store):
    parent = isp_ticket(store)
    parts = [{"subject": "a"}, {"subject": "b", "attributes": {"product": "plesk"}}]
    with pytest.raises(UserError, match="split part 2: product: 'plesk' is not one ispsystem knows"):
        actions.split(store, parent, parts, at=at(120), actor="ann")
    assert projections.get_ticket(store, parent)["status"] == "new"
