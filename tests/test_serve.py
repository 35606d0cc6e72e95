"""The class server (``parallel-tracks serve``): joining, private games, limits, teacher.

The quick tests drive the aiohttp application in-process with aiohttp's test
client; one starts a real game process over the websocket. The full test
(``--full``, needs Chromium) opens two student tabs and the teacher view in
headless Chromium and checks that one student reaches neither the other's game
nor the teacher's view.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import shutil
import socket
import sys
from pathlib import Path

import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from game.classroom.classcode import ClassCode
from game.classroom.roster import HOLD_FILE, Hold, Roster
from game.classroom.serve import public_url_for, run_serve
from game.classroom.server import (
    MAX_COLS,
    MAX_ROWS,
    STUDENT_COOKIE,
    TEACHER_COOKIE,
    ClassServer,
    ClassServerConfig,
    Session,
    clamp_size,
    student_command,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def content():
    from game.cli import load_or_exit

    return load_or_exit(None)


def make_server(tmp_path: Path, content, **kw) -> ClassServer:
    code = ClassCode.make(content, seed=3)
    config = ClassServerConfig(folder=tmp_path / "class", content=content,
                               public_url=PUBLIC, class_code=code.text,
                               teacher_token="teacher-secret", **kw)
    return ClassServer(config)


async def client_for(server: ClassServer) -> TestClient:
    client = TestClient(TestServer(server.make_app(), host="127.0.0.1", port=PORT))
    await client.start_server()
    client.session.cookie_jar._unsafe = True  # cookies for 127.0.0.1, as a browser keeps them
    return client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


PORT = _free_port()
PUBLIC = f"http://127.0.0.1:{PORT}"
ORIGIN = {"Origin": PUBLIC}


def play_one_move(game) -> None:
    """Answer the card with its first open choice (or pass a quiet month)."""
    views = game.choices()
    if views:
        game.choose(next(v.choice.id for v in views if v.available))
    else:
        game.pass_turn()


async def join(client: TestClient, name: str, code: str = ""):
    return await client.post("/join", data={"name": name, "code": code}, headers=ORIGIN,
                             allow_redirects=False)


def cookie(resp, name: str):
    return resp.cookies.get(name)


async def test_join_gives_a_private_cookie_and_a_personal_code(tmp_path, content):
    server = make_server(tmp_path, content)
    client = await client_for(server)
    try:
        resp = await join(client, "Aiko Tanaka")
        assert resp.status == 200
        page = await resp.text()
        morsel = cookie(resp, STUDENT_COOKIE)
        assert morsel is not None and morsel["httponly"] and morsel["samesite"] == "Strict"
        assert "Your personal code is" in page
        student = server.roster.find("aiko tanaka")
        assert student is not None and student.folder.parent == server.config.folder
        code = page.split('class="code">')[1].split("<")[0]
        assert student.code_matches(code) and not student.code_matches("AAA-AAA")
        play = await client.get("/play")
        text = await play.text()
        assert play.status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{PORT}/ws"' in text
        assert "googleapis" not in text and "https://" not in text  # nothing from outside
        font = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert font.status == 200
    finally:
        await client.close()


async def test_duplicate_name_is_told_and_the_code_resumes(tmp_path, content):
    server = make_server(tmp_path, content)
    client = await client_for(server)
    try:
        first = await join(client, "Ken")
        code = (await first.text()).split('class="code">')[1].split("<")[0]
        old_token = cookie(first, STUDENT_COOKIE).value
        client.session.cookie_jar.clear()  # another browser
        again = await join(client, "  KEN ")
        assert again.status == 409 and "already taken" in await again.text()
        wrong = await join(client, "ken", "ZZZ-ZZZ")
        assert wrong.status == 400 and "not the personal code" in await wrong.text()
        back = await join(client, "ken", code.lower().replace("-", " "))
        assert back.status == 303 and back.headers["Location"] == "/play"
        new_token = cookie(back, STUDENT_COOKIE).value
        assert new_token != old_token
        assert server.roster.by_token(new_token).name == "Ken"
        assert server.roster.by_token(old_token) is None  # the old browser is signed out
        for _ in range(Roster.MAX_TRIES):
            await join(client, "ken", "ZZZ-ZZZ")
        locked = await join(client, "ken", code)  # guessing is cut off, even the right code
        assert "Too many wrong codes" in await locked.text()
    finally:
        await client.close()


def test_each_student_plays_in_their_own_folder_and_resumes_their_save(tmp_path, content):
    from game.engine import Game
    from game.saves.files import autosave, new_game_id
    from game.saves.records import SaveMeta

    server = make_server(tmp_path, content)
    aiko = server.roster.join("Aiko").student
    ken = server.roster.join("Ken").student
    cmd = shlex.split(student_command(server.config, aiko))
    assert f"--saves-dir={aiko.folder}" in cmd and "--name=Aiko" in cmd
    assert not any(str(ken.folder) in part for part in cmd)
    assert not any(part.startswith("--load") for part in cmd)  # nothing saved yet: a new game
    assert cmd[0] == f"PARALLEL_TRACKS_CONFIG={aiko.folder / '.config'}"
    game = Game.new(content, 3)
    play_one_move(game)
    saved = autosave(game, aiko.folder, SaveMeta(player="Aiko", game_id=new_game_id()))
    again = shlex.split(student_command(server.config, aiko))
    assert f"--load={saved}" in again  # the tab opened again goes on with the game
    hostile = server.roster.join("--load=/etc/passwd; rm -rf x").student
    parts = shlex.split(student_command(server.config, hostile))
    assert "--name=--load=/etc/passwd; rm -rf x" in parts  # one argument, never a shell word
    assert hostile.folder.parent == server.config.folder


async def test_websocket_refuses_other_origins_and_strangers(tmp_path, content):
    server = make_server(tmp_path, content)
    client = await client_for(server)
    try:
        await join(client, "Aiko")
        for headers in ({"Origin": "http://evil.example"}, {}):
            with pytest.raises(Exception) as err:
                await client.ws_connect("/ws", headers=headers)
            assert "403" in str(err.value)
        client.session.cookie_jar.clear()
        with pytest.raises(Exception) as err:
            await client.ws_connect("/ws", headers=ORIGIN)
        assert "403" in str(err.value)
        assert not server.sessions
    finally:
        await client.close()


async def test_sessions_are_capped(tmp_path, content):
    server = make_server(tmp_path, content, max_sessions=1)
    client = await client_for(server)
    try:
        await join(client, "Aiko")
        server.sessions["someone-else"] = Session("someone-else", None, None)  # type: ignore
        ws = await client.ws_connect("/ws", headers=ORIGIN)
        msg = await asyncio.wait_for(ws.receive(), 10)
        assert msg.type == WSMsgType.BINARY and b"server is full" in msg.data
        closing = await asyncio.wait_for(ws.receive(), 10)
        assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
        assert list(server.sessions) == ["someone-else"]
    finally:
        server.sessions.clear()
        await client.close()


async def test_pages_under_another_address_go_to_the_public_one(tmp_path, content):
    server = make_server(tmp_path, content)
    client = await client_for(server)
    try:
        for path in ("/", "/play", "/teacher?token=x"):
            resp = await client.get(path, headers={"Host": f"localhost:{PORT}"},
                                    allow_redirects=False)
            assert resp.status == 302 and resp.headers["Location"] == PUBLIC + path
    finally:
        await client.close()


def test_window_sizes_are_bounded():
    assert clamp_size(4000, 4000) == (MAX_COLS, MAX_ROWS)
    assert clamp_size("100", "30") == (100, 30)
    assert clamp_size(-5, "x") == (1, 24)
    assert clamp_size(10**100, None) == (MAX_COLS, 24)


async def test_a_real_tab_survives_a_huge_window(tmp_path, content):
    """A game process over the websocket: a 4000x4000 tab gets a bounded terminal and its
    game keeps answering; the first move is saved in the student's own folder."""
    server = make_server(tmp_path, content)
    client = await client_for(server)
    try:
        await join(client, "Aiko")
        aiko = server.roster.find("Aiko")
        ws = await client.ws_connect("/ws?width=4000&height=4000", headers=ORIGIN)
        got = bytearray()

        async def read_for(seconds: float, quiet: float = 0.0) -> None:
            """Read the terminal for ``seconds``, or until it is quiet for ``quiet``."""
            loop = asyncio.get_running_loop()
            end = loop.time() + seconds
            while loop.time() < end:
                wait = max(0.05, end - loop.time())
                try:
                    msg = await asyncio.wait_for(ws.receive(), min(wait, quiet or wait))
                except TimeoutError:
                    if quiet and got:
                        return
                    continue
                assert msg.type == WSMsgType.BINARY, f"the session ended: {msg}"
                got.extend(msg.data)

        await read_for(30, quiet=1.5)  # the game's first screen
        assert len(got) > 1000
        await ws.send_str(json.dumps(["resize", {"width": 4000, "height": 4000}]))
        for key in ("\x1b", "\x1b", "\x1b", "1"):
            await ws.send_str(json.dumps(["stdin", key]))
            await read_for(3, quiet=0.5)
        for _ in range(40):
            if list(aiko.folder.glob("autosave-*.json")):
                break
            await read_for(0.5)
        assert list(aiko.folder.glob("autosave-*.json")), "the move was not saved"
        assert not ws.closed
        await ws.close()
        for _ in range(100):  # the server stops the game process
            if not server.sessions:
                break
            await asyncio.sleep(0.1)
        assert not server.sessions
        for _ in range(100):  # and the game process is gone, before the loop closes
            if not children():
                break
            await asyncio.sleep(0.1)
    finally:
        await client.close()


def children() -> list[str]:
    """Processes this test process started and that still run (Linux; [] elsewhere)."""
    try:
        tasks = Path("/proc/self/task").iterdir()
        return [k for t in tasks for k in (t / "children").read_text().split()]
    except OSError:
        return []


async def test_teacher_view_needs_the_teachers_token(tmp_path, content):
    from game.engine import Game
    from game.saves.files import autosave, new_game_id
    from game.saves.records import SaveMeta

    server = make_server(tmp_path, content)
    client = await client_for(server)
    try:
        await join(client, "Aiko")
        student = await client.get("/teacher")
        assert student.status == 403 and "teacher" in await student.text()
        assert (await client.get("/teacher/state.json")).status == 403
        assert (await client.get("/teacher/report.html")).status == 403
        bad = await client.get("/teacher", params={"token": "guess"}, allow_redirects=False)
        assert bad.status == 403
        aiko = server.roster.find("Aiko")
        game = Game.new(content, 3)
        play_one_move(game)
        autosave(game, aiko.folder, SaveMeta(player="Aiko", class_code=server.config.class_code,
                                                game_id=new_game_id()))
        ok = await client.get("/teacher", params={"token": "teacher-secret"},
                              allow_redirects=False)
        assert ok.status == 303 and cookie(ok, TEACHER_COOKIE)["path"] == "/teacher"
        page = await (await client.get("/teacher")).text()
        assert "Aiko" in page and "turn 2" in page
        state = await (await client.get("/teacher/state.json")).json()
        assert state["students"][0]["name"] == "Aiko" and state["students"][0]["turn"] == 2
        assert state["split"]["waiting"] == 1
        assert sum(n for _label, n in state["answered"]["answers"]) == 1  # Aiko's answer
        refused = await client.post("/teacher/hold", data={"turn": "2"},
                                    headers={"Origin": "http://evil.example"})
        assert refused.status == 403 and not (server.config.folder / HOLD_FILE).exists()
        held = await client.post("/teacher/hold", data={"turn": "2"}, headers=ORIGIN)
        assert held.status == 200 and Hold.read(server.config.folder) == Hold(2)
        state = await (await client.get("/teacher/state.json")).json()
        assert state["hold"] == {"turn": 2} and state["students"][0]["held"]
        await client.post("/teacher/release", headers=ORIGIN)
        assert Hold.read(server.config.folder) is None
        report = await client.get("/teacher/report.csv")
        assert report.status == 200 and "attachment" in report.headers["Content-Disposition"]
        assert "Aiko" in await report.text()
    finally:
        await client.close()


async def test_a_download_goes_only_to_its_own_student(tmp_path, content):
    server = make_server(tmp_path, content)
    client = await client_for(server)
    try:
        await join(client, "Aiko")
        aiko = server.roster.find("Aiko")

        class Service:  # stands for Aiko's game process
            app_service_id = "aiko"

        server.sessions[aiko.folder.name] = Session(aiko.folder.name, None, Service())  # type: ignore
        await server.downloads.create_download(
            app_service=Service(), delivery_key="k1", file_name="debrief-Aiko.html",
            open_method="download", mime_type="text/html")
        client.session.cookie_jar.clear()
        await join(client, "Ken")
        resp = await client.get("/download/k1")
        assert resp.status == 403
        assert (await client.get("/download/nope")).status == 404
    finally:
        server.sessions.clear()
        await client.close()


async def test_class_watch_in_the_terminal_shows_and_holds_the_class(tmp_path, content):
    from game.classroom.watchapp import ClassWatchApp
    from game.engine import Game
    from game.saves.files import autosave, new_game_id
    from game.saves.records import SaveMeta

    roster = Roster(tmp_path / "class")
    for name, moves in (("Aiko", 2), ("Ken", 1)):
        st = roster.join(name).student
        game = Game.new(content, 3)
        for _ in range(moves):
            play_one_move(game)
        autosave(game, st.folder, SaveMeta(player=name, game_id=new_game_id()))
    app = ClassWatchApp(roster.folder, content)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(50):
            await pilot.pause(0.1)
            if app.state is not None:
                break
        table = app.query_one("#students")
        assert table.row_count == 2 and app.state.lead_turn == 3
        await pilot.press("h")
        assert Hold.read(roster.folder) == Hold(3)
        await pilot.press("minus")
        assert Hold.read(roster.folder) == Hold(2)
        await pilot.press("r")
        assert Hold.read(roster.folder) is None


def test_bad_class_code_and_port_are_refused_before_serving(capsys):
    ns = argparse.Namespace(port=8000, host="127.0.0.1", class_code="KOBE-1111", mod=None,
                            saves_dir=None, public_url=None, max_sessions=40)
    assert run_serve(ns) == 1
    err = capsys.readouterr().err
    assert "--class: KOBE-1111 has a typing mistake" in err and "Nothing was started" in err
    ns.port = 70000
    assert run_serve(ns) == 1
    assert "--port must be" in capsys.readouterr().err
    ns.port, ns.public_url = 8000, "10.0.0.5:8000"
    assert run_serve(ns) == 1
    assert "--public-url must look like" in capsys.readouterr().err


def test_public_address_is_never_the_wildcard():
    assert public_url_for("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert "0.0.0.0" not in public_url_for("0.0.0.0", 8000, None)
    assert public_url_for("0.0.0.0", 8000, "http://10.0.0.5:8000/") == "http://10.0.0.5:8000"


def test_class_report_skips_the_servers_own_files(tmp_path, content):
    """Student records, settings and the hold are dot-files: never read as saves."""
    from game.engine import Game
    from game.report.command import class_report_text
    from game.saves.files import autosave, new_game_id
    from game.saves.records import SaveMeta

    roster = Roster(tmp_path / "class")
    aiko = roster.join("Aiko").student
    (aiko.folder / ".config").mkdir()
    (aiko.folder / ".config" / "settings.json").write_text("{}")
    Hold(3).write(roster.folder)
    autosave(Game.new(content, 3), aiko.folder, SaveMeta(player="Aiko", game_id=new_game_id()))
    text = class_report_text([str(roster.folder)], content, None, "md")
    assert "Damaged" not in text and "settings.json" not in text


# ---------------------------------------------------------------------- browser (--full)


@pytest.mark.full
def test_browser_students_reach_neither_each_other_nor_the_teacher(tmp_path, content):
    """Headless Chromium: two students join in their own tabs and play; the teacher view
    opens with its link; one student's browser gets neither the other's game nor the
    teacher's page, and each game is saved in its own student's folder."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("needs Chromium (apt-get install chromium)")
    from serve_browser import run_browser_check

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from serving import class_server

    code = ClassCode.make(content, seed=3).text
    folder = tmp_path / "class"
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    with class_server(code, folder, cwd=tmp_path, env=env) as server:
        asyncio.run(run_browser_check(chromium, server.base, server.token, folder, tmp_path))
        print(f"screenshots in {tmp_path}")
