"""Split: the body's paragraphs (or line ranges) go to two or more children, each with its own
subject and severity; the children's deadlines are previewed before the engineer confirms."""

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Collapsible, Input, Label, Select, Static

from console.domain.safe_text import neutralise
from console.errors import UserError
from console.services import actions
from console.services.detail import vendor_zone
from console.tui import reads
from console.tui.modals.base import ActionModal
from console.tui.modals.pickers import SeverityPicker
from console.tui.plain import plain
from console.tui.widgets.text_fields import DeskInput
from console.tui.zones import due_text, user_zone

MAX_CHILDREN = 9


def first_guess(paragraphs: int) -> list[int]:
    """The child each paragraph goes to before the engineer changes anything: the first half
    to child 1, the rest to child 2. Mail with two problems usually reads greeting, problem
    one, problem two, sign-off, so the halves are often right as they stand."""
    half = (paragraphs + 1) // 2
    return [1 if n < half else 2 for n in range(paragraphs)]


class ChildPanel(Vertical):
    """One child's subject, classification and (optionally) the body lines it takes."""

    def __init__(self, number: int, picker: SeverityPicker, subject: str):
        super().__init__(classes="child")
        self.number = number
        self.picker = picker
        self.subject = subject

    def compose(self) -> ComposeResult:
        yield Label(f"Child {self.number}", classes="section")
        yield DeskInput(self.subject, placeholder="subject", classes="subject")
        yield self.picker
        yield DeskInput(placeholder="lines, e.g. 3-7,9 (instead of the paragraphs chosen above)",
                        classes="lines")

    def part(self, paragraphs: list[str], body: str) -> dict:
        lines = self.query_one(".lines", Input).value.strip()
        text = actions.line_ranges(body, lines) if lines else "\n\n".join(paragraphs)
        return {"subject": self.query_one(".subject", Input).value, "body": text, **self.picker.choice}


class SplitModal(ActionModal):
    TITLE = "Split"
    KIND = "split"
    VERB = "Split"
    DESTRUCTIVE = True
    BINDINGS: ClassVar[list] = [("ctrl+n", "add_child", "Add a child"), ("ctrl+d", "remove_child", "Remove a child")]

    class Previewed(reads.Loaded):
        """The children as `_preview` computed them, with the parts they were computed from."""

    def __init__(self, ticket_id: str):
        super().__init__(ticket_id)
        self.previews = reads.Requests()

    def form(self) -> ComposeResult:
        yield Label("Paragraphs: choose the child each one goes to", classes="section")
        yield Vertical(id="paragraphs")
        with Collapsible(title="Body with line numbers", id="numbered"):
            yield Static(id="numbered-body")
        with Horizontal(classes="buttons left"):
            yield Button("+ child (ctrl+n)", id="add-child")
            yield Button("- child (ctrl+d)", id="remove-child")
        yield Vertical(id="children")

    @property
    def panels(self) -> list[ChildPanel]:
        return list(self.query(ChildPanel))

    def below(self) -> ComposeResult:
        yield Static(id="preview", classes="preview")

    def loaded(self, first: bool) -> None:
        if not first:
            self.show_preview()
            return
        if self.detail.pack is None:
            self.show_error(f"{self.ticket_id} has no contract yet: route it before splitting")
            self.query_one("#confirm").disabled = True
            return
        body = self.detail.ticket.body
        self.paragraphs = actions.paragraphs(body)
        numbered = "\n".join(f"{n:>3}  {line}" for n, line in enumerate(body.split("\n"), 1))
        self.query_one("#numbered-body", Static).update(plain(numbered, multiline=True))
        rows = []
        for paragraph, child in zip(self.paragraphs, first_guess(len(self.paragraphs)), strict=True):
            rows.append(Horizontal(
                Select(self._child_options(2), value=child, allow_blank=False,
                       classes="goes-to", compact=True),
                Static(plain(paragraph, multiline=True, overflow="ellipsis"), classes="paragraph"),
                classes="paragraph-row",
            ))
        self.query_one("#paragraphs").mount_all(rows)
        if not self.paragraphs:
            self.query_one("#paragraphs").mount(Static("(the body is empty)", classes="dim"))
        for _ in range(2):
            self._add_panel()
        self.call_after_refresh(self.show_preview)

    def _child_options(self, count: int) -> list[tuple[str, int]]:
        return [(f"child {n}", n) for n in range(1, count + 1)]

    def _add_panel(self) -> None:
        t = self.detail.ticket
        number = len(self.panels) + 1
        picker = SeverityPicker(self.detail.pack, severity=t.severity, impact=t.impact, urgency=t.urgency,
                                compact=True)
        # the field starts as the subject is shown: what the engineer sees is what is written
        self.query_one("#children").mount(ChildPanel(number, picker, neutralise(f"{t.subject} ({number})")))
        self._renumber(number)

    def _renumber(self, count: int) -> None:
        for select in self.query(".goes-to").results(Select):
            value = select.value
            select.set_options(self._child_options(count))
            select.value = min(value, count)

    def action_add_child(self) -> None:
        if self.detail is not None and self.detail.pack is not None and len(self.panels) < MAX_CHILDREN:
            self._add_panel()
            self.call_after_refresh(self.show_preview)

    def action_remove_child(self) -> None:
        if len(self.panels) > 2:
            self.panels[-1].remove()
            self._renumber(len(self.panels) - 1)
            self.call_after_refresh(self.show_preview)

    def on_button_pressed(self, event) -> None:
        if event.button.id == "add-child":
            event.stop()
            self.action_add_child()
        elif event.button.id == "remove-child":
            event.stop()
            self.action_remove_child()
        else:
            super().on_button_pressed(event)

    def parts(self) -> list[dict]:
        chosen = [select.value for select in self.query(".goes-to").results(Select)]
        return [panel.part([p for p, c in zip(self.paragraphs, chosen, strict=True) if c == n],
                           self.detail.ticket.body)
                for n, panel in enumerate(self.panels, 1)]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_preview()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.show_preview()

    def on_severity_picker_changed(self, event: SeverityPicker.Changed) -> None:
        self.show_preview()

    def show_preview(self) -> None:
        """The children as they would be: subject, severity, each clock's state and due instant
        (computed in a worker)."""
        if self.detail is None or self.detail.pack is None or len(self.panels) < 2:
            return
        request = self.previews.ask()   # even when the parts are wrong: no older preview shows
        try:
            parts = self.parts()
        except UserError as exc:
            self.query_one("#preview", Static).update(Text(str(exc), style="bold"))
            return
        self._preview(request, parts, self.app.now())

    @work(thread=True, exclusive=True, group="preview")
    def _preview(self, request: int, parts: list[dict], at) -> None:
        self.post_message(self.Previewed.reading(
            request, self.app.readers,
            lambda store: (actions.split_preview(store, self.ticket_id, parts, at=at), parts)))

    def on_split_modal_previewed(self, message: Previewed) -> None:
        if not self.previews.answered(message):
            return
        preview = self.query_one("#preview", Static)
        if message.error is not None:
            preview.update(Text(str(message.error), style="bold"))
            return
        children, parts = message.result
        zone, now = user_zone(), self.app.now()
        table = Table(box=None, padding=(0, 1), show_edge=False, title="Children as they would be",
                      title_justify="left")
        table.add_column("child")
        table.add_column("severity")
        table.add_column("subject", max_width=36, no_wrap=True, overflow="ellipsis")
        table.add_column("lines")
        table.add_column("clocks due")
        for n, (child, part) in enumerate(zip(children, parts, strict=True), 1):
            clocks = "; ".join(
                f"{c.label} {'✗ ' if c.breached else ''}"
                f"{due_text(c.due_at, zone, vendor_zone(self.detail.pack, c), now=now)}"
                if c.state == "running" else f"{c.label} {c.state}"
                for c in child.clocks if c.kind == "target") or "no target clock"
            table.add_row(str(n), child.severity or "-", plain(child.subject),
                          str(len(part["body"].splitlines())), clocks)
        preview.update(table)

    def check(self) -> None:
        parts = self.parts()
        for n, part in enumerate(parts, 1):
            if self.detail.ticket.body.strip() and not part["body"].strip():
                raise UserError(f"child {n} has no part of the body: send it a paragraph or give its lines")
        actions.split_preview(self.app.store, self.ticket_id, parts, at=self.app.now())

    def question(self) -> str:
        return (f"Split {self.ticket_id} into {len(self.panels)} tickets? "
                f"{self.ticket_id} is closed as split; the children keep its history and start.")

    def perform(self, *, at, actor, expected_version):
        return actions.split(self.app.store, self.ticket_id, self.parts(), at=at, actor=actor,
                             expected_version=expected_version).event
