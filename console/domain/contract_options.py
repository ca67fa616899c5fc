"""Contract options checked against the pack that reads them.

A contract's options feed the clocks (an agreed update interval, contract holidays),
the eligibility checks (service term end, supported versions, Technical Leads) and
the fair-use ledger. A mistyped option must be refused when the contract is added,
not surface later as a wrong deadline or a crash in the middle of a shift.
"""

from datetime import UTC, date, datetime
from typing import Any

from console.domain.calendar import CalendarError
from console.domain.clocks import contract_calendar
from console.domain.durations import parse_duration
from console.domain.fair_use import FairUseError, contract_year, prepaid
from console.domain.policy import Pack

_LIST_PARAMS = {"attribute_in_option": "option", "requester_in_option": "option",
                "option_within_limit": "option"}


def option_errors(pack: Pack, options: dict[str, Any]) -> list[str]:
    """One message per faulty option, naming it; empty when all is well."""
    errors: list[str] = []
    for metric in pack.metrics:
        for o in metric.overrides:
            if o.option not in options:
                continue
            try:
                chosen = parse_duration(str(options[o.option]))
            except ValueError as exc:
                errors.append(f"option {o.option}: {exc}")
                continue
            if not o.allows(chosen):
                errors.append(f"option {o.option}: {chosen} is more often than allowed "
                              f"(at least {o.minimum}: {o.clause})")
    if "holidays" in options:
        value = options["holidays"]
        if not isinstance(value, list):
            errors.append("option holidays: expected a list of dates (YYYY-MM-DD)")
    if pack.contract_holidays and ("holidays" in options or "holiday_country" in options):
        try:
            for calendar_id in pack.contract_holidays:
                contract_calendar(pack, calendar_id, options).add(datetime(2026, 1, 1, tzinfo=UTC), 1)
        except (CalendarError, ValueError, TypeError) as exc:
            errors.append(f"option holidays: {exc}")
    for check in pack.checks:
        p = check.params
        if check.kind == "opened_after_option" and p["option"] in options:
            try:
                date.fromisoformat(str(options[p["option"]]))
            except ValueError:
                errors.append(f"option {p['option']}: {options[p['option']]!r} is not a date (YYYY-MM-DD)")
        if check.kind in _LIST_PARAMS and p["option"] in options \
                and not isinstance(options[p["option"]], list):
            errors.append(f"option {p['option']}: expected a list, e.g. [\"a\", \"b\"]")
        if check.kind == "option_within_limit" and p["count_option"] in options:
            count = options[p["count_option"]]
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                errors.append(f"option {p['count_option']}: {count!r} is not a whole number")
    if pack.fair_use is not None:
        try:
            prepaid(options)
            contract_year(datetime(2026, 1, 1, tzinfo=UTC), options, pack.fair_use.timezone)
        except FairUseError as exc:
            errors.append(f"option {exc}")
    return errors
