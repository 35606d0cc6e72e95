"""Benchmark: time from a keypress to the refreshed screen while playing, and peak memory.

Run: ``python benchmarks/ui_latency.py [--turns N] [--seed S]``.

The game runs as a player runs it (``python -m game play --seed S`` on a
100×30 pseudo-terminal). This script types the answers, as a player would:
a number key, or ``p`` in a quiet month (a key that is refused, such as a
locked answer, is followed by the next one). The time is measured inside the
app, from the start of the key's handler to a ``call_after_refresh`` callback
(the new screen is painted), and written to a log (``game/tui/probe.py``); a
pilot round trip would add about 100 ms of its own. Games are played until at
least N turns are measured (a game has at most 24).

Peak memory (max RSS) of the playing processes is set against a minimal
Textual app (a header, a label, a footer) measured in the same run: every game
is played to its end screen, as in ``startup.py`` (the highest of the games).

Last lines: ``RESULT peak_memory_ratio <x> target 1.5 PASS|FAIL`` then
``RESULT key_latency <ms> ms target 50 PASS|FAIL`` (the median).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import MEMORY_TARGET, MINIMAL_APP, bytecode, play_game, run_in_pty

ROOT = Path(__file__).resolve().parents[1]
LATENCY_TARGET_MS = 50.0


def play(turns: int, seed: int) -> tuple[list[float], list[float], int]:
    """Play games until ``turns`` moves are measured; returns (ms list, MiB per game, games)."""
    work = Path(tempfile.mkdtemp(prefix="pt-latency-"))
    config = work / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"briefing_seen": True}))
    log = work / "latency.log"
    ready = work / "ready"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PARALLEL_TRACKS_CONFIG": str(config),
           "PARALLEL_TRACKS_SAVES": str(work / "saves"), "TERM": "xterm-256color",
           "PARALLEL_TRACKS_LATENCY_LOG": str(log), "PARALLEL_TRACKS_READY_FILE": str(ready),
           "BENCH_CWD": str(work)}
    env.pop("NO_COLOR", None)
    bytecode(env, work)
    times: list[float] = []
    memory: list[float] = []
    games = 0
    # A warm-up start: compiled bytecode and the content cache, as on every start but the
    # first (its figures are not counted).
    run_in_pty([sys.executable, "-m", "game", "play", "--seed", str(seed)],
               {**env, "PARALLEL_TRACKS_EXIT_WHEN": "game"}, "game")
    while len(times) < turns and games < 10:
        games += 1
        memory.append(play_game(env, seed + games))
        times = [float(line.split("\t")[1]) for line in log.read_text().splitlines()]
    return times, memory, games


def minimal_memory(rounds: int = 5) -> float:
    """Peak memory of the minimal Textual app, median of ``rounds`` runs."""
    work = Path(tempfile.mkdtemp(prefix="pt-minimal-"))
    (work / "minimal.py").write_text(MINIMAL_APP)
    env = {**os.environ, "PARALLEL_TRACKS_READY_FILE": str(work / "ready"),
           "TERM": "xterm-256color", "BENCH_CWD": str(work)}
    bytecode(env, work)
    run_in_pty([sys.executable, str(work / "minimal.py")], env, "minimal")  # warm-up
    return statistics.median(
        run_in_pty([sys.executable, str(work / "minimal.py")], env, "minimal")[2]
        for _ in range(rounds))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=30)
    ap.add_argument("--seed", type=int, default=100)
    args = ap.parse_args()
    base_mem = minimal_memory()
    times, memory, games = play(args.turns, args.seed)
    if not times:
        raise SystemExit("no move was measured")
    med = statistics.median(times)
    times_sorted = sorted(times)
    p90 = times_sorted[min(len(times) - 1, int(len(times) * 0.9))]
    peak = max(memory)
    print(f"{len(times)} moves measured in {games} game(s) on a 100x30 pseudo-terminal "
          "(key handler to refreshed screen, inside the app)")
    print(f"  median {med:.1f} ms, 90th percentile {p90:.1f} ms, min {times_sorted[0]:.1f}, "
          f"max {times_sorted[-1]:.1f}")
    print(f"  peak memory while playing {peak:.1f} MiB; minimal Textual app {base_mem:.1f} MiB")
    mem_ratio = peak / base_mem
    print(f"RESULT peak_memory_ratio {mem_ratio:.2f} target {MEMORY_TARGET:g} "
          f"{'PASS' if mem_ratio <= MEMORY_TARGET else 'FAIL'}")
    print(f"RESULT key_latency {med:.1f} ms target {LATENCY_TARGET_MS:g} "
          f"{'PASS' if med <= LATENCY_TARGET_MS else 'FAIL'}")


if __name__ == "__main__":
    main()
