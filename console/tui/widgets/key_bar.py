"""The bottom line: the screen's main keys, as currently bound, with their short labels.

A single line of text built from the screen's active bindings and the registry's
footer labels (so a key moved in keys.toml shows where it is now, and a key that
cannot act right now is dimmed). It replaces Textual's Footer, which rebuilds a
widget per key whenever bindings change: too slow for a queue that must paint at
once and move its cursor in a few milliseconds.
"""

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from console.tui import keymap


class KeyBar(Static):
    def show_keys(self, screen: Screen) -> None:
        found: dict[str, tuple[str, bool]] = {}
        for active in screen.active_bindings.values():
            action = keymap.ACTIONS.get(active.binding.id or "")
            if action is None or not active.binding.show:
                continue
            key = self.app.get_key_display(active.binding)
            shown, enabled = found.get(action.id, ("", False))
            found[action.id] = (f"{shown}/{key}" if shown else key, enabled or active.enabled)
        line = Text(" ")
        for action_id in keymap.ACTIONS:
            if action_id in found:
                key, enabled = found[action_id]
                line.append(f" {key} ", style="bold reverse" if enabled else "dim reverse")
                line.append(f" {keymap.ACTIONS[action_id].footer}  ", style="" if enabled else "dim")
        line.append(" ^p ", style="bold reverse")
        line.append(" palette")
        self.update(line, layout=False)
