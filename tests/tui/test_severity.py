"""Severity badges: every pack's scale reads apart at every colour depth, and text stays on the badge."""

import pytest
from rich.color import ColorSystem
from rich.console import Console

from console.services import packs
from console.tui.severity import badge, badge_style

DEPTHS = [ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT, ColorSystem.STANDARD]


@pytest.mark.parametrize("policy", sorted(packs.pack_sources()))
@pytest.mark.parametrize("depth", DEPTHS, ids=lambda d: d.name.lower())
def test_each_severity_of_a_pack_has_its_own_background_at_every_depth(policy, depth):
    pack = packs.get_pack(policy)
    backgrounds = {sev: badge_style(pack, sev).bgcolor.downgrade(depth) for sev in pack.severities}
    assert len(set(backgrounds.values())) == len(backgrounds), backgrounds


@pytest.mark.parametrize("policy", sorted(packs.pack_sources()))
def test_a_badge_names_its_severity_and_keeps_appended_text_off_its_background(policy):
    pack = packs.get_pack(policy)
    severity = next(iter(pack.severities))
    text = badge(pack, severity)
    assert text.plain == f" {severity} "
    text.append("3", style="bold")
    segments = {s.text.strip(): s.style for s in Console().render(text) if s.text.strip()}
    assert segments[severity].bgcolor == badge_style(pack, severity).bgcolor
    assert segments["3"].bgcolor is None


def test_no_severity_is_a_dash():
    assert badge(None, None).plain == " - "
