"""The engineer's time zone and how instants read on screen.

Deadlines are stored in UTC; an engineer reads them in their own zone (`$DESK_TZ`,
else the machine's) and, where it differs, in the zone of the vendor's calendar,
because "due 17:30" means the vendor's 17:30.
"""

import os
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import tz


def user_zone() -> tzinfo:
    """`$DESK_TZ` (an IANA name) when set and known, else the machine's local zone."""
    name = os.environ.get("DESK_TZ", "").strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a wrong name must not stop the console; the screen names the zone it uses
    return tz.tzlocal()


def when(at: datetime | None, zone: tzinfo) -> str:
    """"Tue 03 Mar 10:00 CET", or "-" for no instant."""
    if at is None:
        return "-"
    return at.astimezone(zone).strftime("%a %d %b %H:%M %Z")


def due_text(at: datetime | None, zone: tzinfo, vendor_zone: str) -> str:
    """The instant in the engineer's zone, and in the vendor's where that reads differently."""
    if at is None:
        return "-"
    mine = when(at, zone)
    theirs = at.astimezone(ZoneInfo(vendor_zone)).strftime("%H:%M %Z")
    if at.astimezone(zone).utcoffset() == at.astimezone(ZoneInfo(vendor_zone)).utcoffset():
        return mine
    return f"{mine} ({theirs} {vendor_zone})"


def span(seconds: int | None) -> str:
    """A countdown such as "1h05m", "2d03h", "-0h12m" (overdue); "-" for none."""
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    minutes = abs(seconds) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return f"{sign}{days}d{hours:02d}h" if days else f"{sign}{hours}h{mins:02d}m"
