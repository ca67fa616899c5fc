"""The outbox: mail that has not reached the customer yet (queued, failed, held).

The background worker (console/tui/app.py) sends what is due; this screen is for
what it cannot: a failed mail retried after the address was fixed, a held mail
given the recipient its ticket lacked. Enter opens the mail's ticket.
"""

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Input, Static

from console.domain.safe_text import neutralise
from console.errors import UserError
from console.services.outbox import listing, release
from console.tui import keymap
from console.tui.screens.base import DeskScreen
from console.tui.widgets.text_fields import DeskInput

UNDELIVERED = ("queued", "failed", "held")
COLUMNS = ("id", "ticket", "state", "tries", "to", "subject", "why")


class OutboxTable(DataTable, inherit_bindings=False):
    """Rows of mail; enter is the screen's (open the ticket), not the table's."""

    BINDINGS: ClassVar[list] = [b for b in DataTable.BINDINGS if b.key != "enter"]


class OutboxScreen(DeskScreen):
    BINDINGS = keymap.bindings(
        "back", "outbox", "cursor_down", "cursor_up", "open_detail", "outbox_retry",
        "outbox_recipient", footer=("open_detail", "outbox_retry", "outbox_recipient"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.mails: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Static(id="outbox-title")
        yield OutboxTable(id="outbox", cursor_type="row", zebra_stripes=True)
        yield DeskInput(id="recipient", placeholder="the customer's address; enter keeps it, esc drops it")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#outbox", DataTable).add_columns(*COLUMNS)
        self.query_one("#recipient", Input).display = False
        self.query_one("#outbox", DataTable).focus()
        self.reload_data()

    def reload_data(self) -> None:
        self.mails = listing(self.app.store, UNDELIVERED)
        table = self.query_one("#outbox", DataTable)
        row = table.cursor_row
        table.clear()
        for m in self.mails:
            why = "no recipient" if m["state"] == "held" else (m["last_error"] or "")
            table.add_row(*(Text(neutralise(v)) for v in (
                m["id"], m["ticket"], m["state"], m["attempts"], m["to"] or "-", m["subject"],
                why)), key=str(m["id"]))
        if self.mails:
            table.move_cursor(row=min(row, len(self.mails) - 1))
        held = sum(m["state"] == "held" for m in self.mails)
        failed = sum(m["state"] == "failed" for m in self.mails)
        self.query_one("#outbox-title", Static).update(
            f"[b]Outbox[/b] · {len(self.mails)} not delivered: {failed} failed, {held} held"
            if self.mails else "[b]Outbox[/b] · every mail has been delivered")

    def current(self) -> dict | None:
        table = self.query_one("#outbox", DataTable)
        return self.mails[table.cursor_row] if self.mails else None

    def current_ticket_id(self) -> str | None:
        mail = self.current()
        return mail["ticket"] if mail else None

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        if self.query_one("#recipient", Input).display:
            self._close_recipient()
        else:
            self.app.pop_screen()

    def action_outbox(self) -> None:
        self.app.pop_screen()

    def action_cursor_down(self) -> None:
        self.query_one("#outbox", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#outbox", DataTable).action_cursor_up()

    def action_open_detail(self) -> None:
        ticket_id = self.current_ticket_id()
        if ticket_id is not None:
            self.app.open_ticket(ticket_id)

    def action_outbox_retry(self) -> None:
        mail = self.current()
        if mail is not None:
            self._release(mail, None)

    def action_outbox_recipient(self) -> None:
        mail = self.current()
        if mail is None:
            return
        field = self.query_one("#recipient", Input)
        field.value = mail["to"] or ""
        field.display = True
        field.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Retry and a new recipient are for what the worker will not send by itself.
        if action in ("outbox_retry", "outbox_recipient"):
            mail = self.current()
            stuck = mail is not None and mail["state"] in ("failed", "held")
            return None if not stuck or self.app.read_only else True
        return super().check_action(action, parameters)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        mail = self.current()
        self._close_recipient()
        if mail is not None and event.value.strip():
            self._release(mail, event.value.strip())

    def _release(self, mail: dict, to: str | None) -> None:
        try:
            release(self.app.store, mail["id"], now=self.app.now(), to=to)
        except UserError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(f"Mail {mail['id']} for {mail['ticket']} queued: it leaves with the next round.")
        self.app.refresh_data()

    def _close_recipient(self) -> None:
        field = self.query_one("#recipient", Input)
        field.display = False
        self.query_one("#outbox", DataTable).focus()
