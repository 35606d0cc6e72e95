"""Saving from the line mode: autosave after every move, and the ``save NAME`` command.

:class:`PlainSaves` supplies the two callbacks :class:`game.plain.PlainSession`
takes (``on_turn`` and ``on_save``). Its messages depend only on the game and the
name typed (no paths, no times), so the line mode's output stays byte-identical
for the same seed and input. A failed autosave is reported once on ``err`` and
play goes on: losing an autosave must not lose the game in progress.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import IO

from game.engine import Game
from game.model.calendars import date_label
from game.saves.errors import SaveError
from game.saves.files import autosave, new_game_id, safe_save_path, write_save
from game.saves.records import SaveMeta


class PlainSaves:
    """Save callbacks for one line-mode session, writing into ``folder``."""

    def __init__(self, folder: Path, meta: SaveMeta | None = None,
                 err: IO[str] | None = None) -> None:
        """``meta`` is copied into every save (player, class code ...); without a game id
        it gets one, so the session's autosaves all go to one file."""
        self.folder = Path(folder)
        meta = meta or SaveMeta()
        self.meta = meta if meta.game_id else replace(meta, game_id=new_game_id())
        self.err = err if err is not None else sys.stderr
        self.last_autosave: Path | None = None
        self._warned = False

    def on_turn(self, game: Game) -> None:
        """Autosave after a move; report the first failure, then keep quiet."""
        try:
            self.last_autosave = autosave(game, self.folder, self.meta)
        except SaveError as exc:
            if not self._warned:
                self._warned = True
                self.err.write(f"parallel-tracks: autosave failed: {exc} "
                               "(play goes on; use 'save NAME' to try another name)\n")

    def on_save(self, game: Game, name: str) -> str:
        """Save under the name typed; return the line to show the player."""
        try:
            path = safe_save_path(self.folder, name)
            write_save(game, path, _named(self.meta, name))
        except SaveError as exc:
            return f"Not saved: {exc}"
        when = date_label(game.date, game.content.scenario.calendar.unit)
        return f"Saved as {path.stem!r} (turn {game.turn}, {when})."


def _named(meta: SaveMeta, name: str) -> SaveMeta:
    return replace(meta, name=name.strip())
