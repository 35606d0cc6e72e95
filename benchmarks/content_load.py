"""Benchmark: load and validate the base content (YAML parsing included).

Run: ``python benchmarks/content_load.py [--repeat N]``. Each run loads in a
fresh subprocess so that nothing is cached from the run before: the figure is
what a player waits for at start-up. Prints the median and, for scale, the
same-run baseline of parsing the same files with PyYAML's C loader alone.

Last line: ``RESULT content_load <ms> ms target 100 PASS|FAIL``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100.0

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import yaml  # imported before timing: the module import is start-up, not loading
from game.model import loader, schema  # likewise pydantic and the schemas
from game.model.loader import base_content_dir
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


def measure(repeat: int) -> list[dict[str, float]]:
    """Run the child ``repeat`` times and collect its figures."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT)], capture_output=True,
                             text=True, check=True).stdout
        runs.append(json.loads(out))
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    runs = measure(args.repeat)
    load = statistics.median(r["load_ms"] for r in runs)
    parse = statistics.median(r["parse_ms"] for r in runs)
    first = runs[0]
    print(f"base content: {first['files']} files, {first['bytes'] / 1024:.0f} KB, "
          f"{first['cards']} cards; {args.repeat} fresh processes")
    print(f"baseline, PyYAML C loader parse only: median {parse:.1f} ms")
    print(f"load + validate + cross-check + compile: median {load:.1f} ms "
          f"(min {min(r['load_ms'] for r in runs):.1f}, max {max(r['load_ms'] for r in runs):.1f}); "
          f"ratio to parse-only {load / parse:.2f}x")
    verdict = "PASS" if load <= TARGET_MS else "FAIL"
    print(f"RESULT content_load {load:.1f} ms target {TARGET_MS:g} {verdict}")


if __name__ == "__main__":
    main()
