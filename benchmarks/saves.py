"""Save speed: write, and load-and-verify, a full 24-turn game.

Usage: ``python benchmarks/saves.py [--runs N] [--dir DIR]``

Plays one full game (the base scenario when it loads and spans 24 turns,
otherwise the test scenario in ``tests/fixtures/mini`` stretched to the same
24-month calendar), then times, as medians of ``--runs`` runs:

- ``encode``: the save's bytes only (snapshot, JSON, checksum), no disk;
- ``save_write``: :func:`game.saves.write_save` end to end (temporary file, fsync,
  backup link, ``os.replace``, folder fsync);
- ``load``, ``verify`` and ``load+verify``: :func:`load_save` and :func:`verify_save`.

Baselines measured in the same run and folder: writing the same bytes with a
plain ``write`` (no safety), and with ``write`` + one ``fsync`` (what the disk
itself charges for one durable write). The last line is
``RESULT save_write <ms> ms target 5 PASS|FAIL``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine import Game  # noqa: E402
from game.loading.loader import check_content, load_content  # noqa: E402
from game.model.content import Content  # noqa: E402
from game.saves import SaveMeta, load_save, verify_save, write_save  # noqa: E402
from game.saves.document import encode  # noqa: E402

TARGET_MS = 5.0
TURNS = 24


def content_24(workdir: Path) -> tuple[Content, str]:
    """The base scenario if it loads with 24 turns, else the mini scenario over 24 months."""
    result = check_content()
    if result.content is not None and result.content.total_turns >= TURNS:
        return result.content, "base scenario"
    mini = workdir / "mini24"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", mini)
    scenario = mini / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace('end: "2014-08"', 'end: "2016-02"'), encoding="utf-8")
    content = load_content([mini])
    assert content.total_turns == TURNS, content.total_turns
    why = "base scenario does not load yet" if result.content is None else "base is short"
    return content, f"mini scenario stretched to {TURNS} turns ({why})"


def full_game(content: Content) -> Game:
    """A game played to the last month by a busy random player (actions, levers, cards)."""
    for seed in range(1, 500):
        rng = random.Random(seed)
        game = Game.new(content, seed)
        while not game.over:
            for _ in range(3):
                acts = [v for v in game.actions() if v.available]
                if acts and not game.over and rng.random() < 0.6:
                    game.take_action(acts[int(rng.random() * len(acts))].action.id)
            levers = [v for v in game.levers() if v.available]
            if levers and not game.over and rng.random() < 0.2:
                lv = levers[int(rng.random() * len(levers))]
                game.set_lever(lv.lever.id, "lifted" if lv.imposed else "imposed")
            if game.over:
                break
            choices = [v for v in game.choices() if v.available]
            if choices:
                game.choose(choices[int(rng.random() * len(choices))].choice.id)
            else:
                game.pass_turn()
        if game.turn == content.total_turns:
            return game
    raise SystemExit("no seed under 500 plays to the last month")


def medians_ms(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median wall time of each function in milliseconds.

    The functions take turns within each run, so a burst of load from other
    processes on the machine falls on all of them alike.
    """
    for fn in fns.values():
        fn()  # warm up
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=101)
    parser.add_argument("--dir", help="folder to write in (default: a temporary folder)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pt-bench-", dir=args.dir))
    try:
        content, what = content_24(work)
        game = full_game(content)
        meta = SaveMeta(player="Benchmark", class_code="BENCH-1")
        data = encode(game, meta)
        path = work / "bench.json"
        write_save(game, path, meta)
        raw = work / "raw.json"

        def plain_write() -> None:
            with open(raw, "wb") as f:
                f.write(data)

        def plain_write_fsync() -> None:
            with open(raw, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())

        def load_and_verify() -> None:
            load_save(path, content)
            assert verify_save(path, content).ok

        t = medians_ms({
            "plain": plain_write, "fsync": plain_write_fsync,
            "encode": lambda: encode(game, meta),
            "write": lambda: write_save(game, path, meta),
            "load": lambda: load_save(path, content),
            "verify": lambda: verify_save(path, content),
            "both": load_and_verify,
        }, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"game: {what}; {game.turn} turns, {len(game.decisions)} decisions, "
          f"{len(game.log)} logged changes; save {len(data) / 1024:.1f} KB")
    print(f"medians of {args.runs} interleaved runs, in ms")
    print(f"  baseline: overwrite the file, no safety    {t['plain']:8.3f}")
    print(f"  baseline: overwrite the file + one fsync   {t['fsync']:8.3f}")
    print(f"  encode (snapshot, JSON, checksum; no disk) {t['encode']:8.3f}")
    print(f"  save_write (atomic, 2 fsyncs, backup)      {t['write']:8.3f}  "
          f"= {t['write'] / t['fsync']:.2f}x the fsync baseline")
    print(f"  load (checked against the content)         {t['load']:8.3f}")
    print(f"  verify (replay {len(game.decisions)} decisions, compare)     {t['verify']:8.3f}")
    print(f"  load+verify                                {t['both']:8.3f}")
    verdict = "PASS" if t["write"] <= TARGET_MS else "FAIL"
    print(f"RESULT save_write {t['write']:.2f} ms target {TARGET_MS:g} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
