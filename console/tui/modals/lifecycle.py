"""Moving a ticket along: resolve, close, reopen, reject, mark duplicate, status update, needs dev."""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from console.errors import UserError
from console.services import actions
from console.services.detail import brief
from console.tui.modals.base import ActionModal
from console.tui.plain import plain
from console.tui.widgets.text_fields import DeskInput


class _NoteModal(ActionModal):
    """An action with an optional one-line note."""

    def form(self) -> ComposeResult:
        yield Label("Note (optional)")
        yield DeskInput(id="note")

    @property
    def note(self) -> str:
        return self.query_one("#note", Input).value

    def perform(self, *, at, actor, expected_version):
        return actions.plain_action(self.app.store, self.ticket_id, self.KIND, note=self.note, at=at,
                                    actor=actor, expected_version=expected_version)


class ResolveModal(_NoteModal):
    TITLE = "Resolve"
    KIND = "resolve"
    VERB = "Resolve"
    DESTRUCTIVE = True

    def perform(self, *, at, actor, expected_version):
        return actions.resolve(self.app.store, self.ticket_id, note=self.note, at=at, actor=actor,
                               expected_version=expected_version)


class CloseModal(_NoteModal):
    TITLE = "Close"
    KIND = "close"
    VERB = "Close"
    DESTRUCTIVE = True


class ReopenModal(_NoteModal):
    TITLE = "Reopen"
    KIND = "reopen"
    VERB = "Reopen"


class UpdateSentModal(_NoteModal):
    TITLE = "Status update sent"
    KIND = "update_sent"
    VERB = "Record update"


class RequireDevModal(_NoteModal):
    TITLE = "Needs the development team"
    KIND = "require_dev"
    VERB = "Mark"


class RejectModal(ActionModal):
    """One of the pack's reject reasons, each shown with its clause."""

    TITLE = "Reject"
    KIND = "reject"
    VERB = "Reject"
    DESTRUCTIVE = True

    def form(self) -> ComposeResult:
        yield Label("Reason")
        yield Static(id="reason-slot")
        yield Static(id="clause", classes="dim")
        yield Label("Note (optional)")
        yield DeskInput(id="note")

    def loaded(self, first: bool) -> None:
        if not first:
            return
        reasons = self.detail.pack.reject_reasons if self.detail.pack else {}
        if not reasons:
            self.show_error(f"{self.ticket_id}'s terms give no reject reasons")
            self.query_one("#confirm").disabled = True
            return
        options = [(r.label, r.id) for r in reasons.values()]
        self.query_one("#reason-slot").mount(Select(options, value=options[0][1], allow_blank=False,
                                                    id="reason"))
        self._show_clause(options[0][1])

    def _show_clause(self, reason_id: str) -> None:
        reason = self.detail.pack.reject_reasons[reason_id]
        self.query_one("#clause", Static).update(Text(f"{reason.id} — {reason.clause}"))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_clause(event.value)

    @property
    def reason(self) -> str:
        return self.query_one("#reason", Select).value

    def question(self) -> str:
        reason = self.detail.pack.reject_reasons[self.reason]
        return f"Reject {self.ticket_id}: {reason.label} ({reason.clause})?"

    def perform(self, *, at, actor, expected_version):
        return actions.reject(self.app.store, self.ticket_id, reason=self.reason,
                              note=self.query_one("#note", Input).value, at=at, actor=actor,
                              expected_version=expected_version)


class DuplicateModal(ActionModal):
    """Mark the ticket a duplicate of another; the other is named as it is typed."""

    TITLE = "Mark duplicate"
    KIND = "merge"
    VERB = "Mark duplicate"
    DESTRUCTIVE = True

    def form(self) -> ComposeResult:
        yield Label("Duplicate of (ticket id)")
        yield DeskInput(placeholder="T-1234", id="target")
        yield Static(id="target-info", classes="dim")

    @property
    def target(self) -> str:
        return self.query_one("#target", Input).value.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        found = brief(self.app.store, self.target) if self.target else None
        info = (f"{found['id']}: {found['subject']} ({found['status']}, {found['customer'] or 'no contract'})"
                if found else ("no such ticket" if self.target else ""))
        self.query_one("#target-info", Static).update(plain(info))

    def check(self) -> None:
        if self.target == self.ticket_id or brief(self.app.store, self.target) is None:
            raise UserError(f"duplicate of: {self.target or '(empty)'} is not another known ticket")

    def question(self) -> str:
        return f"Mark {self.ticket_id} a duplicate of {self.target}? {self.ticket_id} leaves the queue."

    def perform(self, *, at, actor, expected_version):
        return actions.mark_duplicate(self.app.store, self.ticket_id, duplicate_of=self.target, at=at,
                                      actor=actor, expected_version=expected_version)
