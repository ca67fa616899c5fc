"""`desk serve`: nobody without a token gets in, and those who do act only as far as allowed.

A real server on 127.0.0.1 (an ephemeral port) and a real aiohttp client; sessions are
real console processes driven over the WebSocket protocol textual-serve speaks (key
presses in `["stdin", ...]`, the screen back as terminal output), and what they write
is read back from the real SQLite store.
"""

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import aiohttp
import pytest

from console.cli import main
from console.commands.serve_cmds import is_loopback
from console.serve.access import Access, Identity, load_users, token_hash
from console.serve.server import MAX_COLUMNS, DeskServer, bounded_size
from console.serve.session import SessionSpec
from console.services.contracts import add_contract
from console.services.tickets import open_ticket
from console.store import Store
from console.store.events import for_ticket

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
VIEWER_TOKEN = "viewer-token-for-tests-0123456789abcdefghijk"
ALICE_TOKEN = "alice-token-for-tests-0123456789abcdefghijkl"
SESSION_WAIT = 60.0   # a console process starting on a busy machine; waits end as soon as it draws


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A store with one breached ticket; sessions never read the engineer's own keys or packs."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("DESK_USER", "the-serving-os-user")
    path = tmp_path / "desk.db"
    with Store.open(path) as store:
        add_contract(store, contract_id="skyline-pc", customer="Skyline Analytics",
                     policy="procomputers", plan="standard", options={})
        ticket = open_ticket(store, contract_id="skyline-pc", severity="sev2",
                             subject="Marketplace image fails cloud-init",
                             at=NOW - timedelta(hours=25))
    return path, ticket


def server_for(db_path, *, allow_actions=False, max_sessions=8, screen=None) -> DeskServer:
    users = {"alice": token_hash(ALICE_TOKEN)} if allow_actions else {}
    spec = SessionSpec(db_path, now=NOW.isoformat(), screen=screen)
    return DeskServer(spec, Access(VIEWER_TOKEN, users), host="127.0.0.1", port=0,
                      max_sessions=max_sessions)


@contextlib.asynccontextmanager
async def browser(server: DeskServer):
    """An HTTP client pointed at the server, listening for as long as the block runs."""
    async with contextlib.AsyncExitStack() as stack:
        port = await stack.enter_async_context(server.listening())
        # unsafe=True: aiohttp's jar, unlike a browser's, otherwise drops cookies of an IP address.
        client = await stack.enter_async_context(aiohttp.ClientSession(
            f"http://127.0.0.1:{port}", cookie_jar=aiohttp.CookieJar(unsafe=True)))
        client.origin = f"http://127.0.0.1:{port}"
        yield client


def run(coroutine):
    return asyncio.run(coroutine)


class Screen:
    """The terminal output of one session, read as text (escape sequences removed)."""

    CONTROL = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")

    def __init__(self, websocket):
        self.websocket = websocket
        self.text = ""

    async def wait_for(self, wanted: str, *, after: int = 0) -> int:
        """Read until `wanted` shows past position `after`; returns where it ended."""
        deadline = time.monotonic() + SESSION_WAIT
        while (found := self.text.find(wanted, after)) < 0:
            left = deadline - time.monotonic()
            assert left > 0, f"{wanted!r} never showed; the screen had: {self.text[-2000:]!r}"
            try:
                message = await self.websocket.receive(timeout=left)
            except TimeoutError:
                continue
            assert message.type == aiohttp.WSMsgType.BINARY, f"session ended: {message}"
            self.text += self.CONTROL.sub(b"", message.data).decode("utf-8", "replace")
        return found + len(wanted)

    async def press(self, keys: str) -> None:
        await self.websocket.send_json(["stdin", keys])


async def sign_in(client, token: str) -> None:
    response = await client.get("/", params={"token": token})
    assert response.status == 200 and response.history[0].status == 303


# ---------------------------------------------------------------------- who gets in

def test_without_the_token_every_request_is_refused(desk):
    async def scenario():
        async with browser(server_for(desk[0])) as client:
            for path in ("/", "/static/js/textual.js", "/download/anything",
                         "/static/fonts/RobotoMono-VariableFont_wght.ttf"):
                assert (await client.get(path)).status == 401, path
            response = await client.get("/ws", headers={
                "Origin": client.origin, "Connection": "Upgrade", "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
            assert response.status == 401

    run(scenario())


def test_a_wrong_token_is_refused_and_a_right_one_becomes_a_private_cookie(desk):
    async def scenario():
        async with browser(server_for(desk[0])) as client:
            assert (await client.get("/", params={"token": VIEWER_TOKEN + "x"})).status == 401
            assert (await client.get("/", params={"token": ""})).status == 401
            first = await client.get("/", params={"token": VIEWER_TOKEN}, allow_redirects=False)
            # The token leaves the address bar, for a cookie only this server's pages send.
            assert first.status == 303 and first.headers["Location"] == "/"
            cookie = first.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
            page = await client.get("/")
            assert page.status == 200 and "read-only" in await page.text()
            assert (await client.get("/static/js/textual.js")).status == 200

    run(scenario())


def test_a_websocket_from_another_origin_is_refused_even_with_the_cookie(desk):
    async def scenario():
        async with browser(server_for(desk[0])) as client:
            await sign_in(client, VIEWER_TOKEN)
            for origin in ("http://evil.example", "http://127.0.0.1:1", None):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect("/ws", origin=origin)
                assert refused.value.status == 403, origin

    run(scenario())


# ---------------------------------------------------------------------- what a session may do

def test_the_serve_token_opens_a_read_only_session_on_the_board_that_cannot_act(desk):
    db_path, ticket = desk
    spec = SessionSpec(db_path, now=NOW.isoformat())
    viewer = Identity("viewer", can_act=False)
    assert "--read-only" in spec.command(viewer).split() and "board" in spec.command(viewer).split()
    assert spec.environment(viewer) == {"DESK_USER": "viewer"}

    async def scenario():
        async with browser(server_for(db_path)) as client:
            await sign_in(client, VIEWER_TOKEN)
            async with client.ws_connect("/ws?width=140&height=40", origin=client.origin) as ws:
                screen = Screen(ws)
                seen = await screen.wait_for("Breach board")
                await screen.press("\x1b")               # back to the queue, whose header
                seen = await screen.wait_for("read-only", after=seen)   # says read-only
                await screen.press("t")                  # take: refused in a read-only session
                await screen.press("b")                  # keys run in order: the board again means
                await screen.wait_for("Breach board", after=seen)   # "t" has been handled
                assert f"Assign {ticket}" not in screen.text

    run(scenario())
    with Store.open(db_path) as store:
        assert [e.kind for e in for_ticket(store, ticket)] == ["open"]


def test_with_allow_actions_a_user_acts_under_their_own_name(desk):
    db_path, ticket = desk

    async def scenario():
        async with browser(server_for(db_path, allow_actions=True)) as client:
            await sign_in(client, ALICE_TOKEN)
            async with client.ws_connect("/ws?width=140&height=40", origin=client.origin) as ws:
                screen = Screen(ws)
                await screen.wait_for(ticket)           # opens on the queue, the ticket on top
                await screen.press("t")
                await screen.wait_for(f"Assign {ticket} to alice")
                await screen.press("\x13")              # ctrl+s: confirm
                deadline = time.monotonic() + SESSION_WAIT
                while not (written := assignments(db_path, ticket)):
                    assert time.monotonic() < deadline, "the take was never written"
                    await asyncio.sleep(0.2)
                return written

    [(actor, assignee)] = run(scenario())
    assert (actor, assignee) == ("alice", "alice")    # not the serving OS user


def assignments(db_path, ticket):
    with Store.open(db_path) as store:
        return [(e.actor, e.payload["assignee"])
                for e in for_ticket(store, ticket) if e.kind == "assign"]


def test_the_serve_token_stays_read_only_when_actions_are_allowed(desk):
    spec = SessionSpec(desk[0], screen=None)
    alice, viewer = Identity("alice", can_act=True), Identity("viewer", can_act=False)
    access = Access(VIEWER_TOKEN, {"alice": token_hash(ALICE_TOKEN)})
    assert access.identify(VIEWER_TOKEN) == viewer and access.identify(ALICE_TOKEN) == alice
    assert access.identify("alice") is None and access.identify(None) is None
    assert "--read-only" not in spec.command(alice).split()
    assert spec.command(alice).split()[-1] == "queue"
    assert spec.environment(alice) == {"DESK_USER": "alice"}


def test_sessions_beyond_the_cap_are_refused(desk):
    server = server_for(desk[0], max_sessions=1)

    async def scenario():
        async with browser(server) as client:
            await sign_in(client, VIEWER_TOKEN)
            async with client.ws_connect("/ws", origin=client.origin):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect("/ws", origin=client.origin)
                assert refused.value.status == 503
            # The first one closed: its place is free again once its process has ended.
            deadline = time.monotonic() + SESSION_WAIT
            while server.sessions:
                assert time.monotonic() < deadline, "the first session's process never ended"
                await asyncio.sleep(0.05)
            async with client.ws_connect("/ws", origin=client.origin) as again:
                assert not again.closed

    run(scenario())


def test_a_session_is_drawn_at_a_bounded_size():
    # A resize message or the WebSocket's query asks; a billion columns is not drawn.
    assert bounded_size(140, 40) == (140, 40)
    assert bounded_size(10**9, -5) == (MAX_COLUMNS, 1)
    assert bounded_size("wide", None) == (80, 24)


# ---------------------------------------------------------------------- nothing from outside

class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def test_the_page_and_its_assets_fetch_nothing_from_outside(desk):
    async def scenario():
        async with browser(server_for(desk[0])) as client:
            await sign_in(client, VIEWER_TOKEN)
            page = await client.get("/")
            html = await page.text()
            policy = page.headers["Content-Security-Policy"]
            parser = References()
            parser.feed(html)
            css = re.findall(r"url\(\"?([^\")]+)", html)
            for url in parser.urls + css:
                assert url.startswith("/") and not url.startswith("//"), url
                assert (await client.get(url)).status == 200, url
            stylesheets = [await (await client.get(u)).text()
                           for u in parser.urls if u.endswith(".css")]
            return html, policy, stylesheets

    html, policy, stylesheets = run(scenario())
    assert "RobotoMono" in html and "googleapis" not in html
    for text in [html, *stylesheets]:
        without_comments = re.sub(r"/\*.*?\*/|<!--.*?-->", "", text, flags=re.DOTALL)
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", without_comments, re.IGNORECASE)
        assert "@import" not in without_comments
    # And whatever a script might ask for, the browser may fetch only from this server.
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert not re.search(r"https?://", policy)


# ---------------------------------------------------------------------- the command

def test_desk_serve_prints_its_address_with_a_fresh_token_once_and_stops_on_sigterm(desk, tmp_path):
    command = [sys.executable, "-m", "console.cli", "--db", str(desk[0]), "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"Support Console on (http://127\.0\.0\.1:\d+/)\?token=([\w-]{43})\n",
                             line)
        assert match, line

        async def knock(base, token):
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
                return ((await client.get(base)).status,
                        (await client.get(base, params={"token": token})).status)

        assert run(knock(match[1], match[2])) == (401, 200)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert match[2] not in out + err   # printed once, never logged


def test_add_user_prints_a_token_once_and_keeps_only_its_hash(tmp_path, capsys):
    users = tmp_path / "users.toml"
    assert main(["serve", "--add-user", "alice", "--users", str(users)]) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 43 and token not in users.read_text()
    assert load_users(users) == {"alice": token_hash(token)}
    assert os.stat(users).st_mode & 0o777 == 0o600
    assert main(["serve", "--add-user", "bob", "--users", str(users)]) == 0
    assert main(["serve", "--add-user", "alice", "--users", str(users)]) == 0   # a new one
    renewed = capsys.readouterr().out.split()[-1]
    assert load_users(users) == {"alice": token_hash(renewed), "bob": load_users(users)["bob"]}
    assert Access("x", load_users(users)).identify(token) is None


@pytest.mark.parametrize("args, fault", [
    (["serve", "--port", "70000"], "--port"),
    (["serve", "--max-sessions", "0"], "--max-sessions"),
    (["serve", "--allow-actions"], "--allow-actions and --users"),
    (["serve", "--users", "users.toml"], "--allow-actions and --users"),
    (["serve", "--allow-actions", "--users", "missing.toml"], "no such users file"),
    (["serve", "--add-user", "alice"], "--users FILE"),
    (["serve", "--add-user", "al ice\x1b[2J", "--users", "users.toml"], "user name"),
    (["--read-only", "serve", "--allow-actions", "--users", "users.toml"], "choose one"),
])
def test_bad_options_are_refused_in_one_line(desk, capsys, monkeypatch, tmp_path, args, fault):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "users.toml").write_text(
        f"[users.alice]\ntoken_sha256 = '{token_hash(ALICE_TOKEN)}'\n")
    assert main(["--db", str(desk[0]), *args]) == 2
    err = capsys.readouterr().err
    assert fault in err and err.count("\n") == 1 and "\x1b" not in err


@pytest.mark.parametrize("text, fault", [
    ("[users.alice]\ntoken_sha256 = 'abc'\n", "users.alice.token_sha256"),
    ("[users.'bad name']\ntoken_sha256 = '" + "0" * 64 + "'\n", "user name"),
    ("[people]\n", "[users.NAME]"),
    ("[users\n", "not valid TOML"),
    ("", "no users"),
])
def test_a_bad_users_file_is_refused_naming_it(desk, capsys, tmp_path, text, fault):
    users = tmp_path / "users.toml"
    users.write_text(text)
    assert main(["--db", str(desk[0]), "serve", "--allow-actions", "--users", str(users)]) == 2
    err = capsys.readouterr().err
    assert str(users) in err and fault in err


def test_beyond_this_machine_a_warning_comes_first(desk, capsys):
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: warned, then refused, nothing served.
    assert main(["--db", str(desk[0]), "serve", "--host", "192.0.2.1", "--port", "0"]) == 2
    warning, refusal = capsys.readouterr().err.splitlines()
    assert warning.startswith("desk: warning: serving on 192.0.2.1:0, beyond this machine")
    assert "--host 127.0.0.1" in warning
    assert refusal.startswith("desk: cannot listen on 192.0.2.1:0")


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.5.5.5", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("10.0.0.1", False), ("example.org", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback
