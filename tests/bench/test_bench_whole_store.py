"""Benchmark: whole-store commands at 10 000 and 100 000 tickets (`make bench`).

Each command runs as its own process (as a desk runs it), and each figure is printed
beside a floor measured in the same run, so a shared machine's load cancels out:

- `desk forecast --hours 8 --json` on the queue benchmark's store of N open tickets
  (a quarter to a third of them breached), against the same command on an empty
  store: the console's start-up, which is what the forecast should cost at any size.
- `desk rebuild` over an event log of N tickets (tests/bench/bulk_store.log_store),
  against a raw pass over the same store that reads every event in ticket order,
  decodes its payload and writes one row per ticket, batched like the rebuild.
- `desk policy diff --json` on the rebuilt store, with the packs unchanged (nothing
  can move: no ticket is refolded) and with a site pack halving ProComputers' target
  (its open tickets are refolded), against the same raw pass.

Wall and CPU seconds, and peak resident memory (VmHWM) of each process. Memory
should stay flat from 10 000 to 100 000 tickets.
"""

import os
import shutil
import statistics
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.resources import policies_dir
from tests.bench.bulk_store import bench_store, log_store
from tests.bench.measure import desk_measured

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
SIZES = (10_000, 100_000)
ROUNDS = 5

# The rebuild's floor: every event read in ticket order and its payload decoded, one row
# written per ticket, 500 tickets a transaction; VmHWM reported as desk_measured expects.
RAW_PASS = """
import itertools, json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("CREATE TABLE IF NOT EXISTS floor_rows (ticket_id TEXT PRIMARY KEY, events INTEGER, last TEXT)")
conn.execute("DELETE FROM floor_rows")
batch = []
def flush():
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO floor_rows VALUES (?, ?, ?)", batch)
    conn.execute("COMMIT")
    batch.clear()
reader = sqlite3.connect(sys.argv[1])
for ticket_id, group in itertools.groupby(reader.execute(
        "SELECT ticket_id, seq, at, kind, payload FROM events ORDER BY ticket_id, seq"),
        key=lambda row: row[0]):
    events = [(seq, at, kind, json.loads(payload)) for _, seq, at, kind, payload in group]
    batch.append((ticket_id, len(events), events[-1][1]))
    if len(batch) == 500:
        flush()
if batch:
    flush()
conn.execute("DROP TABLE floor_rows")
with open('/proc/self/status') as status:
    sys.stderr.write(next(line for line in status if line.startswith('VmHWM')))
"""


def _median_run(out: Path, *argv: str, rounds: int = ROUNDS, **kw) -> tuple[float, float, int]:
    """(median wall s, median CPU s, largest peak KiB) over `rounds` runs, each checked to succeed."""
    runs = []
    for _ in range(rounds):
        code, wall, cpu, peak = desk_measured(out, *argv, **kw)
        assert code == 0, out.with_suffix(".err").read_text()
        runs.append((wall, cpu, peak))
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def _line(what: str, wall: float, cpu: float, peak: int, floor: float) -> str:
    return (f"  {what:34} {wall:7.2f} s wall ({cpu:6.2f} s CPU)  {wall / floor:5.2f}x floor  "
            f"peak {peak / 1024:6.1f} MiB")


@pytest.mark.parametrize("tickets", SIZES)
def test_forecast_costs_what_start_up_costs(tmp_path, tickets):
    at = NOW.isoformat()
    empty = tmp_path / "empty.db"
    assert desk_measured(tmp_path / "init.out", "--db", str(empty), "init")[0] == 0
    store = tmp_path / "desk.db"
    shutil.copy(bench_store(tickets, NOW), store)
    desk_measured(tmp_path / "warm.out", "--db", str(store), "--now", at, "forecast")  # migrates the copy
    floor = _median_run(tmp_path / "floor.out", "--db", str(empty), "--now", at, "forecast",
                        "--hours", "8", "--json")
    run = _median_run(tmp_path / "forecast.out", "--db", str(store), "--now", at, "forecast",
                      "--hours", "8", "--json")
    size = (tmp_path / "forecast.out").stat().st_size
    print(f"\nforecast --hours 8 --json, {tickets} open tickets (median of {ROUNDS}), "
          f"{size / 1024:.0f} KiB of JSON")
    print(_line("start-up: the same on an empty store", *floor, floor=floor[0]))
    print(_line("forecast", *run, floor=floor[0]))
    assert run[0] < 3 * floor[0]


@pytest.mark.parametrize("tickets", SIZES)
def test_rebuild_and_policy_diff_against_a_raw_pass(tmp_path, tickets):
    store = tmp_path / "desk.db"
    shutil.copy(log_store(tickets, NOW), store)
    rounds = 3 if tickets <= 10_000 else 1
    floor = _median_run(tmp_path / "raw.out", str(store), code=RAW_PASS, rounds=rounds)
    rebuild = _median_run(tmp_path / "rebuild.out", "--db", str(store), "rebuild", rounds=rounds)
    assert f"rebuilt {tickets} tickets" in (tmp_path / "rebuild.out").read_text()
    unchanged = _median_run(tmp_path / "diff.out", "--db", str(store), "policy", "diff", "--json",
                            rounds=rounds)
    site = tmp_path / "config" / "support-console" / "policies"
    site.mkdir(parents=True)
    text = (policies_dir() / "procomputers.toml").read_text()
    (site / "procomputers.toml").write_text(text.replace('all = "24 hours"', 'all = "12 hours"'))
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    changed = _median_run(tmp_path / "moved.out", "--db", str(store), "policy", "diff", "--json",
                          rounds=rounds, env=env)
    moved = (tmp_path / "moved.out").read_text().count('"ticket_id"')
    print(f"\nwhole-store work, {tickets} tickets' logs (median of {rounds})")
    print(_line("floor: raw pass, one row a ticket", *floor, floor=floor[0]))
    print(_line("rebuild", *rebuild, floor=floor[0]) + f"  {rebuild[0] / tickets * 1e6:.0f} us/ticket")
    print(_line("policy diff, packs unchanged", *unchanged, floor=floor[0]))
    print(_line(f"policy diff, one pack changed ({moved} moves)", *changed, floor=floor[0]))
    assert moved > 0
