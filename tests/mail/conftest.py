"""A real SMTP server on 127.0.0.1 (aiosmtpd), a store with contracts, and tickets to reply on.

The server records every envelope it accepts; a test sets `answer` to make it
refuse at RCPT (a 450 or a 550), or stops it to play an unreachable host.
"""

import socket
import ssl
from datetime import UTC, datetime, timedelta

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from console.config import MailSettings
from console.mail.smtp import server_from
from console.services.contracts import add_contract
from console.services.tickets import open_ticket
from console.store import Store

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)   # a Monday, in every pack's working hours
FROM = "Support Desk <support@desk.example>"
USER, PASSWORD = "desk", "s3cret"


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


class Recorder:
    """An aiosmtpd handler that keeps what it accepted, or refuses with `answer`."""

    def __init__(self):
        self.envelopes = []
        self.answer: str | None = None   # e.g. "550 5.1.1 no such user": refuse every RCPT
        self.on_data = None               # called with each accepted envelope, before "250"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.answer:
            return self.answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        if self.on_data is not None:
            self.on_data(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[bytes]:
        return [e.original_content for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)   # handled=False: the server answers 535 itself


class LocalServer:
    """An aiosmtpd server on a fixed local port that can go down and come back up."""

    def __init__(self, **parameters):
        self.handler = Recorder()
        self.port = free_port()
        self.url = f"smtp://127.0.0.1:{self.port}"
        self._parameters = parameters
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                      **self._parameters)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp():
    """A plain SMTP server (a local relay)."""
    server = LocalServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ca(monkeypatch, tmp_path):
    """A throwaway certificate authority the client trusts (SSL_CERT_FILE), and its cert for 127.0.0.1."""
    authority = trustme.CA()
    pem = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def starttls(ca):
    """A submission server (587-style): STARTTLS required, then AUTH."""
    server = LocalServer(tls_context=ca, require_starttls=True, authenticator=_authenticate,
                         auth_require_tls=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtps(ca):
    """A server speaking TLS from the first byte (465-style)."""
    server = LocalServer(ssl_context=ca)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "desk.db") as opened:
        add_contract(opened, contract_id="pc", customer="ProCo customer", policy="procomputers",
                     plan="standard", options={})
        add_contract(opened, contract_id="isp", customer="ISP customer", policy="ispsystem",
                     plan="standard", options={})
        yield opened


def settings(url: str, **given) -> MailSettings:
    values = {"smtp": url, "sender": FROM, "password": None, "password_command": None,
              "signature": None, **given}
    return MailSettings(**values)


def server(url: str, **given):
    return server_from(settings(url, **given))


def ticket(store: Store, *, requester: str | None = "Ann Lee <ann@customer.example>",
           subject: str = "Backups fail every night", contract: str = "pc", minutes: float = 0,
           message_id: str | None = "<first.1@customer.example>") -> str:
    """A ticket opened by mail, as intake opens one (its Message-ID in the intake record)."""
    extra = {"intake": {"origin": "mail", "key": message_id, "routing": "test"}} if message_id else {}
    return open_ticket(store, contract_id=contract, subject=subject, body="It fails.",
                       requester=requester, at=at(minutes), actor="mail", payload_extra=extra)
