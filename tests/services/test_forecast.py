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
    result = forecast(store, now=T0, hours=6, shift_hours=3)
    assert [d.ticket_id for d in result.breached] == [scene["breached"]]
    assert result.per_hour == (2, 2, 1, 0, 1, 0)
    assert [d.ticket_id for d in result.within_hour] == [scene["at_now"], scene["half"]]
    assert len(result.within_shift) == 5
    assert {d.metric for d in result.upcoming if d.ticket_id == scene["p1"]} == {
        "review", "vendor_escalation"}
    assert scene["edge"] not in {d.ticket_id for d in result.upcoming}


def test_a_later_now_moves_deadlines_into_breach(store, scene):
    result = forecast(store, now=T0 + timedelta(hours=1, minutes=30), hours=2)
    assert {d.ticket_id for d in result.breached} == {
        scene["breached"], scene["at_now"], scene["half"], scene["p1"]}
    assert len(result.breached) == 5  # the P1 breaches twice
    assert result.per_hour == (1, 0)  # T0 + 2 h falls in the first hour from 11:30


def test_the_shift_reaches_past_the_chart(store, scene):
    result = forecast(store, now=T0, hours=1, shift_hours=8)
    assert result.per_hour == (2,)
    assert len(result.within_shift) == 7  # everything upcoming, up to T0 + 6 h inclusive


@pytest.mark.parametrize("hours", [0, -1, 10_000])
def test_hours_out_of_range_are_refused(store, hours):
    with pytest.raises(UserError, match="--hours"):
        forecast(store, now=T0, hours=hours)


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


def test_desk_forecast_table_and_bad_hours(store, scene, capsys):
    capsys.readouterr()
    assert main(["--db", str(store.path), "--now", T0.isoformat(), "forecast", "--hours", "2"]) == 0
    out = capsys.readouterr().out
    assert "breached now              1" in out and "2026-03-02T11:00:00Z   2" in out
    assert main(["--db", str(store.path), "forecast", "--hours", "0"]) == 2
    assert "--hours" in capsys.readouterr().err
