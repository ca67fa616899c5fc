"""Undo the session's last action that still counts, by a compensating event.

The modal is itself the confirmation: it names the event it will take back (on
whichever ticket it was), and for a split says that the open children close.
"""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from console.services import actions
from console.services.detail import describe
from console.tui.modals.base import ActionModal
from console.tui.plain import plain
from console.tui.zones import user_zone, when


class UndoModal(ActionModal):
    TITLE = "Undo"
    KIND = "undo"
    VERB = "Undo"

    def form(self) -> ComposeResult:
        yield Static(id="undo-line")

    def loaded(self, first: bool) -> None:
        self.target = actions.last_undoable(self.app.store, self.app.session_events)
        line = self.query_one("#undo-line", Static)
        if self.target is None:
            line.update("Nothing to undo: this session has written nothing that still counts.")
            self.query_one("#confirm").disabled = True
            return
        t = self.target
        text = Text.assemble("Undo ", plain(describe(t), style="bold"),
                             plain(f" on {t.ticket_id} ({t.kind} by {t.actor}, {when(t.at, user_zone())})?"))
        if t.kind == "split":
            text.append(f"\nThe children still open ({', '.join(t.payload.get('children', ()))}) "
                        "will be closed; the parent comes back.")
        line.update(text)
        if first:
            self.query_one("#confirm").focus()

    def summary(self, event) -> str:
        return f"{self.target.ticket_id}: undone: {describe(self.target)}"

    def perform(self, *, at, actor, expected_version):
        # The undone event may be on another ticket than the one on screen, and taking back
        # one's own action stays right whoever wrote since: no version check.
        return actions.undo(self.app.store, self.target.id, at=at, actor=actor)
