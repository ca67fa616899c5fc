"""The before/after deadline table of the modals that move clocks (reclassify, set attributes)."""

from datetime import datetime

from rich.table import Table

from console.domain.policy import Pack
from console.services.actions import DuePreview
from console.services.detail import vendor_zone
from console.tui.zones import due_text, user_zone


def due_table(rows: list[DuePreview], pack: Pack, now: datetime) -> Table | str:
    """Each clock's due instant now and after the change, the changed ones in bold."""
    zone = user_zone()

    def due(clock) -> str:
        """When it is due while it runs; otherwise what became of it."""
        if clock is None:
            return "no target"
        if clock.state in ("met", "stopped") or clock.due_at is None:
            return clock.state
        text = due_text(clock.due_at, zone, vendor_zone(pack, clock), now=now)
        return f"✗ {text} (breached)" if clock.breached else text

    if not rows:
        return "no clocks"
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
    table.add_column("clock", no_wrap=True)
    table.add_column("due now", no_wrap=True)
    table.add_column("after the change", no_wrap=True, style="bold")
    for row in rows:
        table.add_row(f"{row.label} #{row.instance}", due(row.before),
                      due(row.after) + ("" if row.changed else " (same)"))
    return table
