"""Routing a stranger's mail and correcting a ticket's product from the console (Pilot)."""

import pytest
from textual.widgets import Button, Select

from console.services.contracts import add_contract
from console.services.tickets import open_ticket
from console.store import Store, contracts, events
from console.tui import keymap
from console.tui.commands import ScreenActions
from console.tui.modals.routing import AttributesModal, RouteModal
from console.tui.screens.detail import DetailScreen

from .conftest import ACTOR, NOW, ago
from .detail_harness import detail_app, on_detail, shown

SIZE = (160, 45)
pytestmark = pytest.mark.usefixtures("zone")

STRANGER_MAIL = "Severity: High\nOur BILLmanager numbers every invoice twice since Monday."


def key(action_id: str) -> str:
    return keymap.ACTIONS[action_id].keys.split(",")[0]


def stranger(path) -> str:
    """An unrouted mail from a domain one contract lists but intake did not know at the time."""
    with Store.open(path) as store:
        add_contract(store, contract_id="orbitra-isp", customer="Orbitra", policy="ispsystem",
                     plan="standard", domains=["orbitra.example"])
        return open_ticket(store, contract_id=None, subject="Invoices numbered twice",
                           body=STRANGER_MAIL, requester="billing@orbitra.example", at=ago(1))


async def open_modal(pilot, action_id: str, modal_type):
    await on_detail(pilot)
    await pilot.press(key(action_id))
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, modal_type)
    await pilot.pause()
    return modal


async def test_route_preselects_the_suggestion_and_previews_what_it_applies(filled):
    path, _ = filled
    ticket = stranger(path)
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_modal(pilot, "route", RouteModal)
        assert modal.query_one("#contract", Select).value == "orbitra-isp"
        assert "suggested orbitra-isp: lists orbitra.example" in shown(modal.query_one("#suggestions"))
        preview = shown(modal.query_one("#preview"))
        # ISPsystem 2.6, 3.1: High is 16 h on BILLmanager's 06:00-18:00 UTC from the mail's
        # 13:00 receipt: Mon 13-18 (5 h) + Tue 06-17 (11 h) -> Tue 17:00 UTC, 18:00 CET.
        assert "severity high" in preview and "product=BILLmanager" in preview
        assert "due Tue 18:00 CET" in preview
        modal.query_one("#remember", Select).value = "domain"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen), shown(modal.query_one("#error"))
        written = list(app.session_events)
    with Store.open(path) as store:
        last = events.for_ticket(store, ticket)[-1]
        assert written == [last.id]
        assert (last.kind, last.actor, last.payload) == ("route", ACTOR, {
            "contract": "orbitra-isp", "severity": "high", "attributes": {"product": "BILLmanager"},
            "remember": "orbitra.example"})
        assert contracts.get(store, "orbitra-isp").domains == ("orbitra.example",)


async def test_route_on_a_routed_ticket_says_so_and_writes_nothing(filled):
    path, ids = filled
    app = detail_app(path, ids["isp_billing"])
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_modal(pilot, "route", RouteModal)
        assert "is already routed to acme-isp" in shown(modal.query_one("#error"))
        assert modal.query_one("#confirm", Button).disabled


async def test_correcting_the_product_previews_and_moves_the_deadline(filled):
    path, ids = filled
    ticket = ids["isp_billing"]
    app = detail_app(path, ticket)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_modal(pilot, "set_attributes", AttributesModal)
        assert "nothing changed yet" in shown(modal.query_one("#preview"))
        modal.query_one("#attr-product", Select).value = "vmmanager"
        await pilot.pause()
        # ISPsystem 2.6, 3.1: Low is 32 h. On BILLmanager hours from Mon 12:00 UTC: Mon 6 h,
        # Tue 12, Wed 12, Thu 06-08 -> Thu 09:00 CET. As VMmanager from now (14:00): 2 h
        # counted, 30 h around the clock -> Tue 20:00 UTC, 21:00 CET.
        preview = shown(modal.query_one("#preview"))
        assert "Thu 09:00 CET" in preview and "Tue 21:00 CET" in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen), shown(modal.query_one("#error"))
    with Store.open(path) as store:
        last = events.for_ticket(store, ticket)[-1]
        assert (last.kind, last.payload) == ("set_attributes", {"attributes": {"product": "vmmanager"}})


async def test_nothing_changed_is_refused_in_the_modal(filled):
    path, ids = filled
    app = detail_app(path, ids["isp_billing"])
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_modal(pilot, "set_attributes", AttributesModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal
        assert "change a field first" in shown(modal.query_one("#error"))


async def test_an_unrouted_ticket_has_no_fields_to_correct(filled):
    path, ids = filled
    app = detail_app(path, ids["unrouted"])
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_modal(pilot, "set_attributes", AttributesModal)
        assert "has no contract yet" in shown(modal.query_one("#error"))
        assert modal.query_one("#confirm", Button).disabled


async def test_the_palette_offers_both_actions_on_the_detail(filled):
    path, ids = filled
    app = detail_app(path, ids["unrouted"])
    async with app.run_test(size=SIZE) as pilot:
        await on_detail(pilot)
        commands = {name: run for name, _, run in ScreenActions(app.screen)._commands()}
        assert {"Route to a contract (unrouted mail)", "Correct attributes (product, version)"} \
            <= set(commands)
        await commands["Route to a contract (unrouted mail)"]()
        await pilot.pause()
        assert isinstance(app.screen, RouteModal)
        assert app.now() == NOW
