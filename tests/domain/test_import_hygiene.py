"""The domain layer is pure: importing it must not pull in SQLite, Textual or the store.

The rule lives in pyproject.toml's import contracts, which `make lint` checks on the
source. This test checks it on the running interpreter too, which sees what a static
reading cannot: an import made by name, or one a third-party library makes for us.
"""

import ast
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


def _domain_imports(path: Path) -> set[str]:
    """The console.domain modules a module imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n.removeprefix("console.domain.") for n in names if n.startswith("console.domain.")}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return path[path.index(module):] + [module]
        if module in done:
            return None
        for target in sorted(graph[module]):
            if (found := visit(target, path + [module])) is not None:
                return found
        done.add(module)
        return None

    return next((found for m in sorted(graph) if (found := visit(m, [])) is not None), None)


def test_domain_modules_import_one_another_without_a_cycle():
    # A function-level import counts: it only hides the cycle until the function runs.
    modules = {p.stem: p for p in DOMAIN.glob("*.py") if p.stem != "__init__"}
    graph = {name: _domain_imports(path) & modules.keys() for name, path in modules.items()}
    assert graph["clocks"] >= {"policy"}   # the graph is read, not empty
    found = _cycle(graph)
    assert found is None, "import cycle in console.domain: " + " -> ".join(found)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
