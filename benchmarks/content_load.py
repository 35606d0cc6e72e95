"""Benchmark: load and validate the base content, and a generated 10,000-card mod.

Run: ``python benchmarks/content_load.py [--repeat N]``. Each run loads in a
fresh subprocess with a fresh, empty content cache folder
(``PARALLEL_TRACKS_CACHE``), so nothing is cached from the run before: the
figure is what a player waits for at a first start. Prints the median and, for
scale, the same-run baseline of parsing the same files with PyYAML's C loader
alone. Line: ``RESULT content_load <ms> ms target 100 PASS|FAIL``.

Modding at scale: a generated mod of 10,000 cards (ten files of 1,000; each
card with a date window, a condition over the base game's meters and the mod's
own flags, a weight, a body, advisors and three choices with effects; about
0.6 KB of YAML a card) is loaded over the base game, also in fresh processes
(a first load; the content cache makes later starts fast). Each child then
loads again with timers around the loader's phases (parsing, schema
validation, expression compiling; the rest is layering, cross-checks and
building the content), and the first child once more with the garbage
collector running during the load (the simple path; the loader holds it off,
see game/model/bulk.py). Line: ``RESULT content_load_10k <s> s target 5``.

Then the time a player waits for the first prompt of ``play --plain`` with
that mod, from starting the process: at the first start (the load included)
and at the next (served by the content cache). Lines:
``RESULT play_plain_10k_first <s> s target 5`` and
``RESULT play_plain_10k_cached <s> s target 2``. The first-prompt figures
grow linearly with the cards (tests/test_engine_plan.py guards the plan).
``--only base``, ``--only 10k`` or ``--only play`` runs one of the three.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100.0

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import yaml  # imported before timing: the module import is start-up, not loading
from game.loading import loader, schema  # likewise pydantic and the schemas
from game.loading.folders import base_content_dir
files = sorted(p for p in base_content_dir().rglob("*.yaml"))
t0 = time.perf_counter()
for p in files:
    yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
t1 = time.perf_counter()
content = loader.load_content()
t2 = time.perf_counter()
print(json.dumps({"parse_ms": (t1 - t0) * 1e3, "load_ms": (t2 - t1) * 1e3,
                  "files": len(files), "bytes": sum(p.stat().st_size for p in files),
                  "cards": len(content.cards)}))
"""


def run_child(args: list[str]) -> dict[str, object]:
    """Run one child process with an empty cache folder of its own; return its figures."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PARALLEL_TRACKS_CACHE=cache)
        out = subprocess.run([sys.executable, "-c", *args], capture_output=True, text=True,
                             check=True, env=env).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def measure(repeat: int) -> list[dict[str, float]]:
    """Run the child ``repeat`` times and collect its figures."""
    return [run_child([_CHILD, str(ROOT)]) for _ in range(repeat)]  # type: ignore[misc]


TARGET_10K_S = 5.0
TARGET_PLAY_FIRST_S = 5.0
TARGET_PLAY_CACHED_S = 2.0
CARDS_10K = 10_000

_CHILD_10K = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import yaml
from game.loading import loader, schema
from game.loading.folders import base_content_dir
from game.loading.loader import check_content
mod = Path(sys.argv[2])
files = sorted(mod.rglob("*.yaml"))
# The measured load comes first, in a process that has done nothing else (as at a
# player's start-up); the PyYAML baseline runs after it.
t1, c1 = time.perf_counter(), time.process_time()
result = check_content([base_content_dir(), mod])
t2, c2 = time.perf_counter(), time.process_time()
t0 = time.perf_counter()
for p in files:
    yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
parse_s = time.perf_counter() - t0
errors = [p.format() for p in result.errors][:5]
# Where the time goes: a second load in the same process, with timers around the
# loader's phases (a phase the loader no longer has by that name is left out).
phases = {"read_yaml": "parse", "_validate": "validate", "compile_typed": "compile"}
spent = dict.fromkeys(phases.values(), 0.0)
def timed(fn, phase):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[phase] += time.perf_counter() - start
    return wrapper
for name, phase in phases.items():
    if hasattr(loader, name):
        setattr(loader, name, timed(getattr(loader, name), phase))
t3 = time.perf_counter()
check_content([base_content_dir(), mod])
t4 = time.perf_counter()
spent["rest"] = (t4 - t3) - sum(spent.values())
simple_s = None
if sys.argv[3] == "simple":
    import contextlib
    loader.collector_paused = contextlib.nullcontext
    t5 = time.process_time()
    check_content([base_content_dir(), mod])
    simple_s = time.process_time() - t5
print(json.dumps({"parse_s": parse_s, "load_s": t2 - t1, "load_cpu_s": c2 - c1,
                  "errors": errors, "simple_cpu_s": simple_s,
                  "second_s": t4 - t3, "phases": spent,
                  "bytes": sum(p.stat().st_size for p in files),
                  "cards": len(result.content.cards) if result.content else 0}))
"""


def generate_mod(root: Path, cards: int = CARDS_10K, per_file: int = 1000) -> None:
    """Write a mod of ``cards`` generated cards over the base game into ``root``.

    The cards are deterministic and valid: they read the base scenario's meters,
    levers and the mod's own flags, so the loader's cross-checks and expression
    compiler do real work on every one.
    """
    (root / "cards").mkdir(parents=True, exist_ok=True)
    (root / "mod.yaml").write_text(
        "id: generated\nname: Ten thousand generated cards\nversion: '1.0'\n"
        "targets: {scenario: japan_2014}\n", encoding="utf-8")
    meters = ["progress", "washington", "seoul", "public", "tension", "leverage"]
    months = [f"{y}-{m:02d}" for y in (2014, 2015) for m in range(1, 13)][2:]
    for start in range(0, cards, per_file):
        out = []
        for i in range(start, min(start + per_file, cards)):
            m1, m2 = meters[i % 6], meters[(i // 6) % 6]
            lo = months[i % 12]
            hi = months[min(len(months) - 1, i % 12 + 6 + i % 5)]
            flag = f"gen_flag_{i % 40}"
            out.append(f"""- id: gen-{i:05d}
  title: Generated event number {i}
  from: "{lo}"
  until: "{hi}"
  when: "{m1} >= {i % 40} and {m2} < {60 + i % 40} and not seen('gen-{(i + 1) % cards:05d}')"
  weight: {1 + i % 7}
  body: |
    A generated month, number {i}. The capitals watch Tokyo's answer
    and weigh it against what came before.
  advisors:
    mofa_asia: Keep the channel open, but do not pay in advance.
    us_embassy: Washington expects to be consulted first.
  choices:
    - id: firm
      label: Stand firm and consult the allies
      effects:
        - {{meter: washington, add: {i % 5 + 1}}}
        - {{meter: {m1}, add: -{i % 3 + 1}}}
        - {{flag: {flag}}}
    - id: give
      label: Offer something small
      when: "public >= {i % 30} or {flag}"
      effects:
        - {{meter: progress, add: {i % 4 + 1}}}
        - {{concession: gesture {i}, value: {1 + i % 3}}}
    - id: wait
      label: Wait and see
      effects:
        - {{meter: {m2}, add: "{i % 3} if {flag} else -1"}}
""")
        name = root / "cards" / f"generated-{start // per_file:02d}.yaml"
        name.write_text("# yaml-language-server: $schema=../../../content/schema/card.json\n"
                        + "".join(out), encoding="utf-8")


def measure_10k(repeat: int) -> list[dict[str, float]]:
    """Generate the mod once, then load it over the base game in ``repeat`` fresh processes."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        mod = Path(tmp) / "generated"
        generate_mod(mod)
        for i in range(repeat):
            runs.append(run_child([_CHILD_10K, str(ROOT), str(mod),
                                   "simple" if i == 0 else "-"]))
    return runs


def report_10k(repeat: int) -> None:
    """Print the 10k-card figures and their RESULT line."""
    runs = measure_10k(repeat)
    first = runs[0]
    if first["errors"]:
        print("the generated mod did not load:\n  " + "\n  ".join(first["errors"]))
    load = statistics.median(r["load_s"] for r in runs)
    parse = statistics.median(r["parse_s"] for r in runs)
    print(f"generated mod: {CARDS_10K} cards, {first['bytes'] / 1e6:.1f} MB, loaded over the "
          f"base game ({first['cards']} cards in all); {repeat} fresh processes, first load each")
    print(f"baseline, PyYAML C loader parse of the mod only: median {parse:.2f} s")
    low, high = min(r["load_s"] for r in runs), max(r["load_s"] for r in runs)
    print(f"load + validate + layer + cross-check + compile: median {load:.2f} s "
          f"(min {low:.2f}, max {high:.2f}); ratio to parse-only {load / parse:.2f}x")
    cpu = statistics.median(r["load_cpu_s"] for r in runs)
    print(f"  CPU time of the load: median {cpu:.2f} s (the time above also counts waiting "
          f"for a core, when other processes share them)")
    second = statistics.median(r["second_s"] for r in runs)
    parts = ", ".join(f"{phase} {statistics.median(r['phases'][phase] for r in runs):.2f} s"
                      for phase in first["phases"])
    print(f"  where it goes (second load in the same process, {second:.2f} s): {parts}")
    if first["simple_cpu_s"] is not None:
        print(f"  with the garbage collector running during the load (the simple path): "
              f"{first['simple_cpu_s']:.2f} s CPU, against {first['load_cpu_s']:.2f} s held off")
    verdict = "PASS" if load <= TARGET_10K_S and not first["errors"] else "FAIL"
    print(f"RESULT content_load_10k {load:.2f} s target {TARGET_10K_S:g} {verdict}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--repeat-10k", type=int, default=3,
                    help="fresh processes for the 10,000-card mod (default 3)")
    ap.add_argument("--only", choices=("base", "10k", "play"), help="run one measurement")
    args = ap.parse_args()
    if args.only in (None, "base"):
        report_base(args.repeat)
    if args.only in (None, "10k"):
        report_10k(args.repeat_10k)
    if args.only in (None, "play"):
        report_play(args.repeat_10k)


def first_prompt(mod: Path, cache: str, saves: str) -> float:
    """Seconds from starting ``play --plain`` with ``mod`` to its first prompt."""
    env = dict(os.environ, PARALLEL_TRACKS_CACHE=cache)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "play", "--plain", "--no-mods", "--mod", str(mod),
         "--saves-dir", saves], cwd=ROOT, env=env, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdin is not None
    seen = b""
    while not seen.endswith(b"> "):
        chunk = proc.stdout.read1(65536)
        if not chunk:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"play --plain ended before its first prompt:\n{err}")
        seen += chunk
    elapsed = time.perf_counter() - start
    proc.communicate(b"quit\n")
    return elapsed


def report_play(repeat: int) -> None:
    """Print the 10k-card mod's time to the first prompt of play --plain, first and cached."""
    firsts, cached = [], []
    with tempfile.TemporaryDirectory() as tmp:
        mod = Path(tmp) / "generated"
        generate_mod(mod)
        for i in range(repeat):
            cache, saves = Path(tmp) / f"cache{i}", Path(tmp) / "saves"
            firsts.append(first_prompt(mod, str(cache), str(saves)))
            cached.append(first_prompt(mod, str(cache), str(saves)))
    first, again = statistics.median(firsts), statistics.median(cached)
    print(f"play --plain with the {CARDS_10K}-card mod, to the first prompt; {repeat} runs: "
          f"first start median {first:.2f} s, next start (content cache) median {again:.2f} s")
    for name, value, target in (("play_plain_10k_first", first, TARGET_PLAY_FIRST_S),
                                ("play_plain_10k_cached", again, TARGET_PLAY_CACHED_S)):
        verdict = "PASS" if value <= target else "FAIL"
        print(f"RESULT {name} {value:.2f} s target {target:g} {verdict}")


def report_base(repeat: int) -> None:
    """Print the base-content figures and their RESULT line."""
    args = argparse.Namespace(repeat=repeat)
    runs = measure(args.repeat)
    load = statistics.median(r["load_ms"] for r in runs)
    parse = statistics.median(r["parse_ms"] for r in runs)
    first = runs[0]
    print(f"base content: {first['files']} files, {first['bytes'] / 1024:.0f} KB, "
          f"{first['cards']} cards; {args.repeat} fresh processes")
    print(f"baseline, PyYAML C loader parse only: median {parse:.1f} ms")
    low, high = min(r["load_ms"] for r in runs), max(r["load_ms"] for r in runs)
    print(f"load + validate + cross-check + compile: median {load:.1f} ms "
          f"(min {low:.1f}, max {high:.1f}); ratio to parse-only {load / parse:.2f}x")
    verdict = "PASS" if load <= TARGET_MS else "FAIL"
    print(f"RESULT content_load {load:.1f} ms target {TARGET_MS:g} {verdict}")


if __name__ == "__main__":
    main()
