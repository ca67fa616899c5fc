"""Reclassified tickets against an oracle that steps minute by minute.

For random histories of reclassifications and attribute changes, the engine's deadline
must be the instant at which the minutes counted reach the target of the classification
the ticket ends with, where each minute counts if it is working time for the
classification in force during it. The oracle below reads the vendor terms directly
(hours, windows, bank holidays) and shares no code with console/domain/clocks.py or its
calendars; every instant is on a whole minute, so stepping by minutes is exact.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.clocks import compute_clocks
from console.domain.contract import Contract
from console.domain.events import Event
from console.domain.policy import parse_pack
from console.resources import policies_dir

SETTINGS = settings(max_examples=120, deadline=None)
MINUTE = timedelta(minutes=1)
JAN_2026 = datetime(2026, 1, 5, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
# England and Wales bank holidays in 2026 (gov.uk): the Pro2col calendar's closed days.
ENGLAND_2026 = {date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4),
                date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28)}

# A classification: (severity, attributes).
Classification = tuple[str, dict[str, str]]


def _pack(policy: str):
    path = policies_dir() / f"{policy}.toml"
    return parse_pack(path.read_text(encoding="utf-8"), str(path))


# ---- the terms, read directly ---------------------------------------------------------

def ispsystem_terms(plan: str, c: Classification) -> tuple[int, Callable[[datetime], bool]]:
    """ISPsystem 2.6 (hours by level and severity) and 3.1 (Emergency, Privilege, VMmanager
    and DCImanager around the clock; otherwise 06:00-18:00 UTC every day)."""
    severity, attributes = c
    hours = {"standard": {"emergency": 8, "high": 16, "medium": 24, "low": 32},
             "privilege": {"emergency": 4, "high": 8, "medium": 12, "low": 16}}[plan][severity]
    around_the_clock = severity == "emergency" or plan == "privilege" \
        or attributes.get("product") in ("vmmanager", "dcimanager")
    return hours * 60, (lambda t: True) if around_the_clock else (lambda t: 6 <= t.hour < 18)


def pro2col_terms(plan: str, c: Classification) -> tuple[int, Callable[[datetime], bool]]:
    """Pro2col Incident Priority Values (one day = 8.5 UK hours) on 09:00-17:30 London,
    Monday-Friday without bank holidays; a p1 on the 24x7 desk around the clock."""
    severity = c[0]
    minutes = {"p1": 60, "p2": 240, "p3": 510, "p4": 3 * 510, "p5": 5 * 510}[severity]
    if plan == "24x7" and severity == "p1":
        return minutes, lambda t: True

    def uk_hours(t: datetime) -> bool:
        local = t.astimezone(LONDON)
        return local.weekday() < 5 and local.date() not in ENGLAND_2026 \
            and time(9) <= local.time() < time(17, 30)
    return minutes, uk_hours


def almacare_terms(plan: str, c: Classification) -> tuple[int, Callable[[datetime], bool]]:
    """AlmaCare 4 Response Time: hours elapsed around the clock; business days whole
    Monday-Friday days in UTC."""
    minutes, business = {
        "essential": {"sev1": (120, False), "sev2": (720, False), "sev3": (2 * 1440, True),
                      "sev4": (5 * 1440, True)},
        "enhanced": {"sev1": (30, False), "sev2": (120, False), "sev3": (720, False),
                     "sev4": (2 * 1440, True)},
    }[plan][c[0]]
    return minutes, (lambda t: t.weekday() < 5) if business else (lambda t: True)


def oracle(opened: datetime, changes: list[tuple[datetime, Classification]], terms, plan: str,
           now: datetime) -> tuple[datetime, int]:
    """(deadline, working seconds left at `now`), stepping one minute at a time."""
    target, _ = terms(plan, changes[-1][1])
    t, counted, at_now, deadline, i = opened, 0, None, None, 0
    while deadline is None or at_now is None:
        while i + 1 < len(changes) and changes[i + 1][0] <= t:
            i += 1
        if t == now:
            at_now = counted
        if terms(plan, changes[i][1])[1](t):
            counted += 1
            if counted == target:
                deadline = t + MINUTE
        t += MINUTE
    return deadline, (target - at_now) * 60


# ---- random histories -----------------------------------------------------------------

NO_ATTRIBUTES = st.just({})


def histories(severities, attributes=NO_ATTRIBUTES):
    """(opened, [(at, classification)] with the opening first, now)."""
    step = st.integers(min_value=1, max_value=3 * 24 * 60)
    return st.tuples(
        st.integers(min_value=0, max_value=320 * 24 * 60),
        st.tuples(st.sampled_from(severities), attributes),
        st.lists(st.tuples(step, st.sampled_from(severities), attributes), max_size=4),
        st.integers(min_value=0, max_value=2 * 24 * 60),
    ).map(_history)


def _history(drawn):
    start, first, later, after = drawn
    opened = JAN_2026 + start * MINUTE
    changes, at = [(opened, first)], opened
    for gap, severity, attributes in later:
        at += gap * MINUTE
        changes.append((at, (severity, attributes)))
    return opened, changes, at + after * MINUTE


def engine(policy: str, plan: str, changes, now: datetime, metric: str):
    """The engine's first instance of `metric`: the opening, then one reclassify per change
    (or a set_attributes when only the attributes change)."""
    log = []
    for n, (at, (severity, attributes)) in enumerate(changes):
        kind = "open" if n == 0 else ("reclassify" if severity != changes[n - 1][1][0] else "set_attributes")
        log.append(Event(f"e{n}", "T-1", at, kind, payload={"severity": severity,
                                                            "attributes": dict(attributes)}, seq=n))
    clocks = compute_clocks(_pack(policy), Contract("c", "C", policy, plan), log, now)
    return next(c for c in clocks if c.metric == metric and c.instance == 1)


def _same(policy, plan, history, terms, metric):
    opened, changes, now = history
    clock = engine(policy, plan, changes, now, metric)
    due, remaining = oracle(opened, changes, terms, plan, now)
    assert (clock.due_at, clock.remaining_seconds) == (due, remaining), changes


PRODUCTS = st.sampled_from(["vmmanager", "dcimanager", "billmanager", "dnsmanager"]).map(
    lambda p: {"product": p})


@SETTINGS
@given(st.sampled_from(["standard", "privilege"]),
       histories(["emergency", "high", "medium", "low"], PRODUCTS))
def test_ispsystem_response_counts_each_stretch_on_its_own_calendar(plan, history):
    _same("ispsystem", plan, history, ispsystem_terms, "response")


@SETTINGS
@given(st.sampled_from(["standard", "24x7"]), histories(["p1", "p2", "p3", "p4", "p5"]))
def test_pro2col_vendor_escalation_counts_each_stretch_on_its_own_calendar(plan, history):
    _same("pro2col", plan, history, pro2col_terms, "vendor_escalation")


@SETTINGS
@given(st.sampled_from(["essential", "enhanced"]), histories(["sev1", "sev2", "sev3", "sev4"]))
def test_almacare_first_response_counts_each_stretch_on_its_own_calendar(plan, history):
    _same("almacare", plan, history, almacare_terms, "first_response")
