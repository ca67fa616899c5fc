"""Writing to the customer or the team: reply, request information, internal note."""

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Label, TextArea

from console.services import actions
from console.tui.modals.base import ActionModal
from console.tui.widgets.text_fields import DeskTextArea


class _TextModal(ActionModal):
    """A message in a multi-line box (enter makes a new line; ctrl+s sends)."""

    PROMPT = "Message"

    def form(self) -> ComposeResult:
        yield Label(f"{self.PROMPT} (ctrl+s to send)")
        yield DeskTextArea(id="text", soft_wrap=True, classes="message")

    @property
    def text(self) -> str:
        return self.query_one("#text", TextArea).text


class ReplyModal(_TextModal):
    TITLE = "Reply to the customer"
    KIND = "respond"
    VERB = "Send reply"
    PROMPT = "Reply"

    def perform(self, *, at, actor, expected_version):
        return actions.reply(self.app.store, self.ticket_id, text=self.text, at=at, actor=actor,
                             expected_version=expected_version)


class NoteModal(_TextModal):
    TITLE = "Internal note"
    KIND = "note"
    VERB = "Add note"
    PROMPT = "Note (not sent to the customer)"

    def perform(self, *, at, actor, expected_version):
        return actions.note(self.app.store, self.ticket_id, text=self.text, at=at, actor=actor,
                            expected_version=expected_version)


class RequestInfoModal(_TextModal):
    """The pack's missing required fields, checked, written into the message as a checklist."""

    TITLE = "Request information"
    KIND = "request_info"
    VERB = "Send request"
    PROMPT = "Message to the customer"

    def form(self) -> ComposeResult:
        yield Label("Missing required information (checked items go into the message)")
        yield Vertical(id="fields")
        yield from super().form()

    def loaded(self, first: bool) -> None:
        if not first:
            return
        self.missing = actions.missing_info(self.app.store, self.ticket_id)
        boxes = [Checkbox(f"{f.label} ({f.clause})", value=True, name=f.id) for f in self.missing]
        if boxes:
            self.query_one("#fields").mount_all(boxes)
        else:
            self.query_one("#fields").mount(Label("nothing missing", classes="dim"))
        self.generated = actions.info_request_text(self.missing)
        self.query_one("#text", TextArea).text = self.generated

    @property
    def checked(self) -> list[str]:
        return [box.name for box in self.query(Checkbox) if box.value]

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Rewrite the checklist, unless the engineer has already edited the message."""
        event.stop()
        area = self.query_one("#text", TextArea)
        if area.text == self.generated:
            self.generated = actions.info_request_text([f for f in self.missing if f.id in self.checked])
            area.text = self.generated

    def perform(self, *, at, actor, expected_version):
        return actions.request_info(self.app.store, self.ticket_id, message=self.text,
                                    fields=self.checked, at=at, actor=actor,
                                    expected_version=expected_version)
