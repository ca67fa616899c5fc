"""Routing a stranger's mail (DESIGN.md `route`): intake's reading of the original mail is
applied under the contract's pack, and the clocks count from the original receipt."""

import pytest

from console.errors import UserError
from console.ingest.records import Incoming
from console.services import routing
from console.services.contracts import add_contract
from console.services.detail import describe
from console.services.intake import Intake
from console.services.tickets import record
from console.store import contracts, events, projections
from tests.conftest import table
from tests.services.conftest import T0, at

STRANGER = "ops@stranger.example"
ROUTED_AT = at(180)    # three hours after the mail came in


def mail(store, subject: str, body: str, *, sender: str = STRANGER, key: str = "<m1@x>",
         minutes: float = 0) -> str:
    """Take one mail through intake; returns the ticket it opened."""
    outcome = Intake(store, now=at(minutes)).take(
        Incoming(key=key, origin=key, subject=subject, body=body, sender=sender, at=at(minutes)))
    assert outcome.action == "created", outcome
    return outcome.ticket


# (contract, subject, body, severity, attributes read, metric, (due_at, remaining at the route, breached))
CASES = [
    # ISPsystem T&C 2.6, 3.1: Emergency is 8 h around the clock from receipt 10:00 -> 18:00;
    # 3 h gone when it is routed at 13:00.
    ("isp", "VMmanager cluster down", "Severity: Emergency\nversion 6.3.1 on every node",
     "emergency", {"product": "VMmanager", "version": "6.3.1"},
     "response", ("2026-03-02T18:00:00Z", 5 * 3600, False)),
    # ISPsystem 3.1: BILLmanager counts 06:00-18:00 UTC: Mon 10-18 (8 h) + Tue 06-14 (8 h)
    # of High's 16 h; 13 h left at 13:00.
    ("isp", "Invoices numbered twice", "Our BILLmanager numbers invoices twice.\nSeverity: High",
     "high", {"product": "BILLmanager"},
     "response", ("2026-03-03T14:00:00Z", 13 * 3600, False)),
    # Pro2col: High impact x Medium urgency is p2; vendor escalation 4 working hours on
    # 09:00-17:30 London (GMT in March) from 10:00 -> 14:00.
    ("p2", "Transfers stuck", "Impact: High\nUrgency: Medium\n", "p2", {},
     "vendor_escalation", ("2026-03-02T14:00:00Z", 3600, False)),
    # AlmaCare enhanced sev1: 30 minutes elapsed from receipt; it was already breached when routed.
    ("alma", "Kernel panic on boot", "Sev 1 - production hosts down", "sev1", {},
     "first_response", ("2026-03-02T10:30:00Z", -9000, True)),
    # ProComputers: nothing stated, the pack's default severity and a triage mark; 24 h elapsed.
    ("pc", "Image question", "Which region should we use?", "sev3", {"triage": "severity not stated"},
     "first_response", ("2026-03-03T10:00:00Z", 21 * 3600, False)),
]


@pytest.mark.parametrize("contract, subject, body, severity, read, metric, due", CASES,
                         ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_route_applies_the_reading_of_the_original_mail(store, contract, subject, body, severity,
                                                        read, metric, due):
    ticket = mail(store, subject, body)
    assert projections.get_ticket(store, ticket)["contract_id"] is None

    routing.route_ticket(store, ticket, contract_id=contract, at=ROUTED_AT, actor="ann")

    row = projections.get_ticket(store, ticket)
    assert (row["contract_id"], row["severity"]) == (contract, severity)
    assert {k: row["attributes"].get(k) for k in read} == read
    assert ("triage" in row["flags"]) == ("triage" in read)
    assert "unrouted" not in row["flags"]
    clock = next(c for c in projections.clocks_of(store, ticket) if c["metric"] == metric)
    assert clock["started_at"] == "2026-03-02T10:00:00Z"     # the original receipt
    assert (clock["due_at"], clock["remaining"], clock["breached"]) == due


def test_a_stated_severity_the_scale_does_not_know_waits_for_triage(store):
    ticket = mail(store, "Slow disks", "Priority: urgent")
    routing.route_ticket(store, ticket, contract_id="isp", at=ROUTED_AT, actor="ann")
    row = projections.get_ticket(store, ticket)
    assert row["severity"] == "medium"    # the ISPsystem pack's default
    assert row["attributes"]["triage"] == "stated 'Priority: urgent' is not on the ISPsystem scale"


def test_fields_the_ticket_already_holds_are_kept(store):
    ticket = mail(store, "DNS zone lost", "DNSmanager, version 5.1")
    # the customer's reply named the product before anyone routed the ticket
    record(store, ticket, "customer_reply", {"attributes": {"product": "dnsmanager"}},
                   at=at(60), actor="intake")
    event = routing.route_ticket(store, ticket, contract_id="isp", at=ROUTED_AT, actor="ann")
    assert event.payload["attributes"] == {"version": "5.1", "triage": "severity not stated"}
    assert projections.get_ticket(store, ticket)["attributes"]["product"] == "dnsmanager"


@pytest.mark.parametrize("remember, entry, later_sender", [
    ("address", STRANGER, STRANGER),
    ("domain", "stranger.example", "someone.else@stranger.example"),
])
def test_remember_lets_the_next_mail_route_itself(store, remember, entry, later_sender):
    ticket = mail(store, "Backups fail", "VMmanager backups fail")
    event = routing.route_ticket(store, ticket, contract_id="isp", remember=remember, at=ROUTED_AT,
                                 actor="ann")
    assert event.payload["remember"] == entry
    assert entry in contracts.get(store, "isp").domains
    later = mail(store, "Again", "VMmanager backups fail again", sender=later_sender, key="<m2@x>",
                 minutes=240)
    assert projections.get_ticket(store, later)["contract_id"] == "isp"


def test_route_counts_for_undo_and_may_be_routed_again(store):
    ticket = mail(store, "Backups fail", "Severity: High")
    event = routing.route_ticket(store, ticket, contract_id="pc", at=ROUTED_AT, actor="ann")
    record(store, ticket, "undo", {"undoes": event.id}, at=at(181), actor="ann")
    assert projections.get_ticket(store, ticket)["contract_id"] is None
    assert projections.clocks_of(store, ticket) == []
    routing.route_ticket(store, ticket, contract_id="isp", at=at(182), actor="ann")
    assert projections.get_ticket(store, ticket)["severity"] == "high"


REFUSALS = [
    ("routed twice", {"contract_id": "p2"}, "is already routed (ISPsystem): route is for unrouted tickets"),
    ("unknown contract", {"contract_id": "nope"}, "unknown contract 'nope'"),
    ("unknown ticket", {"ticket_id": "T-9999", "contract_id": "isp"}, "unknown ticket 'T-9999'"),
    ("bad remember", {"contract_id": "p2", "remember": "everything"}, "--remember: 'everything' is not one"),
]


@pytest.mark.parametrize("why, kwargs, message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_write_nothing(store, why, kwargs, message):
    ticket = mail(store, "Backups fail", "VMmanager")
    if why == "routed twice":
        routing.route_ticket(store, ticket, contract_id="isp", at=ROUTED_AT, actor="ann")
    before = (table(store, "events"), table(store, "tickets"), table(store, "contracts"))
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        routing.route_ticket(store, kwargs.pop("ticket_id", ticket), at=at(200), actor="ann", **kwargs)
    assert (table(store, "events"), table(store, "tickets"), table(store, "contracts")) == before


def test_the_write_path_refuses_a_second_route_from_any_writer(store):
    ticket = mail(store, "x", "y")
    routing.route_ticket(store, ticket, contract_id="pc", at=ROUTED_AT, actor="ann")
    with pytest.raises(UserError, match="already routed"):
        record(store, ticket, "route", {"contract": "isp", "severity": "high"}, at=at(200),
                       actor="sync")


def test_suggestions_put_the_senders_earlier_contract_before_domain_matches(store):
    earlier = mail(store, "Earlier", "VMmanager", key="<m0@x>")
    routing.route_ticket(store, earlier, contract_id="isp", at=ROUTED_AT, actor="ann")
    for contract_id in ("stranger-eu", "stranger-us"):
        add_contract(store, contract_id=contract_id, customer="Stranger", policy="ispsystem",
                     plan="privilege", domains=["stranger.example"])
    # two contracts list the domain: intake leaves the next mail for a person to route
    ticket = mail(store, "Now", "VMmanager again", key="<m9@x>", minutes=200)
    assert projections.get_ticket(store, ticket)["contract_id"] is None
    nobody = mail(store, "Hello", "hi", sender="new@other.example", key="<m8@x>", minutes=201)

    assert [(s.contract.id, s.reason) for s in routing.suggestions(store, ticket)] == [
        ("isp", "1 earlier ticket from ops@stranger.example"),
        ("stranger-eu", "lists stranger.example"),
        ("stranger-us", "lists stranger.example"),
    ]
    assert routing.suggestions(store, nobody) == []


def test_the_route_event_keeps_the_opening_instant_and_the_log(store):
    ticket = mail(store, "Backups fail", "Severity: High, VMmanager")
    routing.route_ticket(store, ticket, contract_id="isp", at=ROUTED_AT, actor="ann")
    log = events.for_ticket(store, ticket)
    assert [(e.kind, e.at) for e in log] == [("open", T0), ("route", ROUTED_AT)]
    assert log[1].payload == {"contract": "isp", "severity": "high",
                              "attributes": {"product": "VMmanager"}}


def test_the_timeline_says_where_the_ticket_went_and_as_what(store):
    ticket = mail(store, "Backups fail", "Severity: High")
    event = routing.route_ticket(store, ticket, contract_id="isp", at=ROUTED_AT, actor="ann")
    assert describe(event) == "routed to isp as high"
