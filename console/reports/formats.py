"""An SLA report as text: an aligned table, JSON, CSV or Markdown (HTML is in html.py)."""

import csv
import io
import json

from console.domain.durations import format_span
from console.services.reports import Report

# "undelivered": met, but the reply had not reached the customer 15 minutes later.
HEADERS = ("instances", "met", "breached", "pending", "achieved", "median", "p90", "undelivered")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def display_rows(report: Report) -> list[list[str]]:
    """Groups then the total, as the cells a reader sees."""
    out = []
    for row in report.rows():
        out.append([str(row[d]) for d in report.by] + [
            str(row["instances"]), str(row["met"]), str(row["breached"]), str(row["pending"]),
            percent(row["achievement"]), format_span(row["median_seconds"]),
            format_span(row["p90_seconds"]), str(row["undelivered"])])
    return out


def title(report: Report) -> str:
    return f"SLA achievement {report.start.isoformat()} to {report.end.isoformat()}"


def render_table(report: Report) -> str:
    headers = list(report.by) + list(HEADERS)
    rows = display_rows(report)
    widths = [max(len(c) for c in col) for col in zip(headers, *rows)]
    numeric = len(report.by)

    def line(cells):
        return "  ".join(c.ljust(w) if i < numeric else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(r) for r in rows[:-1]]
    return "\n".join([title(report), "", line(headers), rule, *body, rule, line(rows[-1])]) + "\n"


def render_markdown(report: Report) -> str:
    headers = list(report.by) + list(HEADERS)
    align = ["---"] * len(report.by) + ["---:"] * len(HEADERS)
    rows = display_rows(report)
    rows[-1] = [f"**{c}**" if c else c for c in rows[-1]]
    lines = [f"# {title(report)}", "", "| " + " | ".join(headers) + " |",
             "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    fields = list(report.by) + ["instances", "met", "breached", "pending", "achievement",
                                "median_seconds", "p90_seconds", "undelivered"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in report.rows():
        writer.writerow({k: "" if row[k] is None else row[k] for k in fields})
    return buffer.getvalue()


def render_json(report: Report) -> str:
    return json.dumps(report.as_json(), indent=2) + "\n"

