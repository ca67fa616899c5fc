"""The home screen: every open ticket, most urgent first, narrowed by views, search and commands.

`/` searches id, subject and customer as you type; the digits are quick views;
`:` opens a command line for the rest (`:vendor pro2col`, `:sev p1`,
`:assignee dana`, `:open T-1001`, `:clear`, `:help`, `:q`, and any ticket action
by its id, e.g. `:take`). `esc` closes the prompt, then clears the filters.
"""

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from console.services import packs
from console.services.queue_window import VIEWS, QueueQuery, store_is_empty
from console.tui import keymap
from console.tui.plain import plain
from console.tui.screens.base import DeskScreen
from console.tui.widgets.key_bar import KeyBar
from console.tui.widgets.queue_view import QueueView
from console.tui.widgets.text_fields import DeskInput

EMPTY_STORE = (
    "No contracts and no tickets yet. To get started:",
    "",
    "  desk contract add --id acme-isp --customer \"Acme Hosting\" --policy ispsystem --plan standard",
    "  desk open --contract acme-isp --subject \"VMmanager: VM will not start\" --severity high",
    "",
    "or fill a store with realistic sample tickets:  desk demo",
    "",
    "The console shows new tickets as soon as they are written. Press ? for keys, q to quit.",
)
NO_OPEN_TICKETS = ("No open tickets. Nothing is due.",)
COMMANDS_HELP = (
    ":vendor ID  :sev ID  :assignee NAME|me  :search TEXT  :open TICKET  "
    ":mine :unassigned :breached :breaching :unrouted :all  :clear  :help  :q  "
    "and any ticket action by id (:take, :reply, ...)"
)


class QueueScreen(DeskScreen):
    BINDINGS = keymap.bindings(
        "cursor_down", "cursor_up", "top", "bottom", "page_down", "page_up",
        "open_detail", "back", "search", "command_line",
        "view_all", "view_mine", "view_unassigned", "view_breached", "view_breaching",
        "view_unrouted", "board", "outbox", *keymap.TICKET_ACTIONS,
        footer=("open_detail", "search", "command_line", "take", "reply"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.prompt_mode: str | None = None     # "search" | "command" while the prompt is open
        self._had_ticket: bool | None = None
        self._title = ""

    def compose(self) -> ComposeResult:
        yield Static(id="queue-title")
        yield QueueView(self.app.store, self.app.now, self.app.actor, id="queue")
        yield KeyBar(id="keys")

    @property
    def queue(self) -> QueueView:
        return self.query_one(QueueView)

    @property
    def prompt(self) -> Input:
        """The search / command line, mounted on first use (the queue paints sooner without it)."""
        found = self.query("#prompt")
        if found:
            return found.first(Input)
        prompt = DeskInput(id="prompt")
        self.mount(prompt, before=self.query_one(KeyBar))
        return prompt

    def on_mount(self) -> None:
        self.queue.focus()
        self._show_changes(self.queue.current_ticket_id)   # in the first frame, not a later one
        self.set_interval(1.0, self._show_title)

    def current_ticket_id(self) -> str | None:
        return self.queue.current_ticket_id

    def reload_data(self) -> None:
        self.queue.reload()

    def narrow(self, query: QueueQuery) -> None:
        self.queue.reload(query=query)

    # ------------------------------------------------------------------ title and empty state

    def on_queue_view_changed(self, message: QueueView.Changed) -> None:
        self._show_changes(message.ticket_id)

    def _show_changes(self, ticket_id: str | None) -> None:
        self._show_title()
        has_ticket = ticket_id is not None
        if has_ticket != self._had_ticket:   # ticket actions switch on or off
            self._had_ticket = has_ticket
            self.refresh_bindings()
            self.query_one(KeyBar).show_keys(self)
        if self.queue.total == 0:
            self.queue.empty_lines = self._empty_lines()
            self.queue.refresh()

    def _show_title(self) -> None:
        queue = self.queue
        now = self.app.now()
        frozen = " (frozen)" if self.app.clock.frozen is not None else ""
        where = queue.queue_query.describe()
        if queue.counted:
            shown = f"{queue.total:,} ticket{'s' if queue.total != 1 else ''}"
            position = f" · {queue.cursor + 1:,}/{queue.total:,}" if queue.total else ""
        else:   # the first frame of a long queue: counted right after it
            shown, position = f"{queue.total:,}+ tickets", f" · {queue.cursor + 1:,}"
        # Text, not markup: the filters hold what the engineer typed (a pasted subject, say)
        title = Text.assemble(
            ("Queue", "bold"), " · ", plain(where), f" · {shown}{position}   ",
            plain(f"{self.app.actor} · {self.app.store.path.name}"
                  f"{' · read-only' if self.app.read_only else ''} · {now:%a %d %b %H:%M} UTC{frozen}",
                  style="dim"),
        )
        if title != self._title:   # an unchanged title costs no frame
            self._title = title
            self.query_one("#queue-title", Static).update(title, layout=False)

    def _empty_lines(self) -> tuple[str, ...]:
        if self.queue.queue_query.is_narrowed:
            return (f"No open ticket matches: {self.queue.queue_query.describe()}.",
                    "", "Press esc to clear the filters, 0 for every open ticket.")
        return EMPTY_STORE if store_is_empty(self.app.store) else NO_OPEN_TICKETS

    # ------------------------------------------------------------------ moving

    def action_cursor_down(self) -> None:
        self.queue.move_cursor(self.queue.cursor + 1)

    def action_cursor_up(self) -> None:
        self.queue.move_cursor(self.queue.cursor - 1)

    def action_top(self) -> None:
        self.queue.move_cursor(0)

    def action_bottom(self) -> None:
        self.queue.move_cursor(self.queue.total - 1)

    def action_page_down(self) -> None:
        self.queue.page(+1)

    def action_page_up(self) -> None:
        self.queue.page(-1)

    def action_open_detail(self) -> None:
        ticket_id = self.current_ticket_id()
        if ticket_id is not None:
            self.app.open_ticket(ticket_id)

    # ------------------------------------------------------------------ views

    def _view(self, view: str) -> None:
        self.narrow(replace(self.queue.queue_query, view=view))

    def action_view_all(self) -> None:
        self._view("all")

    def action_view_mine(self) -> None:
        self._view("mine")

    def action_view_unassigned(self) -> None:
        self._view("unassigned")

    def action_view_breached(self) -> None:
        self._view("breached")

    def action_view_breaching(self) -> None:
        self._view("breaching")

    def action_view_unrouted(self) -> None:
        self._view("unrouted")

    def action_board(self) -> None:
        from console.tui.screens.board import BoardScreen

        self.app.push_screen(BoardScreen())

    def action_outbox(self) -> None:
        from console.tui.screens.outbox import OutboxScreen

        self.app.push_screen(OutboxScreen())

    # ------------------------------------------------------------------ prompt: search and commands

    def action_search(self) -> None:
        self._open_prompt("search", self.queue.queue_query.text, "search id, subject, customer")

    def action_command_line(self) -> None:
        self._open_prompt("command", "", COMMANDS_HELP)

    def _open_prompt(self, mode: str, value: str, placeholder: str) -> None:
        self.prompt_mode = mode
        prompt = self.prompt
        prompt.set_class(mode == "command", "-command")
        prompt.placeholder = placeholder
        prompt.value = value
        prompt.display = True
        prompt.focus()

    def _close_prompt(self) -> None:
        self.prompt_mode = None
        if self.query("#prompt"):
            self.prompt.display = False
        self.queue.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.prompt_mode == "search":
            self.narrow(replace(self.queue.queue_query, text=event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        mode = self.prompt_mode
        self._close_prompt()
        if mode == "command" and event.value.strip():
            self.run_command(event.value)

    def action_back(self) -> None:
        """esc: close the prompt (a search is dropped with it), else clear every filter."""
        if self.prompt_mode == "search":
            self.narrow(replace(self.queue.queue_query, text=""))
        if self.prompt_mode is not None:
            self._close_prompt()
        elif self.queue.queue_query.is_narrowed:
            self.narrow(QueueQuery())

    def run_command(self, line: str) -> None:
        """One `:` command; a mistake is a notification saying what is understood."""
        word, _, rest = line.strip().lstrip(":").partition(" ")
        word, arg = word.lower(), rest.strip()
        query = self.queue.queue_query
        if word in ("q", "quit"):
            self.app.exit()
        elif word == "help":
            self.app.action_help()
        elif word == "clear":
            self.narrow(QueueQuery())
        elif word in VIEWS:
            self.narrow(replace(query, view=word))
        elif word in ("vendor", "policy"):
            known = sorted(packs.pack_sources())
            if arg and arg.lower() not in known:
                self.notify(f"No vendor {arg!r}; vendors: {', '.join(known)}", severity="error")
            else:
                self.narrow(replace(query, policy=arg.lower() or None))
        elif word in ("sev", "severity"):
            self.narrow(replace(query, severity=arg.lower() or None))
        elif word == "assignee":
            self.narrow(replace(query, assignee=self.app.actor if arg == "me" else arg or None))
        elif word == "search":
            self.narrow(replace(query, text=arg))
        elif word == "open":
            if arg:
                self.app.open_ticket(arg.upper())
            else:
                self.notify("Usage: :open T-1001", severity="error")
        elif word in keymap.TICKET_ACTIONS:
            self.action_ticket_action(word)
        else:
            self.notify(f"Unknown command {word!r}. Commands: {COMMANDS_HELP}", severity="error",
                        timeout=8)
