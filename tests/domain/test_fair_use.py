"""The fair-use ledger: allowance boundary, prepaid minutes, contract years, what counts."""

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.events import Event
from console.domain.fair_use import FairUseError, Worklog, contract_year, counted_worklogs, ledger
from console.domain.policy import FairUse, PackError, parse_pack
from console.resources import policies_dir

TERMS = FairUse(allowance_minutes=120, block_minutes=30, severities=("p1",),
                clause="Fair Use Policy", timezone="Europe/London", warn_below_percent=25)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _used(*minutes: int, at: datetime = NOW - timedelta(days=1)) -> list[Worklog]:
    return [Worklog("T-1", at, m) for m in minutes]


@pytest.mark.parametrize("used, blocks, left, over", [
    (119, 0, 1, 0), (120, 0, 0, 0), (121, 1, 0, 1), (150, 1, 0, 30), (151, 2, 0, 31)])
def test_the_allowance_boundary(used, blocks, left, over):
    book = ledger(TERMS, {}, _used(used), NOW)
    assert (book.billable_blocks, book.remaining_minutes, book.over_minutes) == (blocks, left, over)


def test_the_minutes_add_up_across_tickets_and_prepaid_minutes_extend_the_allocation():
    logs = _used(100, 80)
    assert ledger(TERMS, {}, logs, NOW).billable_blocks == 2                # 60 over
    prepaid = ledger(TERMS, {"fair_use_prepaid_minutes": 60}, logs, NOW)
    assert (prepaid.allocation_minutes, prepaid.billable_blocks) == (180, 0)
    assert ledger(TERMS, {"fair_use_prepaid_minutes": 60}, logs + _used(1), NOW).billable_blocks == 1


def test_the_warning_comes_below_a_quarter_left():
    assert not ledger(TERMS, {}, _used(90), NOW).running_low   # 30 of 120 left: exactly 25 %
    assert ledger(TERMS, {}, _used(91), NOW).running_low
    assert ledger(TERMS, {}, _used(200), NOW).running_low


def test_the_contract_year_turns_at_local_midnight_and_nothing_rolls_over():
    options = {"contract_year_start": "04-01"}
    # 31 March 2026 23:59 in London (BST) is 22:59 UTC: still the old year
    old = Worklog("T-1", datetime(2026, 3, 31, 22, 59, tzinfo=UTC), 100)
    new = Worklog("T-2", datetime(2026, 3, 31, 23, 0, tzinfo=UTC), 30)
    march = ledger(TERMS, options, [old, new], datetime(2026, 3, 31, 22, 59, 30, tzinfo=UTC))
    assert march.used_minutes == 100 and march.remaining_minutes == 20
    april = ledger(TERMS, options, [old, new], datetime(2026, 4, 15, tzinfo=UTC))
    assert april.used_minutes == 30 and april.remaining_minutes == 90   # the 20 left did not roll over
    assert april.year_start == datetime(2026, 3, 31, 23, 0, tzinfo=UTC)
    assert april.year_end == datetime(2027, 3, 31, 23, 0, tzinfo=UTC)


def test_the_year_before_its_start_date_is_last_years():
    start, end = contract_year(datetime(2026, 2, 1, tzinfo=UTC), {"contract_year_start": "09-15"}, "UTC")
    assert (start, end) == (datetime(2025, 9, 15, tzinfo=UTC), datetime(2026, 9, 15, tzinfo=UTC))
    assert contract_year(NOW, {}, "UTC")[0] == datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("options, words", [
    ({"contract_year_start": "13-01"}, "contract_year_start"),
    ({"contract_year_start": "02-29"}, "contract_year_start"),
    ({"contract_year_start": "April"}, "contract_year_start"),
    ({"fair_use_prepaid_minutes": -5}, "fair_use_prepaid_minutes"),
    ({"fair_use_prepaid_minutes": "lots"}, "fair_use_prepaid_minutes"),
])
def test_unreadable_contract_options_are_named(options, words):
    with pytest.raises(FairUseError, match=words):
        ledger(TERMS, options, [], NOW)


def _event(n: int, kind: str, **payload) -> Event:
    return Event(id=f"e{n}", ticket_id="T-9", at=NOW - timedelta(hours=10 - n), kind=kind,
                 actor="sam", payload=payload, seq=n)


def test_only_out_of_hours_work_while_p1_counts():
    log = [
        _event(1, "open", severity="p1"),
        _event(2, "worklog", minutes=40, out_of_hours=True),        # counts
        _event(3, "worklog", minutes=15, out_of_hours=False),       # in hours
        _event(4, "worklog", minutes=25, out_of_hours=True),        # undone below
        _event(5, "undo", undoes="e4"),
        _event(6, "reclassify", severity="p2"),
        _event(7, "worklog", minutes=50, out_of_hours=True),        # no longer P1
        _event(8, "reclassify", severity="p1"),
        _event(9, "worklog", minutes=10, out_of_hours=True, copied_from="x"),  # a split copy
    ]
    assert [w.minutes for w in counted_worklogs("T-9", log, TERMS)] == [40]


def test_the_pro2col_pack_carries_the_terms():
    pack = parse_pack((policies_dir() / "pro2col.toml").read_text(), "pro2col.toml")
    assert pack.fair_use is not None
    assert (pack.fair_use.allowance_minutes, pack.fair_use.block_minutes) == (120, 30)
    assert pack.fair_use.severities == ("p1",)


@pytest.mark.parametrize("good, broken, key, words", [
    ("block_minutes = 30", "block_minutes = 0", "fair_use.block_minutes", "whole number >= 1"),
    ('severities = ["p1"]', 'severities = ["p0"]', "fair_use.severities", "unknown severity 'p0'"),
    ("allowance_minutes = 120", 'allowance_minutes = "two hours"', "fair_use.allowance_minutes",
     "expected int"),
    ("warn_below_percent = 25", "warn_below_percent = 250", "fair_use.warn_below_percent", "0..100"),
])
def test_a_bad_fair_use_section_is_refused_with_its_key(good, broken, key, words):
    text = (policies_dir() / "pro2col.toml").read_text().replace(good, broken)
    with pytest.raises(PackError) as caught:
        parse_pack(text, "p.toml")
    assert key in str(caught.value) and words in str(caught.value)
    line = text[: text.index(broken)].count("\n") + 1
    assert str(caught.value).startswith(f"p.toml:{line}:")
