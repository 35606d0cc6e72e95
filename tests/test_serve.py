"""Browser play: ``parallel-tracks serve`` answers on localhost; a full run plays a turn.

The quick test starts the real server and fetches its page over HTTP. The full
test (``--full``, needs Chromium) opens the page in headless Chromium, drives it
with the DevTools protocol, presses keys and checks that a turn was played by
finding the game's autosave on disk.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from game.classroom.serve import game_command

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, saves: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--port", str(port), "--host", "127.0.0.1",
         "--saves-dir", str(saves), *extra],
        cwd=saves.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_page(port: int, proc: subprocess.Popen[str], timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                return r.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not answer")


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_game_command_carries_class_and_mods():
    ns = argparse.Namespace(class_code="KOBE-4271", mod=["my mod"], saves_dir=None)
    cmd = game_command(ns)
    assert cmd.startswith(sys.executable) and " -m game play --title --class KOBE-4271" in cmd
    assert "--mod 'my mod'" in cmd


def test_bad_port_is_refused(capsys):
    pytest.importorskip("textual_serve")
    from game.classroom.serve import run_serve

    ns = argparse.Namespace(port=70000, host="localhost", class_code=None, mod=None,
                            saves_dir=None)
    assert run_serve(ns) == 1
    assert "--port must be" in capsys.readouterr().err


def test_server_serves_the_page(tmp_path):
    pytest.importorskip("textual_serve")
    port = free_port()
    proc = start_server(port, tmp_path / "saves")
    try:
        page = wait_for_page(port, proc)
        assert "Parallel Tracks" in page
        assert f"ws://127.0.0.1:{port}/ws" in page  # where the tab's terminal connects
    finally:
        stop(proc)


@pytest.mark.full
def test_browser_plays_a_turn(tmp_path):
    """Headless Chromium opens the page, starts a game and answers the first card."""
    pytest.importorskip("textual_serve")
    pytest.importorskip("aiohttp")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("needs Chromium (apt-get install chromium)")
    import asyncio

    saves = tmp_path / "saves"
    port = free_port()
    proc = start_server(port, saves)
    try:
        wait_for_page(port, proc)
        shot = tmp_path / "tab.png"
        asyncio.run(play_a_turn(chromium, f"http://127.0.0.1:{port}/", saves, shot))
        found = sorted(saves.glob("*.json"))
        assert found, "no save appeared: the turn was not played"
        import json

        doc = json.loads(found[0].read_text())
        assert doc["snapshot"]["turn"] >= 2 or doc["snapshot"]["decisions"]
    finally:
        stop(proc)


async def play_a_turn(chromium: str, url: str, saves: Path, shot: Path) -> None:
    """Drive a headless Chromium tab over the DevTools protocol: open, skip intro, press 1."""
    import asyncio
    import base64
    import json

    import aiohttp

    port = free_port()
    profile = saves.parent / "chromium-profile"
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
         "--window-size=1200,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with aiohttp.ClientSession() as http:
            targets = None
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/json/list") as r:
                        targets = [t for t in await r.json() if t["type"] == "page"]
                    if targets:
                        break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
            assert targets, "Chromium's DevTools did not answer"
            async with http.ws_connect(targets[0]["webSocketDebuggerUrl"],
                                       max_msg_size=0) as ws:
                ids = iter(range(1, 10_000))

                async def call(method: str, **params: object) -> dict:
                    n = next(ids)
                    await ws.send_json({"id": n, "method": method, "params": params})
                    async for msg in ws:
                        data = json.loads(msg.data)
                        if data.get("id") == n:
                            return data.get("result", {})
                    return {}

                async def key(name: str, code: str, vk: int, text: str = "") -> None:
                    down = {"type": "keyDown", "key": name, "code": code,
                            "windowsVirtualKeyCode": vk}
                    if text:
                        down["text"] = text
                    await call("Input.dispatchKeyEvent", **down)
                    await call("Input.dispatchKeyEvent", type="keyUp", key=name, code=code,
                               windowsVirtualKeyCode=vk)
                    await asyncio.sleep(0.8)

                await call("Page.enable")
                await call("Page.navigate", url=url)
                await asyncio.sleep(8)  # the tab starts its own game process
                for typ in ("mousePressed", "mouseReleased"):
                    await call("Input.dispatchMouseEvent", type=typ, x=600, y=400,
                               button="left", clickCount=1)
                await key("n", "KeyN", 78, "n")  # the tab opens on the title screen
                await key("Enter", "Enter", 13, "\r")  # start the form's (random) seed
                for _ in range(3):  # the briefing and the guided tour, if shown
                    await key("Escape", "Escape", 27)
                for _ in range(60):
                    await key("1", "Digit1", 49, "1")
                    if any(saves.glob("*.json")):
                        break
                shot_data = await call("Page.captureScreenshot", format="png")
                shot.write_bytes(base64.b64decode(shot_data.get("data", "")))
    finally:
        browser.terminate()
        browser.wait(timeout=10)
