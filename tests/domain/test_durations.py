import pytest

from console.domain.calendar import Calendar
from console.domain.durations import Duration, format_span, parse_duration, working_seconds

PRO2COL = Calendar.from_mapping(
    {"timezone": "Europe/London",
     "week": {d: [["09:00", "17:30"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
)
WHOLE_DAYS = Calendar.from_mapping(
    {"timezone": "UTC", "week": {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("8 hours", 8, "hours"),
        ("1 hour", 1, "hours"),
        ("0.5 hours", 0.5, "hours"),
        ("30 minutes", 30, "minutes"),
        ("1 minute", 1, "minutes"),
        ("2 business_days", 2, "business_days"),
        ("2 business days", 2, "business_days"),
        ("1 business day", 1, "business_days"),
        ("7 days", 7, "days"),
        ("8h", 8, "hours"),
        ("30m", 30, "minutes"),
        ("2bd", 2, "business_days"),
        ("7d", 7, "days"),
        ("  12 Hours ", 12, "hours"),
    ],
)
def test_parse(text, amount, unit):
    assert parse_duration(text) == Duration(amount, unit)


@pytest.mark.parametrize("text", ["", "hours", "8", "8 weeks", "-1 hours", "8 hours ago", "1.5.2 h", None, 8])
def test_parse_refuses_with_the_text(text):
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration(8, "hours"), "8 hours"),
        (Duration(1, "hours"), "1 hour"),
        (Duration(1, "business_days"), "1 business day"),
        (Duration(2, "business_days"), "2 business days"),
        (Duration(30, "minutes"), "30 minutes"),
        (Duration(0.5, "hours"), "0.5 hours"),
        (Duration(7.0, "days"), "7 days"),
    ],
)
def test_str_reads_back(duration, text):
    assert str(duration) == text
    assert parse_duration(text) == duration


def test_unknown_unit_or_negative_amount():
    with pytest.raises(ValueError, match="unknown duration unit"):
        Duration(1, "weeks")
    with pytest.raises(ValueError, match="cannot be negative"):
        Duration(-1, "hours")


def test_working_seconds():
    # Hours and minutes are working seconds whatever the calendar; the calendar then
    # decides how far apart in real time they land.
    assert working_seconds(parse_duration("8 hours"), PRO2COL) == 8 * 3600
    assert working_seconds(parse_duration("30m"), Calendar.always()) == 1800
    assert working_seconds(parse_duration("7 days"), Calendar.always()) == 7 * 86400
    # A business day is the calendar's full day: 8.5 h on 09:00-17:30, 24 h on whole days.
    assert working_seconds(parse_duration("1 business day"), PRO2COL) == 30600
    assert working_seconds(parse_duration("3 business days"), PRO2COL) == 3 * 30600
    assert working_seconds(parse_duration("2 business days"), WHOLE_DAYS) == 2 * 86400
    assert working_seconds(parse_duration("0.5 business days"), PRO2COL) == 15300


SPANS = [
    # (seconds, options, text)
    (None, {}, "-"),
    (None, {"compact": True, "plus": True}, "-"),
    (0, {}, "0h00m"),
    (59, {}, "0h00m"),                        # whole minutes, never rounded up
    (3900, {}, "1h05m"),
    (-720, {}, "-0h12m"),                     # overdue
    (-30, {}, "-0h00m"),                      # overdue by less than a minute is still overdue
    (180_300, {}, "50h05m"),                  # hours only: report columns and the CLI's "left"
    (180_300, {"days": True}, "2d02h05m"),
    (86_399, {"days": True}, "23h59m"),
    (-180_300, {"days": True}, "-2d02h05m"),
    (180_300, {"compact": True}, "2d02h"),     # fixed-width screen columns: minutes go once there are days
    (3900, {"compact": True}, "1h05m"),
    (-180_300, {"compact": True}, "-2d02h"),
    (3900, {"plus": True}, "+1h05m"),          # a change, not a countdown
    (0, {"plus": True}, "+0h00m"),
    (-3900, {"plus": True}, "-1h05m"),
    (180_300, {"days": True, "plus": True}, "+2d02h05m"),
]


@pytest.mark.parametrize(("seconds", "options", "text"), SPANS)
def test_format_span(seconds, options, text):
    assert format_span(seconds, **options) == text
