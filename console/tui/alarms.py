"""The colours that raise an alarm (breached, about to, met), from the app's theme.

Rich's ANSI names ("red", "yellow") are repainted by Textual's own palette and land
on the wrong 16-colour slots (red on magenta, yellow on bright red; both on yellow in
the light theme), whereas the theme's colours keep their meaning in light and dark
themes and in 16 colours. Every such state also has a glyph or a word.
"""

from dataclasses import dataclass

from rich.style import Style
from textual.app import App


@dataclass(frozen=True)
class Alarms:
    breached: Style
    warning: Style
    ok: Style


def alarms(app: App) -> Alarms:
    """The current theme's alarm styles (ask again after a change of theme)."""
    colours = app.theme_variables or app.get_css_variables()
    return Alarms(breached=Style(color=colours["error"], bold=True),
                  warning=Style(color=colours["text-warning"], bold=True),
                  ok=Style(color=colours["success"]))
