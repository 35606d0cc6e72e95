"""Play many seeded games under a policy, in one process or several.

Game ``i`` of a run with seed ``S`` is played with the game seed
``derive_seed("game", S, i)`` and the policy seed ``derive_seed("policy", S, i)``:
both depend only on ``S`` and ``i`` (and are the same on any Python version),
so a run's figures do not depend on how many jobs played it. Workers load the
content once each (or inherit it when the platform forks) and send back
:class:`~game.sim.stats.Stats` per batch of games, not the games themselves.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import Game, IllegalMove, Rng, derive_seed
from game.engine.faults import content_fault, game_fault
from game.model.content import Content
from game.sim.policies import Policy, PolicyError, PolicyMaker, SimError
from game.sim.stats import Stats

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SimSpec:
    """What to simulate: how many games, which policy, which seed, which content."""

    games: int
    policy: str = "random"
    seed: int = 1
    difficulty: str = "normal"
    dirs: tuple[str, ...] = ()  # content folders, base first; empty: the base game
    save_dir: str | None = None


@dataclass
class SimResult:
    """A finished run: the spec, the policy's display name, the counts and the time taken."""

    spec: SimSpec
    policy_name: str
    stats: Stats
    seconds: float
    jobs: int
    content: Content = field(repr=False)


def game_seed(seed: int, index: int) -> int:
    """The engine seed of game ``index`` in a run with seed ``seed``."""
    return derive_seed("game", seed, index)


def policy_seed(seed: int, index: int) -> int:
    """The policy's own generator seed for game ``index``."""
    return derive_seed("policy", seed, index)


def play_game(content: Content, maker: PolicyMaker, seed: int, difficulty: str,
              policy_rng_seed: int, record: bool = True,
              policies: list[Policy] | None = None) -> Game:
    """Play one whole game; raises :class:`SimError` if it cannot be finished.

    ``record=False`` plays it without the change log and news messages (see
    :meth:`Game.new`): the same game otherwise, for counting, not for saving.
    """
    policy = maker.make(Rng(policy_rng_seed))
    try:
        game = Game.new(content, seed, difficulty, record=record or policy.needs_record)
    except IllegalMove:
        raise
    except Exception as exc:  # content that check let through: named by card and file
        raise SimError(str(content_fault(content, exc))) from None
    if policies is not None:
        policies.append(policy)
    while not game.over:
        turn = game.turn
        try:
            policy.play_turn(game)
        except (SimError, IllegalMove, PolicyError):
            raise
        except Exception as exc:
            raise SimError(str(game_fault(game, exc))) from None
        if not game.over and game.turn == turn:
            raise SimError(f"the policy did not finish turn {turn}")
    return game


def save_name(index: int) -> str:
    """The file name game ``index`` of a run is saved under in ``--save-dir``."""
    return f"sim-{index:06d}.json"


def _save(game: Game, save_dir: str, index: int, spec: SimSpec, policy_name: str) -> None:
    """Write one game as an ordinary save (raises the saves module's SaveError)."""
    from game.saves import SaveMeta, write_save

    meta = SaveMeta(
        player=f"simulate:{policy_name}", name=f"simulated game {index}",
        game_id=f"sim-{spec.seed}-{index}",
        extra={"source": "simulate", "policy": policy_name, "run_seed": spec.seed,
               "index": index, "difficulty": spec.difficulty})
    write_save(game, Path(save_dir) / save_name(index), meta)


class _Worker:
    """The per-process state: the content and the policy maker, made once."""

    def __init__(self, spec: SimSpec, content: Content) -> None:
        self.spec = spec
        self.content = content
        self.maker = PolicyMaker(spec.policy, content)

    def run(self, start: int, stop: int) -> Stats:
        stats = Stats()
        spec = self.spec
        # Stats count values, draws and endings, never the log or the news: only
        # a game to be saved records them.
        record = bool(spec.save_dir)
        for i in range(start, stop):
            seed = game_seed(spec.seed, i)
            played: list[Policy] = []
            try:
                game = play_game(self.content, self.maker, seed, spec.difficulty,
                                 policy_seed(spec.seed, i), record, played)
            except (SimError, IllegalMove, ArithmeticError, ValueError, TypeError,
                    KeyError) as exc:
                # One broken game must not hide the other N-1: report it with its seed.
                stats.add_error(i, seed, f"{type(exc).__name__}: {exc}")
                continue
            stats.add(game, getattr(played[0], "intent_guess", None) if played else None)
            if spec.save_dir:
                _save(game, spec.save_dir, i, spec, self.maker.name)
        stats.fold()  # nested counts pickle smaller than flat ones
        return stats



_WORKER: _Worker | None = None
_WORKER_KEY: tuple[Any, ...] | None = None


def _key(spec: SimSpec) -> tuple[Any, ...]:
    return (spec.dirs, spec.policy, spec.seed, spec.difficulty, spec.save_dir)


def _init_worker(spec: SimSpec) -> None:
    """Pool initializer: reuse the parent's state if forked, else load the content."""
    global _WORKER, _WORKER_KEY
    if _WORKER is not None and _key(spec) == _WORKER_KEY:
        return
    from game.loading.loader import load_content

    content = load_content([Path(d) for d in spec.dirs] if spec.dirs else None)
    _WORKER = _Worker(spec, content)
    _WORKER_KEY = _key(spec)


def _run_chunk(bounds: tuple[int, int]) -> Stats:
    assert _WORKER is not None
    return _WORKER.run(*bounds)


def chunks(total: int, jobs: int) -> list[tuple[int, int]]:
    """Split ``range(total)`` into batches: big while much is left, smaller towards the end.

    Each batch is a quarter of what is left per job (at most 250 games, at least
    16), so the jobs finish within a few games of each other instead of one
    waiting for the other's last big batch; batches stay few enough that
    sending their counts back costs little.
    """
    out = []
    start = 0
    while start < total:
        size = max(16, min(250, (total - start) // (jobs * 4)))
        out.append((start, min(total, start + size)))
        start += size
    return out


def _context() -> mp.context.BaseContext:
    # Fork shares the loaded content with the workers for free; spawn (macOS,
    # Windows) makes each worker load it once in the initializer instead.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def simulate(spec: SimSpec, jobs: int = 1, progress: Progress | None = None,
             content: Content | None = None) -> SimResult:
    """Run ``spec.games`` games with ``jobs`` processes; the result is the same for any jobs.

    ``content`` may be given when already loaded (it must be what ``spec.dirs``
    loads: worker processes that cannot fork load the folders themselves).
    Raises :class:`~game.sim.policies.PolicyError` for an unusable policy.
    """
    global _WORKER, _WORKER_KEY
    if spec.games < 0:
        raise ValueError("the number of games cannot be negative")
    if content is None:
        from game.loading.loader import load_content

        content = load_content([Path(d) for d in spec.dirs] if spec.dirs else None)
    Game.new(content, 0, spec.difficulty)  # an unknown difficulty fails here, clearly
    worker = _Worker(spec, content)  # checks the policy before any process starts
    if spec.save_dir:
        os.makedirs(spec.save_dir, exist_ok=True)
    jobs = max(1, min(jobs, spec.games or 1))
    parts = chunks(spec.games, jobs)
    stats = Stats()
    started = time.perf_counter()
    done = 0
    if progress:
        progress(0, spec.games)
    if jobs == 1:
        results: Iterator[Stats] = (worker.run(a, b) for a, b in parts)
        for part in results:
            stats.merge(part)
            done += part.games
            if progress:
                progress(done, spec.games)
    else:
        _WORKER, _WORKER_KEY = worker, _key(spec)  # inherited by forked workers
        try:
            with _context().Pool(jobs, initializer=_init_worker, initargs=(spec,)) as pool:
                for part in pool.imap(_run_chunk, parts):
                    stats.merge(part)
                    done += part.games
                    if progress:
                        progress(done, spec.games)
        finally:
            _WORKER = _WORKER_KEY = None
    seconds = time.perf_counter() - started
    return SimResult(spec, worker.maker.name, stats, seconds, jobs, content)


def run_policies(specs: Sequence[SimSpec], jobs: int, content: Content | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> list[SimResult]:
    """Several runs one after another (the balance table), sharing loaded content."""
    out = []
    for spec in specs:
        cb = (lambda d, t, name=spec.policy: progress(name, d, t)) if progress else None
        out.append(simulate(spec, jobs, cb, content))
    return out
