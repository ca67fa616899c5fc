"""Vendor policy packs: a vendor's support terms as validated, clause-referenced data.

A pack is parsed from TOML text (the loader in console/services/packs.py reads the
files). Every rule keeps the clause it comes from, so the console can explain any
deadline in the vendor's own words. Validation errors name the file, the line and
the key, because a shift lead fixing a site pack should not have to guess.
"""

import hashlib
import re
import tomllib
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import re2

from console.domain.calendar import Calendar, CalendarError
from console.domain.checks import CHECK_KINDS, Check
from console.domain.durations import Duration, parse_duration, working_seconds
from console.domain.events import EVENT_KINDS


class PackError(ValueError):
    """A fault in a pack: str() is `file:line: key: what is wrong`."""

    def __init__(self, source: str, line: int | None, key: str, message: str):
        self.source, self.line, self.key = source, line, key
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {key}: {message}")


@dataclass(frozen=True)
class Severity:
    id: str
    label: str
    rank: int
    colour: str
    clause: str
    definition: str = ""


@dataclass(frozen=True)
class Plan:
    id: str
    label: str
    clause: str


@dataclass(frozen=True)
class Tier:
    id: str
    label: str
    clause: str
    via: str = "escalate"   # the event kind that reaches it (ISPsystem's team: forward_team)


@dataclass(frozen=True)
class RejectReason:
    id: str
    label: str
    clause: str


@dataclass(frozen=True)
class InfoField:
    id: str
    label: str
    clause: str
    patterns: tuple[str, ...] = ()   # regexes whose group 1 is the value, for intake
    values: tuple[str, ...] = ()     # the values the pack knows (lower case); empty: free text


def compile_pattern(pattern: str) -> "re2._Regexp":
    """A required-information pattern, compiled for RE2: matching takes time linear in the text.

    A customer writes the text and a site writes the pattern; with a backtracking engine
    either can make one message cost minutes. RE2 has no backreferences or lookaround,
    so a pattern that needs them is refused (ValueError) rather than run slowly.
    """
    options = re2.Options()
    options.log_errors = False   # the refusal is ours to report, in one line
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ValueError(detail) from None


@dataclass(frozen=True)
class Reminder:
    """Said to the engineer on an action; `then` is an event the action records with it
    (ISPsystem 3.9.1: resolving purges the ticket's attachments and logs)."""

    on: str
    text: str
    clause: str
    then: str | None = None


@dataclass(frozen=True)
class Matcher:
    """An event kind, optionally with payload values that must match (e.g. escalate to tier vendor)."""

    kind: str
    payload: tuple[tuple[str, Any], ...] = ()

    def matches(self, kind: str, payload: dict[str, Any]) -> bool:
        return kind == self.kind and all(payload.get(k) == v for k, v in self.payload)

    def __str__(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.payload)
        return f"{self.kind} ({extra})" if extra else self.kind


@dataclass(frozen=True)
class Condition:
    """When a rule applies: all given keys must hold. Empty = always."""

    severity: tuple[str, ...] = ()
    plan: tuple[str, ...] = ()
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    options: tuple[tuple[str, Any], ...] = ()
    after: tuple[str, ...] = ()   # event kinds that must already have happened

    def holds(self, severity, plan, attributes, options, seen) -> bool:
        if self.severity and severity not in self.severity:
            return False
        if self.plan and plan not in self.plan:
            return False
        for key, values in self.attributes:
            if str(attributes.get(key, "")).lower() not in values:
                return False
        for key, value in self.options:
            if options.get(key) != value:
                return False
        return all(kind in seen for kind in self.after)


@dataclass(frozen=True)
class CalendarRule:
    when: Condition
    calendar: str
    clause: str
    reading: str = ""


@dataclass(frozen=True)
class TargetOverride:
    """A contract option that may replace a target (AlmaCare sev1 updates: by agreement)."""

    severity: str
    option: str
    minimum: Duration | None
    clause: str

    def allows(self, chosen: Duration) -> bool:
        """Not more often than the minimum (compared as elapsed time)."""
        if self.minimum is None:
            return True
        elapsed = Calendar.always()
        return working_seconds(chosen, elapsed) >= working_seconds(self.minimum, elapsed)


@dataclass(frozen=True)
class FairUse:
    """An allowance of out-of-hours minutes a contract year (Pro2col's Fair Use Policy).

    A contract adds prepaid minutes (option `fair_use_prepaid_minutes`) and says
    when its year starts (`contract_year_start`, "MM-DD"); see domain/fair_use.py.
    """

    allowance_minutes: int
    block_minutes: int           # beyond the allowance, billed per started block
    severities: tuple[str, ...]  # only out-of-hours work on these counts
    clause: str
    timezone: str = "UTC"        # where the contract year turns
    warn_below_percent: int = 25
    reading: str = ""


@dataclass(frozen=True)
class TrainingGap:
    """More than `tickets` tickets in `days` days flags a customer (Pro2col Call Procedure 4).

    Contract options `training_gap_tickets` and `training_gap_days` override both.
    """

    tickets: int
    days: int
    clause: str
    reading: str = ""


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    kind: str                      # target | timer
    clause: str
    reading: str
    start: tuple[Matcher, ...]     # starts an instance when none is open
    restart: tuple[Matcher, ...]   # supersedes the open instance and starts a new one
    meet: tuple[Matcher, ...]
    stop: tuple[Matcher, ...]
    pause: tuple[Matcher, ...]
    resume: tuple[Matcher, ...]
    hold: tuple[Matcher, ...]      # stops the open instance and blocks new starts...
    release: tuple[Matcher, ...]   # ...until one of these (ISPsystem forward_team .. reopen)
    calendars: tuple[CalendarRule, ...]
    business_calendar: str | None
    targets: dict[str, dict[str, Duration]]   # plan -> severity -> duration
    goals: dict[str, dict[str, Duration]]
    target_clauses: dict[str, str]            # plan -> clause of its column
    overrides: tuple[TargetOverride, ...] = ()
    action: str | None = None                 # timers: the event kind fired at expiry
    pause_reason: str = "paused"


@dataclass(frozen=True, eq=False)
class Pack:
    id: str
    name: str
    document: str
    version: str
    source: str
    default_severity: str
    severities: dict[str, Severity]
    plans: dict[str, Plan]
    calendars: dict[str, Calendar]
    calendar_clauses: dict[str, str]
    calendar_specs: dict[str, dict[str, Any]]
    metrics: tuple[Metric, ...]
    tiers: tuple[Tier, ...]
    reject_reasons: dict[str, RejectReason]
    required_info: tuple[InfoField, ...]
    checks: tuple[Check, ...]
    stop_all: tuple[Matcher, ...]
    matrix: dict[str, dict[str, str]] | None = None
    matrix_clause: str = ""
    matrix_reading: str = ""
    contract_holidays: tuple[str, ...] = ()   # calendars a contract may add holidays to
    reminders: tuple["Reminder", ...] = ()   # shown on an action, and what the action also records
    fair_use: FairUse | None = None
    training_gap: TrainingGap | None = None

    def derive_severity(self, impact: str | None, urgency: str | None) -> str | None:
        """Priority from impact x urgency by the pack's matrix; None when the pack has none."""
        if self.matrix is None or impact is None or urgency is None:
            return None
        return self.matrix.get(impact.lower(), {}).get(urgency.lower())

    def metric(self, metric_id: str) -> Metric:
        return next(m for m in self.metrics if m.id == metric_id)

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def next_tier(self, current: str | None) -> Tier | None:
        ids = [t.id for t in self.tiers]
        if current not in ids:
            return self.tiers[1] if len(self.tiers) > 1 else None
        i = ids.index(current)
        return self.tiers[i + 1] if i + 1 < len(self.tiers) else None

    def missing_info(self, attributes: dict[str, Any]) -> list[InfoField]:
        return [f for f in self.required_info if not attributes.get(f.id)]


# ---------------------------------------------------------------- parsing

_ID = re.compile(r"^[a-z0-9][a-z0-9_x]*$")


class _Locator:
    """Finds the line of a key path in TOML text (tomllib reports no positions)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def line_of(self, path: list[str | int]) -> int | None:
        pos, found = 0, None
        prefix: list[str] = []
        for part in path:
            if isinstance(part, int):
                header = re.compile(r"^\s*\[\[\s*" + re.escape(".".join(prefix)) + r"\s*\]\]")
                count = -1
                for i in range(pos, len(self.lines)):
                    if header.match(self.lines[i]):
                        count += 1
                        if count == part:
                            pos, found = i, i + 1
                            break
                continue
            prefix.append(part)
            pattern = re.compile(
                r"^\s*(\[\[?[^\]]*\b" + re.escape(part) + r"\b[^\]]*\]\]?|\"?" + re.escape(part)
                + r"\"?\s*=)|[{,]\s*\"?" + re.escape(part) + r"\"?\s*="
            )
            for i in range(pos, len(self.lines)):
                if pattern.search(self.lines[i]):
                    pos, found = i, i + 1
                    break
        return found


class _Reader:
    def __init__(self, source: str, text: str):
        self.source = source
        self.locator = _Locator(text)

    def fail(self, path: list[str | int], message: str):
        key = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                      for i, p in enumerate(path))
        raise PackError(self.source, self.locator.line_of(path), key, message)

    def get(self, data: dict, path: list, key: str, kind=str, required=True, default=None):
        if key not in data:
            if required:
                self.fail(path, f"missing required key {key!r}")
            return default
        value = data[key]
        if kind is not None and not isinstance(value, kind):
            self.fail(path + [key], f"expected {getattr(kind, '__name__', kind)}, got {value!r}")
        return value

    def ident(self, data: dict, path: list, key: str = "id") -> str:
        value = self.get(data, path, key)
        if not _ID.match(value):
            self.fail(path + [key], f"{value!r} is not a lower-case identifier")
        return value

    def clause(self, data: dict, path: list) -> str:
        value = self.get(data, path, "clause")
        if not value.strip():
            self.fail(path + ["clause"], "a clause reference is required")
        return value

    def duration(self, text: Any, path: list) -> Duration:
        if not isinstance(text, str):
            self.fail(path, f"expected a duration such as \"8 hours\", got {text!r}")
        try:
            return parse_duration(text)
        except ValueError as exc:
            self.fail(path, str(exc))


def _matchers(r: _Reader, items: Any, path: list) -> tuple[Matcher, ...]:
    if not isinstance(items, list):
        r.fail(path, "expected a list of event kinds")
    out = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            kind, extra = item, {}
        elif isinstance(item, dict) and isinstance(item.get("kind"), str):
            kind, extra = item["kind"], {k: v for k, v in item.items() if k != "kind"}
        else:
            r.fail(path + [i], f"expected an event kind or {{kind = ...}}, got {item!r}")
        if kind not in EVENT_KINDS:
            r.fail(path + [i], f"unknown event kind {kind!r}")
        out.append(Matcher(kind, tuple(sorted(extra.items()))))
    return tuple(out)


def _condition(r: _Reader, data: Any, path: list, severities, plans) -> Condition:
    if data is None:
        return Condition()
    if not isinstance(data, dict):
        r.fail(path, "expected a table of conditions")
    known = {"severity", "plan", "attributes", "options", "after"}
    for key in data:
        if key not in known:
            r.fail(path + [key], f"unknown condition (known: {', '.join(sorted(known))})")
    sev = tuple(data.get("severity", ()))
    for s in sev:
        if s not in severities:
            r.fail(path + ["severity"], f"unknown severity {s!r}")
    plan = tuple(data.get("plan", ()))
    for p in plan:
        if p not in plans:
            r.fail(path + ["plan"], f"unknown plan {p!r}")
    attrs = tuple((k, tuple(str(v).lower() for v in vs)) for k, vs in data.get("attributes", {}).items())
    return Condition(sev, plan, attrs, tuple(sorted(data.get("options", {}).items())),
                     tuple(data.get("after", ())))


def _duration_table(r, data, path, severities, plans) -> dict[str, dict[str, Duration]]:
    out: dict[str, dict[str, Duration]] = {}
    if not isinstance(data, dict):
        r.fail(path, "expected a table plan -> severity -> duration")
    for plan, row in data.items():
        if plan not in plans and plan != "all":
            r.fail(path + [plan], f"unknown plan {plan!r}")
        if not isinstance(row, dict):
            r.fail(path + [plan], "expected a table severity -> duration")
        cells = {}
        for sev, text in row.items():
            if sev == "clause":
                continue
            if sev not in severities and sev != "all":
                r.fail(path + [plan, sev], f"unknown severity {sev!r}")
            cells[sev] = r.duration(text, path + [plan, sev])
        out[plan] = cells
    return out


def _fair_use(r: _Reader, data: Any, severities) -> FairUse | None:
    if data is None:
        return None
    p = ["fair_use"]
    if not isinstance(data, dict):
        r.fail(p, "expected a table")
    known = {"allowance_minutes", "block_minutes", "severities", "clause", "timezone",
             "warn_below_percent", "reading"}
    for key in data:
        if key not in known:
            r.fail(p + [key], f"unknown key (known: {', '.join(sorted(known))})")

    def whole(key: str, minimum: int, default=None) -> int:
        value = r.get(data, p, key, int, required=default is None, default=default)
        if isinstance(value, bool) or value < minimum:
            r.fail(p + [key], f"expected a whole number >= {minimum}, got {value!r}")
        return value

    chosen = r.get(data, p, "severities", list)
    for sev in chosen:
        if sev not in severities:
            r.fail(p + ["severities"], f"unknown severity {sev!r}")
    zone = r.get(data, p, "timezone", required=False, default="UTC")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        r.fail(p + ["timezone"], f"unknown IANA time zone {zone!r}")
    percent = whole("warn_below_percent", 0, 25)
    if percent > 100:
        r.fail(p + ["warn_below_percent"], f"expected a percentage 0..100, got {percent}")
    return FairUse(whole("allowance_minutes", 0), whole("block_minutes", 1), tuple(chosen),
                   r.clause(data, p), zone, percent, data.get("reading", ""))


def _training_gap(r: _Reader, data: Any) -> TrainingGap | None:
    if data is None:
        return None
    p = ["training_gap"]
    if not isinstance(data, dict):
        r.fail(p, "expected a table")
    for key in data:
        if key not in ("tickets", "days", "clause", "reading"):
            r.fail(p + [key], "unknown key (known: clause, days, reading, tickets)")
    counts = []
    for key in ("tickets", "days"):
        value = r.get(data, p, key, int)
        if isinstance(value, bool) or value < 1:
            r.fail(p + [key], f"expected a whole number >= 1, got {value!r}")
        counts.append(value)
    return TrainingGap(counts[0], counts[1], r.clause(data, p), data.get("reading", ""))


def parse_pack(text: str, source: str, *, thorough: bool = True) -> Pack:
    """Validate a pack's TOML text; raise PackError (`file:line: key: what`) on the first fault.

    `thorough=False` leaves out the two checks that cost more than all the rest of the
    parse: the calendars' holiday regions (they load the holidays library; see
    Calendar.from_mapping) and the syntax of the required-information patterns. The
    loader uses it for the built-in packs, whose tests check them thoroughly.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise PackError(source, int(m.group(1)) if m else None, "syntax", msg) from None
    except RecursionError:   # arrays or inline tables nested past the parser's recursion
        raise PackError(source, None, "syntax", "nested too deeply") from None
    r = _Reader(source, text)
    head = r.get(data, [], "pack", dict)
    pack_id = r.ident(head, ["pack"])

    severities: dict[str, Severity] = {}
    for i, s in enumerate(r.get(data, [], "severities", list)):
        p = ["severities", i]
        sid = r.ident(s, p)
        if sid in severities:
            r.fail(p + ["id"], f"duplicate severity {sid!r}")
        severities[sid] = Severity(sid, r.get(s, p, "label"), r.get(s, p, "rank", int),
                                   r.get(s, p, "colour"), r.clause(s, p),
                                   r.get(s, p, "definition", required=False, default=""))
    if not severities:
        r.fail(["severities"], "at least one severity is required")
    default_sev = r.get(head, ["pack"], "default_severity")
    if default_sev not in severities:
        r.fail(["pack", "default_severity"], f"unknown severity {default_sev!r}")

    plans: dict[str, Plan] = {}
    for i, p_ in enumerate(r.get(data, [], "plans", list)):
        p = ["plans", i]
        pid = r.ident(p_, p)
        plans[pid] = Plan(pid, r.get(p_, p, "label"), r.clause(p_, p))

    calendars: dict[str, Calendar] = {}
    calendar_clauses: dict[str, str] = {}
    calendar_specs: dict[str, dict[str, Any]] = {}
    contract_holidays = []
    for cid, c in r.get(data, [], "calendars", dict).items():
        p = ["calendars", cid]
        if not isinstance(c, dict):
            r.fail(p, "expected a table")
        spec = {k: v for k, v in c.items() if k not in ("clause", "contract_holidays", "label")}
        calendar_specs[cid] = spec
        try:
            calendars[cid] = Calendar.from_mapping(spec, id=cid, check_holiday_region=thorough)
        except CalendarError as exc:
            r.fail(p + exc.key.split(".")[:1], str(exc))
        calendar_clauses[cid] = r.clause(c, p)
        if c.get("contract_holidays"):
            contract_holidays.append(cid)

    matrix = None
    if "matrix" in data:
        m = data["matrix"]
        r.clause(m, ["matrix"])
        matrix = {}
        for impact in ("high", "medium", "low"):
            row = r.get(m, ["matrix"], impact, dict)
            for urgency in ("high", "medium", "low"):
                sev = r.get(row, ["matrix", impact], urgency)
                if sev not in severities:
                    r.fail(["matrix", impact, urgency], f"unknown severity {sev!r}")
            matrix[impact] = dict(row)

    metrics = []
    seen_metrics = set()
    for i, m in enumerate(r.get(data, [], "metrics", list)):
        p = ["metrics", i]
        mid = r.ident(m, p)
        if mid in seen_metrics:
            r.fail(p + ["id"], f"duplicate metric {mid!r}")
        seen_metrics.add(mid)
        kind = r.get(m, p, "kind")
        if kind not in ("target", "timer"):
            r.fail(p + ["kind"], f"must be 'target' or 'timer', not {kind!r}")
        rules = []
        for j, rule in enumerate(r.get(m, p, "calendars", list)):
            rp = p + ["calendars", j]
            cal = r.get(rule, rp, "calendar")
            if cal not in calendars:
                r.fail(rp + ["calendar"], f"unknown calendar {cal!r}")
            rules.append(CalendarRule(_condition(r, rule.get("when"), rp + ["when"], severities, plans),
                                      cal, r.clause(rule, rp), rule.get("reading", "")))
        if not rules or rules[-1].when != Condition():
            r.fail(p + ["calendars"], "the last calendar rule must have no `when` (the default)")
        bcal = m.get("business_calendar")
        if bcal is not None and bcal not in calendars:
            r.fail(p + ["business_calendar"], f"unknown calendar {bcal!r}")
        targets = _duration_table(r, r.get(m, p, "targets", dict), p + ["targets"], severities, plans)
        target_clauses = {plan: row.get("clause", m.get("clause", ""))
                          for plan, row in m["targets"].items()}
        goals = _duration_table(r, m.get("goals", {}), p + ["goals"], severities, plans)
        overrides = []
        for j, o in enumerate(m.get("overrides", [])):
            op = p + ["overrides", j]
            sev = r.get(o, op, "severity")
            if sev not in severities:
                r.fail(op + ["severity"], f"unknown severity {sev!r}")
            minimum = r.duration(o["minimum"], op + ["minimum"]) if "minimum" in o else None
            overrides.append(TargetOverride(sev, r.get(o, op, "option"), minimum, r.clause(o, op)))
        action = m.get("action")
        if kind == "timer" and action is None:
            r.fail(p, "a timer needs an `action` (the event it fires)")
        metrics.append(Metric(
            id=mid, label=r.get(m, p, "label"), kind=kind, clause=r.clause(m, p),
            reading=m.get("reading", ""),
            start=_matchers(r, m.get("start", []), p + ["start"]),
            restart=_matchers(r, m.get("restart", []), p + ["restart"]),
            meet=_matchers(r, m.get("meet", []), p + ["meet"]),
            stop=_matchers(r, m.get("stop", []), p + ["stop"]),
            pause=_matchers(r, m.get("pause", []), p + ["pause"]),
            resume=_matchers(r, m.get("resume", []), p + ["resume"]),
            hold=_matchers(r, m.get("hold", []), p + ["hold"]),
            release=_matchers(r, m.get("release", []), p + ["release"]),
            calendars=tuple(rules), business_calendar=bcal, targets=targets, goals=goals,
            target_clauses=target_clauses, overrides=tuple(overrides), action=action,
            pause_reason=m.get("pause_reason", "paused"),
        ))
        if not (metrics[-1].start or metrics[-1].restart):
            r.fail(p, "a metric needs `start` or `restart` events")

    tiers = []
    for i, t in enumerate(r.get(data, [], "ladder", list)):
        p = ["ladder", i]
        tiers.append(Tier(r.ident(t, p), r.get(t, p, "label"), r.clause(t, p),
                          t.get("via", "escalate")))
    reasons = {}
    for i, rr in enumerate(data.get("reject_reasons", [])):
        p = ["reject_reasons", i]
        rid = r.ident(rr, p)
        reasons[rid] = RejectReason(rid, r.get(rr, p, "label"), r.clause(rr, p))
    info = []
    for i, f in enumerate(data.get("required_info", [])):
        p = ["required_info", i]
        patterns = tuple(f.get("patterns", ()))
        for j, pat in enumerate(patterns if thorough else ()):
            try:
                compile_pattern(pat)
            except ValueError as exc:
                r.fail(p + ["patterns", j], f"bad regular expression (RE2 syntax, "
                       f"no backreferences or lookaround): {exc}")
        values = tuple(str(v).lower() for v in r.get(f, p, "values", list, required=False, default=[]))
        info.append(InfoField(r.ident(f, p), r.get(f, p, "label"), r.clause(f, p), patterns,
                              values))
    checks = []
    for i, c in enumerate(data.get("checks", [])):
        p = ["checks", i]
        kind = r.get(c, p, "kind")
        if kind not in CHECK_KINDS:
            r.fail(p + ["kind"], f"unknown check kind {kind!r} (known: {', '.join(CHECK_KINDS)})")
        params = {k: v for k, v in c.items() if k not in ("id", "kind", "label", "clause")}
        for needed in CHECK_KINDS[kind].params:
            if needed not in params:
                r.fail(p, f"a {kind} check needs {needed!r}")
        for plan in params.get("plans", ()):
            if plan not in plans:
                r.fail(p + ["plans"], f"unknown plan {plan!r}")
        checks.append(Check(r.ident(c, p), kind, r.get(c, p, "label"), r.clause(c, p), params))
    reminders = []
    for i, n in enumerate(data.get("reminders", [])):
        p = ["reminders", i]
        on = r.get(n, p, "on")
        if on not in EVENT_KINDS:
            r.fail(p + ["on"], f"unknown event kind {on!r}")
        then = n.get("then")
        if then is not None and then not in EVENT_KINDS:
            r.fail(p + ["then"], f"unknown event kind {then!r}")
        reminders.append(Reminder(on, r.get(n, p, "text"), r.clause(n, p), then))
    return Pack(
        id=pack_id, name=r.get(head, ["pack"], "name"), document=r.get(head, ["pack"], "document"),
        version=hashlib.sha256(text.encode()).hexdigest()[:12], source=source,
        default_severity=default_sev, severities=severities, plans=plans, calendars=calendars,
        calendar_clauses=calendar_clauses, calendar_specs=calendar_specs, metrics=tuple(metrics), tiers=tuple(tiers),
        reject_reasons=reasons, required_info=tuple(info), checks=tuple(checks),
        stop_all=_matchers(r, head.get("stop_all", []), ["pack", "stop_all"]),
        matrix=matrix, matrix_clause=data.get("matrix", {}).get("clause", ""),
        matrix_reading=data.get("matrix", {}).get("reading", ""),
        contract_holidays=tuple(contract_holidays), reminders=tuple(reminders),
        fair_use=_fair_use(r, data.get("fair_use"), severities),
        training_gap=_training_gap(r, data.get("training_gap")),
    )

