"""Customer text made safe to show: no control character or escape sequence survives.

Subjects, bodies, names, addresses and attachment names come from outside the
desk. Written to a terminal as they are, an ESC or an 8-bit CSI lets a mail set
the clipboard (OSC 52), retitle the window, plant hyperlinks or clear the screen;
bidirectional overrides make text read differently from what it holds. Every
place that shows customer text on a terminal (CLI tables, `ticket show`, text
reports, the console's widgets) passes it through `neutralise`, which replaces
each such character with a visible stand-in, so the engineer sees that something
was there and the terminal never acts on it. JSON output needs none of this: JSON
escapes control characters itself.
"""

import re

# C0 controls become their Unicode "control picture" (ESC -> ␛, NUL -> ␀), DEL -> ␡.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
# C1 controls (8-bit CSI 0x9b, OSC 0x9d, ...) and the bidirectional embeddings,
# overrides and isolates have no picture: they show as the replacement character.
_UNSHOWABLE = {code: "\ufffd" for code in (*range(0x80, 0xA0), *range(0x202A, 0x202F),
                                         *range(0x2066, 0x206A))}
_SINGLE_LINE = _PICTURES | _UNSHOWABLE | {ord("\t"): " ", ord("\n"): " ", ord("\r"): " "}
_MULTI_LINE = _PICTURES | _UNSHOWABLE | {ord("\t"): "\t", ord("\n"): "\n"}
_LINE_ENDS = re.compile(r"\r\n?")
_DROPPED = dict.fromkeys(_PICTURES.keys() | _UNSHOWABLE.keys())


def neutralise(text: object, *, multiline: bool = False) -> str:
    """`text` with every control character, escape and bidi override replaced by a visible stand-in.

    Single-line (subjects, names, table cells): tabs and line breaks become spaces,
    so a row stays one row. Multi-line (bodies, notes): tabs and line breaks stay,
    a CR or CRLF becomes a plain line break. None becomes "".
    """
    if text is None:
        return ""
    text = str(text)
    if multiline:
        return _LINE_ENDS.sub("\n", text).translate(_MULTI_LINE)
    return text.translate(_SINGLE_LINE)


def without_controls(text: str) -> str:
    """`text` with every character `neutralise` would replace removed, not pictured.

    For text already laid out (a rendered line of the console): a control character
    takes no cell, so dropping it keeps the layout where a stand-in would shift it.
    """
    return text.translate(_DROPPED)
