"""Helpers shared by tests that need finished games."""

from __future__ import annotations

from typing import Any

from game.engine import Game


def finished(content: Any, seed: int, first_choice: str, difficulty: str = "normal") -> Game:
    """Answer the first card with ``first_choice``, then the first open choice every month."""
    g = Game.new(content, seed, difficulty)
    g.choose(first_choice)
    while not g.over:
        if g.card is None:
            g.pass_turn()
        else:
            g.choose(next(v for v in g.choices() if v.available).choice.id)
    return g
