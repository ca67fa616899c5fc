"""Reclassify: a new severity (or impact and urgency), a reason, and the new deadlines first."""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from console.errors import UserError
from console.services import actions
from console.tui.modals.base import ActionModal
from console.tui.modals.due_preview import due_table
from console.tui.modals.pickers import SeverityPicker
from console.tui.widgets.text_fields import DeskInput


class ReclassifyModal(ActionModal):
    TITLE = "Reclassify"
    KIND = "reclassify"
    VERB = "Reclassify"

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
        """Each clock's state and due instant now, and after the change."""
        try:
            rows = actions.reclassify_preview(self.app.store, self.ticket_id, at=self.app.now(),
                                              **self._choice())
        except UserError as exc:
            self.query_one("#preview", Static).update(Text(str(exc), style="bold"))
            return
        self.query_one("#preview", Static).update(due_table(rows, self.detail.pack, self.app.now()))

    def perform(self, *, at, actor, expected_version):
        return actions.reclassify(self.app.store, self.ticket_id, reason=self.query_one("#reason", Input).value,
                                  at=at, actor=actor, expected_version=expected_version, **self._choice())
