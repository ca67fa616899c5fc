"""Planning the demo desk: the seeded random source turned into ticket plans; writes nothing.

A ticket's history is a *story* (new, breaching, waiting on the customer,
escalated, split, resolved...). Stories that have not been answered yet are
opened so that their lead clock has a chosen amount of working time left at
`now`: the pack's own calendar, found by a probe through the SLA engine, says
how far back that is, so a demo seeded on a Saturday still has tickets about to
breach on the vendors that work Saturdays, and none invented on those that don't.
"""

import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from console.demo import material
from console.domain.calendar import Calendar
from console.domain.clocks import calendar_for_stretch, compute_clocks
from console.domain.contract import Contract
from console.domain.events import Event
from console.domain.policy import Pack
from console.domain.timeutil import from_epoch, to_epoch
from console.services import actions, packs
from console.services.projection import queue_position

UNROUTED = "unrouted"

# Share of each story among a vendor's tickets (before the requirements filter them).
STORY_WEIGHTS: dict[str, int] = {
    "new": 14, "breaching": 5, "breached": 8, "assigned": 12, "answered": 14, "waiting": 10,
    "customer_replied": 6, "escalated": 6, "escalated_top": 3, "dev": 2, "reclassified": 4,
    "update": 3, "resolved": 8, "closed": 6, "rejected": 2, "duplicate": 2, "split": 1,
    "night_p1": 2, "reopened": 2,
}

# The first tickets of any demo: one of every state a console user should meet, so a
# small demo shows them all. (story, vendor pack or None for any).
ESSENTIAL: tuple[tuple[str, str | None], ...] = (
    ("breached", None), ("breaching", "almacare"), ("breaching", "procomputers"),
    ("waiting", "pro2col"), ("waiting", "almacare"), ("escalated_top", "ispsystem"),
    ("escalated_top", "pro2col"), ("escalated", None), ("split", "ispsystem"),
    ("split", "procomputers"), ("assigned", None), ("unrouted", UNROUTED), ("resolved", None),
    ("closed", None), ("night_p1", "pro2col"), ("reclassified", "pro2col"),
    ("reclassified", None), ("dev", "ispsystem"), ("update", "almacare"), ("rejected", None),
    ("duplicate", None), ("customer_replied", None), ("reopened", None), ("new", None),
)

# Multi-problem mail stays rare outside these stories (where it "begs to be split").
_MAY_BE_MULTI = ("new", "assigned", "split")


@dataclass
class Step:
    at: datetime
    action: str                   # a key of console/demo/write.py's _EVENTS or _WRITERS
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Mail:
    subject: str
    body: str
    attributes: dict[str, Any]
    withheld: dict[str, Any]      # required information the mail left out (sent on request)
    info: str                     # the information block as written in the body


@dataclass
class Plan:
    """One ticket as it will be written: the opening mail and what happened after."""

    index: int
    spec: material.ContractSpec | None
    story: str
    mail: Mail
    classification: dict[str, str]
    requester: str
    opened_at: datetime
    issue: material.Issue
    steps: list[Step] = field(default_factory=list)


# ---------------------------------------------------------------- planning


class Planner:
    """Turns the seeded random source into ticket plans; writes nothing."""

    def __init__(self, rng: random.Random, now: datetime, me: str, added: dict[str, Contract]):
        self.rng = rng
        self.now = now
        self.me = me
        self.contracts = added
        self.by_vendor: dict[str, list[material.ContractSpec]] = {}
        for spec in material.CONTRACTS:
            self.by_vendor.setdefault(spec.policy, []).append(spec)
        self.planned: list[Plan] = []
        self.originals: dict[str, list[Plan]] = {}   # by contract: what a later mail may duplicate
        self.possible: dict[str, dict[str, int]] = {}   # see _stories
        self.leads: dict[tuple, tuple[int, Calendar] | None] = {}   # see _open_with_time_left

    def plans(self, count: int) -> list[Plan]:
        for index in range(count):
            if index < len(ESSENTIAL):
                story, vendor = ESSENTIAL[index]
            else:
                story, vendor = None, self._weighted(material.VENDOR_WEIGHTS)
            plan = self._plan(index, story, vendor)
            self.planned.append(plan)
            if plan.spec and plan.story not in ("duplicate", "split", "rejected"):
                self.originals.setdefault(plan.spec.id, []).append(plan)
        return self.planned

    # -- choosing

    def _weighted(self, weights: dict[str, int]) -> str:
        names = list(weights)
        return self.rng.choices(names, weights=[weights[n] for n in names])[0]

    def _plan(self, index: int, story: str | None, vendor: str | None) -> Plan:
        if vendor == UNROUTED:
            return self._unrouted(index)
        if vendor is None:
            vendor = self._weighted({v: w for v, w in material.VENDOR_WEIGHTS.items()
                                     if v != UNROUTED})
        specs = self.by_vendor[vendor]
        spec = self.rng.choices(specs, weights=[s.weight for s in specs])[0]
        pack = packs.get_pack(spec.policy)
        if story is None or not self._fits(story, spec, pack):
            story = self._weighted(self._stories(spec, pack))
        if story == "night_p1":
            spec = next(s for s in specs if s.out_of_hours_desk)
        return self._story(index, story, spec, pack)

    def _stories(self, spec: material.ContractSpec, pack: Pack) -> dict[str, int]:
        """The stories that can happen under this contract, with their weights."""
        if spec.id not in self.possible:
            self.possible[spec.id] = {s: w for s, w in STORY_WEIGHTS.items()
                                      if s != "duplicate" and self._fits(s, spec, pack)}
        weights = self.possible[spec.id]
        if spec.id in self.originals:
            weights = {**weights, "duplicate": STORY_WEIGHTS["duplicate"]}
        return weights

    def _fits(self, story: str, spec: material.ContractSpec, pack: Pack) -> bool:
        issues = self._issues(spec)
        if story == "dev":
            return _pack_uses(pack, "require_dev")
        if story == "update":
            return _pack_uses(pack, "update_sent")
        if story in ("escalated", "escalated_top"):
            return len(pack.tiers) > 1
        if story == "rejected":
            return any(i.reject for i in issues)
        if story == "split":
            return any(i.parts for i in issues)
        if story == "night_p1":
            return any(s.out_of_hours_desk for s in self.by_vendor[spec.policy]) \
                and any(_top_level(pack, i) for i in issues)
        if story == "duplicate":
            return spec.id in self.originals
        return True

    def _issues(self, spec: material.ContractSpec) -> list[material.Issue]:
        """The mail this customer could write: their products, their clouds."""
        products = spec.options.get("products")
        return [i for i in material.ISSUES[spec.policy]
                if (not i.variants or set(i.variants) & set(spec.info_variants))
                and (not products or i.attributes.get("product", products[0]) in products)]

    def _issue(self, story: str, spec: material.ContractSpec, pack: Pack) -> material.Issue:
        issues = self._issues(spec)
        if story == "night_p1":
            return self.rng.choice([i for i in issues if _top_level(pack, i)])
        if story == "split":
            return self.rng.choice([i for i in issues if i.parts])
        if story == "rejected":
            return self.rng.choice([i for i in issues if i.reject])
        usual = [i for i in issues if not i.reject and (story in _MAY_BE_MULTI or not i.parts)]
        return self.rng.choice(usual or issues)

    # -- the opening mail

    def _mail(self, issue: material.Issue, spec: material.ContractSpec, variant_key: str,
              sender: material.Person, *, complete: bool, urgent: bool) -> "Mail":
        """One mail; `complete`: it gives all the required information."""
        variant = material.INFO_VARIANTS.get(spec.policy, {}).get(variant_key)
        slots = _Slots(self.rng, issue.slots, variant.slots if variant else {},
                       {"urgency_line": material.URGENCY_LINES[urgent]}, material.SLOTS)
        attributes: dict[str, Any] = dict(issue.attributes)
        withheld: dict[str, Any] = {}
        info_lines: list[str] = []
        for fid, (line, choices) in (variant.fields if variant else {}).items():
            if fid in attributes:
                continue
            value = slots.fill(self.rng.choice(choices))
            slots.set(fid, value)
            named = _mentions(issue, fid)
            if named or complete or self.rng.random() < 0.5:
                attributes[fid] = value
                if not named:
                    info_lines.append(line.format(value=value))
            else:
                withheld[fid] = value
        info = "\n".join(info_lines)
        slots.set("info", info)
        slots.set("name", sender.name)
        signature = "\n".join((sender.name, f"{sender.role}, {spec.customer}" if sender.role
                               else spec.customer))
        slots.set("closing_name", f"{slots.fill('{closing}')}\n{signature}")
        subject = slots.fill(issue.subject)
        body = slots.fill(issue.body)
        if "{closing_name}" not in issue.body and "{name}" not in issue.body:
            body += "\n\n" + slots.values["closing_name"]
        # an empty {info} leaves no gap
        body = "\n\n".join(p.strip("\n") for p in body.split("\n\n") if p.strip())
        return Mail(subject, body, attributes, withheld, info)

    def _unrouted(self, index: int) -> Plan:
        issue = self.rng.choice(material.ISSUES[UNROUTED])
        sender = self.rng.choice(material.UNROUTED_SENDERS)
        slots = _Slots(self.rng, issue.slots, material.SLOTS)
        slots.set("name", sender.name)
        slots.set("closing_name", f"{slots.fill('{closing}')}\n{sender.name}")
        mail = Mail(slots.fill(issue.subject), slots.fill(issue.body), {}, {}, "")
        return Plan(index, None, "unrouted", mail, {}, sender.email,
                     self.now - self._age(0.2, 40), issue)

    # -- stories

    def _story(self, index: int, story: str, spec: material.ContractSpec, pack: Pack) -> Plan:
        rng = self.rng
        issue = self._issue(story, spec, pack)
        variant = rng.choice([v for v in spec.info_variants
                              if not issue.variants or v in issue.variants])
        level = _top_level(pack, issue) if story == "night_p1" else rng.choice(issue.severities)
        classification = _classification(level)
        sender = rng.choice(spec.people)
        # Mail that will be asked for more information usually lacks some.
        complete = rng.random() < (0.2 if story in ("waiting", "customer_replied") else 0.6)
        urgent = pack.severities[_severity(pack, classification)].rank <= 2
        mail = self._mail(issue, spec, variant, sender, complete=complete, urgent=urgent)
        plan = Plan(index, spec, story, mail, classification, sender.email, self.now, issue)
        getattr(self, f"_story_{story}")(plan, pack)
        return plan

    def _age(self, low_hours: float, high_hours: float) -> timedelta:
        """A log-uniform age: most tickets young, a few old."""
        hours = low_hours * (high_hours / low_hours) ** self.rng.random()
        return timedelta(minutes=round(hours * 60))

    def _engineer(self) -> str:
        return self.me if self.rng.random() < 0.3 else self.rng.choice(material.ENGINEERS)

    def _times(self, start: datetime, count: int) -> list[datetime]:
        """`count` distinct whole-minute instants, in order, strictly between start and now."""
        span = int((self.now - start).total_seconds() // 60) - 1
        if span < count:
            return [start + timedelta(seconds=20 * (i + 1)) for i in range(count)]
        minutes = sorted(self.rng.sample(range(1, span + 1), count))
        return [start + timedelta(minutes=m) for m in minutes]

    def _open_with_time_left(self, plan: Plan, pack: Pack,
                             remaining: Callable[[int], int]) -> None:
        """Open the ticket so its lead clock has `remaining(target)` working seconds left at now."""
        contract = self.contracts[plan.spec.id]
        severity = _severity(pack, plan.classification)
        # What decides the lead clock's target and calendar; the rest of the mail does not.
        key = (contract.id, severity,
               tuple(plan.mail.attributes.get(k) for k in _calendar_attributes(pack)))
        if key not in self.leads:
            self.leads[key] = _probe(pack, contract, severity, plan.mail.attributes, self.now)
        probed = self.leads[key]
        if probed is None:
            plan.opened_at = self.now - self._age(0.5, 48)
            return
        target, calendar = probed
        left = min(remaining(target), target - 120)
        plan.opened_at = _instant_with_work_before(calendar, self.now, target - left, self.rng)

    # Each story sets the plan's opening instant and the steps that followed it.

    def _story_new(self, plan, pack):
        self._open_with_time_left(plan, pack, lambda t: int(t * self.rng.uniform(0.3, 0.95)))

    def _story_breaching(self, plan, pack):
        self._open_with_time_left(plan, pack, lambda t: self.rng.randint(5 * 60, 50 * 60))

    def _story_breached(self, plan, pack):
        def left(target: int) -> int:   # overdue by a share of the target, and a little more
            return -int(target * self.rng.uniform(0.05, 1.2)) - self.rng.randint(60, 3600)
        self._open_with_time_left(plan, pack, left)

    def _story_assigned(self, plan, pack):
        self._open_with_time_left(plan, pack, lambda t: int(t * self.rng.uniform(0.1, 0.9)))
        (t1,) = self._times(plan.opened_at, 1)
        plan.steps.append(self._assign(t1, self._engineer()))

    def _story_answered(self, plan, pack):
        plan.opened_at = self.now - self._age(1, 120)
        t1, t2 = self._times(plan.opened_at, 2)
        who = self._engineer()
        plan.steps += [self._assign(t1, who), self._reply(t2, who)]

    def _story_waiting(self, plan, pack):
        plan.opened_at = self.now - self._age(2, 110)
        t1, t2 = self._times(plan.opened_at, 2)
        who = self._engineer()
        plan.steps += [self._assign(t1, who), self._request_info(t2, who)]

    def _story_customer_replied(self, plan, pack):
        plan.opened_at = self.now - self._age(4, 140)
        t1, t2 = self._times(plan.opened_at, 2)
        plan.steps += [self._request_info(t1, self._engineer()),
                       self._customer(t2, self._say(material.CUSTOMER_REPLIES))]

    def _story_escalated(self, plan, pack):
        self._escalation(plan, pack.next_tier(None).id)

    def _story_escalated_top(self, plan, pack):
        self._escalation(plan, pack.tiers[-1].id)

    def _escalation(self, plan, tier: str):
        plan.opened_at = self.now - self._age(2, 96)
        t1, t2, t3 = self._times(plan.opened_at, 3)
        who = self._engineer()
        plan.steps += [self._assign(t1, who), self._reply(t2, who),
                       self._escalate(t3, who, tier, self._say(material.ESCALATION_NOTES))]

    def _story_dev(self, plan, pack):
        plan.opened_at = self.now - self._age(24, 190)
        t1, t2, t3, t4 = self._times(plan.opened_at, 4)
        who = self._engineer()
        plan.steps += [self._assign(t1, who), self._reply(t2, who),
                       self._plain(t3, "require_dev", who, material.DEV_NOTE),
                       self._customer(t4, material.DEVELOPERS_CHASER)]

    def _story_reclassified(self, plan, pack):
        plan.opened_at = self.now - self._age(1, 72)
        t1, t2 = self._times(plan.opened_at, 2)
        who = self._engineer()
        change, reason = self._reclassification(plan, pack)
        plan.steps += [Step(t1, "reclassify", {"actor": who, "reason": reason, **change}),
                       self._assign(t2, who)]

    def _story_update(self, plan, pack):
        plan.opened_at = self.now - self._age(30, 200)
        t1, t2, t3 = self._times(plan.opened_at, 3)
        who = self._engineer()
        plan.steps += [self._assign(t1, who), self._reply(t2, who),
                       self._plain(t3, "update_sent", who, self._say(material.UPDATES))]

    def _story_resolved(self, plan, pack):
        plan.opened_at = self.now - self._age(24, 480)
        t1, t2, t3 = self._times(plan.opened_at, 3)
        who = self._engineer()
        plan.steps += [self._assign(t1, who), self._reply(t2, who), self._resolve(t3, who)]

    def _story_closed(self, plan, pack):
        plan.opened_at = self.now - self._age(72, 720)
        t1, t2, t3 = self._times(plan.opened_at, 3)
        who = self._engineer()
        plan.steps += [self._reply(t1, who), self._resolve(t2, who),
                       self._plain(t3, "close", who, material.CLOSE_NOTE)]

    def _story_reopened(self, plan, pack):
        plan.opened_at = self.now - self._age(72, 300)
        t1, t2, t3 = self._times(plan.opened_at, 3)
        who = self._engineer()
        plan.steps += [self._reply(t1, who), self._resolve(t2, who),
                       self._plain(t3, "reopen", who, material.REOPEN_NOTE)]

    def _story_rejected(self, plan, pack):
        plan.opened_at = self.now - self._age(1, 240)
        (t1,) = self._times(plan.opened_at, 1)
        plan.steps.append(Step(t1, "reject", {"actor": self._engineer(),
                                               "reason": plan.issue.reject,
                                               "note": self._say(material.REJECT_NOTES)}))

    def _story_duplicate(self, plan, pack):
        original = self.rng.choice(self.originals[plan.spec.id])
        first = original.mail
        sender = next(p for p in plan.spec.people if p.email == plan.requester)
        body = material.FORWARDED_DUPLICATE.format(
            greeting=self._say(material.SLOTS["greeting"]), name=sender.name,
            requester=original.requester, subject=first.subject, body=first.body)
        plan.mail = Mail(f"Fwd: {first.subject}", body, dict(first.attributes), {}, first.info)
        plan.classification = dict(original.classification)
        gap = max(self.now - original.opened_at, timedelta(minutes=20))
        plan.opened_at = original.opened_at + gap * self.rng.uniform(0.05, 0.5)
        (t1,) = self._times(plan.opened_at, 1)
        plan.steps.append(Step(t1, "merge", {"actor": self._engineer(), "original": original.index,
                                              "note": material.DUPLICATE_NOTE}))

    def _story_split(self, plan, pack):
        plan.opened_at = self.now - self._age(1, 30)
        t1, t2 = self._times(plan.opened_at, 2)
        who = self._engineer()
        paragraphs = actions.paragraphs(plan.mail.body)
        info = [plan.mail.info] if plan.mail.info else []   # each part needs it as much
        parts = [{"subject": part.subject, **_classification(part.severity),
                  "body": "\n\n".join(paragraphs[part.first:part.last + 1] + info)}
                 for part in plan.issue.parts]
        plan.steps += [self._assign(t1, who), Step(t2, "split", {"actor": who, "parts": parts})]

    def _story_night_p1(self, plan, pack):
        span = timedelta(minutes=150)
        before = self.now - span - self._age(1, 60)
        hours = _business_calendar(pack, self.now)
        plan.opened_at = (_outside(hours, span, before, self.rng) if hours else None) or before
        t1, t2, t3, t4 = (plan.opened_at + timedelta(minutes=m) for m in (9, 52, 58, 140))
        who = self._engineer()
        plan.steps += [
            self._reply(t1, who, material.NIGHT_REPLY),
            self._worklog(t2, who, 45),
            self._escalate(t3, who, pack.tiers[-1].id, material.NIGHT_ESCALATION_NOTE),
            self._worklog(t4, who, 30),
        ]

    # -- steps

    def _say(self, choices: tuple[str, ...]) -> str:
        return self.rng.choice(choices)

    def _assign(self, at: datetime, who: str) -> Step:
        return Step(at, "assign", {"assignee": who})

    def _reply(self, at: datetime, who: str, words: str | None = None) -> Step:
        return Step(at, "reply", {"actor": who, "text": words or self._say(material.REPLIES)})

    def _request_info(self, at: datetime, who: str) -> Step:
        """Asks for whatever required information is missing then, and something more."""
        return Step(at, "request_info", {"actor": who, "note": self._say(material.INFO_REQUESTS)})

    def _resolve(self, at: datetime, who: str) -> Step:
        return Step(at, "resolve", {"actor": who, "note": self._say(material.RESOLUTIONS)})

    def _escalate(self, at: datetime, who: str, tier: str, note: str) -> Step:
        return Step(at, "escalate", {"actor": who, "tier": tier, "note": note})

    def _plain(self, at: datetime, kind: str, who: str, note: str) -> Step:
        return Step(at, kind, {"actor": who, "note": note})

    def _customer(self, at: datetime, words: str) -> Step:
        return Step(at, "customer_reply", {"text": words})

    def _worklog(self, at: datetime, who: str, minutes: int) -> Step:
        return Step(at, "worklog", {"actor": who, "minutes": minutes, "out_of_hours": True,
                                     "note": self._say(material.WORKLOG_NOTES)})

    def _reclassification(self, plan: Plan, pack: Pack) -> tuple[dict[str, str], str]:
        """A different classification on the pack's scale, and a reason that reads right."""
        old = _severity(pack, plan.classification)
        if pack.matrix:
            change = self.rng.choice([{"impact": i, "urgency": u} for i in pack.matrix
                                      for u in pack.matrix[i] if pack.matrix[i][u] != old])
        else:
            change = {"severity": self.rng.choice([s for s in pack.severities if s != old])}
        way = "up" if pack.severities[_severity(pack, change)].rank < pack.severities[old].rank \
            else "down"
        return change, self._say(material.RECLASSIFY_REASONS[way])


# ---------------------------------------------------------------- helpers


def _classification(level: str) -> dict[str, str]:
    """A severity id, or "impact/urgency" for packs that derive priority."""
    if "/" in level:
        impact, urgency = level.split("/")
        return {"impact": impact, "urgency": urgency}
    return {"severity": level}


def _top_level(pack: Pack, issue: material.Issue) -> str | None:
    """The issue's level that is the pack's most severe (a p1), if it can be one."""
    return next((level for level in issue.severities
                 if pack.severities[_severity(pack, _classification(level))].rank == 1), None)


def _mentions(issue: material.Issue, slot: str) -> bool:
    return f"{{{slot}}}" in issue.subject or f"{{{slot}}}" in issue.body


class _Slots:
    """Fills {slot} fields, each slot taking one value per mail (chosen at first use)."""

    def __init__(self, rng: random.Random, *sources: dict[str, tuple[str, ...]]):
        self.rng = rng
        self.sources = sources
        self.values: dict[str, str] = {}

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def fill(self, template: str) -> str:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        for name in names:
            if name not in self.values:
                choices = next(source[name] for source in self.sources if name in source)
                self.values[name] = self.fill(self.rng.choice(choices))
        return template.format(**{name: self.values[name] for name in names})


def _pack_uses(pack: Pack, kind: str) -> bool:
    """Whether any rule of the pack mentions this event kind (a story using it means something)."""
    for metric in pack.metrics:
        matchers = (metric.start, metric.restart, metric.meet, metric.stop, metric.pause,
                    metric.resume, metric.hold, metric.release)
        if any(m.kind == kind for group in matchers for m in group):
            return True
        if any(kind in rule.when.after for rule in metric.calendars):
            return True
    return False


def _severity(pack: Pack, classification: dict[str, str]) -> str:
    if "impact" in classification:
        return pack.derive_severity(classification["impact"], classification["urgency"])
    return classification["severity"]


@cache
def _calendar_attributes(pack: Pack) -> tuple[str, ...]:
    """The ticket attributes the pack's calendar rules look at (ISPsystem: product)."""
    keys = {key for metric in pack.metrics for rule in metric.calendars
            for key, _ in rule.when.attributes}
    return tuple(sorted(keys))


def _probe(pack: Pack, contract: Contract, severity: str, attributes: dict[str, Any],
           now: datetime) -> tuple[int, Calendar] | None:
    """(target seconds, calendar) of the lead clock of a ticket opened just now, if it has one.

    The SLA engine runs on a one-event log that is never stored.
    """
    payload = {"contract_id": contract.id, "severity": severity, "attributes": dict(attributes)}
    opened = Event(id="probe", ticket_id="probe", at=now - timedelta(minutes=1), kind="open",
                   payload=payload, seq=1)
    lead, _, _ = queue_position(compute_clocks(pack, contract, [opened], now))
    if lead is None or not lead.stretches:
        return None
    return lead.target_seconds, calendar_for_stretch(pack, lead, lead.stretches[0])


def _instant_with_work_before(calendar: Calendar, now: datetime, work: int,
                              rng: random.Random) -> datetime:
    """An instant from which `calendar` counts `work` working seconds up to `now`.

    When several instants qualify (the calendar is closed just before the working
    time starts counting: a night, a weekend), one of them at random, so mail does
    not all arrive on the stroke of opening time.
    """
    end = to_epoch(now)
    if work <= 0:
        return from_epoch(end - max(60, -work))
    lo, hi = end - 400 * 86400, end

    def worked(t: int) -> int:
        return calendar.between_epoch(t, end)

    while hi - lo > 1:               # latest t with worked(t) >= work
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if worked(mid) >= work else (lo, mid)
    latest, amount = lo, worked(lo)
    lo, hi = latest - 7 * 86400, latest
    while hi - lo > 1:               # earliest t counting the same amount
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if worked(mid) == amount else (mid, hi)
    return from_epoch(rng.randint(hi, latest) // 60 * 60)


def _business_calendar(pack: Pack, now: datetime) -> Calendar | None:
    """A calendar of the pack that is not around the clock (its working hours), if any."""
    week = timedelta(days=7)
    for calendar in pack.calendars.values():
        if calendar.between(now - week, now) < week.total_seconds():
            return calendar
    return None


def _outside(hours: Calendar, span: timedelta, before: datetime,
             rng: random.Random) -> datetime | None:
    """A random instant in the 36 hours before `before` that starts `span` outside `hours`."""
    candidates = [before - timedelta(minutes=15 * k) for k in range(144)]
    closed = [t for t in candidates if hours.between(t, t + span) == 0]
    return rng.choice(closed).replace(second=0, microsecond=0) if closed else None
