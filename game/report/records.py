"""What the class report reads: one game per save, with who played it, or why it could not.

The CLI turns save files into these with the saves layer; tests and the
benchmark can build them straight from games.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.engine import Game


@dataclass(frozen=True, slots=True)
class PlayRecord:
    """A readable save: its game, the student's name and the class code it was played with."""

    path: str
    game: Game
    player: str = ""
    class_code: str | None = None
    game_id: str | None = None  # the same game handed in twice has one id
    extra: dict[str, Any] | None = None  # the save's meta.extra (a stored skill score)


@dataclass(frozen=True, slots=True)
class Damaged:
    """A save that could not be read, and why (the report names it and skips it)."""

    path: str
    reason: str
