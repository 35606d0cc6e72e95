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

Last lines: ``RESULT startup_game_ratio <x> target 1.6 PASS|FAIL`` then
``RESULT startup_ratio <x> target 1.15 PASS|FAIL``.
"""

from __future__ import annotations

import argparse
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE_TARGET = 1.15
GAME_TARGET = 1.6

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


def bytecode(env: dict[str, str], work: Path) -> None:
    """Let every run use compiled bytecode, as an installed game does (pip compiles it).

    A shell that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise make the game compile
    its own modules from source on every start, while Textual, installed with its
    ``.pyc`` files, does not: a cost no player pays. The cache goes to a folder of
    the run (``PYTHONPYCACHEPREFIX``), for every kind alike, filled by the warm-up.
    """
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    # The content cache of this run, filled by the warm-up (every start but the first).
    env["PARALLEL_TRACKS_CACHE"] = str(work / "content-cache")


def measure(rounds: int, seed: int) -> dict[str, list[tuple[float, float, float]]]:
    """``rounds`` rounds of the three kinds, interleaved: (ready s, exit s, MiB) each."""
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
    # One warm-up round so that every kind starts from a warm file cache.
    for r in range(rounds + 1):
        for name, (cmd, extra) in kinds.items():
            figures = run_in_pty(cmd, {**base_env, **extra},
                                 "minimal" if name == "baseline" else name)
            if r:
                out[name].append(figures)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    runs = measure(args.rounds, args.seed)

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
    game_ratio = med("game", 0) / med("baseline", 0)
    title_ratio = med("title", 0) / med("baseline", 0)
    print(f"RESULT startup_game_ratio {game_ratio:.2f} target {GAME_TARGET:g} "
          f"{'PASS' if game_ratio <= GAME_TARGET else 'FAIL'}")
    print(f"RESULT startup_ratio {title_ratio:.2f} target {TITLE_TARGET:g} "
          f"{'PASS' if title_ratio <= TITLE_TARGET else 'FAIL'}")


if __name__ == "__main__":
    main()
