"""Eligibility and required-information checks: the pack's `checks`, evaluated on a ticket.

Findings become visible flags on the ticket (never silent drops): a support
engineer decides what to do with a ticket from a sender who is not a Technical
Lead, or one that arrived after the service term ended.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from console.domain.policy import Check, Pack, limit_per_thousand


@dataclass(frozen=True)
class Finding:
    check: str
    flag: str        # short, for the queue's flags column
    detail: str      # one sentence for the detail screen
    clause: str


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _same_release(value: str, allowed: str) -> bool:
    """"6.12.0" is a release of the supported "6.12"; "6.120" is not."""
    return value == allowed or value.startswith(allowed + ".")


def _evaluate(check: Check, pack: Pack, contract, ticket) -> Finding | None:
    p = check.params
    attrs = ticket.attributes
    options = contract.options if contract is not None else {}
    if p.get("plans") and (contract is None or contract.plan not in p["plans"]):
        return None  # the check concerns other plans only
    if check.kind == "required_attributes":
        missing = [f.id for f in pack.missing_info(attrs)]
        if missing:
            return Finding(check.id, "info?", f"missing: {', '.join(missing)}", check.clause)
        return None
    if check.kind == "opened_after_option":
        end = _as_date(options.get(p["option"]))
        opened: datetime | None = ticket.opened_at
        if end and opened and opened.date() > end:
            return Finding(check.id, p.get("flag", check.id), f"{check.label} ({end})", check.clause)
        return None
    if check.kind == "attribute_in_option":
        allowed = options.get(p["option"])
        value = attrs.get(p["attribute"])
        if allowed and value and not any(_same_release(str(value), str(a)) for a in allowed):
            return Finding(check.id, p.get("flag", check.id),
                           f"{check.label}: {value} (supported: {', '.join(map(str, allowed))})",
                           check.clause)
        return None
    if check.kind == "requester_in_option":
        allowed = [str(a).lower() for a in options.get(p["option"]) or ()]
        who = (ticket.requester or "").lower()
        if allowed and who and who not in allowed:
            return Finding(check.id, p.get("flag", check.id), f"{check.label}: {who}", check.clause)
        return None
    if check.kind == "attribute_not_in":
        value = str(attrs.get(p["attribute"], "")).lower()
        if value and value in [str(v).lower() for v in p.get("values", ())]:
            return Finding(check.id, p.get("flag", check.id), f"{check.label}: {value}", check.clause)
        return None
    if check.kind == "option_within_limit":
        listed = options.get(p["option"]) or ()
        count = int(options.get(p["count_option"], 0) or 0)
        allowed = limit_per_thousand(count, p["per_thousand"], p.get("maximum"))
        if count and len(listed) > allowed:
            return Finding(check.id, p.get("flag", check.id),
                           f"{check.label}: {len(listed)} named, {allowed} allowed", check.clause)
        return None
    raise AssertionError(f"validated packs have no check kind {check.kind!r}")


def evaluate_checks(pack: Pack, contract, ticket) -> list[Finding]:
    return [f for c in pack.checks if (f := _evaluate(c, pack, contract, ticket)) is not None]
