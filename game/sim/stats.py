"""What a batch of simulated games adds up to: counts only, so batches merge exactly.

Every figure is a count (or a count of values), never a running float sum,
so merging batches in any grouping gives the same result: a run with one job
and a run with two agree to the last digit. Quantiles are read from the
counted values by the nearest-rank rule.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from game.engine import Game


@dataclass
class Stats:
    """Counts over finished games; :meth:`add` one game, :meth:`merge` another batch."""

    games: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    card_games: Counter[str] = field(default_factory=Counter)  # games in which drawn
    card_draws: Counter[str] = field(default_factory=Counter)  # draws, repeats included
    picks: Counter[str] = field(default_factory=Counter)  # "card/choice" -> times made
    lengths: Counter[int] = field(default_factory=Counter)  # turns played
    # meter id -> turn -> value -> games; turn 0 is the start, turn t the end of month t.
    # Read through the ``meters`` property: games are first counted flat (see add).
    folded: dict[str, dict[int, Counter[float]]] = field(default_factory=dict)
    # (meter id, turn, value) -> games, not yet folded into ``folded``.
    flat: Counter[tuple[str, int, float]] = field(default_factory=Counter)
    # track id and "score" -> final value (rounded to 0.1) -> games
    scores: dict[str, Counter[float]] = field(default_factory=dict)
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (index, seed, message)

    def add(self, game: Game) -> None:
        """Count one finished game."""
        self.games += 1
        self.endings[game.ending_id or "(unfinished)"] += 1
        self.lengths[game.turn] += 1
        drawn = game.seen
        for cid, turns in drawn.items():
            self.card_games[cid] += 1
            self.card_draws[cid] += len(turns)
        for _turn, cid, ch in game.picks:
            self.picks[f"{cid}/{ch}"] += 1
        # Counted flat by Counter.update, whose counting loop runs in C: several
        # times cheaper than walking the nested counters for each value.
        self.flat.update([(mid, turn, v) for turn, values in game.history
                          for mid, v in values.items()])
        for name, v in game.scores().items():
            self.scores.setdefault(name, Counter())[round(v, 1)] += 1

    def add_error(self, index: int, seed: int, message: str) -> None:
        """Record a game that could not be finished."""
        self.games += 1
        self.errors.append((index, seed, message))

    def merge(self, other: Stats) -> None:
        """Add another batch's counts to this one."""
        self.games += other.games
        self.endings.update(other.endings)
        self.card_games.update(other.card_games)
        self.card_draws.update(other.card_draws)
        self.picks.update(other.picks)
        self.lengths.update(other.lengths)
        for mid, by_turn in other.meters.items():
            mine = self.meters.setdefault(mid, {})  # folds this batch's own counts first
            for turn, counter in by_turn.items():
                mine.setdefault(turn, Counter()).update(counter)
        for name, counter in other.scores.items():
            self.scores.setdefault(name, Counter()).update(counter)
        self.errors.extend(other.errors)
        self.errors.sort()

    @property
    def meters(self) -> dict[str, dict[int, Counter[float]]]:
        """Meter id -> turn -> value -> games (turn 0 is the start, turn t the end of month t)."""
        self.fold()
        return self.folded

    def fold(self) -> None:
        """Move the flat counts into the nested ones (in the order they were first seen)."""
        if self.flat:
            folded = self.folded
            for (mid, turn, v), n in self.flat.items():
                by_turn = folded.get(mid)
                if by_turn is None:
                    by_turn = folded[mid] = {}
                counter = by_turn.get(turn)
                if counter is None:
                    counter = by_turn[turn] = Counter()
                counter[v] = counter.get(v, 0) + n
            self.flat = Counter()

    @property
    def finished(self) -> int:
        """Games that reached an ending."""
        return self.games - len(self.errors)


def quantile(counter: Counter[float] | Counter[int], q: float) -> float:
    """The nearest-rank ``q`` quantile of counted values (``q`` in [0, 1])."""
    n = sum(counter.values())
    if n == 0:
        return math.nan
    rank = max(1, math.ceil(q * n))
    seen = 0
    for value, count in sorted(counter.items()):
        seen += count
        if seen >= rank:
            return value
    return max(counter)


def mean(counter: Counter[float] | Counter[int]) -> float:
    """The mean of counted values."""
    n = sum(counter.values())
    # Sorted, so the float sum does not depend on the order batches were merged in.
    return sum(v * c for v, c in sorted(counter.items())) / n if n else math.nan


def spread(counter: Counter[float] | Counter[int]) -> dict[str, Any]:
    """``{"n", "p10", "median", "p90"}`` of counted values."""
    return {"n": sum(counter.values()), "p10": quantile(counter, 0.1),
            "median": quantile(counter, 0.5), "p90": quantile(counter, 0.9)}
