"""Check kinds: what a pack's `[[checks]]` can test, one registry entry per kind.

An entry holds everything about its kind: the parameters a pack must give it, its
verdict on a ticket, and how the contract options it reads are validated. Pack
loading (domain/policy.py), a ticket's flags (domain/eligibility.py) and contract
validation (domain/contract_options.py) all read CHECK_KINDS, so a new kind is one
entry here and a vendor's rule stays data in its pack.

Every kind also takes `flag` (the short text in the queue's flags column) and `plans`
(the check concerns those plans only).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Check:
    """One `[[checks]]` entry of a pack; `params` are its keys beyond id, kind, label and clause."""

    id: str
    kind: str
    label: str
    clause: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    check: str
    flag: str        # short, for the queue's flags column
    detail: str      # one sentence for the detail screen
    clause: str


@dataclass(frozen=True)
class TicketFacts:
    """What checks read of a ticket under its contract (plan None: the ticket has none)."""

    attributes: dict[str, Any]
    requester: str | None
    opened_at: datetime | None
    plan: str | None
    options: dict[str, Any]
    missing_info: tuple[str, ...]   # the pack's required-information fields the ticket lacks


@dataclass(frozen=True)
class CheckKind:
    params: tuple[str, ...]                                   # required in the pack
    verdict: Callable[[Check, TicketFacts], str | None]       # the finding's detail, None when it passes
    option_errors: Callable[[dict[str, Any], dict[str, Any]], list[str]] = lambda _params, _options: []
    default_flag: str | None = None                          # else the check's id


def limit_per_thousand(count: int, per_thousand: float, maximum: int | None) -> int:
    """N per 1000 of `count`, rounded up, capped (AlmaCare: 2 Technical Leads per 1000 hosts, at most 10)."""
    allowed = math.ceil(count * per_thousand / 1000) if count > 0 else 0
    return min(allowed, maximum) if maximum is not None else allowed


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None   # refused when the contract is added; an old contract must not crash the queue


def _same_release(value: str, allowed: str) -> bool:
    """"6.12.0" is a release of the supported "6.12"; "6.120" is not."""
    return value == allowed or value.startswith(allowed + ".")


def _missing(check: Check, facts: TicketFacts) -> str | None:
    return f"missing: {', '.join(facts.missing_info)}" if facts.missing_info else None


def _opened_after(check: Check, facts: TicketFacts) -> str | None:
    end = _as_date(facts.options.get(check.params["option"]))
    if end and facts.opened_at and facts.opened_at.date() > end:
        return f"{check.label} ({end})"
    return None


def _attribute_in(check: Check, facts: TicketFacts) -> str | None:
    allowed = facts.options.get(check.params["option"])
    value = facts.attributes.get(check.params["attribute"])
    if allowed and value and not any(_same_release(str(value), str(a)) for a in allowed):
        return f"{check.label}: {value} (supported: {', '.join(map(str, allowed))})"
    return None


def _requester_in(check: Check, facts: TicketFacts) -> str | None:
    allowed = [str(a).lower() for a in facts.options.get(check.params["option"]) or ()]
    who = (facts.requester or "").lower()
    return f"{check.label}: {who}" if allowed and who and who not in allowed else None


def _attribute_not_in(check: Check, facts: TicketFacts) -> str | None:
    value = str(facts.attributes.get(check.params["attribute"], "")).lower()
    excluded = [str(v).lower() for v in check.params["values"]]
    return f"{check.label}: {value}" if value and value in excluded else None


def _within_limit(check: Check, facts: TicketFacts) -> str | None:
    p = check.params
    listed = facts.options.get(p["option"]) or ()
    count = int(facts.options.get(p["count_option"], 0) or 0)
    allowed = limit_per_thousand(count, p["per_thousand"], p.get("maximum"))
    return f"{check.label}: {len(listed)} named, {allowed} allowed" if count and len(listed) > allowed else None


def _date_option(params: dict[str, Any], options: dict[str, Any]) -> list[str]:
    name = params["option"]
    if name in options and _as_date(options[name]) is None:
        return [f"option {name}: {options[name]!r} is not a date (YYYY-MM-DD)"]
    return []


def _list_option(params: dict[str, Any], options: dict[str, Any]) -> list[str]:
    name = params["option"]
    if name in options and not isinstance(options[name], list):
        return [f"option {name}: expected a list, e.g. [\"a\", \"b\"]"]
    return []


def _list_and_count_options(params: dict[str, Any], options: dict[str, Any]) -> list[str]:
    errors = _list_option(params, options)
    name = params["count_option"]
    if name in options:
        count = options[name]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            errors.append(f"option {name}: {count!r} is not a whole number")
    return errors


# Insertion order is the order the loader lists them in when a pack names an unknown kind.
CHECK_KINDS: dict[str, CheckKind] = {
    # the pack's required_info must be present
    "required_attributes": CheckKind((), _missing, default_flag="info?"),
    # `option` holds a date; tickets opened after it are flagged
    "opened_after_option": CheckKind(("option",), _opened_after, _date_option),
    # `attribute` must be a release of one listed in `option` (when the contract lists any)
    "attribute_in_option": CheckKind(("attribute", "option"), _attribute_in, _list_option),
    # the requester must be listed in `option` (when the contract lists anyone)
    "requester_in_option": CheckKind(("option",), _requester_in, _list_option),
    # `attribute` must not take one of `values`
    "attribute_not_in": CheckKind(("attribute", "values"), _attribute_not_in),
    # no more listed in `option` than `per_thousand` per 1000 of `count_option`, at most `maximum`
    "option_within_limit": CheckKind(("option", "count_option", "per_thousand"), _within_limit,
                                     _list_and_count_options),
}


def judge(check: Check, facts: TicketFacts) -> Finding | None:
    """The finding when the ticket fails a check of a validated pack; None when it passes."""
    plans = check.params.get("plans")
    if plans and facts.plan not in plans:
        return None   # the check concerns other plans only
    kind = CHECK_KINDS[check.kind]
    detail = kind.verdict(check, facts)
    if detail is None:
        return None
    return Finding(check.id, check.params.get("flag", kind.default_flag or check.id), detail, check.clause)
