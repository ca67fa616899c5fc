"""What every console screen shares: ticket actions on the ticket it shows, and reloading.

A screen binds registry actions (console/tui/keymap.py). Ticket actions arrive as
`ticket_action('<id>')` and go to `app.run_action(id, ticket)` for the ticket the
screen points at; `reload_data` is called by `app.refresh_data()` whenever the
store changed (this session's write, or another process's commit).
"""

from textual.screen import Screen


class DeskScreen(Screen):
    def current_ticket_id(self) -> str | None:
        """The ticket that ticket actions apply to (None: there is none)."""
        return None

    def reload_data(self) -> None:
        """Read again what the screen shows."""

    def action_ticket_action(self, action_id: str) -> None:
        ticket_id = self.current_ticket_id()
        if ticket_id is None:
            self.notify("No ticket selected.", severity="warning")
            return
        self.app.run_action(action_id, ticket_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Disabled (shown dim, not run): ticket actions with no ticket, or in read-only mode.
        if action == "ticket_action":
            return None if self.current_ticket_id() is None or self.app.read_only else True
        return True
