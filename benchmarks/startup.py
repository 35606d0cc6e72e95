"""Benchmark: start-up of the Textual game against a minimal Textual app, in the same run.

Run: ``python benchmarks/startup.py [--rounds N] [--seed S]``.

Each run is a fresh process in a pseudo-terminal (100×30), started the way a
player starts it. It writes the wall-clock time at which its screen became
interactive (its first refresh is on the terminal) and exits; the figure is
that time minus the time just before the process was spawned:

- baseline: a minimal Textual app (a header, a label, a footer) that marks
  itself ready after its first refresh;
- title: ``python -m game`` until the title screen's first refresh;
- game: ``python -m game play --seed S`` until the main game screen's first
  refresh (settings say the briefing was seen, as on every game but the first).

The three kinds take turns in every round, so a busy machine slows all of them
alike; the figures are medians, and the ratios are ratios of medians. Peak
memory (max RSS) of each is printed too.

Peak memory while playing: ``python -m game play --seed S`` on the same
terminal, played as a player plays it (an answer's number, or ``p`` in a quiet
month; every move autosaved) through a whole game to its end screen, a second
on that screen, then Ctrl+Q. Its max RSS (median of ``--plays`` games, one in
each of the first rounds) is set against the minimal app's. ``ui_latency.py``
measures its games the same way.

Every kind runs with compiled bytecode, as an installed game does (see
:func:`bytecode`), and the game with a content cache of its own, filled by
the warm-up round (as on every start but the first).

Last lines: ``RESULT peak_memory_ratio <x> target 1.5 PASS|FAIL``, then
``RESULT startup_game_ratio <x> target 1.6 PASS|FAIL`` then
``RESULT startup_ratio <x> target 1.15 PASS|FAIL``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE_TARGET = 1.15
GAME_TARGET = 1.6
MEMORY_TARGET = 1.5

MINIMAL_APP = r"""
import os, time
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label


class Minimal(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Hello")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.ready)

    def ready(self) -> None:
        with open(os.environ["PARALLEL_TRACKS_READY_FILE"], "a") as fh:
            fh.write(f"minimal {time.time()!r}\n")
        self.exit()


Minimal().run()
"""


def run_in_pty(cmd: list[str], env: dict[str, str], expect: str,
               size: tuple[int, int] = (100, 30),
               timeout: float = 60.0) -> tuple[float, float, float]:
    """Run ``cmd`` on a pseudo-terminal; return (seconds until the ``expect`` screen was
    ready, seconds to exit, max RSS in MiB)."""
    ready = Path(env["PARALLEL_TRACKS_READY_FILE"])
    ready.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))

    def drain() -> None:  # a terminal that reads what the app writes, as a real one does
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.time()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            cwd=env.get("BENCH_CWD"), start_new_session=True)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            _pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    ended = time.time()
    proc.returncode = status
    os.close(slave)
    reader.join(1)
    os.close(master)
    if not ready.exists() or status != 0:
        raise RuntimeError(f"{' '.join(cmd)} never became ready (status {status})")
    marks = dict(line.split() for line in ready.read_text().splitlines() if line.strip())
    if expect not in marks:
        raise RuntimeError(f"{' '.join(cmd)} never showed the {expect} screen")
    return float(marks[expect]) - start, ended - start, usage.ru_maxrss / 1024


class Session:
    """One game process on a pseudo-terminal that keys can be typed into."""

    def __init__(self, cmd: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        """Start the process."""
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.output = bytearray()
        self.proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=env["BENCH_CWD"], start_new_session=True)
        os.close(slave)
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output.extend(data[-4096:])

    def type(self, key: bytes) -> None:
        """Type bytes into the terminal."""
        os.write(self.master, key)

    def finish(self) -> float:
        """Quit (Ctrl+Q), wait, and return the peak memory in MiB."""
        with contextlib.suppress(OSError):
            self.type(b"\x11")
        deadline = time.monotonic() + 20
        while True:
            pid, _status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                self.proc.kill()
                _pid, _status, usage = os.wait4(self.proc.pid, 0)
                break
            time.sleep(0.02)
        os.close(self.master)
        return float(usage.ru_maxrss) / 1024


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())


def play_moves(session: Session, log: Path, ended: Callable[[], bool],
               pause: float = 0.15) -> int:
    """Type answers as a player does (a number key, or ``p`` in a quiet month; a refused
    key is followed by the next) until the game ends (``ended()``), each move a line in
    the latency ``log``; returns the moves made."""

    def measured() -> int:
        return len(log.read_text().splitlines()) if log.exists() else 0

    start = made = measured()
    stuck = 0
    while stuck < 12 and not ended():
        before = made
        for key in (b"1", b"p", b"2", b"3", b"4"):
            session.type(key)
            if wait_for(lambda before=before: measured() > before or ended(), 1.5):
                break
        made = measured()
        if made == before:
            stuck += 1  # every key refused: a few more rounds, then play_game reports it
            continue
        stuck = 0
        time.sleep(pause)  # a player reads before the next key; lets the autosave run
    return made - start


def play_game(env: dict[str, str], seed: int, size: tuple[int, int] = (100, 30)) -> float:
    """Play one game of ``seed`` to its end screen, as a player would (see
    :func:`play_moves`), stay a second on it, then quit (Ctrl+Q); returns the peak memory
    (max RSS, MiB) of the game's process. ``env`` sets the ready file, and may set a
    latency log (``PARALLEL_TRACKS_LATENCY_LOG``); one is made beside the ready file if not."""
    ready = Path(env["PARALLEL_TRACKS_READY_FILE"])
    ready.unlink(missing_ok=True)
    log = Path(env.get("PARALLEL_TRACKS_LATENCY_LOG") or ready.with_name("moves.log"))
    env = {**env, "PARALLEL_TRACKS_LATENCY_LOG": str(log)}
    session = Session([sys.executable, "-m", "game", "play", "--seed", str(seed)], env, size)

    def screens() -> str:
        return ready.read_text() if ready.exists() else ""

    if not wait_for(lambda: "game" in screens(), 60):
        session.finish()
        raise RuntimeError("the game screen never came up")
    time.sleep(0.3)  # the first screen settles, as a player reads it
    play_moves(session, log, ended=lambda: "end" in screens())
    if not wait_for(lambda: "end" in screens(), 10):
        session.finish()
        raise RuntimeError(f"the game of seed {seed} never reached its end screen")
    time.sleep(1.0)  # the player reads the end screen
    return session.finish()


def bytecode(env: dict[str, str], work: Path) -> None:
    """Let every run use compiled bytecode, as an installed game does (pip compiles it).

    A shell that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise make the game compile
    its own modules from source on every start, while Textual, installed with its
    ``.pyc`` files, does not: a cost no player pays. The cache goes to a folder of
    the run (``PYTHONPYCACHEPREFIX``), for every kind alike: the game's modules are
    compiled into it here, anything else by the warm-up.
    """
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    # Every module of the game, as pip compiles them at install; a warm-up alone would
    # leave those first imported late in a game (the end screen's) to be compiled from
    # source while measured, a cost in time and memory no player pays.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "game")], env=env,
                   check=True)
    # The content cache of this run, filled by the warm-up (every start but the first).
    env["PARALLEL_TRACKS_CACHE"] = str(work / "content-cache")


def measure(rounds: int, seed: int, plays: int = 0
            ) -> tuple[dict[str, list[tuple[float, float, float]]], list[float]]:
    """``rounds`` rounds of the three kinds, interleaved: (ready s, exit s, MiB) each; and
    the peak memory (MiB) of ``plays`` whole games, one in each of the first rounds."""
    work = Path(tempfile.mkdtemp(prefix="pt-startup-"))
    config = work / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"briefing_seen": True}))
    (work / "minimal.py").write_text(MINIMAL_APP)
    base_env = {**os.environ, "PYTHONPATH": str(ROOT), "PARALLEL_TRACKS_CONFIG": str(config),
                "PARALLEL_TRACKS_SAVES": str(work / "saves"), "TERM": "xterm-256color",
                "BENCH_CWD": str(work), "PARALLEL_TRACKS_READY_FILE": str(work / "ready")}
    base_env.pop("NO_COLOR", None)
    bytecode(base_env, work)
    kinds = {
        "baseline": ([sys.executable, str(work / "minimal.py")], {}),
        "title": ([sys.executable, "-m", "game"], {"PARALLEL_TRACKS_EXIT_WHEN": "title"}),
        "game": ([sys.executable, "-m", "game", "play", "--seed", str(seed)],
                 {"PARALLEL_TRACKS_EXIT_WHEN": "game"}),
    }
    out: dict[str, list[tuple[float, float, float]]] = {k: [] for k in kinds}
    playing: list[float] = []
    # One warm-up round so that every kind starts from a warm file cache.
    for r in range(rounds + 1):
        for name, (cmd, extra) in kinds.items():
            figures = run_in_pty(cmd, {**base_env, **extra},
                                 "minimal" if name == "baseline" else name)
            if r:
                out[name].append(figures)
        if 0 < r <= plays:
            playing.append(play_game(base_env, seed))
    return out, playing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--plays", type=int, default=3,
                    help="whole games played for the peak memory while playing")
    args = ap.parse_args()
    runs, playing = measure(args.rounds, args.seed, max(1, min(args.plays, args.rounds)))

    def med(kind: str, i: int) -> float:
        return statistics.median(r[i] for r in runs[kind])

    print(f"{args.rounds} rounds (after one warm-up), each kind a fresh process on a 100x30 "
          "pseudo-terminal; medians. 'ready' is process start to the screen's first "
          "refresh; 'exit' is process start to exit right after it (the minimal app's "
          "protocol).")
    for name, label in (("baseline", "minimal Textual app (header, label, footer)"),
                        ("title", "python -m game -> title screen"),
                        ("game", f"python -m game play --seed {args.seed} -> main screen")):
        print(f"  {label}: ready {med(name, 0) * 1000:.0f} ms "
              f"({med(name, 0) / med('baseline', 0):.2f}x), exit {med(name, 1) * 1000:.0f} ms "
              f"({med(name, 1) / med('baseline', 1):.2f}x); peak memory {med(name, 2):.1f} MiB "
              f"({med(name, 2) / med('baseline', 2):.2f}x)")
    played = statistics.median(playing)
    memory_ratio = played / med("baseline", 2)
    print(f"  python -m game play --seed {args.seed}, whole games played to the end screen, "
          f"every move autosaved ({len(playing)} games): peak memory {played:.1f} MiB "
          f"({memory_ratio:.2f}x; each: {', '.join(f'{p:.1f}' for p in playing)})")
    print(f"RESULT peak_memory_ratio {memory_ratio:.2f} target {MEMORY_TARGET:g} "
          f"{'PASS' if memory_ratio <= MEMORY_TARGET else 'FAIL'}")
    game_ratio = med("game", 0) / med("baseline", 0)
    title_ratio = med("title", 0) / med("baseline", 0)
    print(f"RESULT startup_game_ratio {game_ratio:.2f} target {GAME_TARGET:g} "
          f"{'PASS' if game_ratio <= GAME_TARGET else 'FAIL'}")
    print(f"RESULT startup_ratio {title_ratio:.2f} target {TITLE_TARGET:g} "
          f"{'PASS' if title_ratio <= TITLE_TARGET else 'FAIL'}")


if __name__ == "__main__":
    main()
