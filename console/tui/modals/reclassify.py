"""Reclassify: a new severity (or impact and urgency), a reason, and the new deadlines first."""

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from console.services import actions
from console.tui import reads
from console.tui.modals.base import ActionModal
from console.tui.modals.due_preview import due_table
from console.tui.modals.pickers import SeverityPicker
from console.tui.widgets.text_fields import DeskInput


class ReclassifyModal(ActionModal):
    TITLE = "Reclassify"
    KIND = "reclassify"
    VERB = "Reclassify"

    class Previewed(reads.Loaded):
        """The clocks before and after the change, as `_preview` computed them."""

    def __init__(self, ticket_id: str):
        super().__init__(ticket_id)
        self.previews = reads.Requests()

    def form(self) -> ComposeResult:
        yield Static(id="picker-slot")
        yield Label("Reason (required)")
        yield DeskInput(placeholder="why the classification changes", id="reason")

    def below(self) -> ComposeResult:
        yield Static(id="preview", classes="preview")

    def loaded(self, first: bool) -> None:
        if first and self.detail.pack is not None:
            t = self.detail.ticket
            picker = SeverityPicker(self.detail.pack, severity=t.severity, impact=t.impact,
                                    urgency=t.urgency, id="picker")
            self.query_one("#picker-slot").mount(picker)
            self.call_after_refresh(self.show_preview)
        elif first:
            self.show_error(f"{self.ticket_id} has no contract yet, so it has no severity scale")
            self.query_one("#confirm").disabled = True
        else:
            self.show_preview()

    def on_severity_picker_changed(self, event: SeverityPicker.Changed) -> None:
        self.show_preview()

    def _choice(self) -> dict:
        return self.query_one("#picker", SeverityPicker).choice

    def show_preview(self) -> None:
        """Each clock's state and due instant now, and after the change (read in a worker)."""
        self._preview(self.previews.ask(), self._choice(), self.app.now())

    @work(thread=True, exclusive=True, group="preview")
    def _preview(self, request: int, choice: dict, at) -> None:
        self.post_message(self.Previewed.reading(
            request, self.app.readers,
            lambda store: actions.reclassify_preview(store, self.ticket_id, at=at, **choice)))

    def on_reclassify_modal_previewed(self, message: Previewed) -> None:
        if not self.previews.answered(message):
            return
        if message.error is not None:
            self.query_one("#preview", Static).update(Text(str(message.error), style="bold"))
            return
        self.query_one("#preview", Static).update(
            due_table(message.result, self.detail.pack, self.app.now()))

    def perform(self, *, at, actor, expected_version):
        return actions.reclassify(self.app.store, self.ticket_id, reason=self.query_one("#reason", Input).value,
                                  at=at, actor=actor, expected_version=expected_version, **self._choice())
