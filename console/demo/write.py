"""Writing the demo desk: each ticket plan through the services, as an engineer's actions would."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from console.demo import material
from console.demo.plan import Plan, Step
from console.services import actions, packs, tickets
from console.store.database import Store


class Writer:
    """Writes plans through the services, in the order given.

    A run of steps after the opening mail goes in as one `tickets.record_many`
    (every event checked as one `record` would check it, the projection recomputed
    once for the run). The steps that read the ticket as the events before them
    leave it (asking for the information still missing) or write more than one
    ticket or event (split, resolve with its purge) go through their actions in
    console/services/actions.py, after the run before them is written.
    """

    def __init__(self, store: Store, me: str):
        self.store = store
        self.me = me
        self.ids: dict[int, str] = {}   # plan index -> ticket id

    def write(self, plan: Plan) -> None:
        ticket_id = tickets.open_ticket(
            self.store, contract_id=plan.spec.id if plan.spec else None, subject=plan.mail.subject,
            body=plan.mail.body, attributes=plan.mail.attributes, requester=plan.requester,
            at=plan.opened_at, actor=material.INTAKE_ACTOR, **plan.classification,
        )
        self.ids[plan.index] = ticket_id
        run: list[tickets.NewEvent] = []
        for step in plan.steps:
            if step.action in _EVENTS:
                kind, payload = _EVENTS[step.action](self, plan, step)
                actor = plan.requester if kind == "customer_reply" else self.actor(step)
                run.append((kind, payload, step.at, actor))
                continue
            tickets.record_many(self.store, ticket_id, run)
            run = []
            _WRITERS[step.action](self, ticket_id, plan, step)
        tickets.record_many(self.store, ticket_id, run)

    def actor(self, step: Step) -> str:
        return step.args.get("actor") or step.args.get("assignee") or self.me


# Steps written as one event each, in a run: the step's (kind, payload).

def _e_assign(w: Writer, plan, step):
    return "assign", {"assignee": step.args["assignee"]}


def _e_reply(w: Writer, plan, step):
    return "respond", {"note": step.args["text"]}


def _e_customer_reply(w: Writer, plan, step):
    payload: dict[str, Any] = {"note": step.args["text"]}
    withheld = plan.mail.withheld
    if withheld:
        payload["attributes"] = dict(withheld)
        payload["note"] += "\n\n" + "\n".join(f"{k}: {v}" for k, v in withheld.items())
    return "customer_reply", payload


def _e_escalate(w: Writer, plan, step):
    tier = packs.get_pack(plan.spec.policy).tier(step.args["tier"])
    return tier.via, {"tier": tier.id, "note": step.args["note"]}   # the kind that reaches the tier


def _e_plain(w: Writer, plan, step):
    return step.action, {"note": step.args["note"]}


def _e_reclassify(w: Writer, plan, step):
    change = {k: v for k, v in step.args.items() if k in ("severity", "impact", "urgency")}
    return "reclassify", {"reason": step.args["reason"], **change}


def _e_reject(w: Writer, plan, step):
    return "reject", {"reason": step.args["reason"], "note": step.args["note"]}


def _e_merge(w: Writer, plan, step):
    return "merge", {"duplicate_of": w.ids[step.args["original"]], "note": step.args["note"]}


def _e_worklog(w: Writer, plan, step):
    return "worklog", {k: step.args[k] for k in ("minutes", "out_of_hours", "note")}


_EVENTS: dict[str, Callable[[Writer, Plan, Step], tuple[str, dict[str, Any]]]] = {
    "assign": _e_assign, "reply": _e_reply, "customer_reply": _e_customer_reply,
    "escalate": _e_escalate, "require_dev": _e_plain, "update_sent": _e_plain, "close": _e_plain,
    "reopen": _e_plain, "reclassify": _e_reclassify, "reject": _e_reject, "merge": _e_merge,
    "worklog": _e_worklog,
}


# Steps written through their actions, on the ticket as the run before them left it.

def _w_request_info(w: Writer, tid, plan, step):
    missing = actions.missing_info(w.store, tid)
    message = "\n\n".join(x for x in (actions.info_request_text(missing), step.args["note"]) if x)
    actions.request_info(w.store, tid, message=message, fields=[f.id for f in missing],
                         at=step.at, actor=w.actor(step))


def _w_resolve(w: Writer, tid, plan, step):
    actions.resolve(w.store, tid, note=step.args["note"], at=step.at, actor=w.actor(step))


def _w_split(w: Writer, tid, plan, step):
    actor = w.actor(step)
    children = actions.split(w.store, tid, step.args["parts"], at=step.at, actor=actor).children
    for child, part in zip(children, plan.issue.parts, strict=True):
        if part.attributes:   # the engineer corrects what the child inherited from the parent
            shown = ", ".join(f"{k} {v}" for k, v in part.attributes.items())
            tickets.record(w.store, child, "note", {"note": f"Set {shown}.",
                                                    "attributes": dict(part.attributes)},
                           at=step.at + timedelta(minutes=1), actor=actor)


_WRITERS: dict[str, Callable[[Writer, str, Plan, Step], None]] = {
    "request_info": _w_request_info, "resolve": _w_resolve, "split": _w_split,
}
