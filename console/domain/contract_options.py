"""Contract options checked against the pack that reads them.

A contract's options feed the clocks (an agreed update interval, contract holidays),
the eligibility checks (service term end, supported versions, Technical Leads) and
the fair-use ledger. A mistyped option must be refused when the contract is added,
not surface later as a wrong deadline or a crash in the middle of a shift.
"""

from datetime import UTC, datetime
from typing import Any

from console.domain.calendar import CalendarError
from console.domain.checks import CHECK_KINDS
from console.domain.clocks import contract_calendar
from console.domain.durations import parse_duration
from console.domain.fair_use import FairUseError, contract_year, prepaid
from console.domain.policy import Pack


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
        errors += CHECK_KINDS[check.kind].option_errors(check.params, options)
    if pack.fair_use is not None:
        try:
            prepaid(options)
            contract_year(datetime(2026, 1, 1, tzinfo=UTC), options, pack.fair_use.timezone)
        except FairUseError as exc:
            errors.append(f"option {exc}")
    return errors
