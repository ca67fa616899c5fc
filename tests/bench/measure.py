"""Running desk as its own process and measuring that process alone, for the benchmarks."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs desk and reports the peak resident memory of its own address space (VmHWM is reset
# at exec; ru_maxrss would carry over the size of this pytest process at fork time).
_MEASURED = (
    "import sys\n"
    "from console.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "with open('/proc/self/status') as status:\n"
    "    sys.stderr.write(next(line for line in status if line.startswith('VmHWM')))\n"
    "sys.exit(code)\n"
)


def desk_measured(out: Path, *argv: str, env: dict[str, str] | None = None,
                  code: str = _MEASURED) -> tuple[int, float, float, int]:
    """Run desk (or `code`, which ends by writing its VmHWM line to stderr) with stdout to `out`:
    (exit code, wall seconds, CPU seconds, peak memory in KiB) of that run."""
    errors = out.with_suffix(".err")
    started = time.perf_counter()
    with out.open("w") as sink, errors.open("w") as err_sink:
        proc = subprocess.Popen([sys.executable, "-c", code, *argv], cwd=ROOT, stdout=sink,
                                stderr=err_sink, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    text = errors.read_text()
    exit_code = os.waitstatus_to_exitcode(status)
    assert "VmHWM:" in text, text
    return exit_code, wall, usage.ru_utime + usage.ru_stime, int(text.split("VmHWM:")[-1].split()[0])
