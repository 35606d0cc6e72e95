"""What changed since the player's last answer: what both game modes mark as recent.

Read from the game's state alone (its log and its picks), so a save that is
loaded shows the same marks and the same list as the game did when it was saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine import Game
    from game.engine.records import Change


def since_last_answer(game: Game) -> list[Change]:
    """The changes since the player's last answer (or pass): what the ▲/▼ marks and the
    "What changed" panel show.

    Read from the game's state alone, so a loaded save shows what the game showed
    when it was saved: the answer's own changes (the first one carries the answer as
    its cause; the standing moves made before it in that turn come earlier and are
    left out), then everything since, this turn's standing moves included.
    """
    turn = game.turn
    log = game.log
    start = len(log)
    while start and log[start - 1].turn >= turn:
        start -= 1
    if game.picks and game.picks[-1][0] == turn - 1:
        _t, card_id, choice_id = game.picks[-1]
        ref = f"{card_id}/{choice_id}"
        i = start
        while i and log[i - 1].turn == turn - 1:
            i -= 1
            if log[i].cause.kind == "card" and log[i].cause.ref == ref:
                start = i  # the earliest so far: keep looking back
    return log[start:]
