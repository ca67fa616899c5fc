"""Instants: parsing user-given ISO 8601, formatting UTC with `Z`.

The whole product stores and compares instants as aware UTC datetimes (or epoch
seconds on hot paths); a naive instant is refused because its zone would be a guess.
"""

import time
from datetime import UTC, datetime


class InstantError(ValueError):
    """An instant that is not ISO 8601 with an offset."""


def parse_instant(text: str, *, what: str = "instant") -> datetime:
    """Parse ISO 8601 with an offset (`Z` allowed) into an aware UTC datetime."""
    if not isinstance(text, str):
        raise InstantError(f"{what}: expected an ISO 8601 string, got {text!r}")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InstantError(f"{what}: {text!r} is not an ISO 8601 instant") from None
    if value.tzinfo is None:
        raise InstantError(f"{what}: {text!r} has no UTC offset (add Z or +HH:MM)")
    return value.astimezone(UTC)


def format_instant(value: datetime | None) -> str | None:
    """UTC, second precision, `Z` suffix; None stays None."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_epoch(seconds: int) -> str:
    """`format_instant` for epoch seconds, without building a datetime (bulk output)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def to_epoch(value: datetime) -> int:
    return int(value.timestamp())


def from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
