"""Throw-away copies of a game for policies that try a move before making it.

A copy made here plays as the player would imagine it: the hidden variables
are replaced by the policy's belief, and the random generator is reseeded, so a
policy that looks ahead learns nothing it could not know (issue 3, item 7: the
lookahead "must not peek at hidden variables" -- nor at the dice).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.engine import Game


def _base_snapshot(game: Game) -> dict[str, Any]:
    """The game's snapshot without the records a trial does not need.

    The log, messages, history and decisions only grow; a trial copy reads
    values, not records, so leaving them out keeps a copy cheap. The ledger
    stays: the engine rebuilds its totals from it.
    """
    snap = game.snapshot()
    snap["log"] = []
    snap["messages"] = []
    snap["history"] = []
    snap["decisions"] = []
    return snap


class Forker:
    """Makes trial copies of one game at one moment (take a new one after a real move)."""

    def __init__(self, game: Game) -> None:
        """Capture ``game`` as it stands now."""
        self.game = game
        fast = getattr(game, "fork", None)
        # The engine may offer a cheap native copy; otherwise go through a snapshot.
        self._native = callable(fast)
        self._snap: dict[str, Any] | None = None if self._native else _base_snapshot(game)

    def copy(self, rng_state: int, hidden: Mapping[str, float]) -> Game:
        """A copy with the generator set to ``rng_state`` and hidden values from ``hidden``."""
        if self._native:
            trial: Game = self.game.fork()  # type: ignore[attr-defined]
        else:
            assert self._snap is not None
            trial = Game.from_snapshot(self.game.content, self._snap)
        trial.rng.state = rng_state
        trial.env.update(hidden)
        return trial
