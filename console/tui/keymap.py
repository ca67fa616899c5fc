"""The console's action registry: every key binding, the help screen and the palette come from here.

Each action has a stable id. Screens build their BINDINGS with `bindings(...)`, so
every binding carries its id and a user can move it to another key in
`$XDG_CONFIG_HOME/support-console/keys.toml`:

    [keys]
    reclassify = "ctrl+r"
    cursor_down = "j,down,ctrl+n"

Ticket actions bind to `ticket_action('<id>')`; a screen that shows a ticket
handles it (see console/tui/screens/base.py) by calling `app.run_action(id, ticket)`.
"""

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding

from console.config import keys_file
from console.errors import UserError

# Help lists the groups in this order.
GROUPS = {
    "navigate": "Move",
    "view": "Filter and views",
    "ticket": "Ticket actions",
    "app": "Console",
}


@dataclass(frozen=True)
class Action:
    id: str
    keys: str             # default keys, comma-separated Textual key names
    description: str
    group: str            # a key of GROUPS
    on_ticket: bool = False
    footer: str = ""      # its short label, for the few main keys the footer shows

    @property
    def binding_action(self) -> str:
        """The Textual action string a binding runs."""
        return f"ticket_action('{self.id}')" if self.on_ticket else self.id


def _ticket(id: str, keys: str, description: str, footer: str = "") -> Action:
    return Action(id, keys, description, "ticket", on_ticket=True, footer=footer)


ACTIONS: dict[str, Action] = {
    a.id: a
    for a in (
        Action("cursor_down", "j,down", "Down (next ticket, or scroll)", "navigate"),
        Action("cursor_up", "k,up", "Up (previous ticket, or scroll)", "navigate"),
        Action("top", "g,home", "To the top", "navigate"),
        Action("bottom", "G,end", "To the bottom", "navigate"),
        Action("page_down", "pagedown,ctrl+f", "Page down", "navigate"),
        Action("page_up", "pageup,ctrl+b", "Page up", "navigate"),
        Action("open_detail", "enter", "Open the ticket", "navigate", footer="Open"),
        Action("back", "escape", "Back, or clear the queue's filter", "navigate"),
        Action("search", "slash", "Search id, subject, customer", "view", footer="Search"),
        Action("command_line", "colon", "Command line (:help lists commands)", "view", footer="Command"),
        Action("view_all", "0", "View: every open ticket", "view"),
        Action("view_mine", "1", "View: mine", "view"),
        Action("view_unassigned", "2", "View: unassigned", "view"),
        Action("view_breached", "3", "View: breached", "view"),
        Action("view_breaching", "4", "View: breaching within 1 h", "view"),
        Action("view_unrouted", "5", "View: unrouted (no contract)", "view"),
        Action("board", "b", "Breach board", "view"),
        Action("outbox", "O", "Outbox: mail not delivered yet", "view"),
        Action("outbox_retry", "S", "Send the failed or held mail again now", "ticket",
               footer="Send again"),
        Action("outbox_recipient", "E", "Edit the mail's recipient", "ticket", footer="Recipient"),
        _ticket("take", "t", "Take (assign to me)", footer="Take"),
        _ticket("assign", "a", "Assign to someone", footer="Assign"),
        _ticket("reply", "R", "Reply to the customer", footer="Reply"),
        _ticket("request_info", "i", "Request information", footer="Ask info"),
        _ticket("note", "n", "Internal note"),
        _ticket("reclassify", "r", "Reclassify severity", footer="Reclassify"),
        _ticket("route", "C", "Route to a contract (unrouted mail)"),
        _ticket("set_attributes", "A", "Correct attributes (product, version)"),
        _ticket("escalate", "e", "Escalate to a tier", footer="Escalate"),
        _ticket("forward_team", "f", "Forward to the relevant team"),
        _ticket("require_dev", "D", "Needs development"),
        _ticket("update_sent", "U", "Status update sent"),
        _ticket("split", "s", "Split into tickets", footer="Split"),
        _ticket("duplicate", "m", "Mark duplicate of"),
        _ticket("resolve", "x", "Resolve", footer="Resolve"),
        _ticket("close", "c", "Close"),
        _ticket("reopen", "o", "Reopen"),
        _ticket("reject", "X", "Reject with a reason"),
        _ticket("worklog", "w", "Log out-of-hours minutes"),
        _ticket("undo", "u", "Undo my last action", footer="Undo"),
        Action("help", "question_mark", "Keys of this screen", "app", footer="Help"),
        Action("quit", "q", "Quit", "app", footer="Quit"),
    )
}

TICKET_ACTIONS: tuple[str, ...] = tuple(a.id for a in ACTIONS.values() if a.on_ticket)


def bindings(*action_ids: str, show_in_footer: bool = True,
             footer: Collection[str] | None = None) -> list[Binding]:
    """Bindings for the given registry ids, each carrying its id for the user's keymap.

    The bottom line shows those of `footer` (default: every one with a footer label),
    so each screen puts its own main keys there.
    """
    return [
        Binding(
            a.keys, a.binding_action, a.footer or a.description, id=a.id,
            show=show_in_footer and bool(a.footer) and (footer is None or a.id in footer),
        )
        for a in (ACTIONS[action_id] for action_id in action_ids)
    ]


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's remapped keys ({action id: "key,key"}); empty when there is no file.

    A fault in the file is a UserError naming it: a wrong keymap should stop the
    console with one clear line, not leave an engineer without their keys.
    """
    path = path or keys_file()
    if not path.is_file():
        return {}
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the keymap: {exc}", source=source) from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"not valid TOML: {exc}", source=source) from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise UserError("[keys] must be a table of action id = \"key\"", source=source)
    keymap = {}
    for action_id, value in keys.items():
        if action_id not in ACTIONS:
            raise UserError(f"keys.{action_id}: no such action (actions: {', '.join(ACTIONS)})",
                            source=source)
        if not isinstance(value, str) or not all(k.strip() for k in value.split(",")):
            raise UserError(f"keys.{action_id}: give the keys as a string, e.g. \"ctrl+r\"",
                            source=source)
        keymap[action_id] = ",".join(k.strip() for k in value.split(","))
    return keymap
