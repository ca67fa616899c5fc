"""Severity badges in the pack's colour, readable in light, dark and 16-colour terminals.

Packs name colours ("red", "darkorange", ...); a badge puts the severity id on a
background of that colour with a contrasting foreground, so the colour is never
the only signal and Rich's downgrade to 16 colours keeps it legible.
"""

from rich.text import Text

from console.domain.policy import Pack

BADGE_STYLES = {
    "red": "bold white on red",
    "darkorange": "bold black on dark_orange",
    "orange": "bold black on dark_orange",
    "yellow": "black on yellow",
    "green": "black on green",
    "blue": "bold white on blue",
}
FALLBACK = "reverse"


def badge(pack: Pack | None, severity: str | None) -> Text:
    """" p1 " in the pack's colour for that severity; a plain " - " for none."""
    if not severity:
        return Text(" - ", style="dim")
    known = pack.severities.get(severity) if pack else None
    style = BADGE_STYLES.get(known.colour, FALLBACK) if known else FALLBACK
    return Text(f" {severity} ", style=style)


def labelled(pack: Pack, severity: str) -> Text:
    """The badge followed by the severity's label, for pickers and headers."""
    text = badge(pack, severity)
    text.append(f" {pack.severities[severity].label}")
    return text
