"""`set_attributes` in `desk sla check` (DESIGN.md: attribute changes, all packs): a corrected
product is a stretch boundary; time before counts on the calendar of the product then in force."""

import json

import pytest

from console.cli import main
from tests.policies.conftest import scenario

MON = "2026-11-16T10:00:00Z"    # Monday 16 November 2026


def _correct(at, **attributes):
    return {"at": at, "kind": "set_attributes", "attributes": attributes, "reason": "product named"}


# (why, scenario, metric, expected (state, due_at, remaining_seconds, calendar))
CASES = [
    (
        # ISPsystem T&C 3.1, 2.6: High is 16 h. As VMmanager 10:00-12:00 around the clock (2 h);
        # as BILLmanager on 06:00-18:00 UTC: Mon 12-18 (6 h) + Tue 06-14 (8 h) -> Tue 14:00.
        # At 13:00: 3 h consumed, 13 h left.
        "ispsystem vmmanager corrected to billmanager",
        scenario("ispsystem", "standard", MON, "2026-11-16T13:00:00Z", severity="high",
                 attributes={"product": "vmmanager"},
                 events=[_correct("2026-11-16T12:00:00Z", product="BILLmanager")]),
        "response", ("running", "2026-11-17T14:00:00Z", 13 * 3600, "billing_hours"),
    ),
    (
        # The Saturday case: BILLmanager Sat 20:00 -> nothing counts until Sun 06:00; corrected
        # to VMmanager at Sun 04:00: 16 h around the clock from there -> Sun 20:00.
        "ispsystem billmanager corrected to vmmanager overnight",
        scenario("ispsystem", "standard", "2026-11-21T20:00:00Z", "2026-11-22T04:00:00Z",
                 severity="high", attributes={"product": "billmanager"},
                 events=[_correct("2026-11-22T04:00:00Z", product="vmmanager")]),
        "response", ("running", "2026-11-22T20:00:00Z", 16 * 3600, "always"),
    ),
    (
        # Privilege is 24/7 on any product (3.1): the correction moves nothing. 8 h from 10:00.
        "ispsystem privilege: the product does not choose the calendar",
        scenario("ispsystem", "privilege", MON, "2026-11-16T12:00:00Z", severity="high",
                 attributes={"product": "vmmanager"},
                 events=[_correct("2026-11-16T11:00:00Z", product="dnsmanager")]),
        "response", ("running", "2026-11-16T18:00:00Z", 6 * 3600, "always"),
    ),
]


@pytest.mark.parametrize("why,data,metric,expected", CASES, ids=[c[0] for c in CASES])
def test_each_stretch_counts_on_the_calendar_of_its_product(sla, why, data, metric, expected):
    c = sla(data)[(metric, 1)]
    assert (c["state"], c["due_at"], c["remaining_seconds"], c["calendar"]) == expected


def test_a_product_the_pack_does_not_know_is_bad_input(tmp_path, capsys):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario("ispsystem", "standard", MON, MON, severity="high",
                                        events=[_correct(MON, product="cpanel")])))
    capsys.readouterr()
    assert main(["sla", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "product: 'cpanel' is not one ispsystem knows" in err and len(err.strip().splitlines()) == 1
