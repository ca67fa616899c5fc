"""Scenario helpers: every pack test goes through `desk sla check`, as outside checks do."""

import json

import pytest

from console.cli import main


@pytest.fixture
def sla(tmp_path, capsys):
    """Run `desk sla check` on a scenario dict; return {(metric, instance): clock}."""

    def run(scenario: dict) -> dict:
        path = tmp_path / "scenario.json"
        path.write_text(json.dumps(scenario))
        capsys.readouterr()
        code = main(["sla", "check", str(path)])
        out = capsys.readouterr()
        assert code == 0, out.err
        clocks = json.loads(out.out)["clocks"]
        return {(c["metric"], c["instance"]): c for c in clocks}

    return run


def scenario(policy, plan, opened_at, now, events=(), **extra):
    return {"policy": policy, "plan": plan, "opened_at": opened_at, "now": now,
            "events": list(events), "attributes": extra.pop("attributes", {}),
            "options": extra.pop("options", {}), **extra}
