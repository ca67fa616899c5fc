"""`?`: every key of the screen it was opened on, as that screen binds them right now.

The list is built from the screen's active bindings (so a key moved in
keys.toml shows where it is now) and described from the action registry,
grouped as the registry groups them.
"""

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from console.tui import keymap

OTHER = "Other"


def key_table(screen: Screen) -> dict[str, list[tuple[str, str, bool]]]:
    """{group title: [(keys, description, enabled)]} for the screen's active bindings."""
    keys: dict[str, list[Binding]] = {}
    enabled: dict[str, bool] = {}
    described: dict[str, tuple[str, str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        action = keymap.ACTIONS.get(binding.id or "")
        if action is None and not binding.description:
            continue   # unnamed internals (focus cycling, copy) are not the engineer's keys
        name = action.id if action else binding.action
        keys.setdefault(name, []).append(binding)
        enabled[name] = enabled.get(name, False) or active.enabled
        described[name] = (
            keymap.GROUPS[action.group] if action else OTHER,
            action.description if action else binding.description,
        )
    order = {group: i for i, group in enumerate([*keymap.GROUPS.values(), OTHER])}
    registry = list(keymap.ACTIONS)
    table: dict[str, list[tuple[str, str, bool]]] = {}
    for name in sorted(keys, key=lambda n: (order[described[n][0]],
                                            registry.index(n) if n in registry else len(registry))):
        group, description = described[name]
        shown = " ".join(screen.app.get_key_display(b) for b in keys[name])
        table.setdefault(group, []).append((shown, description, enabled[name]))
    return table


class HelpScreen(ModalScreen[None]):
    """The keys of one screen; esc (or the help key again) closes it."""

    BINDINGS = keymap.bindings("back", show_in_footer=False)

    def __init__(self, of_screen: Screen) -> None:
        super().__init__()
        self.of_screen = of_screen
        self.table = key_table(of_screen)

    def compose(self) -> ComposeResult:
        title = getattr(self.of_screen, "HELP_TITLE", type(self.of_screen).__name__.removesuffix("Screen"))
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = f"Keys: {title}"
            dialog.border_subtitle = "esc closes · remap keys in $XDG_CONFIG_HOME/support-console/keys.toml"
            yield Static(self._render_tables())

    def _render_tables(self) -> Table:
        """Ticket actions on the right, everything else on the left: one screen at 100 columns."""
        ticket_group = keymap.GROUPS["ticket"]
        left = {g: rows for g, rows in self.table.items() if g != ticket_group}
        right = {g: rows for g, rows in self.table.items() if g == ticket_group}
        page = Table.grid(padding=(0, 4))
        page.add_row(*(self._grid(groups) for groups in (left, right) if groups))
        return page

    @staticmethod
    def _grid(groups: dict[str, list[tuple[str, str, bool]]]) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(justify="right", style="bold", no_wrap=True)
        grid.add_column(no_wrap=True)
        for group, rows in groups.items():
            grid.add_row("", Text(group, style="bold underline"))
            for keys, description, enabled in rows:
                grid.add_row(keys, description if enabled else Text(f"{description} (not now)", style="dim"))
            grid.add_row("", "")
        return grid

    def action_back(self) -> None:
        self.dismiss()
