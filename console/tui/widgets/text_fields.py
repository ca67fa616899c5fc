"""The console's one-line and multi-line text fields: Textual's, with the app's cursor blink.

Every Input and TextArea the console creates is one of these, so one setting,
`DeskApp.cursor_blink`, decides whether text cursors blink. The console keeps the
blink; the test harness turns it off, because a blinking cursor is drawn or not
depending on when a screenshot is taken.
"""

from textual.widgets import Input, TextArea


class _AppCursorBlink:
    """Takes `cursor_blink` from the app when mounted, before the field can take the focus."""

    def on_mount(self) -> None:
        self.cursor_blink = self.app.cursor_blink


class DeskInput(_AppCursorBlink, Input):
    """A one-line text field."""


class DeskTextArea(_AppCursorBlink, TextArea):
    """A multi-line text field."""
