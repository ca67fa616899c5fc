"""Who works the ticket: assign to someone, or take it yourself."""

from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from console.services import actions
from console.tui.modals.base import ActionModal
from console.tui.plain import plain
from console.tui.widgets.text_fields import DeskInput


class AssignModal(ActionModal):
    TITLE = "Assign"
    KIND = "assign"
    VERB = "Assign"

    def form(self) -> ComposeResult:
        yield Label("Assign to")
        yield DeskInput(placeholder="engineer's name", id="assignee")
        yield Static(id="current", classes="dim")

    def loaded(self, first: bool) -> None:
        self.query_one("#current", Static).update(
            plain(f"now: {self.detail.ticket.assignee or 'unassigned'}"))

    def perform(self, *, at, actor, expected_version):
        return actions.assign(self.app.store, self.ticket_id,
                              assignee=self.query_one("#assignee", Input).value, at=at, actor=actor,
                              expected_version=expected_version)


class TakeModal(ActionModal):
    """Assign to the engineer at the keyboard: enter takes it."""

    TITLE = "Take"
    KIND = "assign"
    VERB = "Take"

    def form(self) -> ComposeResult:
        yield Static(id="take-line")

    def loaded(self, first: bool) -> None:
        now = self.detail.ticket.assignee
        line = f"Assign {self.ticket_id} to {self.app.actor}"
        self.query_one("#take-line", Static).update(plain(line + (f" (now {now})" if now else "")))
        if first:
            self.query_one("#confirm").focus()

    def perform(self, *, at, actor, expected_version):
        return actions.assign(self.app.store, self.ticket_id, assignee=actor, at=at, actor=actor,
                              expected_version=expected_version)
