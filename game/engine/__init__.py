"""The pure, deterministic rules engine: no I/O, no clock, no UI.

``Game.new(content, seed)`` starts a game; the player's moves are
:class:`Decision` values; the same content, seed and decisions always give the
same game (see :meth:`Game.digest`).
"""

from game.engine.game import ActionView, ChoiceView, Game, IllegalMove, LeverView
from game.engine.records import Cause, Change, Decision, LedgerEntry, Message, Pending
from game.engine.rng import Rng, derive_seed

__all__ = [
    "ActionView", "Cause", "Change", "ChoiceView", "Decision", "Game", "IllegalMove",
    "LedgerEntry", "LeverView", "Message", "Pending", "Rng", "derive_seed",
]
