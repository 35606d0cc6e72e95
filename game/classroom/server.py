"""The class server: an aiohttp application around textual-serve's process per tab.

textual-serve's :class:`~textual_serve.app_service.AppService` starts one game
process for a websocket and relays its terminal; its ``textual.js`` client and
fonts are served from this machine. Around that this module adds what a room
needs:

- a join page: each student types a name and gets a token in an HttpOnly,
  SameSite=Strict cookie, and a short personal code to come back with
  (:mod:`game.classroom.roster`);
- a private game: the student's process saves only into the student's own
  folder inside the class folder, so no tab can list, load or overwrite another
  student's game, and a tab opened again resumes the student's newest save;
- limits: the websocket accepts only the server's own ``Origin``, at most
  ``max_sessions`` game processes run at once, and the window size a tab asks
  for is bounded (:data:`MAX_COLS` × :data:`MAX_ROWS`);
- the teacher's view (``/teacher``, behind a token printed at start): the class
  live (:mod:`game.classroom.watch`), holding and releasing the class, and the
  class report.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from aiohttp import WSMsgType, web

from game.classroom import pages
from game.classroom.roster import HOLD_FILE, Hold, Roster, RosterError, Student
from game.classroom.watch import ClassWatch

if TYPE_CHECKING:
    from textual_serve.app_service import AppService
    from textual_serve.download_manager import DownloadManager

    from game.model.content import Content

log = logging.getLogger("parallel-tracks.serve")

STUDENT_COOKIE = "pt_student"
TEACHER_COOKIE = "pt_teacher"
MAX_COLS = 240
"""The widest terminal a tab may ask for (columns); wider requests are cut to this."""
MAX_ROWS = 80
"""The tallest terminal a tab may ask for (rows)."""
MAX_MESSAGE = 64 * 1024
"""The largest websocket message a tab may send (bytes): keys and sizes are tiny."""
COOKIE_AGE = 7 * 24 * 3600


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size a tab asked for, bounded to 1..MAX_COLS × 1..MAX_ROWS."""

    def num(v: object, default: int) -> int:
        try:
            n = int(v)  # type: ignore[call-overload]
        except (TypeError, ValueError, OverflowError):
            return default
        return n

    w, h = num(width, 80), num(height, 24)
    return max(1, min(w, MAX_COLS)), max(1, min(h, MAX_ROWS))


@dataclass
class ClassServerConfig:
    """Everything the class server is started with."""

    folder: Path
    """The class folder: every student's saves, their records, the hold."""
    content: Content
    public_url: str
    """Where browsers reach this server (``http://10.0.0.5:8000``): page links, the
    websocket and the only ``Origin`` accepted."""
    class_code: str | None = None
    mods: list[str] = field(default_factory=list)
    max_sessions: int = 40
    teacher_token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    python: str = sys.executable

    @property
    def origin(self) -> str:
        """The public URL's origin (scheme, host and port), as browsers send it."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    @property
    def secure(self) -> bool:
        """True when browsers reach the server over https (cookies are then Secure)."""
        return self.public_url.lower().startswith("https:")

    @property
    def label(self) -> str:
        """How pages name the class."""
        return f"class {self.class_code}" if self.class_code else "browser play"


@dataclass
class Session:
    """One open game tab: its websocket and its game process."""

    student: str
    """The student's folder name."""
    websocket: web.WebSocketResponse
    service: AppService


def student_command(config: ClassServerConfig, student: Student) -> str:
    """The shell command that runs one student's game: their folder, their name, the class
    code and the hold file; their newest save if they have one (a tab opened again goes on
    with it). The config folder is theirs too (their own settings: theme, briefing seen)."""
    from game.saves.files import latest_save

    parts = [config.python, "-m", "game", "play", f"--saves-dir={student.folder}",
             f"--name={student.name}", f"--hold-file={config.folder / HOLD_FILE}"]
    if config.class_code:
        parts.append(f"--class={config.class_code}")
    for mod in config.mods:
        parts.append(f"--mod={mod}")
    latest = latest_save(student.folder)
    if latest is not None:
        parts.append(f"--load={latest.path}")
    elif not config.class_code:
        parts.append("--title")
    env = f"PARALLEL_TRACKS_CONFIG={shlex.quote(str(student.folder / '.config'))}"
    return f"{env} exec {shlex.join(parts)}"


class ClassServer:
    """The aiohttp application of ``parallel-tracks serve``."""

    def __init__(self, config: ClassServerConfig) -> None:
        """A server for ``config``; :meth:`make_app` builds the application."""
        from textual_serve.download_manager import DownloadManager

        self.config = config
        self.roster = Roster(config.folder, max_students=max(3 * config.max_sessions, 60))
        self.watch = ClassWatch(config.folder, config.content)
        self.sessions: dict[str, Session] = {}
        self.downloads: DownloadManager = DownloadManager()
        self._starting = 0

    # ------------------------------------------------------------------ app

    def make_app(self) -> web.Application:
        """The aiohttp application: pages, websocket, downloads, static files, teacher."""
        import textual_serve

        static = Path(textual_serve.__file__).parent / "static"
        app = web.Application(client_max_size=64 * 1024, middlewares=[self._headers])
        app.add_routes([
            web.get("/", self.handle_index),
            web.post("/join", self.handle_join),
            web.get("/play", self.handle_play),
            web.get("/ws", self.handle_websocket),
            web.get("/download/{key}", self.handle_download),
            web.get("/teacher", self.handle_teacher),
            web.get("/teacher/state.json", self.handle_teacher_state),
            web.post("/teacher/hold", self.handle_hold),
            web.post("/teacher/release", self.handle_release),
            web.get("/teacher/report.{fmt}", self.handle_report),
            web.static("/static", static, show_index=False),
        ])
        app.on_shutdown.append(self._close_all)
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        response = await handler(request)
        h = response.headers
        h.setdefault("Content-Security-Policy",
                     "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                     "script-src 'self'; img-src 'self' data:; font-src 'self'; "
                     f"connect-src 'self' {self._ws_url()}; frame-ancestors 'none'; "
                     "form-action 'self'")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "same-origin")  # no-referrer makes Origin "null"
        if request.path != "/" and not request.path.startswith("/static"):
            h.setdefault("Cache-Control", "no-store")
        return response

    def _ws_url(self) -> str:
        base = self.config.public_url.rstrip("/")
        return ("wss:" if base.lower().startswith("https:") else "ws:") + \
            base.split(":", 1)[1] + "/ws"

    async def _close_all(self, _app: web.Application) -> None:
        for session in list(self.sessions.values()):
            await session.websocket.close()

    # ------------------------------------------------------------------ who is asking

    def _student(self, request: web.Request) -> Student | None:
        return self.roster.by_token(request.cookies.get(STUDENT_COOKIE, ""))

    def _is_teacher(self, request: web.Request) -> bool:
        token = request.cookies.get(TEACHER_COOKIE, "")
        return bool(token) and hmac.compare_digest(token, self.config.teacher_token)

    def origin_ok(self, request: web.Request, required: bool = True) -> bool:
        """True when the request comes from a page of this server (its ``Origin``).

        Browsers send ``Origin`` on every websocket and form post; another site's
        page (or a page at another address of this machine) sends its own.
        """
        origin = request.headers.get("Origin")
        if origin is None:
            return not required
        return origin.lower().rstrip("/") == self.config.origin

    def _at_public_address(self, request: web.Request) -> None:
        """Send a page asked for under another address of this machine (``localhost``, a
        host name) to the public address: cookies and the Origin check are tied to it."""
        wanted = urlsplit(self.config.public_url).netloc.lower()
        if request.host.lower() != wanted:
            raise web.HTTPFound(self.config.public_url.rstrip("/") + request.path_qs)

    def _cookie(self, response: web.StreamResponse, name: str, value: str,
                path: str = "/") -> None:
        response.set_cookie(name, value, max_age=COOKIE_AGE, path=path, httponly=True,
                            samesite="Strict", secure=self.config.secure)

    # ------------------------------------------------------------------ students

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The join page (and, for a signed-in student, the way back to their game)."""
        self._at_public_address(request)
        st = self._student(request)
        return web.Response(text=pages.join_page(self.config.label,
                                                 signed_in=st.name if st else None),
                            content_type="text/html")

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        """Join with a name (a new student), or a name and personal code (coming back)."""
        if not self.origin_ok(request, required=False):
            raise web.HTTPForbidden(text="This form must be sent from the class's own page.")
        form = await request.post()
        name, code = str(form.get("name", ""))[:200], str(form.get("code", ""))[:40]
        try:
            joined = await asyncio.to_thread(self.roster.join, name, code)
        except RosterError as exc:
            return web.Response(text=pages.join_page(self.config.label, str(exc), name),
                                content_type="text/html", status=409 if "taken" in str(exc)
                                else 400)
        if joined.new_code is None:  # coming back: straight to the game
            back = web.HTTPSeeOther("/play")
            self._cookie(back, STUDENT_COOKIE, joined.token)
            raise back
        response = web.Response(text=pages.welcome_page(joined.student.name, joined.new_code),
                                content_type="text/html")
        self._cookie(response, STUDENT_COOKIE, joined.token)
        return response

    async def handle_play(self, request: web.Request) -> web.StreamResponse:
        """The page with the student's game (a terminal connected to ``/ws``)."""
        self._at_public_address(request)
        st = self._student(request)
        if st is None:
            raise web.HTTPSeeOther("/")
        static = self.config.public_url.rstrip("/") + "/static/"
        return web.Response(text=pages.game_page(st.name, self._ws_url(), static),
                            content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """A tab's terminal: start (or take over) the student's game process and relay it."""
        from textual_serve.app_service import AppService

        if not self.origin_ok(request):
            log.warning("websocket refused: Origin %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="This game can be opened only from the class's page.")
        st = self._student(request)
        if st is None:
            raise web.HTTPForbidden(text="Join the class first.")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        await websocket.prepare(request)
        old = self.sessions.pop(st.folder.name, None)
        if old is not None:  # the same student in a new tab: one game process per student
            await old.websocket.close(message=b"opened in another tab")
            await old.service.stop()
        if len(self.sessions) + self._starting >= self.config.max_sessions:
            await websocket.send_bytes(
                f"\r\nThe class server is full: {self.config.max_sessions} games are open. "
                "Close a tab, or ask your teacher.\r\n".encode())
            await websocket.close()
            return websocket
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        self._starting += 1
        try:
            service = AppService(student_command(self.config, st),
                                 write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.downloads)
            session = Session(st.folder.name, websocket, service)
            self.sessions[st.folder.name] = session
            await service.start(width, height)
        finally:
            self._starting -= 1
        try:
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            pass
        finally:
            if self.sessions.get(st.folder.name) is session:
                del self.sessions[st.folder.name]
            await service.stop()
            await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """The tab's messages to its game process (textual-serve's protocol), checked."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(*clamp_size(data.get("width"),
                                                            data.get("height")))
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:40]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the student's game delivered (the debrief): only to that student."""
        st = self._student(request)
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download is gone: ask for it again.") from None
        session = self.sessions.get(st.folder.name) if st else None
        if session is None or session.service is not meta.app_service:
            raise web.HTTPForbidden(text="This download belongs to another game.")
        response = web.StreamResponse()
        response.content_type = meta.mime_type
        if meta.encoding:
            response.charset = meta.encoding
        fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_"
                           for c in meta.file_name) or "download"
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = (
            f"{disposition}; filename=\"{fallback}\"; "
            f"filename*=UTF-8''{quote(meta.file_name)}")
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # ------------------------------------------------------------------ teacher

    async def handle_teacher(self, request: web.Request) -> web.StreamResponse:
        """The teacher view; ``?token=`` (printed at start) signs the browser in."""
        self._at_public_address(request)
        token = request.query.get("token")
        if token is not None:
            if not hmac.compare_digest(token, self.config.teacher_token):
                raise web.HTTPForbidden(text="This is not the teacher's link.")
            response = web.HTTPSeeOther("/teacher")
            self._cookie(response, TEACHER_COOKIE, token, path="/teacher")
            raise response
        if not self._is_teacher(request):
            return web.Response(text=pages.message_page(
                "For the teacher only", "This page is the teacher's view of the class.",
                "Teachers: open the link the server printed when it started."),
                content_type="text/html", status=403)
        state = await asyncio.to_thread(self.watch.state)
        return web.Response(text=pages.teacher_page(self.config.label, state,
                                                    len(self.roster.students()),
                                                    len(self.sessions),
                                                    self.config.max_sessions),
                            content_type="text/html")

    def _teacher_only(self, request: web.Request, post: bool = False) -> None:
        if not self._is_teacher(request):
            raise web.HTTPForbidden(text="For the teacher only.")
        if post and not self.origin_ok(request):
            raise web.HTTPForbidden(text="This form must be sent from the teacher's page.")

    async def handle_teacher_state(self, request: web.Request) -> web.StreamResponse:
        """The class now, as JSON (for scripts and the load test)."""
        self._teacher_only(request)
        state = await asyncio.to_thread(self.watch.state)
        doc = state.to_json()
        doc["sessions"] = len(self.sessions)
        return web.json_response(doc)

    async def handle_hold(self, request: web.Request) -> web.StreamResponse:
        """Hold the class at a turn: students there or further wait until released."""
        self._teacher_only(request, post=True)
        form = await request.post()
        try:
            turn = int(str(form.get("turn", "")))
        except ValueError:
            raise web.HTTPBadRequest(text="The turn must be a number.") from None
        turn = max(1, min(turn, self.config.content.total_turns))
        Hold(turn).write(self.config.folder)
        raise web.HTTPSeeOther("/teacher")

    async def handle_release(self, request: web.Request) -> web.StreamResponse:
        """Release the class: every held game goes on."""
        self._teacher_only(request, post=True)
        Hold.release(self.config.folder)
        raise web.HTTPSeeOther("/teacher")

    async def handle_report(self, request: web.Request) -> web.StreamResponse:
        """The class report of everyone's games, as a download (html, csv or md)."""
        from game.report.command import class_report_text

        self._teacher_only(request)
        fmt = request.match_info["fmt"]
        if fmt not in ("html", "csv", "md"):
            raise web.HTTPNotFound()
        try:
            text = await asyncio.to_thread(class_report_text, [str(self.config.folder)],
                                           self.config.content, self.config.class_code, fmt)
        except ValueError as exc:
            return web.Response(text=pages.message_page("No class report yet", str(exc)),
                                content_type="text/html", status=404)
        stem = f"class-report-{(self.config.class_code or 'class').lower()}"
        mime = {"html": "text/html", "csv": "text/csv", "md": "text/markdown"}[fmt]
        return web.Response(text=text, content_type=mime, charset="utf-8", headers={
            "Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})
