"""The domain layer is pure: importing it must not pull in SQLite, Textual or the store."""

import re
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "console" / "domain"
FORBIDDEN = ("sqlite3", "sqlite_utils", "textual", "console.store", "console.services",
             "console.tui", "console.ingest")


def test_domain_modules_import_nothing_impure():
    modules = [f"console.domain.{p.stem}" for p in DOMAIN.glob("*.py") if p.stem != "__init__"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or "
        f"any(m.startswith(f) for f in {FORBIDDEN!r})]\n"
        "print(','.join(sorted(bad)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_domain_source_reads_no_clock_and_opens_no_files():
    calls = re.compile(r"(datetime\.now|datetime\.utcnow|time\.time|date\.today|[^_.\w]open|read_text)\(")
    for path in DOMAIN.glob("*.py"):
        found = calls.search(path.read_text())
        assert found is None, f"{path.name} uses {found.group(0)}"
