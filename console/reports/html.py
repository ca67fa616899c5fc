"""An SLA report as one self-contained HTML file: inline style, an inline SVG chart.

Nothing is fetched (no fonts, scripts or images from elsewhere), so the file can
be mailed or opened on a machine with no network and looks the same.
"""

from html import escape

from console.reports.formats import HEADERS, display_rows, percent, title
from console.services.reports import Report

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { padding: .3rem .7rem; border-bottom: 1px solid #ddd; }
th { text-align: left; background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; }
"""

COLOURS = {"met": "#2e7d32", "breached": "#c62828", "pending": "#9e9e9e"}
_BAR_WIDTH, _ROW, _LABEL, _RIGHT = 420, 26, 260, 70


def _chart(report: Report) -> str:
    """Per group, a bar of its instances split into met / breached / pending, with the achievement."""
    groups = list(report.groups)
    widest = max((g.instances for g in groups), default=0) or 1
    height = _ROW * max(len(groups), 1) + 10
    width = _LABEL + _BAR_WIDTH + _RIGHT
    # inline SVG in HTML needs no namespace declaration, so the file names no address at all
    opening = (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
               'role="img" aria-label="SLA outcomes per group">')
    parts = [opening]
    if not groups:
        parts.append('<text x="0" y="18" font-size="13">No instances started in this period.</text>')
    for i, g in enumerate(groups):
        y = 5 + i * _ROW
        label = " / ".join(g.key)
        parts.append(f'<text x="{_LABEL - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
                     f'{escape(label)}</text>')
        x = float(_LABEL)
        for name, count in (("met", g.met), ("breached", g.breached), ("pending", g.pending)):
            if count:
                w = _BAR_WIDTH * count / widest
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{_ROW - 8}" '
                             f'fill="{COLOURS[name]}"><title>{escape(label)}: {count} {name}'
                             f'</title></rect>')
                x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">'
                     f'{escape(percent(g.achievement))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(report: Report) -> str:
    headers = list(report.by) + list(HEADERS)
    out = ["<table>", "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>"]
    rows = display_rows(report)
    for n, cells in enumerate(rows):
        total = n == len(rows) - 1
        tds = "".join(
            f'<td{" class=num" if i >= len(report.by) else ""}>{escape(c)}</td>'
            for i, c in enumerate(cells))
        out.append(f'<tr{" class=total" if total else ""}>{tds}</tr>')
    out.append("</table>")
    return "\n".join(out)


def _legend() -> str:
    return '<p class="legend">' + "".join(
        f'<span><span class="swatch" style="background:{colour}"></span>{name}</span>'
        for name, colour in COLOURS.items()) + "</p>"


def render_html(report: Report) -> str:
    heading = escape(title(report))
    note = ("Instances that started in the period, as of its end. Achievement = met in time / "
            "(met in time + breached); times to meet are working time on each metric's calendar.")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{heading}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{heading}</h1>",
        f"<p>{escape(note)}</p>",
        _chart(report),
        _legend(),
        _table(report),
        "</body></html>",
    ]) + "\n"

