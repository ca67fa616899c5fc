"""Choosing a classification from a pack: its severity scale, or impact and urgency.

Packs with an impact x urgency matrix (Pro2col) are classified by those two;
the picker shows the priority they give live, so the engineer sees the result
before confirming. Other packs pick from their severity scale, each shown with
its badge and label.
"""

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, Select, Static

from console.domain.policy import Pack
from console.services.validation import LEVELS
from console.tui.severity import labelled


class SeverityPicker(Horizontal):
    """Posts SeverityPicker.Changed whenever the choice changes."""

    DEFAULT_CSS = """
    SeverityPicker { height: auto; }
    SeverityPicker Label { padding: 1 1 0 0; }
    SeverityPicker Select { width: 1fr; }
    SeverityPicker #derived { width: 1fr; padding: 1 0 0 1; }
    SeverityPicker.-compact Label, SeverityPicker.-compact #derived { padding: 0 1 0 0; }
    """

    class Changed(Message):
        def __init__(self, picker: "SeverityPicker"):
            super().__init__()
            self.picker = picker

    def __init__(self, pack: Pack, *, severity: str | None = None, impact: str | None = None,
                 urgency: str | None = None, id: str | None = None, compact: bool = False):
        super().__init__(id=id)
        self.pack = pack
        self.compact = compact
        self.set_class(compact, "-compact")
        self.start = {"severity": severity or pack.default_severity,
                      "impact": impact or "medium", "urgency": urgency or "medium"}

    @property
    def by_matrix(self) -> bool:
        return self.pack.matrix is not None

    def compose(self) -> ComposeResult:
        if self.by_matrix:
            levels = [(level, level) for level in LEVELS]
            yield Label("Impact")
            yield Select(levels, value=self.start["impact"], allow_blank=False, classes="impact",
                         compact=self.compact)
            yield Label("Urgency")
            yield Select(levels, value=self.start["urgency"], allow_blank=False, classes="urgency",
                         compact=self.compact)
            yield Static(id="derived")
        else:
            scale = sorted(self.pack.severities.values(), key=lambda s: s.rank)
            yield Select([(labelled(self.pack, s.id), s.id) for s in scale],
                         value=self.start["severity"], allow_blank=False, classes="severity",
                         compact=self.compact)

    def on_mount(self) -> None:
        self._show_derived()

    @property
    def choice(self) -> dict[str, Any]:
        """The payload fields: {"severity"} or {"impact", "urgency"}."""
        if self.by_matrix:
            return {"impact": self.query_one(".impact", Select).value,
                    "urgency": self.query_one(".urgency", Select).value}
        return {"severity": self.query_one(".severity", Select).value}

    @property
    def severity(self) -> str | None:
        choice = self.choice
        if self.by_matrix:
            return self.pack.derive_severity(choice["impact"], choice["urgency"])
        return choice["severity"]

    def _show_derived(self) -> None:
        if self.by_matrix:
            derived = self.severity
            text = Text("→ ")
            text.append_text(labelled(self.pack, derived))
            self.query_one("#derived", Static).update(text)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_derived()
        self.post_message(self.Changed(self))
