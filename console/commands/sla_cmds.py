"""`desk sla check|explain SCENARIO.json`: clocks of a scripted ticket, without a store."""

import json
from pathlib import Path


def _check(ctx) -> int:
    from console.services.scenario import clock_json, clocks_of, load_scenario

    scenario = load_scenario(Path(ctx.args.scenario))
    print(json.dumps({"clocks": [clock_json(c) for c in clocks_of(scenario)]}, indent=2))
    return 0


def _explain(ctx) -> int:
    from console.domain.explain import explain, render_text
    from console.services.scenario import clocks_of, load_scenario

    scenario = load_scenario(Path(ctx.args.scenario))
    clocks = clocks_of(scenario)
    if not clocks:
        print("no clocks: nothing in this scenario starts a metric of the pack")
    blocks = [render_text(explain(scenario.pack, c, scenario.now)) for c in clocks]
    print("\n\n".join(blocks))
    return 0


def register(sub) -> None:
    sla = sub.add_parser("sla", help="compute or explain SLA clocks of a scenario file")
    verbs = sla.add_subparsers(dest="verb", metavar="VERB", required=True)
    check = verbs.add_parser("check", help="print every metric instance as JSON")
    check.add_argument("scenario", help="scenario JSON (see README: SLA scenarios)")
    check.set_defaults(handler=_check)
    expl = verbs.add_parser("explain", help="explain each deadline: intervals counted, skipped, clauses")
    expl.add_argument("scenario")
    expl.set_defaults(handler=_explain)
