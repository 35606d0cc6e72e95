"""Benchmark: complete base-scenario games per second, with 2 jobs.

Run: ``python benchmarks/simulate.py [--games N] [--repeat R] [--jobs J]``.

What it measures, in one run:

1. **Baseline**: an idealized minimal loop of the same shape as a turn of the
   game (80 card conditions, a weighted draw, 6 effects, 15 reaction rules and
   8 ending checks a turn, 24 turns, no ledger, no records), plain Python on
   one core: what a simulator of this shape could reach on this machine.
2. **The simulator**: ``simulate`` with the random policy on the base
   scenario, ``--jobs`` workers (default 2), ``--games`` games, ``--repeat``
   times; the median games/s is the result. Worker start-up is included.
3. **Linearity**: the same at N/4, N/2 and N games; seconds per game should
   not grow with N.
4. **Headroom**: the base scenario padded with generated cards to 80 cards
   (the base deck is still being written), so the figure for the finished
   deck can be foreseen.

Last line: ``RESULT simulate <games/s> games/s target 1000 PASS|FAIL``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.loading.folders import base_content_dir  # noqa: E402
from game.loading.loader import load_content  # noqa: E402
from game.sim.runner import SimSpec, simulate  # noqa: E402

TARGET = 1000.0


# --------------------------------------------------------------------------- baseline


def _baseline_world(rnd: random.Random) -> tuple[list, list, list, list]:
    names = [f"m{i}" for i in range(6)]
    cards = []
    for _ in range(80):
        a, b = rnd.sample(names, 2)
        x, y = rnd.randint(10, 60), rnd.randint(40, 90)
        cards.append((lambda env, a=a, b=b, x=x, y=y: env[a] >= x and env[b] < y,
                      rnd.randint(1, 10)))
    effects = [[(rnd.choice(names), rnd.randint(-6, 6)) for _ in range(6)] for _ in range(3)]
    reactions = []
    for _ in range(15):
        a = rnd.choice(names)
        x = rnd.randint(20, 80)
        reactions.append((lambda env, a=a, x=x: env[a] > x, (rnd.choice(names), -1)))
    endings = []
    for _ in range(8):
        a = rnd.choice(names)
        endings.append(lambda env, a=a: env[a] <= 0)
    return names, cards, effects, reactions, endings  # type: ignore[return-value]


def baseline_games_per_second(games: int) -> float:
    """The idealized minimal loop, one core."""
    rnd = random.Random(7)
    names, cards, effects, reactions, endings = _baseline_world(rnd)
    t0 = time.perf_counter()
    for g in range(games):
        rng = random.Random(g)
        env = dict.fromkeys(names, 50.0)
        for _turn in range(24):
            eligible = [(i, w) for i, (cond, w) in enumerate(cards) if cond(env)]
            if eligible:
                total = sum(w for _, w in eligible)
                point = rng.random() * total
                for _i, w in eligible:
                    point -= w
                    if point < 0:
                        break
            for name, add in effects[int(rng.random() * 3)]:
                env[name] = min(100.0, max(0.0, env[name] + add))
            for cond, (name, add) in reactions:
                if cond(env):
                    env[name] = min(100.0, max(0.0, env[name] + add))
            if any(end(env) for end in endings):
                break
    return games / (time.perf_counter() - t0)


# --------------------------------------------------------------------------- padding


def padding_cards(count: int, meters: list[str], seed: int = 3) -> str:
    """``count`` generated cards of the base deck's shape, as a YAML list."""
    rnd = random.Random(seed)
    lines = []
    for i in range(count):
        a, b = rnd.sample(meters, 2)
        lines += [
            f"- id: pad-{i:03d}",
            f"  title: Generated card {i}",
            f"  when: \"{a} >= {rnd.randint(5, 40)} and {b} < {rnd.randint(60, 95)}\"",
            f"  weight: {rnd.randint(1, 8)}",
            "  repeatable: true",
            "  cooldown: 6",
            "  body: A generated situation for the benchmark.",
            "  choices:",
        ]
        for j in range(3):
            lines.append(f"    - id: c{j}")
            lines.append(f"      label: Choice {j}")
            lines.append("      effects:")
            for m in rnd.sample(meters, 3):
                lines.append(f"        - {{meter: {m}, add: {rnd.randint(-5, 5)}}}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- runs


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


CPU_SECONDS: list[float] = []  # CPU seconds per game of each run, for the contention note


def rate(spec: SimSpec, jobs: int, content=None) -> tuple[float, float]:
    """(games per second, seconds) of one run; records its CPU seconds per game too."""
    cpu0 = _cpu()
    result = simulate(spec, jobs, content=content)
    CPU_SECONDS.append((_cpu() - cpu0) / max(1, spec.games))
    if result.stats.errors:
        i, seed, msg = result.stats.errors[0]
        raise SystemExit(f"game {i} (seed {seed}) failed: {msg}")
    return spec.games / result.seconds, result.seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--policy", default="random")
    args = ap.parse_args()

    base = [str(base_content_dir())]
    content = load_content()
    load_before = os.getloadavg()
    print(f"base scenario: {len(content.cards)} cards, {len(content.reactions)} reactions, "
          f"{len(content.endings)} endings, {content.total_turns} turns; "
          f"policy {args.policy}, {args.jobs} jobs")

    base_rates = [baseline_games_per_second(max(500, args.games // 4))
                  for _ in range(args.repeat)]
    baseline = statistics.median(base_rates)
    print(f"baseline, idealized minimal loop (80 conditions, draw, 6 effects, 15 rules, "
          f"8 endings x 24 turns), 1 core: median {baseline:,.0f} games/s")

    CPU_SECONDS.clear()
    runs = [rate(SimSpec(args.games, args.policy, seed=r + 1, dirs=tuple(base)), args.jobs,
                 content)[0] for r in range(args.repeat)]
    med = statistics.median(runs)
    cpu_ms = 1000 * statistics.median(CPU_SECONDS)
    print(f"simulate, {args.games} games x {args.repeat} runs: median {med:,.0f} games/s "
          f"(min {min(runs):,.0f}, max {max(runs):,.0f}); "
          f"{1000 * args.jobs / med:.2f} ms of wall time per game per job; "
          f"ratio to the 1-core baseline {med / baseline:.2f}x")
    print(f"  CPU actually used: {cpu_ms:.2f} ms per game; {args.jobs} cores of our own "
          f"would give about {1000 * args.jobs / cpu_ms:,.0f} games/s")

    print("linearity (seconds per 1000 games should stay flat as N grows):")
    for n in (args.games // 4, args.games // 2, args.games):
        secs = statistics.median(rate(SimSpec(n, args.policy, seed=9, dirs=tuple(base)),
                                      args.jobs, content)[1] for _ in range(3))
        print(f"  N={n:>6}: {secs:6.2f} s, {1000 * secs / n:.3f} s per 1000 games")

    visible = [m.id for m in content.scenario.meters if not m.hidden]
    extra = max(0, 80 - len(content.cards))
    if extra:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "cards").mkdir()
            (Path(tmp) / "cards" / "padding.yaml").write_text(padding_cards(extra, visible))
            dirs = (*base, tmp)
            padded = load_content([Path(d) for d in dirs])
            prates = [rate(SimSpec(args.games, args.policy, seed=r + 1, dirs=dirs), args.jobs,
                           padded)[0] for r in range(max(1, args.repeat // 2))]
            print(f"headroom: base padded to {len(padded.cards)} cards with generated "
                  f"ones: median {statistics.median(prates):,.0f} games/s")

    load_after = os.getloadavg()
    print(f"machine load average (1 min) before {load_before[0]:.1f}, after "
          f"{load_after[0]:.1f}, on {os.cpu_count()} cores: above {args.jobs} means other "
          "processes shared the cores and the wall-clock figures are low")
    verdict = "PASS" if med >= TARGET else "FAIL"
    print(f"RESULT simulate {med:.0f} games/s target {TARGET:g} {verdict}")


if __name__ == "__main__":
    main()
