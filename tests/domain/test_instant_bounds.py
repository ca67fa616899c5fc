"""Instants and spans from outside are bounded before any arithmetic can overflow on them."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from console.domain.timeutil import (
    LATEST,
    MAX_SECONDS,
    InstantError,
    bounded_instant,
    bounded_seconds,
    parse_instant,
)


@pytest.mark.parametrize("text", [
    "9999-12-31T23:00:00-05:00",   # overflows when converted to UTC
    "9999-12-31T23:59:59Z",
    "2200-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "0001-01-01T00:00:00+00:00",
])
def test_instants_outside_the_range_are_refused_with_one_line(text):
    with pytest.raises(InstantError, match=r"^--at: .* is outside the years 1970\.\.2199$"):
        parse_instant(text, what="--at")


def test_the_edges_of_the_range():
    assert parse_instant("1970-01-01T00:00:00Z") == datetime(1970, 1, 1, tzinfo=UTC)
    assert parse_instant("2199-12-31T23:59:59Z") == LATEST - timedelta(seconds=1)


def test_a_parsed_datetime_is_bounded_and_put_in_utc():
    east = timezone(timedelta(hours=5))
    assert bounded_instant(datetime(2026, 3, 9, 14, tzinfo=east)) == datetime(2026, 3, 9, 9, tzinfo=UTC)
    with pytest.raises(InstantError, match="Date header"):
        bounded_instant(datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=5))),
                        what="Date header")


def test_seconds_beyond_the_whole_range_are_refused():
    assert bounded_seconds(MAX_SECONDS) == MAX_SECONDS
    assert bounded_seconds(-3600) == -3600
    with pytest.raises(InstantError, match=r"^--seconds: 1000000000000000 is more than"):
        bounded_seconds(10**15, what="--seconds")
