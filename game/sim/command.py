"""``parallel-tracks simulate``: argument handling, progress bar and output."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from game.sim.policies import PolicyError
from game.sim.report import to_json, to_text
from game.sim.runner import SimSpec, simulate


class ProgressBar:
    """A one-line bar on a terminal stream, redrawn at most ten times a second."""

    def __init__(self, stream: IO[str], label: str = "simulating") -> None:
        """Draw on ``stream`` (call only when it is a terminal)."""
        self.stream = stream
        self.label = label
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        """Show ``done`` of ``total``."""
        now = time.perf_counter()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // total if total else width
        rate = done / (now - self.started) if now > self.started else 0.0
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                          f"{done}/{total} games, {rate:,.0f}/s ")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def default_jobs() -> int:
    """One worker per usable core."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_simulate(args: argparse.Namespace, dirs: Sequence[Path]) -> int:
    """Run the command; returns the exit status (1 on bad input or a failed game)."""
    from game.engine import IllegalMove
    from game.loading.loader import check_content
    from game.loading.problems import format_problems
    from game.saves import SaveError

    if args.games < 1:
        print("parallel-tracks simulate: --games must be at least 1", file=sys.stderr)
        return 1
    loaded = check_content(list(dirs))
    if loaded.content is None:
        print(format_problems(loaded.problems), file=sys.stderr)
        print(f"\n{len(loaded.errors)} error(s): the content cannot be loaded "
              "('parallel-tracks check' lists them).", file=sys.stderr)
        return 1
    spec = SimSpec(games=args.games, policy=args.policy, seed=args.seed,
                   difficulty=args.difficulty, dirs=tuple(str(d) for d in dirs),
                   save_dir=args.save_dir)
    jobs = args.jobs if args.jobs and args.jobs > 0 else default_jobs()
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = simulate(spec, jobs, bar, loaded.content)
    except (PolicyError, IllegalMove) as exc:
        print(f"parallel-tracks simulate: {exc}", file=sys.stderr)
        return 1
    except SaveError as exc:
        print(f"parallel-tracks simulate: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"parallel-tracks simulate: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; no report.", file=sys.stderr)
        return 1
    except Exception as exc:  # content that check let through: named, no traceback
        from game.engine.faults import content_fault

        print(f"parallel-tracks simulate: {content_fault(loaded.content, exc)}",
              file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(to_json(result), indent=1))
    else:
        print(to_text(result, args.cards))
    return 1 if result.stats.errors else 0
