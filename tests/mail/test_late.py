"""A reply not delivered 15 minutes after its event: queue flag, detail, board, SLA report."""

from datetime import date

from console.reports import render
from console.services.board import board
from console.services.delivery import deliver
from console.services.detail import ticket_detail
from console.services.queue import queue
from console.services.reports import sla_report
from console.services.tickets import record
from tests.mail.conftest import at, server, ticket


def flags(store, minutes):
    return {item["id"]: item["flags"] for item in queue(store, now=at(minutes))}


def test_the_queue_flags_a_reply_undelivered_after_15_minutes_until_it_leaves(store, smtp):
    late, fine = ticket(store, subject="Late"), ticket(store, subject="Quiet")
    record(store, late, "respond", {"note": "Answer."}, at=at(5))
    assert "undelivered" not in flags(store, 19)[late]
    assert "undelivered" in flags(store, 20)[late]
    assert "undelivered" not in flags(store, 20)[fine]
    deliver(store, server(smtp.url), now=at(21))
    assert "undelivered" not in flags(store, 22)[late]


def test_a_held_mail_is_undelivered_too(store):
    t = ticket(store, requester=None)
    record(store, t, "respond", {"note": "Answer."}, at=at(5))
    assert "undelivered" in flags(store, 30)[t]


def test_the_detail_lists_the_tickets_undelivered_mail(store):
    t = ticket(store, requester=None)
    record(store, t, "respond", {"note": "Answer."}, at=at(5))
    assert ticket_detail(store, t, now=at(10)).undelivered == []
    [mail] = ticket_detail(store, t, now=at(20)).undelivered
    assert (mail["state"], mail["to"]) == ("held", None)


def test_the_board_counts_tickets_with_undelivered_mail(store):
    for n in range(2):
        record(store, ticket(store, subject=f"Case {n}"), "respond", {"note": "Hi."}, at=at(5))
    assert board(store, now=at(10)).undelivered == 0
    assert board(store, now=at(30)).undelivered == 2


def test_the_sla_report_counts_met_clocks_whose_reply_was_late_to_leave(store, smtp):
    on_time, late = ticket(store, subject="On time"), ticket(store, subject="Late")
    record(store, on_time, "respond", {"note": "Answer."}, at=at(5))
    deliver(store, server(smtp.url), now=at(6))
    record(store, late, "respond", {"note": "Answer."}, at=at(10))
    report = sla_report(store, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert report.total.met >= 2 and report.total.undelivered == 1   # never sent at all
    deliver(store, server(smtp.url), now=at(40))
    report = sla_report(store, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert report.total.undelivered == 1   # sent, but 30 minutes after the reply
    assert "undelivered" in render(report, "table")
