"""A routed ticket's clocks (DESIGN.md `route`): the classification and fields the route
carries count from the opening, as if the sender had been known."""

from datetime import UTC, datetime, timedelta

from console.domain.clocks import compute_clocks
from console.domain.contract import Contract
from console.domain.events import Event
from console.domain.policy import parse_pack
from console.domain.ticket import fold
from console.resources import policies_dir

OPENED = datetime(2026, 3, 14, 20, 0, tzinfo=UTC)   # Saturday 20:00 UTC
ISP = Contract("isp", "ISP customer", "ispsystem", "standard")


def pack():
    path = policies_dir() / "ispsystem.toml"
    return parse_pack(path.read_text(encoding="utf-8"), str(path))


def log(*routes: dict, note_product: str | None = None) -> list[Event]:
    events = [Event("e0", "T-1", OPENED, "open", payload={"subject": "x", "contract_id": None})]
    if note_product:
        events.append(Event("e1", "T-1", OPENED + timedelta(hours=1), "customer_reply",
                            payload={"attributes": {"product": note_product}}, seq=1))
    for n, payload in enumerate(routes, start=2):
        events.append(Event(f"e{n}", "T-1", OPENED + timedelta(hours=n), "route",
                            payload={"contract": "isp", **payload}, seq=n))
    return events


def response(events, now):
    return next(c for c in compute_clocks(pack(), ISP, events, now) if c.metric == "response")


def test_a_route_counts_from_the_receipt_on_the_routed_products_calendar():
    # Routed at Sun 00:00 as High BILLmanager (06:00-18:00 UTC): Sat 20:00-Sun 06:00 counts
    # nothing even before the route; 16 h = Sun 06-18 (12 h) + Mon 06-10 (4 h) -> Mon 10:00.
    clock = response(log({"severity": "high", "attributes": {"product": "billmanager"}}),
                     OPENED + timedelta(hours=5))
    assert (clock.started_at, clock.due_at) == (OPENED, datetime(2026, 3, 16, 10, 0, tzinfo=UTC))


def test_a_reply_before_the_route_changes_the_calendar_from_its_own_instant():
    # High with no product counts 06:00-18:00 UTC: Sat 20:00-21:00 counts nothing; the reply at
    # 21:00 names VMmanager (24/7), and the route at 22:00 keeps it: 16 h from 21:00 -> Sun 13:00.
    clock = response(log({"severity": "high"}, note_product="vmmanager"), OPENED + timedelta(hours=3))
    assert clock.due_at == datetime(2026, 3, 15, 13, 0, tzinfo=UTC)


def test_two_offline_routes_agree_on_the_last_for_contract_and_clocks():
    events = log({"severity": "low", "attributes": {"product": "vmmanager"}},
                 {"severity": "emergency"})
    assert fold("T-1", events).severity == "emergency"
    assert response(events, OPENED + timedelta(hours=4)).due_at == OPENED + timedelta(hours=8)
