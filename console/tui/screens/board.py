"""The shift lead's breach board: what breaches now, in the next hour, and this shift.

One key (`b`) from the queue. Everything on it comes from console/services/board.py
(stored deadlines, nothing recomputed), read in a worker (a second or more on a big
store) whenever the store changes and every few seconds, since time alone moves
deadlines into breach. The shift
length is `$DESK_SHIFT_HOURS` (default 8).
"""

from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from console import config
from console.errors import UserError
from console.resources import styles_dir
from console.services import packs
from console.services.board import Board, board
from console.services.fair_use import contract_ledgers
from console.services.forecast import DEFAULT_SHIFT_HOURS
from console.tui import keymap, reads, zones
from console.tui.alarms import alarms
from console.tui.plain import plain
from console.tui.screens.base import DeskScreen
from console.tui.severity import badge, tight_badge

REFRESH_SECONDS = 10.0
NEXT_ROWS = 12
NEXT_COLUMNS = ("ticket", "in", "sev", "clock", "due", "assignee", "customer", "vendor")
# How the next-to-breach table gives way on a narrow panel: first the vendor (the badge
# and the clock say most of it), then the customer's name shortens, then columns go.
NARROWING = (("drop", 7), ("shrink", 6), ("drop", 6), ("drop", 5), ("drop", 4))
MIN_CUSTOMER = 8


class NextTable(DataTable, inherit_bindings=False):
    """The next-to-breach rows; enter is left to the screen's "open the ticket", so the
    footer and the help say what it does."""

    BINDINGS: ClassVar[list] = [b for b in DataTable.BINDINGS if b.key != "enter"]


class BoardScreen(DeskScreen):
    CSS_PATH = str(styles_dir() / "board.tcss")
    # The shift lead reassigns from here: ticket actions apply to the next-to-breach row.
    BINDINGS = keymap.bindings(
        "back", "board", "open_detail", "cursor_down", "cursor_up", "top", "bottom",
        *keymap.TICKET_ACTIONS, footer=("open_detail", "assign", "take"),
    )

    class Loaded(reads.Loaded):
        """The board and the fair-use ledgers, as `_read` found them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: Board | None = None
        self.requests = reads.Requests()
        self.shift_hours: float | str = DEFAULT_SHIFT_HOURS
        self.breached_style = self.soon_style = Style(bold=True)

    def compose(self) -> ComposeResult:
        yield Static(id="board-title")
        with Horizontal(id="board-figures"):
            yield Static(id="figure-breached", classes="board-figure")
            yield Static(id="figure-hour", classes="board-figure")
            yield Static(id="figure-shift", classes="board-figure")
        with Horizontal(id="board-middle"):
            with Vertical(id="board-grid-box", classes="board-box"):
                yield Static(id="board-grid")
                yield Static(id="board-legend", classes="board-legend")
            yield Static(id="board-load", classes="board-box")
        yield PlotextPlot(id="board-forecast", classes="board-box")
        with Horizontal(id="board-bottom"):
            yield NextTable(id="board-next", classes="board-box", cursor_type="row")
            yield Static(id="board-customers", classes="board-box")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#board-grid-box").border_title = "Tickets by vendor x severity"
        self.query_one("#board-load").border_title = "Load per engineer"
        self.query_one("#board-forecast").border_title = "Forecast"
        self.query_one("#board-next").border_title = "Breached and next to breach"
        self.query_one("#board-customers").border_title = "Customers"
        self.query_one("#board-next", DataTable).focus()
        self.reload_data()
        self.set_interval(REFRESH_SECONDS, self.reload_data)

    # ------------------------------------------------------------------ data

    def reload_data(self) -> None:
        self._read(self.requests.ask(), self.app.now(), self._shift_setting())

    @work(thread=True, exclusive=True, group="board")
    def _read(self, request: int, now: datetime, shift_hours: float | str) -> None:
        def read(store) -> tuple[datetime, Board, list | UserError]:
            found = board(store, now=now, shift_hours=shift_hours, next_tickets=NEXT_ROWS)
            try:   # a fault in a contract's fair-use terms shows in its panel, not over the board
                return now, found, contract_ledgers(store, now=now)
            except UserError as exc:
                return now, found, exc

        self.post_message(self.Loaded.reading(request, self.app.readers, read))

    def on_board_screen_loaded(self, message: Loaded) -> None:
        if not self.requests.answered(message):
            return
        if message.error is not None:
            self.notify(str(message.error), severity="error")
            return
        now, self.data, ledgers = message.result   # drawn at the instant it was read for
        colours = alarms(self.app)
        self.breached_style, self.soon_style = colours.breached, colours.warning
        self._show_title(now)
        self._show_figures()
        self._show_grid()
        self._show_load()
        self._show_forecast()
        self._show_next(now)
        self._show_customers(ledgers)

    def on_resize(self) -> None:
        """The panels that do not scroll are laid out again for their new size."""
        if self.data is not None:
            self.call_after_refresh(self._show_sized)

    def _show_sized(self) -> None:
        self._show_grid()
        self._show_load()
        self._show_next(self.app.now())

    def _shift_setting(self) -> float | str:
        return config.shift_hours() or self.shift_hours

    def current_ticket_id(self) -> str | None:
        table = self.query_one("#board-next", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # ------------------------------------------------------------------ panels

    def _show_title(self, now: datetime) -> None:
        frozen = " (frozen)" if self.app.clock.frozen is not None else ""
        hours = self.data.shift.total_seconds() / 3600
        end = now + self.data.shift
        zone = zones.user_zone()
        # A met clock does not mean the customer heard from us: undelivered mail is counted too.
        late = self.data.undelivered
        mail = [" · ", (str(late), "bold"), " with undelivered mail"] if late else []
        self.query_one("#board-title", Static).update(Text.assemble(   # the engineer's name is data too
            ("Breach board", "bold"), f" · shift {hours:g} h, to {end.astimezone(zone):%H:%M %Z} · "
            "if nothing is done", *mail, "   ",
            plain(f"{self.app.actor} · {now.astimezone(zone):%a %d %b %H:%M %Z}{frozen}", style="dim")))

    def _show_figures(self) -> None:
        outlook = self.data.forecast
        hours = f"{self.data.shift.total_seconds() / 3600:g} h"
        for widget_id, count, label, alarm in (
            ("#figure-breached", outlook.breached_now, "breached now", "-breached"),
            ("#figure-hour", outlook.within_hour, "breaching within 1 h", "-soon"),
            ("#figure-shift", outlook.within_shift, f"breaching this shift ({hours})", "-soon"),
        ):
            figure = self.query_one(widget_id, Static)
            figure.update(f"[b]{count}[/b]  {label}")
            figure.set_class(count > 0, alarm)

    def _show_grid(self) -> None:
        """Vendors by severity rank; on a narrow panel the cells are tighter and leave out
        the open-ticket count (the legend says which numbers are shown)."""
        widget = self.query_one("#board-grid", Static)
        width = widget.content_size.width
        titles = ("vendor", *map(str, self.data.ranks))
        wide = not width or _natural_width(titles, self._grid_rows(wide=True)) <= width
        widget.update(_panel_table(titles, self._grid_rows(wide=wide), width=width))
        self.query_one("#board-legend", Static).update(
            "rank 1 is the most severe · cells: breached / due this shift"
            + (" / open tickets" if wide else ""))

    def _grid_rows(self, *, wide: bool) -> list[list[Text]]:
        rows = []
        for vendor in self.data.vendors:
            pack = packs.get_pack(vendor)
            cells = [Text(pack.name)]
            for rank in self.data.ranks:
                cell = self.data.cell(vendor, rank)
                if cell is None:
                    cells.append(Text(""))
                    continue
                text = badge(pack, cell.severity) if wide else tight_badge(pack, cell.severity)
                text.append(" ")
                text.append(str(cell.breached), style=self.breached_style if cell.breached else "dim")
                text.append("/")
                text.append(str(cell.due_in_shift), style=self.soon_style if cell.due_in_shift else "dim")
                if wide:
                    text.append(f"/{cell.open}")
                cells.append(text)
            rows.append(cells)
        return rows

    def _show_load(self) -> None:
        """The engineers that fit the panel, busiest first, and a last line for the rest; on a
        narrow panel the open-ticket column goes first (breaches are what the board is for)."""
        widget = self.query_one("#board-load", Static)
        loads = list(self.data.loads)
        room = widget.content_size.height - 1   # under the header
        shown = loads if room <= 0 or len(loads) <= room else loads[:room - 1]
        rows = [[Text("(unassigned)", style="italic") if load.engineer is None else plain(load.engineer),
                 Text(str(load.open)),
                 Text(str(load.breached), style=self.breached_style if load.breached else ""),
                 Text(str(load.due_in_shift), style=self.soon_style if load.due_in_shift else "")]
                for load in shown]
        if len(shown) < len(loads):
            rest = loads[len(shown):]
            rows.append([Text(f"+{len(rest)} more", style="dim")] + [
                Text(str(sum(getattr(r, field) for r in rest)), style="dim")
                for field in ("open", "breached", "due_in_shift")])
        titles = ("engineer", "open", "breached", "this shift")
        width = widget.content_size.width
        if width and _natural_width(titles, rows) > width:
            titles, rows = _without(titles, 1), [_without(row, 1) for row in rows]
        widget.update(_panel_table(titles, rows, width=width))

    def _show_forecast(self) -> None:
        outlook = self.data.forecast
        zone = zones.user_zone()
        labels = [f"{start.astimezone(zone):%H:%M}" for start in outlook.hour_starts()]
        counts = list(outlook.per_hour)
        widget = self.query_one("#board-forecast", PlotextPlot)
        widget.border_title = (f"Forecast: breaches per hour over the shift if nothing is done "
                               f"({sum(counts)} in all)")
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(labels, counts, color="red", width=0.6)
        top = max(max(counts, default=0), 1)
        # three whole-number ticks fit the smallest chart; more would collide on its rows
        plt.yticks(sorted({0, top // 2, top}))
        plt.ylim(0, top)
        widget.refresh()

    def _show_next(self, now: datetime) -> None:
        """The soonest deadlines, one row a ticket, as many columns as the panel holds."""
        table = self.query_one("#board-next", DataTable)
        keep = self.current_ticket_id()
        rows = self._next_rows(now)
        widths = [max([len(title), *(cells[i].cell_len for _, cells in rows)])
                  for i, title in enumerate(NEXT_COLUMNS)]
        shown = _narrowed(widths, room=table.size.width - 1, pad=2 * table.cell_padding)  # -1: scrollbar
        table.clear(columns=True)
        for i, width in shown.items():
            table.add_column(NEXT_COLUMNS[i], width=width)
        for key, cells in rows:
            table.add_row(*(_cut(cells[i], width) for i, width in shown.items()), key=key)
        if keep in {key for key, _ in rows}:
            table.move_cursor(row=table.get_row_index(keep))

    def _next_rows(self, now: datetime) -> list[tuple[str, list[Text]]]:
        zone = zones.user_zone()
        rows = []
        for due in self.data.next_due:   # one row a ticket: its soonest deadline
            pack = packs.get_pack(due.policy)
            left = int((due.due_at - now).total_seconds())
            rows.append((due.ticket_id, [
                Text(due.ticket_id),
                Text(zones.span(left), style=self.breached_style if left < 0 else self.soon_style),
                badge(pack, due.severity),
                Text(pack.metric(due.metric).label),
                Text(f"{due.due_at.astimezone(zone):%a %H:%M}"),
                plain(due.assignee) if due.assignee else Text("-", style="dim"),
                plain(due.customer),
                Text(pack.name),
            ]))
        return rows

    def _show_customers(self, ledgers: list | UserError) -> None:
        lines = [Text("Training gap (many tickets)", style="bold")]
        if not self.data.training_gaps:
            lines.append(Text("  no customer over its threshold", style="dim"))
        for gap in self.data.training_gaps:
            lines.append(plain(f"  ! {gap.customer}: {gap.tickets} tickets in {gap.days} days "
                               f"(over {gap.threshold})", style=self.soon_style))
        lines += [Text(""), Text("Out-of-hours minutes (fair use)", style="bold")]
        if isinstance(ledgers, UserError):
            lines.append(Text(f"  {ledgers}", style=self.breached_style))
            ledgers = []
        if not ledgers:
            lines.append(Text("  no contract under fair-use terms", style="dim"))
        for contract, book in ledgers:
            text = f"{contract.customer}: {book.used_minutes}/{book.allocation_minutes} min used"
            if book.billable_blocks:
                text += f", {book.billable_blocks} billable {book.block_minutes}-min blocks"
            marker = "  ! " if book.running_low else "    "
            lines.append(plain(marker + text, style=self.soon_style if book.running_low else ""))
        self.query_one("#board-customers", Static).update(Text("\n").join(lines))

    # ------------------------------------------------------------------ keys

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_board(self) -> None:
        self.app.pop_screen()

    # vim keys on the next-to-breach table (its own bindings take the arrows)

    def action_cursor_down(self) -> None:
        self.query_one("#board-next", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#board-next", DataTable).action_cursor_up()

    def action_top(self) -> None:
        self.query_one("#board-next", DataTable).action_scroll_top()

    def action_bottom(self) -> None:
        self.query_one("#board-next", DataTable).action_scroll_bottom()

    def action_open_detail(self) -> None:
        ticket_id = self.current_ticket_id()
        if ticket_id is not None:
            self.app.open_ticket(ticket_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_detail()


def _panel_table(titles, rows: list[list[Text]], *, width: int, shrink: int = 0) -> Table:
    """A board panel's table, one line a row, `width` cells wide at most: the `shrink` column
    (a name) gives way, cut with "…"; the others keep their width, so no number is cut."""
    widths = _widths([[Text(t, style="bold") for t in titles], *rows])
    if width:
        widths[shrink] = max(4, min(widths[shrink], width - sum(widths) + widths[shrink] - len(widths) + 1))
    table = Table(box=None, padding=(0, 1, 0, 0), pad_edge=False, header_style="bold")
    for title, column_width in zip(titles, widths, strict=True):
        table.add_column(title, no_wrap=True, overflow="ellipsis", width=column_width)
    for row in rows:
        table.add_row(*row)
    return table


def _natural_width(titles, rows: list[list[Text]]) -> int:
    """Cells a panel table takes when nothing is cut."""
    widths = _widths([[Text(t) for t in titles], *rows])
    return sum(widths) + len(widths) - 1


def _widths(rows: list[list[Text]]) -> list[int]:
    return [max(cell.cell_len for cell in column) for column in zip(*rows, strict=True)]


def _without(row, index: int):
    return type(row)(cell for i, cell in enumerate(row) if i != index)


def _narrowed(widths: list[int], *, room: int, pad: int) -> dict[int, int]:
    """{column: width} of the next-to-breach columns that fit `room` cells, narrowed in
    NARROWING's order; everything when the panel has no size yet."""
    shown = dict(enumerate(widths))
    for kind, column in NARROWING:
        over = sum(width + pad for width in shown.values()) - room
        if room <= 0 or over <= 0:
            break
        if kind == "drop":
            del shown[column]
        else:
            shown[column] = max(MIN_CUSTOMER, shown[column] - over)
    return shown


def _cut(text: Text, width: int) -> Text:
    text = text.copy()
    text.truncate(width, overflow="ellipsis")
    return text
