"""The historical path: the game played as the government really did, as a reference line."""

from __future__ import annotations

from game.engine import Game
from game.model.content import Content


def historical_game(content: Content, seed: int, difficulty: str | None = None, *,
                    record: bool = True, lesson: str | None = None) -> Game:
    """Play every card with its historical choice (or the first open one) and no extras.

    Cards without a marked historical choice get their first available choice;
    quiet turns are passed. The result is what a class's paths, and a player's on
    the end screen, are set against: the same seed, so the same dice, with history's
    answers. ``record=False`` keeps no change log or news (see ``Game.new``), for a
    caller that shows only the values. ``lesson``: the same lesson variant.
    """
    game = Game.new(content, seed, difficulty, record=record, lesson=lesson)
    limit = content.total_turns * 4 + 10  # a safety net against content that never ends
    while not game.over and limit > 0:
        limit -= 1
        views = [v for v in game.choices() if v.available]
        if game.card is None:
            game.pass_turn()
        elif views:
            pick = next((v for v in views if v.choice.historical), views[0])
            game.choose(pick.choice.id)
        else:
            break  # every choice locked: content error; stop rather than loop
    return game
