"""The shift lead's breach board: what breaches now, in the next hour, and this shift.

One key (`b`) from the queue. Everything on it comes from console/services/board.py
(stored deadlines, nothing recomputed), read again whenever the store changes
and every few seconds, since time alone moves deadlines into breach. The shift
length is `$DESK_SHIFT_HOURS` (default 8).
"""

import os
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from console.errors import UserError
from console.resources import styles_dir
from console.services import packs
from console.services.board import Board, board
from console.services.fair_use import contract_ledgers
from console.services.forecast import DEFAULT_SHIFT_HOURS, Due
from console.tui import keymap, zones
from console.tui.screens.base import DeskScreen
from console.tui.severity import badge

REFRESH_SECONDS = 10.0
NEXT_ROWS = 12
BREACHED_STYLE, SOON_STYLE = "bold red", "bold yellow"


class BoardScreen(DeskScreen):
    CSS_PATH = str(styles_dir() / "board.tcss")
    BINDINGS = keymap.bindings("back", "board", "open_detail")

    def __init__(self) -> None:
        super().__init__()
        self.data: Board | None = None
        self.shift_hours: float | str = DEFAULT_SHIFT_HOURS

    def compose(self) -> ComposeResult:
        yield Static(id="board-title")
        with Horizontal(id="board-figures"):
            yield Static(id="figure-breached", classes="board-figure")
            yield Static(id="figure-hour", classes="board-figure")
            yield Static(id="figure-shift", classes="board-figure")
        with Horizontal(id="board-middle"):
            with Vertical(id="board-grid-box", classes="board-box"):
                yield DataTable(id="board-grid", cursor_type="none", zebra_stripes=True)
                yield Static("cells: breached / due this shift / open tickets", classes="board-legend")
            yield DataTable(id="board-load", classes="board-box", cursor_type="none")
        yield PlotextPlot(id="board-forecast", classes="board-box")
        with Horizontal(id="board-bottom"):
            yield DataTable(id="board-next", classes="board-box", cursor_type="row")
            yield Static(id="board-customers", classes="board-box")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#board-grid-box").border_title = "Tickets by vendor x severity"
        self.query_one("#board-load").border_title = "Load per engineer"
        self.query_one("#board-forecast").border_title = "Forecast"
        self.query_one("#board-next").border_title = "Breached and next to breach"
        self.query_one("#board-customers").border_title = "Customers"
        self.query_one("#board-load", DataTable).add_columns(
            "engineer", "open", "breached", "this shift")
        self.query_one("#board-next", DataTable).add_columns(
            "ticket", "vendor", "sev", "metric", "due", "in", "assignee", "customer")
        self.query_one("#board-next", DataTable).focus()
        self.reload_data()
        self.set_interval(REFRESH_SECONDS, self.reload_data)

    # ------------------------------------------------------------------ data

    def reload_data(self) -> None:
        now = self.app.now()
        try:
            self.data = board(self.app.store, now=now, shift_hours=self._shift_setting())
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self._show_title(now)
        self._show_figures()
        self._show_grid()
        self._show_load()
        self._show_forecast()
        self._show_next(now)
        self._show_customers(now)

    def _shift_setting(self) -> float | str:
        return os.environ.get("DESK_SHIFT_HOURS") or self.shift_hours

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
        self.query_one("#board-title", Static).update(
            f"[b]Breach board[/b] · shift {hours:g} h, to {end.astimezone(zone):%H:%M %Z} · "
            f"if nothing is done   [dim]{self.app.actor} · {now.astimezone(zone):%a %d %b %H:%M %Z}"
            f"{frozen}[/]")

    def _show_figures(self) -> None:
        outlook = self.data.forecast
        hours = f"{self.data.shift.total_seconds() / 3600:g} h"
        for widget_id, count, label, alarm in (
            ("#figure-breached", len(outlook.breached), "breached now", "-breached"),
            ("#figure-hour", len(outlook.within_hour), "breaching within 1 h", "-soon"),
            ("#figure-shift", len(outlook.within_shift), f"breaching this shift ({hours})", "-soon"),
        ):
            figure = self.query_one(widget_id, Static)
            figure.update(f"[b]{count}[/b]  {label}")
            figure.set_class(count > 0, alarm)

    def _show_grid(self) -> None:
        table = self.query_one("#board-grid", DataTable)
        table.clear(columns=True)
        ranks = self.data.ranks
        table.add_columns("vendor", *(f"{r} (most severe)" if r == 1 else str(r) for r in ranks))
        for vendor in self.data.vendors:
            pack = packs.get_pack(vendor)
            cells = []
            for rank in ranks:
                cell = self.data.cell(vendor, rank)
                if cell is None:
                    cells.append(Text(""))
                    continue
                text = badge(pack, cell.severity)
                text.append(" ")
                text.append(str(cell.breached), style=BREACHED_STYLE if cell.breached else "dim")
                text.append("/")
                text.append(str(cell.due_in_shift), style=SOON_STYLE if cell.due_in_shift else "dim")
                text.append(f"/{cell.open}")
                cells.append(text)
            table.add_row(pack.name, *cells)

    def _show_load(self) -> None:
        table = self.query_one("#board-load", DataTable)
        table.clear()
        for load in self.data.loads:
            name = Text("(unassigned)", style="italic") if load.engineer is None else load.engineer
            table.add_row(name, str(load.open),
                          Text(str(load.breached), style=BREACHED_STYLE if load.breached else ""),
                          Text(str(load.due_in_shift), style=SOON_STYLE if load.due_in_shift else ""))

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
        table = self.query_one("#board-next", DataTable)
        keep = self.current_ticket_id()
        table.clear()
        zone = zones.user_zone()
        seen = set()
        rows: list[Due] = list(self.data.forecast.breached) + list(self.data.forecast.within_shift)
        for due in rows:
            if due.ticket_id in seen:
                continue   # one row a ticket: its soonest deadline
            seen.add(due.ticket_id)
            if len(seen) > NEXT_ROWS:
                break
            pack = packs.get_pack(due.policy)
            left = int((due.due_at - now).total_seconds())
            table.add_row(
                due.ticket_id, pack.name, badge(pack, due.severity), due.metric,
                f"{due.due_at.astimezone(zone):%a %H:%M}",
                Text(zones.span(left), style=BREACHED_STYLE if left < 0 else SOON_STYLE),
                due.assignee or Text("-", style="dim"), due.customer or "",
                key=due.ticket_id)
        if keep in seen:
            table.move_cursor(row=table.get_row_index(keep))

    def _show_customers(self, now: datetime) -> None:
        lines = [Text("Training gap (many tickets)", style="bold")]
        if not self.data.training_gaps:
            lines.append(Text("  no customer over its threshold", style="dim"))
        for gap in self.data.training_gaps:
            lines.append(Text(f"  ! {gap.customer}: {gap.tickets} tickets in {gap.days} days "
                              f"(over {gap.threshold})", style=SOON_STYLE))
        lines += [Text(""), Text("Out-of-hours minutes (fair use)", style="bold")]
        try:
            ledgers = contract_ledgers(self.app.store, now=now)
        except UserError as exc:
            ledgers = []
            lines.append(Text(f"  {exc}", style=BREACHED_STYLE))
        if not ledgers:
            lines.append(Text("  no contract under fair-use terms", style="dim"))
        for contract, book in ledgers:
            text = f"{contract.customer}: {book.used_minutes}/{book.allocation_minutes} min used"
            if book.billable_blocks:
                text += f", {book.billable_blocks} billable {book.block_minutes}-min blocks"
            marker = "  ! " if book.running_low else "    "
            lines.append(Text(marker + text, style=SOON_STYLE if book.running_low else ""))
        self.query_one("#board-customers", Static).update(Text("\n").join(lines))

    # ------------------------------------------------------------------ keys

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_board(self) -> None:
        self.app.pop_screen()

    def action_open_detail(self) -> None:
        ticket_id = self.current_ticket_id()
        if ticket_id is not None:
            self.app.open_ticket(ticket_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_detail()
