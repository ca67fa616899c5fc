"""Worked examples of working-time arithmetic, each computed by hand in its comment.

The Pro2col calendar is 09:00-17:30 Europe/London, Monday to Friday, with England &
Wales bank holidays. London is on GMT (= UTC) in winter and BST (UTC+1) from
29 March to 25 October 2026, so in summer 09:00 local is 08:00Z.
"""

from datetime import UTC, datetime

import pytest

from console.domain.calendar import Calendar, CalendarError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
PRO2COL = {
    "timezone": "Europe/London",
    "week": {day: [["09:00", "17:30"]] for day in WEEKDAYS},
    "holiday_country": "GB",
    "holiday_subdiv": "ENG",
}
HOUR = 3600


def z(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def pro2col(**changes) -> Calendar:
    return Calendar.from_mapping({**PRO2COL, **changes}, id="pro2col")


# ---- nights, weekends, holidays ---------------------------------------------------------

def test_a_night_is_skipped():
    # Tue 13 Jan 17:00 + 1 h: 30 min until 17:30, then 30 min from Wed 09:00.
    assert pro2col().add(z("2026-01-13T17:00"), HOUR) == z("2026-01-14T09:30")


def test_a_weekend_is_skipped():
    # Fri 16 Jan 16:30 + 2 h: 1 h until 17:30 Friday, 1 h from Mon 19 Jan 09:00.
    assert pro2col().add(z("2026-01-16T16:30"), 2 * HOUR) == z("2026-01-19T10:00")


def test_christmas_2026_with_boxing_day_observed_on_monday():
    # Thu 24 Dec 16:00 + 2 h: 1.5 h until 17:30; Fri 25 is Christmas Day, Sat 26
    # (Boxing Day) and Sun 27 the weekend, Mon 28 Boxing Day observed; the last
    # 30 min run from Tue 29 Dec 09:00.
    cal = pro2col()
    assert cal.add(z("2026-12-24T16:00"), 2 * HOUR) == z("2026-12-29T09:30")
    assert cal.between(z("2026-12-24T16:00"), z("2026-12-29T09:30")) == 2 * HOUR
    assert cal.between(z("2026-12-29T09:30"), z("2026-12-24T16:00")) == -2 * HOUR


def test_christmas_is_explained_by_name():
    pieces = pro2col().segments(z("2026-12-24T16:00"), z("2026-12-29T09:30"))
    assert [(p.start, p.end, p.working, p.reason) for p in pieces] == [
        (z("2026-12-24T16:00"), z("2026-12-24T17:30"), True, None),
        (z("2026-12-24T17:30"), z("2026-12-29T09:00"), False,
         "holiday: Christmas Day, Boxing Day (observed)"),
        (z("2026-12-29T09:00"), z("2026-12-29T09:30"), True, None),
    ]


def test_nights_and_weekends_are_explained():
    pieces = pro2col().segments(z("2026-01-15T17:00"), z("2026-01-19T09:30"))
    assert [(p.working, p.reason) for p in pieces] == [
        (True, None),               # Thu 17:00-17:30
        (False, "outside hours"),   # Thu night
        (True, None),               # Fri 09:00-17:30
        (False, "weekend"),         # Fri 17:30 - Mon 09:00
        (True, None),               # Mon 09:00-09:30
    ]
    assert pieces[3].start == z("2026-01-16T17:30") and pieces[3].end == z("2026-01-19T09:00")


def test_explicit_holidays_without_a_country():
    # Wed 14 Jan is an explicit holiday: Tue 13 17:00 + 1 h runs 30 min on Tuesday and
    # 30 min from Thu 15 09:00.
    cal = Calendar.from_mapping(
        {"timezone": "Europe/London", "week": PRO2COL["week"], "holidays": ["2026-01-14"]}
    )
    assert cal.add(z("2026-01-13T17:00"), HOUR) == z("2026-01-15T09:30")
    gap = cal.segments(z("2026-01-13T17:00"), z("2026-01-15T09:30"))[1]
    assert (gap.working, gap.reason) == (False, "holiday")


# ---- both DST changes of 2026 -------------------------------------------------------------

def test_spring_forward_moves_the_opening_to_08_00_utc():
    # Fri 27 Mar 17:00 GMT + 1 h: 30 min on Friday; clocks go forward on Sun 29, so
    # Mon 30 Mar opens at 09:00 BST = 08:00Z and the deadline is 08:30Z.
    assert pro2col().add(z("2026-03-27T17:00"), HOUR) == z("2026-03-30T08:30")


def test_fall_back_moves_the_opening_to_09_00_utc():
    # Fri 23 Oct 16:00Z is 17:00 BST: 30 min until 17:30 BST (16:30Z); clocks go back
    # on Sun 25, so Mon 26 Oct opens at 09:00 GMT = 09:00Z, deadline 09:30Z.
    cal = pro2col()
    assert cal.add(z("2026-10-23T16:00"), HOUR) == z("2026-10-26T09:30")
    # The whole week of 26 Oct is 5 x 8.5 h whichever offset it is on.
    assert cal.between(z("2026-10-26T00:00"), z("2026-10-31T00:00")) == 5 * 30600


def test_windows_are_wall_clock_on_the_day_of_the_change():
    # Every day 09:00-17:30 London. Sat 28 Mar 17:00Z + 1 h: 30 min Saturday, then
    # Sunday 29 opens at 09:00 BST = 08:00Z (the change was at 01:00Z that night).
    every_day = Calendar.from_mapping(
        {"timezone": "Europe/London", "week": {d: [["09:00", "17:30"]] for d in
                                              (*WEEKDAYS, "sat", "sun")}}
    )
    assert every_day.add(z("2026-03-28T17:00"), HOUR) == z("2026-03-29T08:30")


def test_a_whole_sunday_has_23_hours_in_spring_and_25_in_autumn():
    sundays = Calendar.from_mapping({"timezone": "Europe/London", "week": {"sun": [["00:00", "24:00"]]}})
    # Sun 29 Mar runs from 00:00 GMT (00:00Z) to 24:00 BST (23:00Z): 23 hours.
    assert sundays.between(z("2026-03-28T00:00"), z("2026-03-30T00:00")) == 23 * HOUR
    # 23 h from Saturday noon end exactly at that Sunday's end, not the next Sunday.
    assert sundays.add(z("2026-03-28T12:00"), 23 * HOUR) == z("2026-03-29T23:00")
    # One second more opens the next Sunday, 5 Apr 00:00 BST = 4 Apr 23:00Z.
    assert sundays.add(z("2026-03-28T12:00"), 23 * HOUR + 1) == z("2026-04-04T23:00:01")
    # Sun 25 Oct runs from 00:00 BST (24 Oct 23:00Z) to 24:00 GMT (26 Oct 00:00Z): 25 h,
    # so a 24-hour deadline lands at 23:00 local on the same Sunday.
    assert sundays.between(z("2026-10-24T00:00"), z("2026-10-27T00:00")) == 25 * HOUR
    assert sundays.add(z("2026-10-24T12:00"), 24 * HOUR) == z("2026-10-25T23:00")


def test_a_window_inside_the_skipped_hour_starts_when_the_clock_jumps():
    # New York, Sun 8 Mar 2026: 02:00 EST jumps to 03:00 EDT at 07:00Z. A window
    # 02:30-04:00 that day works from the jump (03:00 EDT, 07:00Z) to 04:00 EDT (08:00Z).
    cal = Calendar.from_mapping({"timezone": "America/New_York", "week": {"sun": [["02:30", "04:00"]]}})
    assert cal.between(z("2026-03-08T00:00"), z("2026-03-09T00:00")) == HOUR
    assert cal.add(z("2026-03-08T00:00"), 1) == z("2026-03-08T07:00:01")


# ---- opening, closing, zero, window ends ---------------------------------------------------

def test_start_exactly_at_opening_and_at_closing():
    cal = pro2col()
    # Mon 12 Jan 09:00 + 1 h = 10:00 the same day.
    assert cal.add(z("2026-01-12T09:00"), HOUR) == z("2026-01-12T10:00")
    # Mon 12 Jan 17:30 is closed: 1 minute runs from Tue 09:00.
    assert cal.add(z("2026-01-12T17:30"), 60) == z("2026-01-13T09:01")


def test_zero_returns_the_start_even_outside_hours():
    cal = pro2col()
    assert cal.add(z("2026-01-12T17:30"), 0) == z("2026-01-12T17:30")
    assert cal.add(z("2026-01-17T12:00"), 0) == z("2026-01-17T12:00")   # a Saturday
    assert cal.between(z("2026-01-17T12:00"), z("2026-01-17T12:00")) == 0


def test_a_deadline_on_a_window_end_is_that_end():
    cal = pro2col()
    # A full business day from Mon 09:00 ends Mon 17:30, not Tue 09:00.
    assert cal.add(z("2026-01-12T09:00"), 30600) == z("2026-01-12T17:30")
    # 5.5 h from Mon 12:00 also ends at 17:30.
    assert cal.add(z("2026-01-12T12:00"), 19800) == z("2026-01-12T17:30")
    # From outside hours the count starts at the next opening: Sat + 8.5 h = Mon 17:30.
    assert cal.add(z("2026-01-17T12:00"), 30600) == z("2026-01-19T17:30")


def test_going_back_is_the_inverse():
    # 1 h back from Wed 14 Jan 09:30 is Tue 13 Jan 17:00.
    assert pro2col().add(z("2026-01-14T09:30"), -HOUR) == z("2026-01-13T17:00")


# ---- windows touching midnight -----------------------------------------------------------

def test_windows_touching_midnight_are_one_stretch():
    night = Calendar.from_mapping(
        {"timezone": "UTC", "week": {"mon": [["22:00", "24:00"]], "tue": [["00:00", "02:00"]]}}
    )
    # Mon 12 Jan 23:00 + 2 h: 1 h to midnight, 1 h after it: Tue 01:00.
    assert night.add(z("2026-01-12T23:00"), 2 * HOUR) == z("2026-01-13T01:00")
    # From 22:00, 2 h land on midnight, inside the stretch.
    assert night.add(z("2026-01-12T22:00"), 2 * HOUR) == z("2026-01-13T00:00")
    pieces = night.segments(z("2026-01-12T21:00"), z("2026-01-13T03:00"))
    assert [(p.start, p.end, p.working) for p in pieces] == [
        (z("2026-01-12T21:00"), z("2026-01-12T22:00"), False),
        (z("2026-01-12T22:00"), z("2026-01-13T02:00"), True),
        (z("2026-01-13T02:00"), z("2026-01-13T03:00"), False),
    ]


# ---- overrides ---------------------------------------------------------------------------

def test_a_half_day_on_christmas_eve():
    # 24 Dec 09:00-13:00 only: Thu 24 Dec 12:00 + 2 h runs 1 h to 13:00, then Tue 29 Dec
    # 09:00-10:00.
    cal = pro2col(overrides={"2026-12-24": [["09:00", "13:00"]]})
    assert cal.add(z("2026-12-24T12:00"), 2 * HOUR) == z("2026-12-29T10:00")
    assert cal.segments(z("2026-12-24T12:00"), z("2026-12-24T14:00"))[1].reason == "outside hours"


def test_an_override_wins_over_a_holiday():
    # Open 10:00-14:00 on Boxing Day observed (Mon 28 Dec): Thu 24 16:00 + 2 h is
    # 1.5 h on Thursday, then 30 min from Mon 28 10:00.
    cal = pro2col(overrides={"2026-12-28": [["10:00", "14:00"]]})
    assert cal.add(z("2026-12-24T16:00"), 2 * HOUR) == z("2026-12-28T10:30")


def test_an_extra_saturday_and_a_closed_weekday():
    # Sat 17 Jan opens 10:00-12:00: Fri 16 17:00 + 1 h = Sat 10:30.
    extra = pro2col(overrides={"2026-01-17": [["10:00", "12:00"]]})
    assert extra.add(z("2026-01-16T17:00"), HOUR) == z("2026-01-17T10:30")
    # Wed 14 Jan closed by an override: Tue 13 17:00 + 1 h = Thu 15 09:30, and the gap says so.
    closed = pro2col(overrides={"2026-01-14": []})
    assert closed.add(z("2026-01-13T17:00"), HOUR) == z("2026-01-15T09:30")
    assert closed.segments(z("2026-01-13T17:00"), z("2026-01-15T09:30"))[1].reason == "closed"


# ---- 24/7, far dates, description ---------------------------------------------------------

def test_always_is_elapsed_time():
    cal = Calendar.always()
    assert cal.is_always and cal.business_day_seconds == 86400 and cal.describe() == "24/7"
    start = z("2026-03-29T00:30")
    assert cal.add(start, 10**6) == z("2026-04-09T14:16:40")   # 11 d 13 h 46 m 40 s later
    assert cal.between(start, z("2027-03-29T00:30")) == 365 * 86400


def test_far_dates_in_both_directions():
    cal = pro2col()
    # Tue 2 Jan 1990 is a working day: 09:00-10:00 GMT.
    assert cal.add(z("1990-01-02T09:00"), HOUR) == z("1990-01-02T10:00")
    # Fri 31 Dec 2088 17:00 + 1 h: Sat 1 Jan 2089 and Sun 2 Jan are the weekend, Mon 3 Jan
    # is New Year's Day observed, so 30 min from Tue 4 Jan 09:00.
    assert cal.add(z("2088-12-31T17:00"), HOUR) == z("2089-01-04T09:30")
    # Going back across the table's first year.
    assert cal.add(z("1990-01-02T09:30"), -HOUR) == z("1989-12-29T17:00")


def test_business_day_length_and_description():
    assert pro2col().business_day_seconds == 30600
    assert pro2col().describe() == "09:00-17:30 Europe/London Mon-Fri, holidays GB-ENG"
    whole = Calendar.from_mapping({"timezone": "UTC", "week": {d: [["00:00", "24:00"]] for d in WEEKDAYS}})
    assert whole.business_day_seconds == 86400 and not whole.is_always
    split = Calendar.from_mapping(
        {"timezone": "UTC", "week": {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "sat": [["10:00", "12:00"]]},
         "holidays": ["2026-01-01"], "overrides": {"2026-12-24": []}}
    )
    assert split.business_day_seconds == 7 * HOUR
    assert split.describe() == "Mon 09:00-12:00 & 13:00-17:00, Sat 10:00-12:00 UTC, 1 holiday, 1 override"
    # Touching windows on every day are whole days, in any zone: 24/7.
    halves = Calendar.from_mapping(
        {"timezone": "Europe/London",
         "week": {d: [["12:00", "24:00"], ["00:00", "12:00"]] for d in (*WEEKDAYS, "sat", "sun")}}
    )
    assert halves.is_always


def test_identical_definitions_are_built_once():
    assert pro2col() is pro2col()
    assert Calendar.from_mapping({**PRO2COL}, id="other") is not pro2col()


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="no time zone"):
        pro2col().add(datetime(2026, 1, 12, 9, 0), HOUR)


# ---- validation --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("changes", "key", "what"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone", "not a known IANA time zone"),
        ({"week": {"mon": [["25:00", "17:30"]]}}, "week.mon[0]", '"25:00" is not a time'),
        ({"week": {"mon": [["9h", "17:30"]]}}, "week.mon[0]", '"9h" is not a time'),
        ({"week": {"tue": [["17:30", "09:00"]]}}, "week.tue[0]", "ends before it starts"),
        ({"week": {"mon": [["09:00", "09:00"]]}}, "week.mon[0]", "is empty"),
        ({"week": {"mon": [["24:00", "24:00"]]}}, "week.mon[0]", '"24:00" can only end a window'),
        ({"week": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}}, "week.mon[1]",
         "11:00-13:00 overlaps week.mon[0]"),
        ({"week": {"mon": [["13:00", "15:00"], ["09:00", "14:00"]]}}, "week.mon[0]", "overlaps week.mon[1]"),
        ({"week": {"mon": [["09:00"]]}}, "week.mon[0]", 'expected ["HH:MM", "HH:MM"]'),
        ({"week": {"monday": [["09:00", "17:30"]]}}, "week.monday", "unknown day"),
        ({"week": {}}, "week", "no working window"),
        ({"week": {"mon": "09:00-17:30"}}, "week.mon", "expected a list of windows"),
        ({"holidays": ["2026-12-25", "2026-02-30"]}, "holidays[1]", '"2026-02-30" is not a date'),
        ({"overrides": {"2026-13-01": []}}, "overrides.2026-13-01", "is not a date"),
        ({"overrides": {"2026-12-24": [["09:00", "25:00"]]}}, "overrides.2026-12-24[0]", "is not a time"),
        ({"holiday_country": "XX"}, "holiday_country", "not a supported country"),
        ({"holiday_subdiv": "XYZ"}, "holiday_subdiv", "not a subdivision of GB (ENG, NIR, SCT, WLS)"),
        ({"holiday_contry": "GB"}, "holiday_contry", "unknown key"),
        ({"always": "yes"}, "always", "expected true or false"),
        ({"always": True}, "always", "cannot be combined with week"),
    ],
)
def test_invalid_definitions_name_the_key(changes, key, what):
    with pytest.raises(CalendarError) as caught:
        pro2col(**changes)
    assert caught.value.key == key
    assert str(caught.value).startswith(f"{key}: ")
    assert what in str(caught.value)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"week": PRO2COL["week"]}, "timezone"),
        ({"timezone": "UTC"}, "week"),
        ({"timezone": "UTC", "week": PRO2COL["week"], "holiday_subdiv": "ENG"}, "holiday_subdiv"),
        (["not", "an", "object"], "calendar"),
    ],
)
def test_missing_or_misplaced_parts_name_the_key(data, key):
    with pytest.raises(CalendarError) as caught:
        Calendar.from_mapping(data)
    assert caught.value.key == key


def test_always_in_a_mapping_and_toml_dates():
    cal = Calendar.from_mapping({"always": True})
    assert cal.is_always and cal.timezone == "UTC"
    # A TOML reader gives dates as date objects; they are as good as strings.
    from datetime import date

    holiday = Calendar.from_mapping({**PRO2COL, "holidays": [date(2026, 1, 14)]})
    assert holiday.add(z("2026-01-13T17:00"), HOUR) == z("2026-01-15T09:30")
