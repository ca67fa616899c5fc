"""DeskApp: the console's shell around its screens.

It owns the one open store, the injected clock and the engineer's name; lends
the screens' workers their own read connections (console/tui/reads.py); polls
SQLite's `PRAGMA data_version` so commits by any other process (another
engineer, `desk import`, `desk tick`) reach the screen within about a second;
and dispatches ticket actions to their modals.
"""

import asyncio
from pathlib import Path

from textual import work
from textual.app import App
from textual.dom import DOMNode

from console.clock import Clock
from console.domain.safe_text import neutralise
from console.resources import styles_dir
from console.store import Store
from console.tui import keymap
from console.tui.commands import ScreenActions
from console.tui.plain import ControlFilter
from console.tui.reads import Readers
from console.tui.screens.queue import QueueScreen

POLL_SECONDS = 0.5
TIMER_SECONDS = 60.0
MAIL_SECONDS = 10.0   # how soon a reply leaves; a round with nothing due is one query


class DeskApp(App):
    TITLE = "Support Console"
    CSS_PATH = str(styles_dir() / "desk.tcss")
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = keymap.bindings("help", "quit")

    def __init__(self, store_path: Path, clock: Clock, *, actor: str, read_only: bool = False,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.clock = clock
        self.actor = actor
        self.read_only = read_only
        # Read by every text field (console/tui/widgets/text_fields.py); tests turn it off so
        # that a screenshot never depends on where the cursor is in its blink.
        self.cursor_blink = cursor_blink
        self.session_events: list[str] = []
        self.user_keymap = keymap.load_keymap()
        self.store = Store.open(store_path, read_only=read_only)
        # The screens read in workers, on connections of their own (sqlite3's are per thread).
        self.readers = Readers(self.store.path)
        self._seen_version = self.store.data_version()
        self._mail_fault: str | None = None   # the settings fault last told, so it is told once
        self._control_filter = ControlFilter()

    def now(self):
        return self.clock.now()

    def get_line_filters(self):
        """Textual's filters, then the last guard: no control character reaches the terminal."""
        return [*super().get_line_filters(), self._control_filter]

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None,
               markup: bool = True) -> None:
        """A notification, never read as markup whatever the caller asks: notifications quote
        subjects, people and what the engineer typed, and those are data."""
        super().notify(neutralise(message, multiline=True), title=neutralise(title),
                       severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        self.set_keymap(self.user_keymap)
        self.set_interval(POLL_SECONDS, self.poll_store)
        # Due timers (customer-timeout auto-close) fire in the background, as `desk tick`
        # does; the poll above shows the result. A frozen clock previews, so it never writes.
        if not self.read_only and self.clock.frozen is None:
            self.fire_due_timers()
            self.set_interval(TIMER_SECONDS, self.fire_due_timers)
            # Replies leave the same way, as `desk outbox send` does; offline, they wait.
            self.deliver_outbox()
            self.set_interval(MAIL_SECONDS, self.deliver_outbox)

    @work(thread=True, exclusive=True, group="timers", exit_on_error=False)
    def fire_due_timers(self) -> None:
        """Run console.services.timers on the worker's own connection (one per thread)."""
        from console.services.timers import tick_store_file

        tick_store_file(self.store.path, now=self.now())

    @work(thread=True, exclusive=True, group="mail", exit_on_error=False)
    def deliver_outbox(self) -> None:
        """Send the outbox's due mail on the worker's own connection; a wrong setting is told once."""
        from console.errors import UserError
        from console.services.delivery import deliver_store_file

        try:
            deliver_store_file(self.store.path, now=self.now())
        except UserError as exc:
            if str(exc) != self._mail_fault:
                self._mail_fault = str(exc)
                self.call_from_thread(self.notify, f"Replies are not sent: {exc}",
                                      severity="warning")

    def get_default_screen(self) -> QueueScreen:
        return QueueScreen()

    def on_unmount(self) -> None:
        self.readers.close()
        self.store.close()

    # ------------------------------------------------------------------ live data

    def poll_store(self) -> None:
        """Another process committed since the last look: show it."""
        version = self.store.data_version()
        if version != self._seen_version:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Every screen on the stack reads its data again (after any write or outside commit)."""
        self._seen_version = self.store.data_version()
        for screen in self.screen_stack:
            reload = getattr(screen, "reload_data", None)
            if reload is not None:
                reload()

    # ------------------------------------------------------------------ screens and actions

    def action_help(self) -> None:
        from console.tui.screens.help import HelpScreen  # loaded when first asked for

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(self.screen))

    def open_ticket(self, ticket_id: str) -> None:
        """The ticket's detail screen."""
        try:
            from console.tui.screens.detail import DetailScreen
        except ModuleNotFoundError as exc:
            if exc.name != "console.tui.screens.detail":
                raise
            self.notify(f"{ticket_id}: the ticket detail screen is not built yet.", severity="warning")
            return
        self.push_screen(DetailScreen(ticket_id))

    def run_action(self, action, default_namespace=None, namespaces=None):
        """Textual's action dispatcher, and the console's ticket actions.

        `run_action("reclassify", "T-1001")` (a registry ticket action and a ticket
        id) opens that action's modal on the ticket; every other call is Textual's
        own. Either way the result can be awaited, as Textual's can.
        """
        if isinstance(default_namespace, DOMNode) or default_namespace is None:
            return super().run_action(action, default_namespace, namespaces)
        self._open_action_modal(action, default_namespace)
        done = asyncio.get_running_loop().create_future()
        done.set_result(True)
        return done

    def _open_action_modal(self, action_id: str, ticket_id: str) -> None:
        action = keymap.ACTIONS.get(action_id)
        if action is None or not action.on_ticket:
            raise ValueError(f"{action_id!r} is not a ticket action of the registry")
        if self.read_only:
            self.notify("Read-only console: actions are off.", severity="warning")
            return
        try:
            from console.tui.modals import ACTION_MODALS as modals
        except ImportError as exc:   # the modals are not written yet
            if exc.name != "console.tui.modals":
                raise
            modals = {}
        modal = modals.get(action_id)
        if modal is None:
            self.notify(f"{action.description}: not available yet.", severity="warning")
            return

        def finished(result) -> None:
            if result is not None:
                self.refresh_data()
                self.notify(result if isinstance(result, str) else f"{action.description}: done.")

        self.push_screen(modal(ticket_id), finished)
