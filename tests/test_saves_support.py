"""Helpers for the save tests: a seeded random player and small file utilities.

(Named ``test_saves_*`` so it sits with the tests it serves; it holds no tests.)
"""

from __future__ import annotations

import random
from pathlib import Path

from game.engine import Decision, Game
from game.model.content import Content


def legal_moves(game: Game) -> list[Decision]:
    """Every move the rules allow now: actions, lever changes, choices or pass."""
    moves = [Decision("act", v.action.id) for v in game.actions() if v.available]
    moves += [Decision("lever", v.lever.id, "lifted" if v.imposed else "imposed")
              for v in game.levers() if v.available]
    choices = [Decision("choose", v.choice.id) for v in game.choices() if v.available]
    moves += choices
    if game.card is None:
        moves.append(Decision("pass"))
    return moves


def random_move(game: Game, rng: random.Random) -> Decision:
    """A random legal move, leaning towards ending the turn so games move along."""
    moves = legal_moves(game)
    enders = [m for m in moves if m.kind in ("choose", "pass")]
    if enders and (rng.random() < 0.45 or len(moves) == len(enders)):
        return enders[int(rng.random() * len(enders))]
    others = [m for m in moves if m.kind not in ("choose", "pass")]
    return others[int(rng.random() * len(others))]


def play_random(content: Content, seed: int, difficulty: str = "normal",
                max_moves: int = 400) -> Game:
    """A whole game played by a seeded random player (the same seed, the same game)."""
    rng = random.Random(seed * 7919 + 17)
    game = Game.new(content, seed, difficulty)
    for _ in range(max_moves):
        if game.over:
            break
        game.apply(random_move(game, rng))
    return game


def files_state(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes, to show that nothing was changed."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
