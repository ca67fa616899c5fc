"""Customer text on screen: always plain, always neutralised.

A subject, a name or a body is data. Given to a widget as a string it would be
read as content markup (`[@click=app.quit]` an action, `[/x]` a crash) and its
escape sequences would reach the terminal; `plain` makes it a rich Text, which
is never parsed, with every control character shown as a stand-in
(console/domain/safe_text.py). Every place the console shows customer text uses it.

`ControlFilter` is the last guard at the terminal boundary: the app runs every
rendered line through it, so a control character that came by some other way (a
pasted field, a future widget) is dropped before it is written.
"""

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

from console.domain.safe_text import neutralise, without_controls


def plain(text: object, *, multiline: bool = False, style: str | Style = "", **options) -> Text:
    """`text` as a rich Text that is never read as markup, its controls made visible.

    Single-line (the default) keeps a row one row; `multiline` keeps line breaks and
    tabs (bodies, notes). `options` are rich Text's own (overflow, no_wrap...).
    """
    return Text(neutralise(text, multiline=multiline), style=style, **options)


class ControlFilter(LineFilter):
    """Drops any control character left in a rendered line (they take no cell: the layout holds)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        cleaned = []
        for segment in segments:
            text = without_controls(segment.text)
            cleaned.append(segment if text == segment.text else Segment(text, segment.style, segment.control))
        return cleaned
