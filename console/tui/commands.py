"""ctrl+p: the command palette offers what the current screen can do now, by name.

Hits come from the screen's active, enabled bindings that belong to the action
registry, so the palette, the footer and the help screen never disagree.
"""

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from console.tui import keymap


class ScreenActions(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable]]:
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            action = keymap.ACTIONS.get(active.binding.id or "")
            if action is None or not active.enabled or action.id in seen:
                continue
            seen.add(action.id)
            key = self.app.get_key_display(active.binding)
            run = partial(self.app.run_action, active.binding.action, active.node)
            yield action.description, f"{keymap.GROUPS[action.group]} · key {key}", run

    async def discover(self) -> Hits:
        for name, help_text, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
