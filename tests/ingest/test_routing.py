"""Routing by sender: address beats domain, longer domain beats shorter, ties stay unrouted."""

from console.domain.contract import Contract
from console.ingest.routing import route


def contract(cid: str, *domains: str) -> Contract:
    return Contract(id=cid, customer=cid, policy="ispsystem", plan="standard", domains=domains)


ACME = contract("acme", "acme.example")
ACME_EU = contract("acme-eu", "eu.acme.example")
BOSS = contract("boss", "ceo@acme.example")
TWIN_A, TWIN_B = contract("twin-a", "twin.example"), contract("twin-b", "twin.example")
ALL = [ACME, ACME_EU, BOSS, TWIN_A, TWIN_B]


def test_domain_and_subdomain():
    assert route("ops@acme.example", ALL).contract == ACME
    assert route("ops@mail.acme.example", ALL).contract == ACME
    assert route("ops@eu.acme.example", ALL).contract == ACME_EU   # the closer domain


def test_an_exact_address_beats_its_domain_and_case_does_not_matter():
    assert route("CEO@Acme.Example", ALL).contract == BOSS


def test_unknown_and_ambiguous_senders_stay_unrouted_with_a_reason():
    unknown = route("who@notacme.example", ALL)
    assert unknown.contract is None and unknown.reason == "no contract for notacme.example"
    twins = route("ops@twin.example", ALL)
    assert twins.contract is None and "twin-a, twin-b" in twins.reason
    assert route(None, ALL).contract is None
