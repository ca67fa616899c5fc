"""Talking to the SMTP server: the settings read into a server, and one session.

Only the standard library (`smtplib`): plain (a local relay), STARTTLS (587) or
implicit TLS (465), with AUTH when the URL names a user. The password comes from
the URL, `$DESK_SMTP_PASSWORD` or `password_command` at the moment of sending and
is never stored. A failure is sorted into what the outbox does with it: the
server cannot be reached (everything stays queued), a temporary refusal (4xx:
this mail is tried again later) or a permanent one (5xx: failed, the server's
words kept).
"""

import shlex
import smtplib
import socket
import ssl
import subprocess
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Self
from urllib.parse import unquote, urlsplit

from console.config import MailSettings
from console.errors import UserError

TIMEOUT = 30   # seconds a silent server is waited for before it counts as unreachable
_SECURITY = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "tls"}
_DEFAULT_PORT = {"plain": 25, "starttls": 587, "tls": 465}


class Unreachable(Exception):
    """No session: no network, no such host, refused, timed out, or the TLS handshake failed."""


class Refused(Exception):
    """The server answered this mail with an error; `permanent` for a 5xx."""

    def __init__(self, code: int, text: str):
        super().__init__(f"{code} {text}".strip())
        self.code = code
        self.permanent = code >= 500


@dataclass(frozen=True)
class Server:
    security: str               # plain | starttls | tls
    host: str
    port: int
    user: str | None
    password: str | None        # from the URL or $DESK_SMTP_PASSWORD; else password_command asks
    password_command: str | None
    sender: str
    signature: str | None

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]


def server_from(settings: MailSettings) -> Server:
    """The server the settings name, or a UserError saying which setting is wrong."""
    if not settings.smtp:
        raise UserError("no SMTP server: set $DESK_SMTP_URL or [mail] smtp in desk.toml")
    if not settings.sender or "@" not in parseaddr(settings.sender)[1]:
        raise UserError("no From address: set $DESK_MAIL_FROM or [mail] from in desk.toml")
    url = urlsplit(settings.smtp)
    security = _SECURITY.get(url.scheme)
    if security is None:
        raise UserError(f"SMTP URL {url.scheme}://...: use smtp://, smtp+starttls:// or smtps://")
    try:
        port = url.port or _DEFAULT_PORT[security]
    except ValueError:
        raise UserError("SMTP URL: the port is not a number") from None
    if not url.hostname:
        raise UserError("SMTP URL: no host")
    return Server(security=security, host=url.hostname, port=port,
                  user=unquote(url.username) if url.username else None,
                  password=unquote(url.password) if url.password else settings.password,
                  password_command=settings.password_command,
                  sender=settings.sender, signature=settings.signature)


class Session:
    """One connection, logged in, that sends mails one at a time."""

    def __init__(self, server: Server):
        self.server = server
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        server = self.server
        try:
            if server.security == "tls":
                smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
            self._smtp = smtp
            smtp.ehlo()
            if server.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if server.user:
                smtp.login(server.user, _password(server))
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            raise UserError(f"SMTP login as {server.user!r} refused: {_text(exc.smtp_error)}") from None
        except smtplib.SMTPNotSupportedError as exc:
            self._close()
            raise UserError(f"SMTP server {server.host}: {exc}") from None
        except (OSError, smtplib.SMTPException) as exc:   # ssl.SSLError and socket errors too
            self._close()
            raise Unreachable(_describe(exc, server)) from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close()

    def send(self, raw: bytes, recipient: str) -> None:
        """Hand one mail to the server; returns only once the server accepted it."""
        assert self._smtp is not None
        try:
            refused = self._smtp.sendmail(self.server.sender_address, [recipient], raw)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise Refused(code, _text(text)) from None
        except smtplib.SMTPResponseException as exc:   # sender refused, data refused
            raise Refused(exc.smtp_code, _text(exc.smtp_error)) from None
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise Unreachable(_describe(exc, self.server)) from None
        if refused:   # one recipient only, so a partial refusal is a refusal
            code, text = next(iter(refused.values()))
            raise Refused(code, _text(text))

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()   # the server already went; nothing to say goodbye to
            self._smtp = None


def _password(server: Server) -> str:
    if server.password is not None:
        return server.password
    if not server.password_command:
        raise UserError("SMTP URL names a user but no password: set $DESK_SMTP_PASSWORD "
                        "or [mail] password_command")
    try:
        done = subprocess.run(shlex.split(server.password_command), capture_output=True,
                              text=True, timeout=TIMEOUT, check=True)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        raise UserError(f"password_command failed: {exc}") from None
    return done.stdout.rstrip("\n")


def _describe(exc: BaseException, server: Server) -> str:
    where = f"{server.host}:{server.port}"
    if isinstance(exc, socket.gaierror):
        return f"{where}: no such host (offline?)"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{where}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{where}: {exc.strerror or exc}" if isinstance(exc, OSError) else f"{where}: {exc}"


def _text(answer: bytes | str) -> str:
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
