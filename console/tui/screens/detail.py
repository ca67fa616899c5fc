"""The ticket detail: conversation, timeline, every clock explained, checklist, ladder, links, flags.

Everything shown comes from console.services.detail.ticket_detail at the app's
`now`, read in a worker (the clocks and their explanations take a while on a long
log); the screen only lays it out. Deadlines read in the engineer's zone and, where
it differs, the zone of the vendor's calendar. Every ticket action is bound from the
keymap registry and runs through `app.run_action` on this ticket.
"""

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Container, Vertical, VerticalScroll
from textual.widget import AwaitMount, Widget
from textual.widgets import Collapsible, Footer, OptionList, Static
from textual.widgets.option_list import Option

from console.domain.events import KINDS
from console.domain.explain import Interval
from console.domain.safe_text import neutralise
from console.domain.timeutil import parse_instant
from console.resources import styles_dir
from console.services.detail import ClockView, TicketDetail, describe, event_text, ticket_detail
from console.tui import keymap, reads
from console.tui.alarms import Alarms, alarms
from console.tui.plain import plain
from console.tui.screens.base import DeskScreen
from console.tui.severity import badge
from console.tui.zones import due_text, soon, span, user_zone, when

WIDE = 120   # columns from which the clocks sit beside the conversation


def clock_line(view: ClockView, now, zone, colours: Alarms) -> Text:
    """One clock in a line: label, state in words (colour is never the only signal), time left, due."""
    c = view.clock
    remaining, breached = c.live(now)
    text = Text(f"{c.label} #{c.instance}  ", style="bold")
    if breached and c.state == "met":
        text.append("✗ met late", style=colours.breached)
    elif breached:
        text.append("✗ BREACHED", style=colours.breached)
    else:
        style = {"paused": "dim", "met": colours.ok, "stopped": "dim"}.get(c.state, "")
        text.append({"paused": "⏸ paused", "met": "✓ met"}.get(c.state, c.state), style=style)
    if remaining is not None:
        text.append(f" {span(remaining)}", style="bold" if breached else "")
    if c.met_at is not None:
        text.append(f"  {soon(c.met_at, zone, now)}", style="dim")
    elif c.due_at is not None:
        text.append(f"  due {due_text(c.due_at, zone, view.vendor_zone, now=now)}")
    return text


def explanation_text(view: ClockView, zone) -> Table:
    """The SLA engine's explanation: facts with their clauses, then intervals counted and skipped."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for label, value in view.explanation.facts:
        grid.add_row(label, value)
    if view.clock.due_at is not None:
        grid.add_row("due here", due_text(view.clock.due_at, zone, view.vendor_zone))
    if view.explanation.intervals:
        grid.add_row("intervals", Text("\n").join(_interval(i, zone) for i in view.explanation.intervals))
    return grid


def _key(view: ClockView) -> str:
    return f"{view.clock.metric}#{view.clock.instance}"


def _or(text: Text, placeholder: str) -> Text:
    """`text` without its trailing newline, or a dim placeholder when there is nothing to show."""
    text.rstrip()
    return text if text.plain else Text(placeholder, style="dim")


def _interval(interval: Interval, zone) -> Text:
    style = {"counted": "", "ahead": "italic", "skipped": "dim", "paused": "dim"}[interval.status]
    counted = f" +{span(interval.seconds)}" if interval.seconds else ""
    return Text(f"{interval.status:<8} {when(interval.start, zone)} → {when(interval.end, zone)}  "
                f"{interval.reason}{counted}", style=style)


class DetailScreen(DeskScreen):
    """One ticket; `enter` on a link opens the linked ticket."""

    CSS_PATH = str(styles_dir() / "detail.tcss")
    BINDINGS: ClassVar[list] = keymap.bindings(
        *keymap.TICKET_ACTIONS, "back", "cursor_down", "cursor_up", "page_down", "page_up", "top", "bottom",
        footer=("take", "reply", "request_info", "reclassify", "escalate", "split", "resolve", "undo"),
    )

    class Loaded(reads.Loaded):
        """The ticket's detail, as `_read` found it."""

    def __init__(self, ticket_id: str):
        super().__init__()
        self.ticket_id = ticket_id
        self.detail: TicketDetail | None = None
        self.zone = user_zone()
        self.requests = reads.Requests()

    def compose(self) -> ComposeResult:
        # The first frame has the ticket's id; the body is laid out once the worker has read it.
        yield Static(Text.assemble((self.ticket_id, "bold"), ("  loading…", "dim")), id="detail-head")
        body = Container(id="detail-body")
        body.display = False
        with body:
            with VerticalScroll(id="detail-side"):
                yield Static(classes="section", id="clocks-title")
                yield Vertical(id="clocks")
                yield Static("Required information", classes="section")
                yield Static(id="required")
                yield Static("Escalation ladder", classes="section")
                yield Static(id="ladder")
                yield Static("Links", classes="section")
                yield OptionList(id="links")
                yield Static("no links", id="no-links", classes="dim")
                yield Static("Eligibility", classes="section")
                yield Static(id="findings")
            with VerticalScroll(id="detail-main"):
                yield Static("Conversation", classes="section")
                yield Static(id="thread")
                yield Static("Timeline", classes="section")
                yield Static(id="timeline")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload_data()
        self.set_interval(1.0, self.tick)

    def on_resize(self, event) -> None:
        self.query_one("#detail-body").set_class(event.size.width < WIDE, "narrow")

    def current_ticket_id(self) -> str | None:
        return self.ticket_id

    def action_back(self) -> None:
        self.dismiss()

    # ---- scrolling from the keyboard (vim keys too): the focused pane, or the one column
    # the narrow layout scrolls as a whole (arrows on a pane that cannot scroll come here)

    def _pane(self) -> Widget:
        body = self.query_one("#detail-body")
        if body.has_class("narrow"):
            return body
        main = self.query_one("#detail-main")
        inside_main = self.focused is not None and main in self.focused.ancestors_with_self
        return main if inside_main else self.query_one("#detail-side")

    def action_cursor_down(self) -> None:
        self._pane().scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self._pane().scroll_up(animate=False)

    def action_page_down(self) -> None:
        self._pane().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._pane().scroll_page_up(animate=False)

    def action_top(self) -> None:
        self._pane().scroll_home(animate=False)

    def action_bottom(self) -> None:
        self._pane().scroll_end(animate=False)

    # ---- reading

    def reload_data(self) -> None:
        self._read(self.requests.ask(), self.app.now())

    @work(thread=True, exclusive=True, group="detail")
    def _read(self, request: int, now) -> None:
        self.post_message(self.Loaded.reading(
            request, self.app.readers, lambda store: ticket_detail(store, self.ticket_id, now=now)))

    async def on_detail_screen_loaded(self, message: Loaded) -> None:
        if not self.requests.answered(message):
            return
        if message.error is not None:
            self.query_one("#detail-head", Static).update(Text(str(message.error), style="bold"))
            return
        self.detail = message.result
        self.show_head()
        clocks = self.show_clocks()
        self.show_required()
        self.show_ladder()
        self.show_links()
        self.show_findings()
        self.show_thread()
        self.show_timeline()
        await clocks
        # Shown whole: laid out once, not again for each clock as it is mounted.
        self.query_one("#detail-body").display = True

    def tick(self) -> None:
        """Countdowns move with the clock; nothing is read from the store."""
        if self.detail is None:
            return
        now = self.app.now()
        views = {_key(view): view for view in self.detail.clocks}
        colours = alarms(self.app)
        for collapsible in self.query("#clocks Collapsible").results(Collapsible):
            if collapsible.name in views:
                collapsible.title = clock_line(views[collapsible.name], now, self.zone, colours)

    # ---- drawing

    def show_head(self) -> None:
        d = self.detail
        t, row = d.ticket, d.row
        first = Text.assemble((t.id, "bold"), " ", badge(d.pack, t.severity), " ", plain(t.subject, style="bold"))
        if t.impact:
            first.append(f"  (impact {t.impact}, urgency {t.urgency})", style="dim")
        where = f"{row['customer']} · {row['policy']} {row['plan']}" if row["policy"] else "not routed"
        second = plain(
            f"{where} · {t.status} ({t.side}'s move) · tier {t.tier or '-'} · "
            f"assignee {t.assignee or '-'} · opened {when(t.opened_at, self.zone)} · v{d.version}",
            style="dim",
        )
        if t.requester:
            second.append_text(plain(f" · from {t.requester}", style="dim"))
        self.query_one("#detail-head", Static).update(Text("\n").join([first, second]))

    def show_clocks(self) -> AwaitMount:
        """The clocks, mounted afresh (awaitable: the body is shown once they are in)."""
        d = self.detail
        zone_name = when(self.app.now(), self.zone).split()[-1]
        self.query_one("#clocks-title", Static).update(f"Clocks (your zone: {zone_name})")
        box = self.query_one("#clocks", Vertical)
        # First the clock that leads the queue comes open on a wide terminal (all stay closed on a
        # narrow one, to see the rest); from then on a reload keeps what the engineer opened.
        shown = list(self.query("#clocks Collapsible").results(Collapsible))
        if shown:
            opened = {c.name for c in shown if not c.collapsed}
        else:
            lead = next((v for v in d.clocks if v.clock.state == "running" and v.clock.kind == "target"
                         and self.app.size.width >= WIDE), None)
            opened = {_key(lead)} if lead else set()
        box.remove_children()
        if not d.clocks:
            return box.mount(Static("no clocks (no contract yet)" if d.pack is None else "no clocks",
                             classes="dim"))
        now = self.app.now()
        return box.mount_all(
            Collapsible(Static(explanation_text(view, self.zone), classes="explanation"),
                        title=clock_line(view, now, self.zone, alarms(self.app)),
                        collapsed=_key(view) not in opened,
                        name=_key(view))
            for view in d.clocks
        )

    def show_required(self) -> None:
        d = self.detail
        colours = alarms(self.app)
        text = Text()
        for field, value in d.required:
            if value:
                text.append("✓ ", style=colours.ok)
                text.append_text(plain(f"{field.label}: {value}"))
                text.append("\n")
            else:
                text.append("✗ ", style=colours.breached)
                text.append(f"{field.label}: missing", style="bold")
                text.append(f" ({field.clause})\n", style="dim")
        self.query_one("#required", Static).update(_or(text, "nothing required"))

    def show_ladder(self) -> None:
        d = self.detail
        text = Text()
        for tier in d.tiers:
            here = tier.id == d.ticket.tier
            text.append("▶ " if here else "  ", style="bold")
            text.append(f"{tier.id:<7} {tier.label}", style="bold" if here else "")
            if here:
                text.append("  (current)", style="bold")
            if tier.via != "escalate":
                text.append(f"  via {tier.via}", style="dim")
            text.append("\n")
        self.query_one("#ladder", Static).update(_or(text, "no ladder"))

    def show_links(self) -> None:
        links = self.query_one("#links", OptionList)
        links.clear_options()
        found = self.detail.links
        links.add_options([Option(plain(f"{link.relation}: {link.ticket_id}  {link.subject} ({link.status})"),
                                  id=link.ticket_id) for link in found])
        links.highlighted = 0 if found else None
        links.display = bool(found)
        self.query_one("#no-links").display = not found

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.push_screen(DetailScreen(event.option.id))

    def show_findings(self) -> None:
        text = Text()
        for finding in self.detail.findings:
            text.append(f"⚑ {finding.flag}", style="bold")
            text.append_text(plain(f": {finding.detail} ({finding.clause})"))
            text.append("\n")
        for mail in self.detail.undelivered:
            why = "no recipient" if mail["state"] == "held" else (mail["last_error"] or "not sent yet")
            text.append("⚑ undelivered", style="bold")
            text.append(f": mail of {when(parse_instant(mail['queued_at']), self.zone)} "
                        f"is {mail['state']} ({neutralise(why)}); see the outbox\n")
        self.query_one("#findings", Static).update(_or(text, "no flags"))

    def show_thread(self) -> None:
        d = self.detail
        text = Text()
        for event in d.thread:
            kind = KINDS[event.kind]
            who = (d.ticket.requester or "customer") if event.kind == "open" else event.actor
            # The desk's own words (a note) read apart from what was said to or by the customer.
            text.append_text(plain(f"{who} {kind.heading} · {when(event.at, self.zone)}",
                                   style="bold italic" if kind.internal else "bold"))
            text.append("\n")
            body = event_text(event).strip()
            text.append_text(plain(body, multiline=True, style="italic" if kind.internal else ""))
            text.append("\n\n")
        self.query_one("#thread", Static).update(_or(text, "no messages"))

    def show_timeline(self) -> None:
        """Every event, oldest first: undone ones struck through, undo events marked ↶."""
        d = self.detail
        by_id = {e.id: e for e in d.log}
        now = self.app.now()
        table = Table(box=None, padding=(0, 1), show_header=False, expand=True)
        table.add_column("when", no_wrap=True)
        table.add_column("who", no_wrap=True, max_width=16, overflow="ellipsis")
        table.add_column("what", ratio=1, no_wrap=True, overflow="ellipsis")
        for event in d.log:
            undone = event.id in d.undone
            what = Text(("↶ " if event.kind == "undo" else "") + event.kind, style="bold")
            what.append_text(plain(f"  {describe(event, by_id)}" + ("  (undone)" if undone else "")))
            style = "strike dim" if undone else ("italic" if event.kind == "undo" else "")
            table.add_row(soon(event.at, self.zone, now), plain(event.actor), what, style=style)
        self.query_one("#timeline", Static).update(table)
