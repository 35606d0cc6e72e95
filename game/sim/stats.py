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
from itertools import chain, zip_longest
from typing import Any

from game.engine import Game

# Pending rows are folded at this many (bounds the values kept alive).
_FOLD_ROWS = 512
_GONE: Any = object()  # a short game's missing values in fold's columns


@dataclass
class Stats:
    """Counts over finished games; :meth:`add` one game, :meth:`merge` another batch."""

    games: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    card_games: Counter[str] = field(default_factory=Counter)  # games in which drawn
    card_draws: Counter[str] = field(default_factory=Counter)  # draws, repeats included
    picks: Counter[str] = field(default_factory=Counter)  # "card/choice" -> times made
    lengths: Counter[int] = field(default_factory=Counter)  # turns played
    # meter id -> turn -> value -> games; turn 0 is the start, turn t the end of turn t.
    # Read through the ``meters`` property: games are first kept as rows (see add).
    folded: dict[str, dict[int, Counter[float]]] = field(default_factory=dict)
    # Games not yet folded into ``folded``: one row of meter values per game (turn
    # by turn, meter ids in order), and the longest history shape (per entry the
    # turn and the meter ids) among them; every row's shape is a prefix of it.
    rows: list[tuple[float, ...]] = field(default_factory=list)
    shape: tuple[tuple[int, tuple[str, ...]], ...] = ()
    # track id and "score" -> final value (rounded to 0.1) -> games
    scores: dict[str, Counter[float]] = field(default_factory=dict)
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (index, seed, message)
    # A policy that guesses the hidden intent (reader): "right" / "wrong" -> games.
    intent_reads: Counter[str] = field(default_factory=Counter)

    def add(self, game: Game, intent_guess: tuple[int, bool] | None = None) -> None:
        """Count one finished game; ``intent_guess``: (turn, "sincere?") if the policy guessed.

        The guess is scored against the hidden intent at the end of that turn
        (from the game's history), a value the policy never saw.
        """
        self.games += 1
        if intent_guess is not None:
            self.intent_reads[_score_guess(game, *intent_guess)] += 1
        self.endings[game.ending_id or "(unfinished)"] += 1
        self.lengths[game.turn] += 1
        drawn = game.seen
        for cid, turns in drawn.items():
            self.card_games[cid] += 1
            self.card_draws[cid] += len(turns)
        for _turn, cid, ch in game.picks:
            self.picks[f"{cid}/{ch}"] += 1
        # Kept as one flat row per game, counted column by column in fold: rows
        # are made and counted in C, with no key tuple per value.
        history = game.history
        shape = tuple([(turn, tuple(values)) for turn, values in history])
        longest = self.shape
        if len(shape) > len(longest):
            if shape[:len(longest)] != longest:
                self.fold()
            self.shape = shape
        elif shape != longest[:len(shape)]:
            self.fold()
            self.shape = shape
        self.rows.append(tuple(chain.from_iterable([values.values() for _t, values in history])))
        if len(self.rows) >= _FOLD_ROWS:
            self.fold()
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
        self.intent_reads.update(other.intent_reads)

    @property
    def meters(self) -> dict[str, dict[int, Counter[float]]]:
        """Meter id -> turn -> value -> games (turn 0 is the start, turn t the end of turn t)."""
        self.fold()
        return self.folded

    def fold(self) -> None:
        """Count the pending rows into the nested counts.

        Each column (a meter at a turn) is counted over the games in the order
        they were added, so every count, and the first-seen order of meter ids
        and of values (50 or 50.0), is what counting game by game would give.
        """
        if self.rows:
            folded = self.folded
            keys = [(mid, turn) for turn, mids in self.shape for mid in mids]
            # Shorter games' rows end early: their missing values are _GONE, uncounted.
            columns = zip_longest(*self.rows, fillvalue=_GONE)
            for (mid, turn), column in zip(keys, columns, strict=True):
                by_turn = folded.get(mid)
                if by_turn is None:
                    by_turn = folded[mid] = {}
                counter = by_turn.get(turn)
                if counter is None:
                    counter = by_turn[turn] = Counter(column)
                else:
                    counter.update(column)
                counter.pop(_GONE, None)
        self.rows = []
        self.shape = ()

    @property
    def finished(self) -> int:
        """Games that reached an ending."""
        return self.games - len(self.errors)


def _score_guess(game: Game, turn: int, sincere: bool) -> str:
    """'right' or 'wrong': the guess against each hidden meter's good half at ``turn``."""
    meters = [m for m in game.content.scenario.meters if m.hidden]
    values = dict(game.history).get(turn) or game.history[-1][1]
    right = all((values[m.id] >= (m.min + m.max) / 2) == sincere for m in meters)
    return "right" if right else "wrong"


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
