"""Throw-away copies of a game for policies that try a move before making it.

A copy made here plays as the player would imagine it: the hidden variables
are replaced by the policy's belief, and the random generator is reseeded, so a
policy that looks ahead learns nothing it could not know (issue 3, item 7: the
lookahead "must not peek at hidden variables" -- nor at the dice).
"""

from __future__ import annotations

from collections.abc import Mapping

from game.engine import Game


class Forker:
    """Makes trial copies of one game at one moment (make a new one after a real move)."""

    def __init__(self, game: Game) -> None:
        """Capture ``game`` as it stands now."""
        self.game = game

    def copy(self, rng_state: int, hidden: Mapping[str, float]) -> Game:
        """A copy with the generator set to ``rng_state`` and hidden values from ``hidden``."""
        trial = self.game.fork()
        trial.rng.state = rng_state
        trial.env.update(hidden)
        return trial
