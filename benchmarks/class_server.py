"""Benchmark: a class of simulated students playing at once on the class server.

Run: ``python benchmarks/class_server.py [--students 30] [--think 5] [--seed 3]``.

Starts ``parallel-tracks serve --class CODE --host 127.0.0.1`` on a free port
and connects the students as a browser tab does (textual-serve's protocol: join
through the page's form, then the websocket with the page's ``Origin`` and the
student's cookie; ``["stdin", key]`` and ``["resize", …]`` messages up, the
terminal's bytes down). Students arrive half a second apart; each closes the
briefing, then plays a whole game the way ``ui_latency.py`` does (a number key,
or ``p`` in a quiet month; a refused key is followed by the next, and Esc closes
a briefing that opened only after the first keys, on a busy machine), with
``--think`` seconds between moves, until their save says the game has ended. A
teacher view is open throughout (``/teacher/state.json`` every 2 s and the
teacher page every 5 s).

Measured:

- finished games (their saves reached an ending);
- peak memory: the sum of the resident sets of the server and every process under
  it (the game processes), sampled every 0.5 s;
- key to screen update: from a move's key sent over the websocket to the first
  bytes of the new screen coming back, over every move of every student.

Everything stays on 127.0.0.1; the run stops by itself (``--timeout``), and the
server and its games are stopped at the end.

Last lines::

    RESULT class_server_games <finished> target 30 PASS|FAIL
    RESULT class_server_peak_mib <MiB> target 2500 PASS|FAIL
    RESULT class_server_key_p90_ms <ms> target 250 PASS|FAIL
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from serving import ServerDidNotStart, class_server  # noqa: E402  (beside this script)

from game.classroom.roster import folder_name  # noqa: E402

PEAK_TARGET_MIB = 2500.0
P90_TARGET_MS = 250.0
KEYS = ("1", "p", "2", "3", "4", "\x1b")  # Esc: a briefing that opened late


def tree_rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and every process under it, in MiB (Linux /proc)."""
    total = 0
    todo = [pid]
    seen = set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            status = Path(f"/proc/{p}/status").read_text()
            m = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            total += int(m.group(1)) if m else 0
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo += [int(k) for k in kids]
        except (OSError, ValueError):
            continue
    return total / 1024


def save_state(folder: Path) -> tuple[int, bool]:
    """(decisions made, game ended) from the newest save in a student's folder."""
    saves = [p for p in folder.glob("*.json") if not p.name.startswith(".")]
    if not saves:
        return 0, False
    path = max(saves, key=lambda p: p.stat().st_mtime_ns)
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return -1, False  # being replaced just now: read again later
    return len(doc.get("decisions", [])), bool(doc.get("summary", {}).get("ending"))


class Student:
    """One simulated browser tab."""

    def __init__(self, name: str, base: str, folder: Path, think: float,
                 rng: random.Random) -> None:
        self.name, self.base, self.folder, self.think, self.rng = name, base, folder, think, rng
        self.latencies: list[float] = []
        self.finished = False
        self.error = ""
        self._got = asyncio.Event()
        self._first_after: float | None = None
        self._sent_at = 0.0
        self._last_output = 0.0

    async def run(self, http_factory, deadline: float) -> None:  # type: ignore[no-untyped-def]
        """Join, open the game's websocket and play to the end (or the deadline)."""
        import aiohttp

        origin = self.base
        async with http_factory() as http:
            async with http.post(f"{self.base}/join", data={"name": self.name},
                                 headers={"Origin": origin}) as r:
                if r.status != 200:
                    self.error = f"join: HTTP {r.status}"
                    return
            async with http.ws_connect(f"{self.base.replace('http', 'ws')}/ws?width=100&height=30",
                                       headers={"Origin": origin}, max_msg_size=0,
                                       heartbeat=30) as ws:
                reader = asyncio.create_task(self._read(ws))
                try:
                    await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
                    await self._play(ws, deadline)
                except (aiohttp.ClientError, ConnectionError) as exc:
                    self.error = f"connection: {exc}"
                finally:
                    reader.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await reader

    async def _read(self, ws) -> None:  # type: ignore[no-untyped-def]
        import aiohttp

        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.BINARY:
                now = time.perf_counter()
                self._last_output = now
                if self._first_after is None and self._sent_at:
                    self._first_after = now
                self._got.set()
            elif msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break

    async def _quiet(self, quiet: float = 0.25, limit: float = 4.0) -> None:
        """Wait until the terminal has sent nothing for ``quiet`` seconds."""
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if time.perf_counter() - self._last_output >= quiet:
                return
            await asyncio.sleep(0.05)

    async def _key(self, ws, key: str) -> None:  # type: ignore[no-untyped-def]
        self._first_after = None
        self._sent_at = time.perf_counter()
        await ws.send_str(json.dumps(["stdin", key]))

    async def _play(self, ws, deadline: float) -> None:  # type: ignore[no-untyped-def]
        # The game starts: wait for its first screen, then close the briefing and tour.
        while self._last_output == 0.0 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        while time.monotonic() < deadline and save_state(self.folder)[0] < 0:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        await self._quiet()
        for _ in range(3):
            await self._key(ws, "\x1b")
            await asyncio.sleep(0.4)
        await self._quiet()
        stuck = 0
        while time.monotonic() < deadline and stuck < 12:
            made, ended = save_state(self.folder)
            if ended:
                self.finished = True
                return
            moved = False
            for key in KEYS:
                await self._key(ws, key)
                sent = self._sent_at
                # The move is on disk once its screen is painted (the autosave follows
                # the paint): wait for the save to show one more decision.
                limit = time.monotonic() + 3.0
                while time.monotonic() < limit:
                    await asyncio.sleep(0.05)
                    now_made, ended = save_state(self.folder)
                    if now_made > made or ended:
                        moved = True
                        break
                if moved:
                    if self._first_after is not None:
                        self.latencies.append((self._first_after - sent) * 1000)
                    break
                await self._quiet(0.2, 1.0)
            stuck = 0 if moved else stuck + 1
            await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
        made, ended = save_state(self.folder)
        self.finished = ended
        if not ended and not self.error:
            self.error = f"stopped at {made} decisions"


async def teacher(base: str, token: str, stop: asyncio.Event, log: list[dict]) -> None:
    """The teacher's view, open all along: the state every 2 s, the page every 5 s."""
    import aiohttp

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{base}/teacher", params={"token": token}) as r:
            assert r.status == 200, f"teacher view: HTTP {r.status}"
        tick = 0
        while not stop.is_set():
            async with http.get(f"{base}/teacher/state.json") as r:
                log.append(await r.json())
            if tick % 5 == 0:
                async with http.get(f"{base}/teacher") as r:
                    await r.read()
            tick += 2
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), 2.0)
        async with http.get(f"{base}/teacher/state.json") as r:  # the class at the end
            log.append(await r.json())


async def run(args: argparse.Namespace) -> int:
    import aiohttp

    work = Path(tempfile.mkdtemp(prefix="pt-class-server-"))
    folder = work / "class"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    made = subprocess.run([sys.executable, "-m", "game", "class-code", "--seed", str(args.seed)],
                          capture_output=True, text=True, env=env, check=True)
    code = made.stdout.split()[2]
    peak = 0.0
    try:
        with class_server(code, folder, cwd=work, env=env,
                          extra=("--max-sessions", str(args.students + 5))) as server:
            base, token = server.base, server.token
            print(f"class {code} on {base}: {args.students} students, think {args.think}s; "
                  f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
                  flush=True)
            deadline = time.monotonic() + args.timeout
            stop = asyncio.Event()
            states: list[dict] = []

            async def sample() -> None:
                nonlocal peak
                while not stop.is_set():
                    peak = max(peak, tree_rss_mib(server.proc.pid))
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(stop.wait(), 0.5)

            sampler = asyncio.create_task(sample())
            teacher_task = asyncio.create_task(teacher(base, token, stop, states))
            rng = random.Random(args.seed)
            students = []
            for i in range(args.students):
                name = f"Student {i + 1:02d}"
                students.append(Student(name, base, folder / folder_name(name), args.think,
                                        random.Random(rng.random())))

            def session() -> aiohttp.ClientSession:
                return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

            async def arrive(i: int, st: Student) -> None:
                await asyncio.sleep(0.5 * i)
                try:
                    await st.run(session, deadline)
                except Exception as exc:  # one tab's failure is reported, not fatal
                    st.error = f"{type(exc).__name__}: {exc}"

            started = time.monotonic()
            await asyncio.gather(*(arrive(i, st) for i, st in enumerate(students)))
            elapsed = time.monotonic() - started
            stop.set()
            await sampler
            try:
                await teacher_task
            except Exception as exc:
                print(f"  the teacher view failed: {type(exc).__name__}: {exc}")
    except ServerDidNotStart as exc:
        print(exc, file=sys.stderr)
        return 1
    finished = sum(st.finished for st in students)
    lat = sorted(x for st in students for x in st.latencies)
    p90 = statistics.quantiles(lat, n=10)[-1] if len(lat) >= 10 else float("nan")
    for st in students:
        if st.error:
            print(f"  {st.name}: {st.error}")
    last = states[-1] if states else {}
    print(f"{finished} of {len(students)} games finished in {elapsed:.0f} s; "
          f"{len(lat)} moves measured, median {statistics.median(lat) if lat else 0:.0f} ms, "
          f"max {max(lat) if lat else 0:.0f} ms; the teacher view saw "
          f"{last.get('finished', 0)} finished, endings {last.get('endings', [])}")
    print(f"load average after: {os.getloadavg()[0]:.1f} (this run's games included; the "
          "figure before is the machine's other work)")
    print(f"(class folder: {folder})")
    ok_games = finished == len(students)
    print(f"RESULT class_server_games {finished} target {len(students)} "
          f"{'PASS' if ok_games else 'FAIL'}")
    print(f"RESULT class_server_peak_mib {peak:.0f} target {PEAK_TARGET_MIB:.0f} "
          f"{'PASS' if peak <= PEAK_TARGET_MIB else 'FAIL'}")
    print(f"RESULT class_server_key_p90_ms {p90:.0f} target {P90_TARGET_MS:.0f} "
          f"{'PASS' if p90 <= P90_TARGET_MS else 'FAIL'}")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=30)
    p.add_argument("--think", type=float, default=5.0,
                   help="seconds a student reads between moves (0.5-1.5 times this; "
                        "default 5, far quicker than a class reads a card)")
    p.add_argument("--seed", type=int, default=3, help="the class code's seed")
    p.add_argument("--timeout", type=float, default=900.0, help="stop after this many seconds")
    args = p.parse_args()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
