"""The console's outbox screen (Textual Pilot): what is undelivered, send again, edit a recipient."""

import asyncio

from console.services.contracts import add_contract
from console.services.tickets import record
from console.store import Store
from console.store import outbox as rows
from console.tui.screens.outbox import OutboxScreen
from tests.mail.conftest import at, ticket
from tests.tui.conftest import make_app


def fill(path):
    with Store.open(path) as store:
        add_contract(store, contract_id="pc", customer="ProCo customer", policy="procomputers",
                     plan="standard", options={})
        held = ticket(store, requester=None, subject="Nobody to tell")
        record(store, held, "respond", {"note": "Fixed."}, at=at(5))
        queued = ticket(store, subject="Waiting to leave")
        record(store, queued, "respond", {"note": "On it."}, at=at(6))
        return held, queued


def test_the_outbox_lists_undelivered_mail_and_gives_a_held_one_its_recipient(tmp_path):
    path = tmp_path / "desk.db"
    held, queued = fill(path)
    asyncio.run(_give_a_recipient(make_app(path, now=at(30)), held, queued))
    with Store.open(path) as store:
        assert rows.rows(store)[0]["to_addr"] == "bo@customer.example"


async def _give_a_recipient(app, held, queued):
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("O")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutboxScreen)
        assert [(m["ticket"], m["state"]) for m in screen.mails] == [(held, "held"), (queued, "queued")]
        assert screen.check_action("outbox_recipient", ()) is True   # the held one is first
        await pilot.press("E")
        await pilot.pause()
        await pilot.press(*"bo@customer.example", "enter")
        await pilot.pause()
        assert [m["state"] for m in screen.mails] == ["queued", "queued"]
        assert screen.check_action("outbox_retry", ()) is None   # nothing stuck left to push
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OutboxScreen)


def test_enter_opens_the_mails_ticket(tmp_path):
    path = tmp_path / "desk.db"
    held, _ = fill(path)
    asyncio.run(_open_the_ticket(make_app(path, now=at(30)), held))


async def _open_the_ticket(app, held):
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("O")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current_ticket_id() == held
        assert not isinstance(app.screen, OutboxScreen)
