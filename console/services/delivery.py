"""Delivering the outbox: what is due leaves, one mail at a time, each marked only once sent.

`desk outbox send` and the console's background worker both call `deliver`. A
mail is claimed in a committed transaction before the server hears of it, so two
senders never deliver the same mail; it is marked sent only after the server
accepted it, so a sender killed in between delivers it again later with the same
Message-ID (at least once, recognisably). Offline is normal: the first
connection failure ends the run, everything stays queued, and one line says why.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from console import config
from console.domain.timeutil import format_instant, parse_instant
from console.errors import UserError
from console.mail.message import Outgoing, render
from console.mail.smtp import Refused, Server, Session, Unreachable, server_from
from console.store import outbox as rows
from console.store.database import Store

LEASE = timedelta(minutes=10)   # how long a claim keeps other senders off a mail
_FIRST_RETRY, _LAST_RETRY = 60, 3600   # seconds: backoff doubles from one to the other


@dataclass
class Delivery:
    """What one run came to; `offline` is why the server could not be reached, if it could not."""

    sent: list[int] = field(default_factory=list)
    deferred: list[tuple[int, str]] = field(default_factory=list)   # (id, server's answer)
    failed: list[tuple[int, str]] = field(default_factory=list)
    offline: str | None = None
    undelivered: int = 0   # queued or failed after the run, due or not

    @property
    def complete(self) -> bool:
        return not self.undelivered


def mail_server(*, required: bool = True) -> Server | None:
    """The server the settings name; a UserError names a missing or wrong setting.

    Not `required` (the console's worker): a desk with no SMTP server set is one
    that does not send mail yet, and its replies simply stay queued.
    """
    try:
        settings = config.mail()
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if not required and not settings.smtp:
        return None
    return server_from(settings)


def deliver_store_file(path: Path, *, now: datetime) -> Delivery | None:
    """`deliver` on a connection of its own, for the console's worker thread; None: no server set."""
    server = mail_server(required=False)
    if server is None:
        return None
    with Store.open(path, create=False) as store:
        return deliver(store, server, now=now)


def deliver(store: Store, server: Server, *, now: datetime) -> Delivery:
    """Send every due mail over one session; returns what was sent, deferred and failed."""
    done = Delivery()
    if rows.due_ids(store, format_instant(now)):
        try:
            with Session(server) as session:
                _send_due(store, session, server, now, done)
        except Unreachable as exc:
            done.offline = str(exc)
    done.undelivered = len(rows.rows(store, ("queued", "failed")))
    return done


def _send_due(store: Store, session: Session, server: Server, now: datetime, done: Delivery) -> None:
    stamp = format_instant(now)
    for row_id in rows.due_ids(store, stamp):
        with store.transaction():
            if not rows.claim(store, row_id, stamp, format_instant(now + LEASE)):
                continue   # another sender took it first
            row = rows.get(store, row_id)
        try:
            session.send(render(_outgoing(row), sender=server.sender, signature=server.signature),
                         row["to_addr"])
        except Refused as exc:
            with store.transaction():
                if exc.permanent:
                    rows.settle(store, row_id, state="failed", error=str(exc))
                    done.failed.append((row_id, str(exc)))
                else:
                    rows.settle(store, row_id, state="queued", error=str(exc),
                                next_attempt_at=_retry_at(now, row["attempts"]))
                    done.deferred.append((row_id, str(exc)))
            continue
        except Unreachable:
            with store.transaction():   # let the next run have it at once
                rows.settle(store, row_id, state="queued", error="connection lost while sending")
            raise
        with store.transaction():
            rows.settle(store, row_id, state="sent", sent_at=stamp)
        done.sent.append(row_id)


def _outgoing(row: dict) -> Outgoing:
    return Outgoing(to=row["to_addr"], subject=row["subject"], body=row["body"],
                    message_id=row["message_id"], in_reply_to=row["in_reply_to"],
                    references=tuple(row["refs"].split()), automatic=bool(row["automatic"]),
                    date=parse_instant(row["queued_at"]))


def _retry_at(now: datetime, attempts: int) -> str:
    delay = min(_FIRST_RETRY * 2 ** max(attempts - 1, 0), _LAST_RETRY)
    return format_instant(now + timedelta(seconds=delay))
