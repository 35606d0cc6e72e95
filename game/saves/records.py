"""What a save says about itself: :class:`SaveMeta` (who and what) and :class:`SaveInfo`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
