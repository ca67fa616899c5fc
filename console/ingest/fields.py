"""What a customer's text says about the ticket, read with the contract's pack.

Severity as the customer stated it ("Severity: 2", "Sev 1", "Criticality:
Emergency", "Priority: P2", "Impact: High / Urgency: Medium"), mapped onto the
pack's own scale; the pack's required-information fields, by its patterns; the
`[#T-1234]` token that ties a reply to its ticket. Vendor words live in the
packs (ids, labels, patterns); nothing here names a vendor.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from console.domain.policy import Pack, compile_pattern

_KEYWORD = re.compile(
    r"\b(?:severity|criticality|priority|prio|sev)[ \t]*(?:level[ \t]*)?[:=#-]?[ \t]*"
    r"(?P<rest>[^\n]*)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?:p|s|sev|level)?[ \t]*(\d)\b", re.IGNORECASE)
# What is worth showing to triage when it maps onto nothing ("Severity: 7", "Priority: urgent"), not prose.
_LEVEL = re.compile(r"(?:p|sev|level)?[ \t]*\d+\b|[a-z]+(?=[ \t]*(?:[(,;.!]|$))", re.IGNORECASE)
_AXIS = r"\b{}\b[ \t]*[:=-]?[ \t]*(?P<value>[a-z]+)"
_IMPACT = re.compile(_AXIS.format("impact"), re.IGNORECASE)
_URGENCY = re.compile(_AXIS.format("urgency"), re.IGNORECASE)
_TOKEN = re.compile(r"\[#\s*([A-Z]+-\d+)\s*\]", re.IGNORECASE)
_QUOTE_START = re.compile(r"(?m)^-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Stated:
    """The classification a text states: severity (or impact and urgency) on the pack's scale.

    `text` is what the customer wrote, kept even when it maps onto nothing, so
    triage can see it.
    """

    text: str | None = None
    severity: str | None = None
    impact: str | None = None
    urgency: str | None = None

    @property
    def classification(self) -> dict[str, str]:
        if self.impact and self.urgency:
            return {"impact": self.impact, "urgency": self.urgency}
        return {"severity": self.severity} if self.severity else {}


def stated_severity(text: str, pack: Pack | None) -> Stated:
    """The first statement of severity in `text` that the pack's scale knows.

    Impact and urgency count when the pack derives its priority from them. With
    no pack (an unrouted ticket) only the customer's words are kept.
    """
    if pack is not None and pack.matrix is not None:
        impact, urgency = _IMPACT.search(text), _URGENCY.search(text)
        if impact and urgency:
            i, u = impact["value"].lower(), urgency["value"].lower()
            if pack.derive_severity(i, u) is not None:
                return Stated(f"{impact.group(0).strip()} / {urgency.group(0).strip()}", impact=i, urgency=u)
    first = None
    for match in _KEYWORD.finditer(text):
        rest = match["rest"].rstrip()
        if not rest:
            continue
        keyword = text[match.start():match.start("rest")]
        severity, length = _on_scale(rest, pack) if pack is not None else (None, 0)
        if severity:
            return Stated((keyword + rest[:length]).strip(), severity=severity)
        level = _LEVEL.match(rest)
        if first is None and level:
            first = (keyword + level.group(0)).strip()
    return Stated(first)


def _on_scale(rest: str, pack: Pack) -> tuple[str | None, int]:
    """The pack severity that `rest` (what follows the keyword) names, by id, label or rank,
    and how many characters of `rest` name it."""
    lowered = rest.lower()
    word = re.match(r"[a-z0-9_-]+", lowered)
    if word and word.group(0) in pack.severities:
        return word.group(0), word.end()
    for severity in pack.severities.values():
        for label in {severity.label.lower(), severity.label.lower().split(":")[-1].strip()}:
            named = re.match(re.escape(label) + r"\b", lowered) if label else None
            if named:
                return severity.id, named.end()
    numbered = _NUMBERED.match(rest)
    if numbered:
        rank = int(numbered.group(1))
        return next((s.id for s in pack.severities.values() if s.rank == rank), None), numbered.end()
    return None, 0


@dataclass(frozen=True)
class Opening:
    """What a ticket's opening mail says under a pack: the severity stated and the fields found."""

    stated: Stated
    fields: dict[str, str]


def read_opening(subject: str, body: str, pack: Pack | None) -> Opening:
    """The opening mail read as intake reads a new mail (see Reading), once its pack is known.

    Routing reads an unrouted ticket's first mail with it when the contract is chosen.
    """
    reading = Reading(subject, body)
    return Opening(reading.stated(pack), reading.fields(pack) if pack else {})


def triage_reason(stated: Stated, pack: Pack | None) -> str:
    """Why a ticket opened with no classification waits for triage."""
    if pack is None:
        return "unrouted: no severity until it has a contract"
    if stated.text:
        return f"stated {stated.text!r} is not on the {pack.name} scale"
    return "severity not stated"


def required_fields(text: str, pack: Pack) -> dict[str, str]:
    """The pack's required-information fields found in `text` (first match of each)."""
    found = {}
    for field in pack.required_info:
        for pattern in field.patterns:
            match = _compiled(pattern).search(text)
            if match and match.group(1) and match.group(1).strip():
                found[field.id] = match.group(1).strip()
                break
    return found


# Built-in packs are loaded without compiling their patterns (see parse_pack); a
# pattern is compiled the first time a text is matched against it.
_compiled = lru_cache(maxsize=256)(compile_pattern)


class Reading:
    """What one message's text says under a pack, read at most once per pack and question.

    Intake asks first before the message's write transaction opens, for the pack the
    message will most likely land on (the store waits for nobody while a long text is
    matched), and again inside it, where the answer is already here.
    """

    def __init__(self, subject: str, body: str):
        self._subject, self._body = subject, body
        self._memo: dict[tuple[str, str | None], Any] = {}

    @cached_property
    def _own(self) -> str:
        return without_quotes(self._body)

    @cached_property
    def _text(self) -> str:
        return f"{self._subject}\n{self._own}"

    def fields(self, pack: Pack) -> dict[str, str]:
        """Required information in the subject and the body's own words (a new ticket)."""
        return self._read("fields", pack.id, lambda: required_fields(self._text, pack))

    def reply_fields(self, pack: Pack) -> dict[str, str]:
        """Required information in the body's own words alone (a reply)."""
        return self._read("reply", pack.id, lambda: required_fields(self._own, pack))

    def stated(self, pack: Pack | None) -> Stated:
        """The severity stated in subject and body; with no pack (unrouted) only the words."""
        return self._read("stated", pack.id if pack else None, lambda: stated_severity(self._text, pack))

    def _read(self, what: str, pack_id: str | None, compute: Callable[[], Any]) -> Any:
        key = (what, pack_id)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def ticket_token(subject: str) -> str | None:
    """The ticket id of a `[#T-1234]` token in a subject, if there is one."""
    match = _TOKEN.search(subject)
    return match.group(1).upper() if match else None


def without_quotes(text: str) -> str:
    """A reply's own words: quoted lines ("> ...") and everything after an "Original Message" cut."""
    cut = _QUOTE_START.search(text)
    if cut:
        text = text[: cut.start()]
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
