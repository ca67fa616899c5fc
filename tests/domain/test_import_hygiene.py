"""The domain layer is pure: importing it must not pull in SQLite, Textual or the store.

The rule lives in pyproject.toml's import contracts, which `make lint` checks on the
source. This test checks it on the running interpreter too, which sees what a static
reading cannot: an import made by name, or one a third-party library makes for us.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "console" / "domain"


def contract(contract_id: str) -> dict:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return next(c for c in contracts["contracts"] if c["id"] == contract_id)


def beneath_the_domain() -> set[str]:
    """Modules the layers contract puts below console.domain, which it may use."""
    layers = contract("layers")["layers"]
    below = layers[layers.index("console.domain") + 1:]
    return {m.strip() for layer in below for m in layer.split("|")}


def test_domain_modules_import_nothing_impure():
    forbidden = set(contract("pure-domain")["forbidden_modules"])
    allowed = {"console.domain"} | beneath_the_domain() - forbidden
    modules = [f"console.domain.{p.stem}" for p in DOMAIN.glob("*.py") if p.stem != "__init__"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print(*sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.split()
    assert set(modules) <= set(loaded)

    def within(name: str, packages: set[str]) -> bool:
        return any(name == p or name.startswith(p + ".") for p in packages)

    bad = [m for m in loaded if within(m, forbidden)
           or (within(m, {"console"}) and m != "console" and not within(m, allowed))]
    assert bad == []


def test_domain_source_reads_no_clock_and_opens_no_files():
    calls = re.compile(r"(datetime\.now|datetime\.utcnow|time\.time|date\.today|[^_.\w]open|read_text)\(")
    for path in DOMAIN.glob("*.py"):
        found = calls.search(path.read_text())
        assert found is None, f"{path.name} uses {found.group(0)}"
