"""`desk serve`'s web server: textual-serve's, with nobody unknown let in.

textual-serve runs one console process per browser WebSocket. Around it this adds:
- a token on every request (`?token=` once, then an HttpOnly, SameSite=Strict
  cookie, so the page's assets and WebSocket carry it): 401 without;
- the WebSocket only from the page's own origin (403 otherwise), so a web page
  elsewhere that the operator happens to visit cannot drive the console;
- each session started for its identity: read-only on the board for the serve
  token, acting under their own name for a user of the users file;
- at most `max_sessions` sessions at once (503 beyond), each being a process;
- a page of our own that loads only this server's script, styles and fonts, with
  a Content-Security-Policy that keeps the browser from fetching anything else.
"""

import asyncio
import contextlib
import logging
import signal
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from console.errors import UserError
from console.serve.access import Access, Identity
from console.serve.session import SessionSpec

log = logging.getLogger("desk.serve")

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_MAX_SESSIONS = 8
# A browser asks for the size it has; bounded so that a request cannot make a session
# process draw a screen of a billion cells.
MAX_COLUMNS, MAX_ROWS = 1000, 500
QUIT_SECONDS = 10.0


def bounded_size(width: object, height: object) -> tuple[int, int]:
    """The terminal size a browser asks for, bounded (80 x 24 for what is not a number)."""
    def bound(value: object, default: int, most: int) -> int:
        return min(max(value, 1), most) if isinstance(value, int) else default
    return bound(width, 80, MAX_COLUMNS), bound(height, 24, MAX_ROWS)


class SessionService(AppService):
    """textual-serve's session process, with the environment its identity needs."""

    def __init__(self, command: str, environment: dict[str, str], **kwargs) -> None:
        super().__init__(command, **kwargs)
        self.session_environment = environment

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return super()._build_environment(width, height) | self.session_environment

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*bounded_size(width, height))

    async def stop(self) -> None:
        """Ask the console to quit, and wait until its process is gone (killed if it hangs):
        a session's place under the cap frees only when its process no longer runs."""
        await super().stop()
        if self._process is None or self._process.returncode is not None:
            return
        try:
            await asyncio.wait_for(self._process.wait(), QUIT_SECONDS)
        except TimeoutError:
            self._process.kill()
            await self._process.wait()


class DeskServer(Server):
    def __init__(self, spec: SessionSpec, access: Access, *, host: str = "127.0.0.1",
                 port: int = 8000, max_sessions: int = DEFAULT_MAX_SESSIONS) -> None:
        super().__init__("desk", host=host, port=port, title="Support Console",
                         templates_path=TEMPLATES)
        self.spec = spec
        self.access = access
        self.max_sessions = max_sessions
        self.sessions: set[web.WebSocketResponse] = set()

    @property
    def cookie(self) -> str:
        # Cookies ignore the port: a name of its own keeps two serves on one host apart.
        return f"desk_serve_{self.port}"

    # ------------------------------------------------------------------ the web app

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._require_token])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_response_prepare.append(self._secure_headers)
        app.on_shutdown.append(self._end_sessions)
        return app

    def identity(self, request: web.Request) -> Identity | None:
        """Whom the request's token stands for: `?token=` if given, else the cookie."""
        given = request.query.get("token")
        return self.access.identify(given if given is not None
                                    else request.cookies.get(self.cookie))

    @web.middleware
    async def _require_token(self, request: web.Request, handler) -> web.StreamResponse:
        if self.identity(request) is None:
            raise web.HTTPUnauthorized(
                text="desk serve: open the address with its token (?token=...), "
                     "as desk serve printed it\n")
        given = request.query.get("token")
        if given is not None and request.path == "/":
            # The token leaves the address bar and the history; the cookie carries it on.
            query = request.rel_url.query.copy()
            del query["token"]
            moved = web.HTTPSeeOther(request.rel_url.with_query(query))
            moved.set_cookie(self.cookie, given, httponly=True, samesite="Strict", path="/")
            raise moved
        return await handler(request)

    async def _secure_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "font-src 'self'; img-src 'self'; connect-src 'self'; "   # 'self' covers ws:// too
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers.setdefault("Cache-Control", "no-store")

    @aiohttp_jinja2.template("index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        identity = self.identity(request)
        return {
            "title": self.title,
            "who": "read-only" if not identity.can_act else identity.name,
            "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 6), 64),
            "websocket_url": f"ws://{request.host}/ws",
        }

    # ------------------------------------------------------------------ sessions

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One console process for this WebSocket, for as long as it stays open."""
        origin = request.headers.get("Origin")
        if origin != f"{request.scheme}://{request.host}":
            raise web.HTTPForbidden(
                text=f"desk serve: a WebSocket from origin {origin!r} is refused\n")
        if len(self.sessions) >= self.max_sessions:
            raise web.HTTPServiceUnavailable(
                text=f"desk serve: {self.max_sessions} sessions are open, the most allowed; "
                     "close one and reload\n")
        identity = self.identity(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        width, height = bounded_size(to_int(request.query.get("width", "80"), 80),
                                     to_int(request.query.get("height", "24"), 24))
        self.sessions.add(websocket)   # counted before the first await: the cap holds under a burst
        log.info("session for %s opened (%d of at most %d)", identity.name, len(self.sessions),
                 self.max_sessions)
        service = None
        try:
            await websocket.prepare(request)
            service = SessionService(
                self.spec.command(identity), self.spec.environment(identity),
                write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("session for %s failed", identity.name)
        finally:
            if service is not None:
                await service.stop()
            self.sessions.discard(websocket)
            log.info("session for %s closed", identity.name)
        return websocket

    async def _end_sessions(self, app: web.Application) -> None:
        """On shutdown each open tab is told, and its console process asked to quit."""
        for websocket in list(self.sessions):
            await websocket.close(code=1001, message=b"desk serve stopped")

    # ------------------------------------------------------------------ running

    def initialize_logging(self) -> None:
        # Plain lines; textual-serve's handler prints tracebacks with their locals (tokens).
        logging.basicConfig(level=logging.INFO, format="desk serve: %(message)s")

    def serve(self, *, on_listening=None) -> None:
        """Listen until interrupted (Ctrl+C or SIGTERM); `on_listening(port)` once bound."""
        self.initialize_logging()
        asyncio.run(self._run(on_listening))

    async def _run(self, on_listening) -> None:
        async with self.listening() as port:
            if on_listening is not None:
                on_listening(port)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            await stop.wait()

    @contextlib.asynccontextmanager
    async def listening(self):
        """The server listening, for as long as the block runs; yields the port it got."""
        # No access log: its request lines would carry the token of the first page load.
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, self.host, self.port).start()
            except OSError as exc:
                raise UserError(
                    f"cannot listen on {self.host}:{self.port}: {exc.strerror}") from None
            self.port = runner.addresses[0][1]   # the one it got, when asked for any (0)
            yield self.port
        finally:
            await runner.cleanup()
