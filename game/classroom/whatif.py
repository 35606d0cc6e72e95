"""What if: go back to any past decision of a game and play on from there.

The branch replays the decisions made before the chosen turn with the same
content, seed and difficulty, so the world rolls the same dice up to that
point and only what the player does next differs. The Textual end screen's
"what if" button and ``play --load SAVE --branch TURN`` both call
:func:`branch`.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import Decision, Game
from game.model.calendars import date_label


class BranchError(ValueError):
    """A turn that cannot be branched from; the message says which turns can."""


@dataclass(frozen=True, slots=True)
class BranchPoint:
    """A turn one can go back to, with what was decided there (for a picker)."""

    turn: int
    date: str
    decided: str


def decision_turns(decisions: list[Decision]) -> list[int]:
    """The turn each decision was made on: answering a card or passing ends a turn."""
    turns, turn = [], 1
    for d in decisions:
        turns.append(turn)
        if d.kind in ("choose", "pass"):
            turn += 1
    return turns


def branch_points(game: Game) -> list[BranchPoint]:
    """Every turn of the game that had a decision, with the card answered there."""
    content = game.content
    picks = {t: (cid, ch) for t, cid, ch in game.picks}
    points = []
    for t in sorted(set(decision_turns(game.decisions))):
        date = date_label(game.date_of(t), content.scenario.calendar.unit)
        if t in picks and picks[t][0] in content.cards:
            card = content.cards[picks[t][0]]
            label = next((c.label for c in card.choices if c.id == picks[t][1]), picks[t][1])
            decided = f"{card.title}: {label}"
        else:
            decided = f"a quiet {content.scenario.calendar.unit}"
        points.append(BranchPoint(t, date, decided))
    return points


def branch(game: Game, turn: int) -> Game:
    """A new game at the start of ``turn``, with every earlier decision replayed.

    The original game is left as it was. Raises :class:`BranchError` when the
    turn lies outside 1..the game's last turn.
    """
    last = game.turn
    if not 1 <= turn <= last:
        raise BranchError(f"this game can go back to turns 1 to {last}, not {turn}")
    turns = decision_turns(game.decisions)
    keep = [d for d, t in zip(game.decisions, turns, strict=True) if t < turn]
    new = Game.replay(game.content, game.seed, game.difficulty, keep, game.lesson)
    if new.turn != turn:  # the game ended before that turn on replay: cannot happen on one content
        raise BranchError(f"replaying to turn {turn} ended at turn {new.turn}")
    return new
