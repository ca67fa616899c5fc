"""The check-kind registry: each kind's parameters, its verdict on a ticket and its option checks."""

from datetime import UTC, datetime

import pytest

from console.domain.checks import (
    CHECK_KINDS,
    Check,
    Finding,
    TicketFacts,
    judge,
    limit_per_thousand,
)

OPENED = datetime(2026, 11, 16, 10, tzinfo=UTC)


def check(kind: str, **params) -> Check:
    return Check(id="c", kind=kind, label="Label", clause="Clause 1", params=params)


def facts(**given) -> TicketFacts:
    return TicketFacts(**{"attributes": {}, "requester": None, "opened_at": OPENED, "plan": "standard",
                          "options": {}, "missing_info": (), **given})


VERDICTS = [
    # (what, the check, the ticket's facts, the finding's (flag, detail) or None)
    ("information missing", check("required_attributes"), facts(missing_info=("region", "serial")),
     ("info?", "missing: region, serial")),
    ("information complete", check("required_attributes"), facts(), None),
    ("opened after the term", check("opened_after_option", option="term_end", flag="term ended"),
     facts(options={"term_end": "2026-11-01"}), ("term ended", "Label (2026-11-01)")),
    ("opened on the last day", check("opened_after_option", option="term_end"),
     facts(options={"term_end": "2026-11-16"}), None),
    ("no term end agreed", check("opened_after_option", option="term_end"), facts(), None),
    ("term end unreadable", check("opened_after_option", option="term_end"),
     facts(options={"term_end": "soon"}), None),
    ("release of a supported minor", check("attribute_in_option", attribute="version", option="v"),
     facts(attributes={"version": "6.12.3"}, options={"v": ["6.12", "6.11"]}), None),
    ("unsupported version", check("attribute_in_option", attribute="version", option="v", flag="old"),
     facts(attributes={"version": "6.120"}, options={"v": ["6.12", "6.11"]}),
     ("old", "Label: 6.120 (supported: 6.12, 6.11)")),
    ("no supported list", check("attribute_in_option", attribute="version", option="v"),
     facts(attributes={"version": "1.0"}), None),
    ("requester is a lead", check("requester_in_option", option="leads"),
     facts(requester="Ana@Acme.example", options={"leads": ["ana@acme.example"]}), None),
    ("requester is not a lead", check("requester_in_option", option="leads"),
     facts(requester="Bo@Acme.example", options={"leads": ["ana@acme.example"]}),
     ("c", "Label: bo@acme.example")),
    ("excluded value", check("attribute_not_in", attribute="image", values=["Private"], flag="x"),
     facts(attributes={"image": "private"}), ("x", "Label: private")),
    ("allowed value", check("attribute_not_in", attribute="image", values=["private"]),
     facts(attributes={"image": "marketplace"}), None),
    ("too many named", check("option_within_limit", option="leads", count_option="hosts",
                             per_thousand=2, maximum=10),
     facts(options={"leads": ["a", "b", "c"], "hosts": 1000}), ("c", "Label: 3 named, 2 allowed")),
    ("within the limit", check("option_within_limit", option="leads", count_option="hosts", per_thousand=2),
     facts(options={"leads": ["a", "b", "c"], "hosts": 1001}), None),
    ("another plan's check", check("attribute_not_in", attribute="area", values=["app"], plans=["essential"]),
     facts(attributes={"area": "app"}, plan="enhanced"), None),
    ("its plan's check", check("attribute_not_in", attribute="area", values=["app"], plans=["essential"]),
     facts(attributes={"area": "app"}, plan="essential"), ("c", "Label: app")),
    ("a plan's check without a contract", check("attribute_not_in", attribute="area", values=["app"],
                                                plans=["essential"]),
     facts(attributes={"area": "app"}, plan=None), None),
]


@pytest.mark.parametrize("what,given,ticket,expected", VERDICTS, ids=[v[0] for v in VERDICTS])
def test_verdict(what, given, ticket, expected):
    found = judge(given, ticket)
    assert found == (None if expected is None else Finding("c", *expected, "Clause 1"))


OPTION_FAULTS = [
    ("opened_after_option", {"option": "term_end"}, {"term_end": "next year"},
     ["option term_end: 'next year' is not a date (YYYY-MM-DD)"]),
    ("opened_after_option", {"option": "term_end"}, {"term_end": "2027-01-31"}, []),
    ("attribute_in_option", {"attribute": "version", "option": "v"}, {"v": "6.12"},
     ['option v: expected a list, e.g. ["a", "b"]']),
    ("requester_in_option", {"option": "leads"}, {"leads": ["a@b.example"]}, []),
    ("option_within_limit", {"option": "leads", "count_option": "hosts", "per_thousand": 2},
     {"leads": "a@b.example", "hosts": -1},
     ['option leads: expected a list, e.g. ["a", "b"]', "option hosts: -1 is not a whole number"]),
    ("option_within_limit", {"option": "leads", "count_option": "hosts", "per_thousand": 2},
     {"hosts": True}, ["option hosts: True is not a whole number"]),
    ("option_within_limit", {"option": "leads", "count_option": "hosts", "per_thousand": 2},
     {"leads": [], "hosts": 0}, []),
    ("required_attributes", {}, {"anything": 1}, []),
    ("attribute_not_in", {"attribute": "a", "values": []}, {"anything": 1}, []),
]


@pytest.mark.parametrize("kind,params,options,errors", OPTION_FAULTS)
def test_contract_options_each_kind_reads(kind, params, options, errors):
    assert CHECK_KINDS[kind].option_errors(params, options) == errors


def test_a_kind_needs_no_parameter_beyond_those_it_names():
    # The loader refuses a check without its kind's parameters and lets it through with them:
    # the verdict must then read nothing else (no KeyError on a ticket with nothing set).
    for kind, entry in CHECK_KINDS.items():
        given = check(kind, **{name: 2 if name == "per_thousand" else "x" for name in entry.params})
        assert judge(given, facts()) is None, kind
        assert entry.option_errors(given.params, {}) == [], kind


@pytest.mark.parametrize("count,per,maximum,allowed", [
    (0, 2, 10, 0), (1, 2, 10, 1), (1000, 2, 10, 2), (1001, 2, 10, 3), (9000, 2, 10, 10), (9000, 2, None, 18),
])
def test_limit_per_thousand_rounds_up_and_caps(count, per, maximum, allowed):
    assert limit_per_thousand(count, per, maximum) == allowed
