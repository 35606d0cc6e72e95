"""Drive headless Chromium against a running class server (for test_serve's ``--full`` test).

Each student and the teacher get a browser context of their own (their own
cookies, as separate machines would have), driven over the DevTools protocol
with aiohttp's websocket client.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import subprocess
from itertools import count
from pathlib import Path
from typing import Any

import aiohttp


class Browser:
    """A headless Chromium and one DevTools connection to it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            fut = self.pending.pop(data.get("id", -1), None)
            if fut is not None and not fut.done():
                fut.set_result(data)

    async def call(self, method: str, session: str | None = None, **params: Any) -> dict:
        n = next(self.ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[n] = fut
        msg: dict[str, Any] = {"id": n, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        await self.ws.send_json(msg)
        data = await asyncio.wait_for(fut, 30)
        if "error" in data:
            raise AssertionError(f"{method}: {data['error']}")
        return data.get("result", {})

    async def tab(self, url: str) -> Tab:
        """A new tab in a browser context of its own (its own cookies)."""
        ctx = (await self.call("Target.createBrowserContext"))["browserContextId"]
        target = (await self.call("Target.createTarget", url="about:blank",
                                  browserContextId=ctx))["targetId"]
        session = (await self.call("Target.attachToTarget", targetId=target,
                                   flatten=True))["sessionId"]
        t = Tab(self, session)
        await t.go(url)
        return t


class Tab:
    """One page, driven through its DevTools session."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    async def call(self, method: str, **params: Any) -> dict:
        return await self.browser.call(method, self.session, **params)

    async def go(self, url: str, settle: float = 1.5) -> None:
        await self.call("Page.navigate", url=url)
        await asyncio.sleep(settle)

    async def js(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                                 returnByValue=True)
        return result.get("result", {}).get("value")

    async def text(self) -> str:
        return str(await self.js("document.body ? document.body.innerText : ''"))

    async def key(self, name: str, code: str, vk: int, text: str = "") -> None:
        down: dict[str, Any] = {"type": "keyDown", "key": name, "code": code,
                                "windowsVirtualKeyCode": vk}
        if text:
            down["text"] = text
        await self.call("Input.dispatchKeyEvent", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=name, code=code,
                        windowsVirtualKeyCode=vk)
        await asyncio.sleep(0.8)

    async def shot(self, path: Path) -> None:
        data = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(data.get("data", "")))


async def join_and_play(tab: Tab, base: str, name: str, folder: Path) -> None:
    """Join with ``name`` through the form, open the game, close the briefing, answer."""
    await tab.js(f"document.querySelector('input[name=name]').value = {json.dumps(name)};"
                 "document.querySelector('form').submit(); true")
    await asyncio.sleep(1.5)
    page = await tab.text()
    assert "Your personal code is" in page, page
    await tab.go(f"{base}/play", settle=8)  # the tab starts its own game process
    for typ in ("mousePressed", "mouseReleased"):
        await tab.call("Input.dispatchMouseEvent", type=typ, x=600, y=400, button="left",
                       clickCount=1)
    for _ in range(3):  # the briefing and the guided tour
        await tab.key("Escape", "Escape", 27)
    from game.classroom.roster import folder_name

    mine = folder / folder_name(name)
    for _ in range(30):
        await tab.key("1", "Digit1", 49, "1")
        if any(mine.glob("autosave-*.json")):
            return
    raise AssertionError(f"{name}'s move was not saved")


async def run_browser_check(chromium: str, base: str, token: str, folder: Path,
                            work: Path) -> None:
    """Two students and the teacher in separate browser contexts: see the module doc."""
    from game.classroom.roster import folder_name

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--remote-debugging-port={port}", f"--user-data-dir={work / 'chromium'}",
         "--window-size=1200,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with aiohttp.ClientSession() as http:
            url = None
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/json/version") as r:
                        url = (await r.json())["webSocketDebuggerUrl"]
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.2)
            assert url, "Chromium's DevTools did not answer"
            async with http.ws_connect(url, max_msg_size=0) as ws:
                browser = Browser(ws)
                aiko = await browser.tab(f"{base}/")
                await aiko.shot(work / "join.png")
                await join_and_play(aiko, base, "Aiko", folder)
                await aiko.shot(work / "aiko-game.png")
                ken = await browser.tab(f"{base}/")
                await join_and_play(ken, base, "Ken", folder)
                teacher = await browser.tab(f"{base}/teacher?token={token}")
                page = await teacher.text()
                assert "Teacher view" in page and "Aiko" in page and "Ken" in page
                await teacher.shot(work / "teacher.png")
                # Aiko's browser: no way into the teacher's view, nor Ken's game.
                await aiko.go(f"{base}/teacher")
                assert "For the teacher only" in await aiko.text()
                assert await aiko.js("fetch('/teacher/state.json').then(r => r.status)") == 403
                assert await aiko.js("document.cookie") == ""  # the token is out of reach
                assert await aiko.js(
                    "fetch('/join', {method: 'POST', body: new URLSearchParams("
                    "{name: 'Ken'})}).then(r => r.status)") == 409
                aiko_saves = list((folder / folder_name("Aiko")).glob("autosave-*.json"))
                ken_saves = list((folder / folder_name("Ken")).glob("autosave-*.json"))
                assert len(aiko_saves) == 1 and len(ken_saves) == 1
                assert json.loads(aiko_saves[0].read_text())["meta"]["player"] == "Aiko"
                assert json.loads(ken_saves[0].read_text())["meta"]["player"] == "Ken"
                browser.reader.cancel()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
