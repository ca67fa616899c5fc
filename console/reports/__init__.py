"""Rendering an SLA report for people and for other tools, in the format asked for."""

from console.reports.formats import render_csv, render_json, render_markdown, render_table
from console.reports.html import render_html
from console.services.reports import Report

RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv,
             "md": render_markdown, "html": render_html}
FORMATS = tuple(RENDERERS)


def render(report: Report, fmt: str) -> str:
    return RENDERERS[fmt](report)
