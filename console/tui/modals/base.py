"""What every action modal shares: load the ticket, show what the action will do, write once.

A modal reads its ticket in a worker (the form is filled when it arrives),
collects its fields, shows the clocks it affects and the pack's reminders for it,
asks for confirmation when the action is destructive, then writes through
console/services with the ticket version it showed. If someone
changed the ticket meanwhile, the write is refused (StaleTicket): the modal says
who changed what, reloads, and waits for the engineer to confirm again.
"""

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from console.domain.events import Event
from console.errors import UserError
from console.resources import styles_dir
from console.services.actions import effects, reminders
from console.services.detail import TicketDetail, describe, last_change, ticket_detail
from console.services.tickets import StaleTicket
from console.tui import reads
from console.tui.plain import plain
from console.tui.severity import badge

CSS_FILE = str(styles_dir() / "detail.tcss")


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question on top of an action modal: `y` or enter confirms, `n` or escape does not."""

    CSS_PATH = CSS_FILE
    BINDINGS: ClassVar[list] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, details: list[str] = ()):
        super().__init__()
        self.question = question
        self.details = list(details)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(plain(self.question, style="bold"), classes="dialog-title")
            for line in self.details:
                yield Static(plain(line), classes="reminder")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ActionModal(ModalScreen[str | None]):
    """Base of the ticket action modals; subclasses give `form()` and `perform()`.

    Dismisses with a one-line summary of what was written (None when cancelled),
    after adding the action's first event to `app.session_events` for undo.
    """

    CSS_PATH = CSS_FILE
    AUTO_FOCUS = ""   # the first field takes the focus once the form is filled (see _ready)
    BINDINGS: ClassVar[list] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Confirm"),
    ]
    TITLE: ClassVar[str] = ""
    KIND: ClassVar[str] = ""               # the event kind written: its reminders and effects are shown
    VERB: ClassVar[str] = "Confirm"
    DESTRUCTIVE: ClassVar[bool] = False    # asks "are you sure" before writing

    class Loaded(reads.Loaded):
        """The ticket's detail, as `_load` found it."""

    def __init__(self, ticket_id: str):
        super().__init__()
        self.ticket_id = ticket_id
        self.detail: TicketDetail | None = None
        self.loads = reads.Requests()

    # ---- what subclasses provide

    def form(self) -> ComposeResult:
        """The modal's own fields."""
        return iter(())

    def below(self) -> ComposeResult:
        """What stays in sight under the scrolling form (a preview of the result)."""
        return iter(())

    def loaded(self, first: bool) -> None:
        """Fill the form from `self.detail` (first load) or refresh what derives from it."""

    def kind_and_payload(self) -> tuple[str, dict]:
        """The event about to be written, as far as its effects on the clocks go."""
        return self.KIND, {}

    def check(self) -> None:
        """Raise UserError for a fault the engineer should fix before being asked to confirm."""

    def perform(self, *, at, actor: str, expected_version: int) -> Event | list[Event]:
        raise NotImplementedError

    def question(self) -> str:
        return f"{self.VERB} {self.ticket_id}?"

    def summary(self, event: Event) -> str:
        """The line the app shows once the action is written."""
        return f"{event.ticket_id}: {describe(event)}"

    def needs_confirmation(self) -> bool:
        return self.DESTRUCTIVE

    # ---- shared behaviour

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            # Until the ticket is read: the action and the ticket's id (see on_action_modal_loaded)
            yield Static(Text.assemble((self.TITLE, "bold"), "  ", (self.ticket_id, "bold"),
                                       ("  loading…", "dim")), id="dialog-title", classes="dialog-title")
            with VerticalScroll(id="form"):
                yield from self.form()
                yield Static(id="effects", classes="effects")
            yield from self.below()
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.VERB, id="confirm", variant="error" if self.DESTRUCTIVE else "primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.reload()

    def _ready(self) -> None:
        """Once the form is filled: the cursor in its first field (unless the modal chose),
        and what it holds now remembered, so that leaving it can ask before dropping text."""
        form = self.query_one("#form")
        if self.focused in (None, form):
            fields = [w for w in form.query("*") if w.can_focus and w.display and not w.disabled]
            # The form opens at its top, where its first field is: scrolling to it could only
            # act on a layout that has not caught up with the fields just mounted.
            (fields[0] if fields else self.query_one("#confirm", Button)).focus(scroll_visible=False)
        self._untouched = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return tuple(w.text if isinstance(w, TextArea) else w.value
                     for w in self.query("#form TextArea, #form Input"))

    def reload(self) -> None:
        """Read the ticket again; what it holds now is drawn when the worker has read it."""
        self._load(self.loads.ask(), self.app.now())

    @work(thread=True, exclusive=True, group="load")
    def _load(self, request: int, now) -> None:
        self.post_message(self.Loaded.reading(
            request, self.app.readers, lambda store: ticket_detail(store, self.ticket_id, now=now)))

    def on_action_modal_loaded(self, message: Loaded) -> None:
        if not self.loads.answered(message):
            return
        if message.error is not None:
            self.show_error(str(message.error))
            self.query_one("#confirm", Button).disabled = True
            return
        first = self.detail is None   # the form is filled once, from the first ticket read
        self.detail = message.result
        ticket = self.detail.ticket
        title = Text.assemble((self.TITLE, "bold"), "  ", (self.ticket_id, "bold"), " ",
                              badge(self.detail.pack, ticket.severity), " ", plain(ticket.subject))
        self.query_one("#dialog-title", Static).update(title)
        self.loaded(first)
        self.show_effects()
        if first:
            self.call_after_refresh(self._ready)

    @property
    def open_metrics(self) -> set[str]:
        return {v.clock.metric for v in self.detail.clocks if v.clock.state in ("running", "paused")}

    def show_effects(self) -> None:
        """The pack's reminders for this action and what it does to the clocks."""
        if self.detail is None:
            return
        kind, payload = self.kind_and_payload()
        text = Text()
        for reminder, clause in reminders(self.detail.pack, kind):
            text.append("! ", style="bold")
            text.append(reminder, style="bold")
            text.append(f" ({clause})\n", style="dim")
        for line in effects(self.detail.pack, kind, payload, self.open_metrics):
            text.append(f"· {line}\n")
        text.rstrip()
        self.query_one("#effects", Static).update(text)

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(plain(message, style="bold") if message else "")

    def action_cancel(self) -> None:
        """esc or Cancel; typed text is dropped only when the engineer says so."""
        if self._typed() == getattr(self, "_untouched", self._typed()):
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)
        self.app.push_screen(ConfirmModal("Discard what you typed?", ["Nothing has been written yet."]),
                             answered)

    def action_submit(self) -> None:
        if self.detail is None or self.query_one("#confirm", Button).disabled:
            return
        try:
            self.check()
        except UserError as exc:
            self.show_error(str(exc))
            return
        if not self.needs_confirmation():
            self.write()
            return
        kind, payload = self.kind_and_payload()
        details = [f"! {text} ({clause})" for text, clause in reminders(self.detail.pack, kind)]
        details += [f"· {line}" for line in effects(self.detail.pack, kind, payload, self.open_metrics)]

        def answered(yes: bool | None) -> None:
            if yes:
                self.write()
        self.app.push_screen(ConfirmModal(self.question(), details), answered)

    def write(self) -> None:
        try:
            written = self.perform(at=self.app.now(), actor=self.app.actor,
                                   expected_version=self.detail.version)
        except StaleTicket:
            self.stale()
            return
        except UserError as exc:
            self.show_error(str(exc))
            return
        first = written[0] if isinstance(written, list) else written
        self.app.session_events.append(first.id)
        self.dismiss(self.summary(first))

    def stale(self) -> None:
        """Someone else wrote first: say who and what, show the ticket as it is now."""
        self.show_error(f"ticket changed by {last_change(self.app.store, self.ticket_id)}; "
                        "reloaded: check and confirm again")
        self.reload()
        self.app.refresh_data()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm":
            self.action_submit()
        elif event.button.id == "cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()
