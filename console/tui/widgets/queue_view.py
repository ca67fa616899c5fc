"""The queue list: only the rows on screen are fetched and drawn, so 100 000 tickets cost
what 40 do.

`QueueView` is a Line API ScrollView. Its virtual height is the row count; each
`render_line` asks for one row by position, which comes from a small cache of
windows read off the queue index (console/services/queue_window.py). A row's
static cells are rendered once per (ticket id, version, width) and kept in an LRU
cache; only the countdown is drawn fresh, from the stored due instant and
`now`, so the once-a-second tick never touches the store.
"""

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.domain.safe_text import neutralise
from console.services import queue_window
from console.services.queue_window import Countdown, QueueQuery, QueueRow
from console.store.database import Store
from console.tui.severity import badge_style
from console.tui.zones import span

WINDOW = 100          # rows fetched per read of the store
WINDOWS_KEPT = 12     # windows kept in memory (a few screens either way)
ROWS_KEPT = 2000      # rendered rows kept


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int            # 0: takes the width left over
    min_screen: int = 0   # hidden on narrower screens
    align: str = "left"
    narrow: int = 0       # width on screens under NARROW columns (0: the same)


# Left to right as the issue lists them; narrow terminals drop the least needed first.
COLUMNS = (
    Column("countdown", "BREACH IN", 10, align="right"),
    Column("clock", "CLOCK", 17, narrow=14),
    Column("severity", "SEV", 11),
    Column("vendor", "VENDOR/PLAN", 18, min_screen=140),
    Column("customer", "CUSTOMER", 16, min_screen=90, narrow=12),
    Column("id", "ID", 8),
    Column("subject", "SUBJECT", 0),
    Column("assignee", "ASSIGNEE", 9, min_screen=115),
    Column("tier", "TIER", 6, min_screen=150),
    Column("status", "STATUS", 7, min_screen=130),
    Column("flags", "FLAGS", 13, min_screen=80, narrow=9),
)
NARROW = 120
GAP = 1
GLYPH_BREACHED, GLYPH_WARNING, GLYPH_PAUSED = "!", "▲", "⏸"


@lru_cache(maxsize=16)
def layout(width: int) -> tuple[tuple[Column, int], ...]:
    """The columns shown at this width, each with its width (the subject takes the rest)."""
    shown = [(c, c.narrow if c.narrow and width < NARROW else c.width)
             for c in COLUMNS if width >= c.min_screen]
    fixed = sum(w for _, w in shown) + GAP * (len(shown) - 1) + 1  # +1: cursor gutter
    return tuple((c, w or max(10, width - fixed)) for c, w in shown)


@lru_cache(maxsize=16)
def line_length(width: int) -> int:
    """Cells the columns take at this width (more than `width` only on very narrow screens)."""
    columns = layout(width)
    return 1 + sum(w for _, w in columns) + GAP * (len(columns) - 1)


def countdown_text(countdown: Countdown) -> str:
    """The countdown cell: a glyph for the state (colour is never the only signal) and the time."""
    if countdown.seconds is None:
        return "—"
    glyph = (GLYPH_BREACHED if countdown.breached else GLYPH_WARNING if countdown.warning
             else GLYPH_PAUSED if countdown.paused else " ")
    return f"{glyph} {span(countdown.seconds):>7}"


def _paused(row: QueueRow) -> bool:
    return row.lead is not None and row.lead["state"] == "paused"


def clock_text(row: QueueRow) -> str:
    """The clock cell: which clock leads, and "paused" in words (the ⏸ glyph is not in every font)."""
    if not row.metric_label:
        return "none running" if row.policy else "no contract"
    return f"paused: {row.metric_label}" if _paused(row) else row.metric_label


def _fit(text: str, width: int, align: str = "left") -> str:
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - cell_len(text))
    return pad + text if align == "right" else text + pad


class QueueView(ScrollView, can_focus=True, inherit_bindings=False):
    """The open queue, one line per ticket, under a sticky header line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "queue--header", "queue--cursor", "queue--breached", "queue--warning",
        "queue--paused", "queue--muted", "queue--flags", "queue--empty",
    }

    class Changed(Message):
        """The list was read again or the cursor moved; `ticket_id` is under the cursor."""

        def __init__(self, ticket_id: str | None) -> None:
            super().__init__()
            self.ticket_id = ticket_id

    def __init__(self, store: Store, now: Callable[[], datetime], actor: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.now = now
        self.actor = actor
        self.queue_query = QueueQuery()
        self.total = 0
        self.counted = True   # False: `total` is a lower bound until the count after the first frame
        self.cursor = 0
        self.empty_lines: tuple[str, ...] = ()
        self._windows: OrderedDict[int, list[QueueRow]] = OrderedDict()
        self._contracts: dict = {}   # contracts of the rows read since the last reload
        self._rendered: LRUCache[tuple, list[Segment]] = LRUCache(ROWS_KEPT)

    # ------------------------------------------------------------------ data

    def on_mount(self) -> None:
        self._first_screen()
        self.set_interval(1.0, self.tick)

    def _first_screen(self) -> None:
        """The top of the queue, without counting it first: a full first window says there
        are more rows, and the count (a walk along the whole index) follows the first frame."""
        rows = self._read_window(0)
        self.total, self.counted = len(rows), len(rows) < WINDOW
        self.virtual_size = Size(0, self.total + 1)
        if not self.counted:
            self.call_after_refresh(self._count)
        self.post_message(self.Changed(self.current_ticket_id))

    def _count(self) -> None:
        if self.counted:   # a reload came first
            return
        self.total = queue_window.count(self.store, self.queue_query, now=self.now(), actor=self.actor)
        self.counted = True
        self.virtual_size = Size(0, self.total + 1)
        self.post_message(self.Changed(self.current_ticket_id))

    def reload(self, *, query: QueueQuery | None = None) -> None:
        """Read the queue again (data or query changed), keeping the cursor on its ticket.

        If the ticket left the list, the cursor stays at the same position (a
        changed data set) or goes to the top (a changed query).
        """
        keep = self.current_ticket_id
        line_on_screen = self.cursor - round(self.scroll_y)
        fallback = self.cursor
        if query is not None and query != self.queue_query:
            self.queue_query, fallback = query, 0
        self._windows.clear()
        self._contracts.clear()
        args = {"now": self.now(), "actor": self.actor}
        self.total, self.counted = queue_window.count(self.store, self.queue_query, **args), True
        found = queue_window.position(self.store, self.queue_query, keep, **args) if keep else None
        self.cursor = max(0, min(found if found is not None else fallback, self.total - 1))
        self.virtual_size = Size(0, self.total + 1)   # as wide as the view: no sideways scroll
        self.scroll_to(y=self.cursor - line_on_screen, animate=False)
        self._keep_cursor_visible()
        self.refresh()
        self.post_message(self.Changed(self.current_ticket_id))

    def tick(self) -> None:
        """Once a second: the countdowns move; views that depend on the time are re-read."""
        if self.queue_query.depends_on_now:
            self.reload()
        else:
            self.refresh()

    def row(self, index: int) -> QueueRow | None:
        if not 0 <= index < self.total:
            return None
        start = index - index % WINDOW
        rows = self._windows.get(start)
        if rows is None:
            rows = self._read_window(start)
        else:
            self._windows.move_to_end(start)
        offset = index - start
        return rows[offset] if offset < len(rows) else None

    def _read_window(self, start: int) -> list[QueueRow]:
        rows = queue_window.window(self.store, self.queue_query, now=self.now(), actor=self.actor,
                                   offset=start, limit=WINDOW, known=self._contracts)
        self._windows[start] = rows
        if len(self._windows) > WINDOWS_KEPT:
            self._windows.popitem(last=False)
        return rows

    @property
    def current_ticket_id(self) -> str | None:
        current = self.row(self.cursor)
        return current.id if current else None

    # ------------------------------------------------------------------ cursor

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, to: int) -> None:
        old, top = self.cursor, round(self.scroll_y)
        self.cursor = max(0, min(to, self.total - 1))
        self._keep_cursor_visible()
        if round(self.scroll_y) == top:   # same page: only the two lines change
            for index in (old, self.cursor):
                self.refresh_line(index + 1)
        else:
            self.refresh()
        self.post_message(self.Changed(self.current_ticket_id))

    def page(self, direction: int) -> None:
        """Scroll by a page and move the cursor with it, the way a pager does."""
        step = self.page_rows * direction
        self.scroll_to(y=round(self.scroll_y) + step, animate=False)
        self.move_cursor(self.cursor + step)

    def _keep_cursor_visible(self) -> None:
        top = round(self.scroll_y)
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + self.page_rows:
            top = self.cursor - self.page_rows + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.move_cursor(round(self.scroll_y) + event.y - 1)

    def on_resize(self, event: events.Resize) -> None:
        self._keep_cursor_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rendered.clear()   # a new theme: rows are drawn again in its colours

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._header(width)
        index = round(self.scroll_y) + y - 1
        row = self.row(index)
        if row is None:
            if self.total == 0:
                return self._empty_line(y - 2, width)
            return Strip.blank(width, base)
        count = queue_window.countdown(row, self.now())
        cursor = index == self.cursor
        if cursor:   # the cursor's background replaces the widget's; badges keep their own
            base += self.get_component_rich_style("queue--cursor", partial=True)
        # One Strip per line: this runs for every visible line on every tick.
        segments = [
            Segment("▶" if cursor else " ", base),
            Segment(_fit(countdown_text(count), layout(width)[0][1], "right"),
                    base + self._countdown_style(count)),
            Segment(" " * GAP, base),
            *self._static_cells(row, width, base),
        ]
        strip = Strip(segments, max(width, line_length(width)))
        if line_length(width) > width:
            strip = strip.crop(0, width)
        return strip

    def _header(self, width: int) -> Strip:
        style = self.get_component_rich_style("queue--header")
        text = " " + (" " * GAP).join(_fit(c.title, w, c.align) for c, w in layout(width))
        return Strip([Segment(_fit(text, width), style)])

    def _empty_line(self, n: int, width: int) -> Strip:
        base = self.rich_style
        if not 0 <= n < len(self.empty_lines):
            return Strip.blank(width, base)
        style = self.get_component_rich_style("queue--empty")
        return Strip([Segment(_fit("   " + neutralise(self.empty_lines[n]), width), style)]).apply_style(base)

    def _static_cells(self, row: QueueRow, width: int, base: Style) -> list[Segment]:
        """Every cell after the countdown, exactly filling the rest of the line (cached)."""
        key = (row.id, row.version, width, base)
        cached = self._rendered.get(key)
        if cached is not None:
            return cached
        muted = self.get_component_rich_style("queue--muted", partial=True)
        values = {
            "clock": (clock_text(row), muted if _paused(row) or not row.metric_label else None),
            "severity": self._badge(row),
            "vendor": (f"{row.vendor}/{row.plan}" if row.vendor else "—", None),
            "customer": (row.customer or "—", None),
            "id": (row.id, muted),
            "subject": (row.subject, None),
            "assignee": (row.assignee or "—", None if row.assignee else muted),
            "tier": (row.tier or "", muted),
            "status": (row.status, muted),
            "flags": (",".join(row.flags), self.get_component_rich_style("queue--flags", partial=True)),
        }
        segments = []
        for column, column_width in layout(width)[1:]:
            text, style = values[column.key]
            text = neutralise(text)   # subjects, customers and names come from outside the desk
            if column.key == "severity" and cell_len(text) < column_width:   # colour the badge only
                segments.append(Segment(text, base + style))
                segments.append(Segment(" " * (column_width - cell_len(text)), base))
            else:
                segments.append(Segment(_fit(text, column_width, column.align), base + style))
            segments.append(Segment(" " * GAP, base))
        segments[-1] = Segment(" " * max(0, width - line_length(width)), base)   # to the line's end
        self._rendered[key] = segments
        return segments

    def _badge(self, row: QueueRow) -> tuple[str, Style]:
        """The severity badge's text and style in the pack's colour (console/tui/severity.py)."""
        if not row.severity:
            return " - ", self.get_component_rich_style("queue--muted", partial=True)
        return f" {row.severity} ", badge_style(row.pack, row.severity)

    def _countdown_style(self, countdown: Countdown) -> Style:
        if countdown.breached:
            return self.get_component_rich_style("queue--breached", partial=True)
        if countdown.warning:
            return self.get_component_rich_style("queue--warning", partial=True)
        if countdown.paused or countdown.seconds is None:
            return self.get_component_rich_style("queue--paused", partial=True)
        return Style()
