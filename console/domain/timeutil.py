"""Instants: parsing user-given ISO 8601, formatting UTC with `Z`.

The whole product stores and compares instants as aware UTC datetimes (or epoch
seconds on hot paths); a naive instant is refused because its zone would be a guess.
An instant from outside (a mail's Date, an import, a scenario, an argument) must
also lie in a sane range (`bounded_instant`): a year 9999 date overflows the
arithmetic every clock does, and no support ticket is dated before 1970.
"""

import time
from datetime import UTC, datetime


class InstantError(ValueError):
    """An instant that is not ISO 8601 with an offset, or lies outside EARLIEST..LATEST."""


# The range every instant from outside must lie in; LATEST leaves room for deadlines
# years ahead while staying far from datetime's year 9999 limit.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
# The longest span of seconds an argument may ask for: the whole range.
MAX_SECONDS = int((LATEST - EARLIEST).total_seconds())


def parse_instant(text: str, *, what: str = "instant") -> datetime:
    """Parse ISO 8601 with an offset (`Z` allowed) into an aware UTC datetime in range."""
    if not isinstance(text, str):
        raise InstantError(f"{what}: expected an ISO 8601 string, got {text!r}")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InstantError(f"{what}: {text!r} is not an ISO 8601 instant") from None
    if value.tzinfo is None:
        raise InstantError(f"{what}: {text!r} has no UTC offset (add Z or +HH:MM)")
    return bounded_instant(value, what=what)


def bounded_instant(value: datetime, *, what: str = "instant") -> datetime:
    """An aware instant from outside, in UTC; refused when outside EARLIEST..LATEST.

    Converting first can itself overflow (9999-12-31 23:00 -05:00 is past year 9999 in UTC).
    """
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise InstantError(f"{what}: {value.isoformat()} is outside the years "
                           f"{EARLIEST.year}..{LATEST.year - 1}")
    return utc


def bounded_seconds(value: int, *, what: str = "seconds") -> int:
    """A count of seconds from outside, refused when no instant in range could be that far apart."""
    if abs(value) > MAX_SECONDS:
        raise InstantError(f"{what}: {value} is more than the {MAX_SECONDS} seconds "
                           f"between {EARLIEST.year} and {LATEST.year}")
    return value


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
