"""Severity badges in the pack's colour, readable in light, dark and 16-colour terminals.

Packs name colours ("red", "darkorange", ...); a badge puts the severity id on a
background of that colour with a contrasting foreground, so the colour is never
the only signal.

The colours are exact RGB values, not ANSI names: Textual repaints ANSI names
through its own palette (its dark theme draws ANSI yellow as the same orange as
dark_orange), whereas an RGB value is drawn as given and only downgraded by the
terminal's colour depth. Each value is chosen so that the scale stays apart at
every depth: red, orange, yellow, green, blue in true colour and 256 colours
(160, 208, 220, 70, 26), and red, brown-yellow, bright yellow, green, bright blue in 16.
"""

from rich.style import Style
from rich.text import Text

from console.domain.policy import Pack

BADGE_STYLES = {
    "red": "bold #ffffff on #d70000",
    "darkorange": "bold #000000 on #f08700",
    "orange": "bold #000000 on #f08700",
    "yellow": "#000000 on #ffd700",
    "green": "#000000 on #5faf00",
    "blue": "bold #ffffff on #005fd7",
}
FALLBACK = "reverse"


def badge_style(pack: Pack | None, severity: str | None) -> Style:
    """The badge's style for that severity of the pack (reverse video for a colour it does not name)."""
    known = pack.severities.get(severity) if pack and severity else None
    return Style.parse(BADGE_STYLES.get(known.colour, FALLBACK) if known else FALLBACK)


def badge(pack: Pack | None, severity: str | None) -> Text:
    """" p1 " in the pack's colour for that severity; a plain " - " for none.

    The colour is a span, not the text's own style, so text appended to a badge
    (counts, labels) keeps its own colours instead of sitting on the badge's.
    """
    if not severity:
        return Text(" - ", style="dim")
    return Text.assemble((f" {severity} ", badge_style(pack, severity)))


def tight_badge(pack: Pack | None, severity: str) -> Text:
    """The badge without its padding, for dense tables."""
    return Text.assemble((severity, badge_style(pack, severity)))


def labelled(pack: Pack, severity: str) -> Text:
    """The badge followed by the severity's label, for pickers and headers."""
    text = badge(pack, severity)
    text.append(f" {pack.severities[severity].label}")
    return text
