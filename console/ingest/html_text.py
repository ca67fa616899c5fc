"""HTML-only mail bodies as readable plain text (standard library html.parser only).

The engineer reads tickets in a terminal and the packs' required-information
patterns match lines of text, so blocks become lines, list items become "- "
lines, table cells are separated by " | ", links keep their address, quoted
blocks get "> ", and scripts, styles and the head are dropped.
"""

import re
from html.parser import HTMLParser

# Blocks that stand apart with a blank line; the others just start a new line.
_PARAGRAPHS = {
    "address", "article", "aside", "blockquote", "fieldset", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "main", "nav", "ol", "p", "pre",
    "section", "table", "ul",
}
_LINES = {"div", "dl", "dt", "dd", "tr", "hr", "center"}
_HIDDEN = {"head", "script", "style", "title", "template"}


class _TextBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = 0
        self.quote = 0
        self.links: list[tuple[str | None, int]] = []   # (href, index of the link's first part)
        self.first_cell = True

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")   # two <br> in a row are a blank line, as on screen
        elif tag == "li":
            self._newline()
            self._emit("- ")
        elif tag in ("td", "th"):
            if not self.first_cell:
                self._emit(" | ")
            self.first_cell = False
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))
        elif tag in _PARAGRAPHS or tag in _LINES:
            self._newline(blank=tag in _PARAGRAPHS)
            self.pre += tag == "pre"
            self.quote += tag == "blockquote"
            if tag == "tr":
                self.first_cell = True

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "hr":
            self._newline()

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(self.parts[start:])
            if href and href.startswith(("http:", "https:")) and href not in shown:
                self._emit(f" <{href}>")
        elif tag in _PARAGRAPHS or tag in _LINES:
            self.pre = max(0, self.pre - (tag == "pre"))
            self.quote = max(0, self.quote - (tag == "blockquote"))
            self._newline(blank=tag in _PARAGRAPHS)

    def handle_data(self, data):
        if self.hidden:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
        self._emit(data)

    def _emit(self, text: str):
        if not self.pre and text.startswith(" ") and (not self.parts or self.parts[-1][-1:].isspace()):
            text = text.lstrip(" ")
        if not text:
            return
        if self.quote:
            text = text.replace("\n", "\n> ")
            if not self.parts or self.parts[-1].endswith("\n"):
                text = "> " + text.lstrip()
        self.parts.append(text)

    def _newline(self, blank: bool = False):
        """End the line (and leave a blank one); never more blank lines than that."""
        if not self.parts:
            return
        tail = self.parts[-1]
        have = len(tail) - len(tail.rstrip("\n")) if tail.strip("\n") else len(tail)
        want = 2 if blank else 1
        if have < want:
            self.parts.append("\n" * (want - have))


def html_to_text(html: str) -> str:
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    lines = [line.rstrip() for line in "".join(builder.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
