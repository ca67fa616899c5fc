"""One modal per ticket action, keyed by the action ids of console/tui/keymap.py.

`app.run_action(action_id, ticket_id)` pushes `ACTION_MODALS[action_id](ticket_id)`;
the modal writes through console/services and dismisses with a one-line summary
(None when cancelled).
"""

from console.tui.modals.base import ActionModal
from console.tui.modals.escalate import EscalateModal, ForwardTeamModal
from console.tui.modals.lifecycle import (
    CloseModal,
    DuplicateModal,
    RejectModal,
    ReopenModal,
    RequireDevModal,
    ResolveModal,
    UpdateSentModal,
)
from console.tui.modals.messages import NoteModal, ReplyModal, RequestInfoModal
from console.tui.modals.people import AssignModal, TakeModal
from console.tui.modals.reclassify import ReclassifyModal
from console.tui.modals.routing import AttributesModal, RouteModal
from console.tui.modals.split import SplitModal
from console.tui.modals.undo import UndoModal
from console.tui.modals.worklog import WorklogModal

ACTION_MODALS: dict[str, type[ActionModal]] = {
    "reclassify": ReclassifyModal,
    "split": SplitModal,
    "escalate": EscalateModal,
    "forward_team": ForwardTeamModal,
    "require_dev": RequireDevModal,
    "request_info": RequestInfoModal,
    "reply": ReplyModal,
    "note": NoteModal,
    "assign": AssignModal,
    "take": TakeModal,
    "resolve": ResolveModal,
    "close": CloseModal,
    "reopen": ReopenModal,
    "duplicate": DuplicateModal,
    "reject": RejectModal,
    "worklog": WorklogModal,
    "update_sent": UpdateSentModal,
    "undo": UndoModal,
    "route": RouteModal,
    "set_attributes": AttributesModal,
}
