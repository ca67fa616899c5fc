"""The engineer's time zone and how instants read on screen.

Deadlines are stored in UTC; an engineer reads them in their own zone (`$DESK_TZ`,
else the machine's) and, where it differs, in the zone of the vendor's calendar,
because "due 17:30" means the vendor's 17:30.
"""

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console import config
from console.domain.durations import format_span


def user_zone() -> tzinfo:
    """`$DESK_TZ` (an IANA name) when set and known, else the machine's local zone."""
    name = config.time_zone()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a wrong name must not stop the console; the screen names the zone it uses
    from dateutil import tz  # only here: the queue's first screen does not read the local zone

    return tz.tzlocal()


def when(at: datetime | None, zone: tzinfo) -> str:
    """"Tue 03 Mar 10:00 CET", or "-" for no instant."""
    if at is None:
        return "-"
    return at.astimezone(zone).strftime("%a %d %b %H:%M %Z")


def soon(at: datetime, zone: tzinfo, now: datetime) -> str:
    """"Tue 10:00 CET" within six days of `now` (the weekday is unambiguous), else `when`."""
    if abs((at - now).total_seconds()) < 6 * 86400:
        return at.astimezone(zone).strftime("%a %H:%M %Z")
    return when(at, zone)


def due_text(at: datetime | None, zone: tzinfo, vendor_zone: str, *, now: datetime | None = None) -> str:
    """The instant in the engineer's zone, and in the vendor's where that reads differently:
    "Tue 03 Mar 10:00 CET (09:00 GMT Europe/London)"; given `now`, the short form
    "Tue 10:00 CET (09:00 GMT)" for one-line summaries."""
    if at is None:
        return "-"
    mine = when(at, zone) if now is None else soon(at, zone, now)
    theirs = at.astimezone(ZoneInfo(vendor_zone))
    if at.astimezone(zone).utcoffset() == theirs.utcoffset():
        return mine
    named = now is None and theirs.strftime("%Z") != vendor_zone
    return f"{mine} ({theirs:%H:%M %Z}{' ' + vendor_zone if named else ''})"


def span(seconds: int | None) -> str:
    """A countdown as the screens' columns show it: "1h05m", "2d03h", "-0h12m" (overdue); "-" for none."""
    return format_span(seconds, compact=True)
