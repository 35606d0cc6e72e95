"""What a save says about itself: :class:`SaveMeta` (who and what) and :class:`SaveInfo`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

#: What a save's ``format`` field says.
FORMAT = "parallel-tracks-save"

#: What ``meta`` fields may hold (the schema's limits, game.saves.schema.Meta), for
#: the writer's quick check; anything it is unsure of goes to the full validation.
_GAME_ID = re.compile(r"^[^\W_](?:[^\W_]|-){0,39}$")  # letters of any script, digits, dashes


def plainly_valid_meta(meta: dict[str, Any]) -> bool:
    """True when ``meta`` (from :meth:`SaveMeta.to_dict`) certainly passes the save
    schema's ``Meta``: every value of the plain type and size it allows.

    The writer checks every save it writes; this lets the everyday case (short names,
    ``extra`` keyed by short words, as the end screen's skill figure and the class
    tools write it) skip importing pydantic, which would cost a game's process more
    memory than all its other saves. False means "validate fully", not
    "invalid" (a test holds it to that).
    """
    def text(value: Any, most: int) -> bool:
        return value is None or (type(value) is str and len(value) <= most)

    saved_at = meta.get("saved_at")
    if saved_at is not None:
        if type(saved_at) is not str or len(saved_at) > 40:
            return False
        try:
            datetime.fromisoformat(saved_at)
        except ValueError:
            return False
    game_id = meta.get("game_id")
    return (set(meta) == {"player", "class_code", "name", "extra", "game_id", "autosave",
                          "saved_at"}
            and text(meta["player"], 200_000) and text(meta["name"], 200_000)
            and text(meta["class_code"], 200) and type(meta["extra"]) is dict
            and all(text(key, 200) and key is not None for key in meta["extra"])
            and type(meta["autosave"]) is bool
            and (game_id is None or (type(game_id) is str and bool(_GAME_ID.fullmatch(game_id)))))


@dataclass
class SaveMeta:
    """Who saved a game and why; stored in the save's ``meta`` section.

    The classroom tools put the student's name in ``player`` and the class code in
    ``class_code``; ``extra`` holds any other JSON data they need (kept as given).
    ``game_id`` names the game across its saves (autosaves are ``autosave-<game_id>``);
    left empty it is filled in on the first save. ``saved_at`` (UTC, ISO 8601) and
    ``autosave`` are set by the writer.
    """

    player: str | None = None
    class_code: str | None = None
    name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    game_id: str | None = None
    autosave: bool = False
    saved_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stored in a save."""
        return {"player": self.player, "class_code": self.class_code, "name": self.name,
                "extra": self.extra, "game_id": self.game_id, "autosave": self.autosave,
                "saved_at": self.saved_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SaveMeta:
        """Inverse of :meth:`to_dict` (the data has been validated already)."""
        return cls(player=data.get("player"), class_code=data.get("class_code"),
                   name=data.get("name"), extra=dict(data.get("extra") or {}),
                   game_id=data.get("game_id"), autosave=bool(data.get("autosave")),
                   saved_at=data.get("saved_at"))


@dataclass
class SaveInfo:
    """A save as a list of saves shows it: read without loading content or rebuilding the game.

    ``damaged`` is None for a readable save, or the reason it cannot be loaded (then
    most other fields are empty, and ``backup`` names a readable backup if one exists).
    ``meters`` holds the visible meters only, so a listing never reveals hidden values.
    """

    path: Path
    name: str
    scenario: str = ""
    turn: int = 0
    date: str = ""
    total_turns: int = 0
    meters: dict[str, float] = field(default_factory=dict)
    ending: str | None = None
    ending_title: str | None = None
    player: str | None = None
    class_code: str | None = None
    saved_at: str | None = None
    seed: int | None = None
    difficulty: str = ""
    game_id: str | None = None
    autosave: bool = False
    format_version: int = 0
    game_version: str = ""
    damaged: str | None = None
    backup: Path | None = None
    modified: float = 0.0

    @property
    def over(self) -> bool:
        """True when the saved game had reached an ending."""
        return self.ending is not None
