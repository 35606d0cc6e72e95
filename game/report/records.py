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
    saved_at: str | None = None  # when the save was written (UTC, ISO 8601)
    whatif_turn: int | None = None  # a what-if branch: the turn it went back to
    skill: float | None = None  # the joint score's share of the best this seed allowed


@dataclass(frozen=True, slots=True)
class Damaged:
    """A save that could not be read, and why (the report names it and skips it)."""

    path: str
    reason: str
