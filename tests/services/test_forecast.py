"""The breach forecast on a frozen `now`, from stored deadlines whose instants the test knows."""

import json
from datetime import timedelta

import pytest

from console.cli import main
from console.errors import UserError
from console.services.forecast import forecast, shift_length
from console.services.tickets import open_ticket, record

from .conftest import T0


def _pc(store, hours_before_now: float) -> str:
    """A ProComputers ticket: its first response is due 24 h after it opened."""
    return open_ticket(store, contract_id="pc", subject=f"due in {24 - hours_before_now} h",
                       at=T0 - timedelta(hours=hours_before_now))


@pytest.fixture
def scene(store):
    ids = {
        "breached": _pc(store, 25),        # due T0 - 1 h
        "at_now": _pc(store, 24),          # due exactly T0: not breached yet, hour 0
        "half": _pc(store, 23.5),          # due T0 + 30 min, hour 0
        "two": _pc(store, 22),             # due T0 + 2 h, hour 2
        "four": _pc(store, 20),            # due T0 + 4 h, hour 4
        "edge": _pc(store, 18),            # due T0 + 6 h: just past a 6-hour window
    }
    # Pro2col P1, Monday 10:00 London: review and vendor escalation both due at 11:00 (hour 1)
    ids["p1"] = open_ticket(store, contract_id="p2", subject="down", severity="p1", at=T0)
    # waiting on the customer: review met, vendor escalation paused, so nothing can breach
    waiting = open_ticket(store, contract_id="p2", subject="logs?", severity="p2",
                          at=T0 - timedelta(hours=3))
    record(store, waiting, "request_info", {}, at=T0 - timedelta(hours=2))
    # closed: its clocks are no one's concern
    closed = _pc(store, 26)
    record(store, closed, "close", {}, at=T0 - timedelta(hours=1))
    return ids


def test_breaches_per_hour_counted_from_stored_deadlines(store, scene):
    result = forecast(store, now=T0, hours=6, shift_hours=3, limit=50)
    assert [d.ticket_id for d in result.breached] == [scene["breached"]]
    assert result.breached_now == 1
    assert result.per_hour == (2, 2, 1, 0, 1, 0)
    assert [d.ticket_id for d in result.upcoming[:2]] == [scene["at_now"], scene["half"]]
    assert (result.within_hour, result.within_shift) == (2, 5)
    assert {d.metric for d in result.upcoming if d.ticket_id == scene["p1"]} == {
        "review", "vendor_escalation"}
    assert scene["edge"] not in {d.ticket_id for d in result.upcoming}


def test_a_later_now_moves_deadlines_into_breach(store, scene):
    result = forecast(store, now=T0 + timedelta(hours=1, minutes=30), hours=2, limit=50)
    assert {d.ticket_id for d in result.breached} == {
        scene["breached"], scene["at_now"], scene["half"], scene["p1"]}
    assert result.breached_now == len(result.breached) == 5  # the P1 breaches twice
    assert result.per_hour == (1, 0)  # T0 + 2 h falls in the first hour from 11:30


def test_the_shift_reaches_past_the_chart(store, scene):
    result = forecast(store, now=T0, hours=1, shift_hours=8, limit=50)
    assert result.per_hour == (2,)
    assert result.within_shift == len(result.upcoming) == 7  # everything upcoming, to T0 + 6 h inclusive


def test_lists_stop_at_the_limit_and_the_counts_do_not(store, scene):
    full = forecast(store, now=T0 + timedelta(hours=3), hours=4, limit=50)
    capped = forecast(store, now=T0 + timedelta(hours=3), hours=4, limit=2)
    assert full.breached_now == capped.breached_now == len(full.breached) == 6
    assert capped.breached == full.breached[:2]          # the most overdue first
    assert capped.upcoming == full.upcoming[:2]
    assert (capped.per_hour, capped.within_shift) == (full.per_hour, full.within_shift)
    counts_only = forecast(store, now=T0 + timedelta(hours=3), hours=4, limit=0)
    assert (counts_only.breached, counts_only.upcoming) == ((), ())
    assert counts_only.per_hour == full.per_hour == (0, 1, 0, 1)   # "four", then "edge"


def test_a_fraction_of_a_second_past_a_deadline_is_a_breach(store, scene):
    """Stored deadlines are whole seconds; `now` need not be."""
    exact = forecast(store, now=T0, hours=1, limit=50)
    later = forecast(store, now=T0 + timedelta(microseconds=500_000), hours=1, limit=50)
    assert (exact.breached_now, later.breached_now) == (1, 2)
    assert scene["at_now"] in {d.ticket_id for d in later.breached}
    # the hour from T0 holds "at_now" and "half"; the hour from T0 + 0.5 s drops "at_now" and
    # takes the P1's two clocks due at T0 + 1 h
    assert (exact.per_hour, later.per_hour) == ((2,), (3,))


def test_a_negative_limit_is_refused(store):
    with pytest.raises(UserError, match="--limit"):
        forecast(store, now=T0, hours=1, limit=-1)


@pytest.mark.parametrize("hours", [0, -1, 10_000])
def test_hours_out_of_range_are_refused(store, hours):
    with pytest.raises(UserError, match="--hours"):
        forecast(store, now=T0, hours=hours, limit=0)


@pytest.mark.parametrize("text", ["0", "25", "soon"])
def test_shift_lengths_are_checked(text):
    with pytest.raises(UserError, match="shift length"):
        shift_length(text)


def test_desk_forecast_json_on_a_frozen_now(store, scene, capsys):
    capsys.readouterr()
    code = main(["--db", str(store.path), "--now", T0.isoformat(), "forecast", "--hours", "3",
                 "--shift-hours", "2", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["breached_now"], data["within_hour"], data["within_shift"]) == (1, 2, 4)
    assert [h["breaches"] for h in data["per_hour"]] == [2, 2, 1]
    assert data["per_hour"][1] == {"start": "2026-03-02T11:00:00Z", "end": "2026-03-02T12:00:00Z",
                                   "breaches": 2}
    assert data["breached"][0]["seconds_to_breach"] == -3600
    assert data["limit"] == 50 and len(data["upcoming"]) == 5


def test_desk_forecast_json_lists_at_most_limit_clocks(store, scene, capsys):
    capsys.readouterr()
    assert main(["--db", str(store.path), "--now", T0.isoformat(), "forecast", "--hours", "3",
                 "--limit", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["breached_now"], data["within_shift"], data["limit"]) == (1, 7, 1)
    assert [d["ticket_id"] for d in data["upcoming"]] == [scene["at_now"]]
    with pytest.raises(SystemExit):
        main(["--db", str(store.path), "forecast", "--help"])
    assert "the counts are always of every clock" in " ".join(capsys.readouterr().out.split())


def test_desk_forecast_table_and_bad_hours(store, scene, capsys):
    capsys.readouterr()
    assert main(["--db", str(store.path), "--now", T0.isoformat(), "forecast", "--hours", "2"]) == 0
    out = capsys.readouterr().out
    assert "breached now              1" in out and "2026-03-02T11:00:00Z   2" in out
    assert main(["--db", str(store.path), "forecast", "--hours", "0"]) == 2
    assert "--hours" in capsys.readouterr().err


def test_counts_read_only_the_index_of_running_clocks(store):
    """The breached backlog is counted from the index alone, never by visiting ticket rows."""
    from console.store import due_rows

    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM clocks c " + due_rows._RUNNING + "AND c.due_at < ?",
        ["target", "2026-03-02T10:00:00Z"]).fetchall()
    assert [row[-1] for row in plan] == [
        "SEARCH c USING COVERING INDEX clocks_running_due (kind=? AND due_at<?)"]


def test_a_closed_ticket_leaves_the_index(store, scene):
    """Clock rows carry their ticket's openness, so closing one takes its clocks out of the counts."""
    before = forecast(store, now=T0, hours=1, limit=0).breached_now
    record(store, scene["breached"], "close", {}, at=T0)
    assert forecast(store, now=T0, hours=1, limit=0).breached_now == before - 1
    rows = store.conn.execute("SELECT DISTINCT ticket_open FROM clocks WHERE ticket_id = ?",
                              [scene["breached"]]).fetchall()
    assert rows == [(0,)]
