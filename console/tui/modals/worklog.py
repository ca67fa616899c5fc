"""Log minutes worked, out of hours by default (what fair-use allowances count)."""

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label

from console.errors import UserError
from console.services import actions
from console.tui.modals.base import ActionModal
from console.tui.widgets.text_fields import DeskInput


class WorklogModal(ActionModal):
    TITLE = "Log time"
    KIND = "worklog"
    VERB = "Log"

    def form(self) -> ComposeResult:
        yield Label("Minutes")
        yield DeskInput(placeholder="45", type="integer", id="minutes")
        yield Checkbox("Out of hours", value=True, id="out-of-hours")
        yield Label("Note (optional)")
        yield DeskInput(id="note")

    def minutes(self) -> int:
        text = self.query_one("#minutes", Input).value.strip()
        if not text.isdigit() or int(text) <= 0:
            raise UserError(f"minutes: {text or '(empty)'} is not a positive whole number")
        return int(text)

    def check(self) -> None:
        self.minutes()

    def perform(self, *, at, actor, expected_version):
        return actions.worklog(self.app.store, self.ticket_id, minutes=self.minutes(),
                               out_of_hours=self.query_one("#out-of-hours", Checkbox).value,
                               note=self.query_one("#note", Input).value, at=at, actor=actor,
                               expected_version=expected_version)
