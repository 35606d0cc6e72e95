"""Class report over 300 saves (ten classes of 30): must finish in under 5 seconds.

Generates the saves first (random but seeded play, one class code per class),
then times ``parallel-tracks class-report FOLDER -o report.html`` in-process,
content loading included, and prints the median of three runs. The baseline,
measured in the same run, is loading the 300 saves alone (the saves layer's
own cost), so the ratio shows what the report adds.

    python benchmarks/class_report.py [--saves N] [--classes K]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.classroom.classcode import ClassCode
from game.engine import Game, Rng
from game.loading.loader import check_content
from game.saves import SaveMeta, load_save, write_save

TARGET = 5.0


def random_game(content, seed: int, difficulty: str, rng: Rng) -> Game:
    """A student-like game: sometimes an action or a lever, then an open choice."""
    g = Game.new(content, seed, difficulty)
    while not g.over:
        acts = [v for v in g.actions() if v.available]
        if acts and rng.random() < 0.3:
            g.take_action(acts[rng.weighted_index([1] * len(acts))].action.id)
            continue
        levers = [v for v in g.levers() if v.available]
        if levers and rng.random() < 0.05:
            lv = levers[rng.weighted_index([1] * len(levers))]
            g.set_lever(lv.lever.id, "lifted" if lv.imposed else "imposed")
            continue
        if g.card is None:
            g.pass_turn()
            continue
        open_ = [v for v in g.choices() if v.available]
        g.choose(open_[rng.weighted_index([1] * len(open_))].choice.id)
    return g


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--saves", type=int, default=300)
    ap.add_argument("--classes", type=int, default=10)
    opts = ap.parse_args()
    from game.cli import main as cli

    result = check_content(None)
    content = result.content
    which = "base"
    if content is None:  # the shipped scenario is being edited: measure on the test one
        content = check_content([Path(__file__).resolve().parents[1] / "tests/fixtures/mini"]
                                ).content
        which = "mini (the base content did not load)"
    assert content is not None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "saves"
        t0 = time.perf_counter()
        per_class = opts.saves // opts.classes
        for k in range(opts.classes):
            code = ClassCode.make(content, seed=k * 7 + 1, difficulty="normal", stops=False)
            for i in range(per_class):
                g = random_game(content, code.seed, code.difficulty, Rng(k * 1000 + i))
                write_save(g, folder / f"class{k}" / f"student{i:02d}.json",
                           SaveMeta(player=f"Student {k}-{i}", class_code=code.text))
        made = time.perf_counter() - t0
        paths = sorted(folder.rglob("*.json"))
        print(f"content: {which}; generated {len(paths)} saves in {made:.1f} s")

        base_times, times = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            for p in paths:
                load_save(p, content)
            base_times.append(time.perf_counter() - t0)
        if which != "base":
            print("note: the CLI loads the base content; timing the report in-process instead")
        for _ in range(3):
            out = Path(tmp) / "report.html"
            t0 = time.perf_counter()
            if which == "base":
                with contextlib.redirect_stderr(io.StringIO()):
                    code = cli(["class-report", str(folder), "-o", str(out)])
            else:
                from game.report.command import run_class_report

                ns = argparse.Namespace(saves=[str(folder)], format=None, output=str(out),
                                        class_code=None, mod=None)
                with contextlib.redirect_stderr(io.StringIO()):
                    code = run_class_report(ns, content)
            times.append(time.perf_counter() - t0)
            assert code == 0, "class-report failed"
        size = out.stat().st_size
    base = statistics.median(base_times)
    med = statistics.median(times)
    print(f"baseline: load {len(paths)} saves {base:.2f} s (median of 3)")
    print(f"class-report: {med:.2f} s (median of 3), {med / base:.2f}x the baseline; "
          f"HTML {size / 1024:.0f} KB")
    status = "PASS" if med < TARGET else "FAIL"
    print(f"RESULT class_report_{len(paths)} {med:.2f} s target {TARGET:g} {status}")
    return 0 if status == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
