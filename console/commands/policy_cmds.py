"""`desk policy validate|list|show`: the vendor packs, as a lead compares them with the terms."""

from pathlib import Path


def _validate(ctx) -> int:
    from console.services.packs import load_pack_file

    for name in ctx.args.files:
        pack = load_pack_file(Path(name))
        print(f"{name}: ok ({pack.id}, {len(pack.metrics)} metrics, version {pack.version})")
    return 0


def _list(ctx) -> int:
    from console.services.packs import get_pack, pack_sources

    for pid, src in sorted(pack_sources().items()):
        pack = get_pack(pid)
        note = f"  (site pack, shadows built-in {src.shadows})" if src.shadows else ""
        print(f"{pid:<14} {pack.name:<14} plans: {', '.join(pack.plans):<22} {src.path}{note}")
    return 0


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def render_pack(pack) -> str:
    out = [f"{pack.name} ({pack.id}) — {pack.document}", f"version {pack.version}", ""]
    out.append("Severities")
    out.append(_table(["id", "rank", "colour", "label", "clause"],
                      [[s.id, str(s.rank), s.colour, s.label, s.clause] for s in pack.severities.values()]))
    if pack.matrix:
        out += ["", f"Priority matrix (impact down, urgency across) — {pack.matrix_clause}"]
        out.append(_table(["impact", "high", "medium", "low"],
                          [[i] + [pack.matrix[i][u] for u in ("high", "medium", "low")]
                           for i in ("high", "medium", "low")]))
        if pack.matrix_reading:
            out.append(f"reading: {pack.matrix_reading}")
    out += ["", "Calendars"]
    out.append(_table(["id", "hours", "clause"],
                      [[cid, c.describe(), pack.calendar_clauses[cid]] for cid, c in pack.calendars.items()]))
    for m in pack.metrics:
        out += ["", f"Metric {m.id} ({m.kind}) — {m.clause}"]
        plans = [p for p in pack.plans if p in m.targets] or list(m.targets)
        cols = plans if "all" not in m.targets else ["all"]
        rows = []
        for sev in pack.severities:
            cells = []
            for plan in cols:
                row = m.targets.get(plan, {})
                d = row.get(sev) or row.get("all")
                goal = m.goals.get(plan, {}).get(sev) or m.goals.get(plan, {}).get("all")
                cells.append((str(d) if d else "—") + (f" (goal {goal})" if goal else ""))
            rows.append([sev] + cells)
        out.append(_table(["severity"] + cols, rows))
        out.append("calendars: " + "; ".join(
            f"{r.calendar} when {r.when}" if r.when.severity or r.when.plan or r.when.attributes
            or r.when.after or r.when.options else f"{r.calendar} otherwise" for r in m.calendars))
        if m.reading:
            out.append(f"reading: {m.reading}")
    out += ["", "Escalation ladder"]
    out.append(_table(["tier", "label", "reached by", "clause"],
                      [[t.id, t.label, t.via, t.clause] for t in pack.tiers]))
    if pack.required_info:
        out += ["", "Required information"]
        out.append(_table(["field", "label", "clause"], [[f.id, f.label, f.clause] for f in pack.required_info]))
    if pack.reject_reasons:
        out += ["", "Reject reasons"]
        out.append(_table(["id", "label", "clause"],
                          [[r.id, r.label, r.clause] for r in pack.reject_reasons.values()]))
    return "\n".join(out)


def _show(ctx) -> int:
    from console.services.packs import get_pack

    print(render_pack(get_pack(ctx.args.id)))
    return 0


def register(sub) -> None:
    policy = sub.add_parser("policy", help="validate, list and show vendor policy packs")
    verbs = policy.add_subparsers(dest="verb", metavar="VERB", required=True)
    v = verbs.add_parser("validate", help="validate pack files (errors as file:line: key: what)")
    v.add_argument("files", nargs="+")
    v.set_defaults(handler=_validate)
    ls = verbs.add_parser("list", help="list packs, built-in and site")
    ls.set_defaults(handler=_list)
    show = verbs.add_parser("show", help="render a pack's targets, calendars and ladder as tables")
    show.add_argument("id")
    show.set_defaults(handler=_show)
    from console.commands.lead_cmds import register_policy_diff

    register_policy_diff(verbs)
