"""Every call the Textual game makes to the save layer, in one place.

``game.saves`` does the real work (atomic writes with a backup, a versioned
format, replay checks); this module is the only one in ``game.tui`` that names
it, so the screens depend on these few names only. It is imported lazily (when
a game starts or a save screen opens), never by the title screen's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.saves import (
    SaveError,
    SaveInfo,
    SaveMeta,
    autosave,
    find_save,
    latest_save,
    list_saves,
    new_game_id,
    safe_save_path,
    saves_dir,
    write_save,
)

if TYPE_CHECKING:
    from game.saves import LoadedSave, load_save


def __getattr__(name: str) -> Any:
    # Loading a save is the reading side (pydantic, the content schemas): imported
    # when a save is opened, not by a game that only writes its autosaves.
    if name in ("LoadedSave", "load_save"):
        import game.saves

        return getattr(game.saves, name)
    raise AttributeError(f"module 'game.tui.savebridge' has no attribute {name!r}")

__all__ = [
    "LoadedSave", "SaveError", "SaveInfo", "SaveMeta", "autosave", "find_save", "latest_save",
    "list_saves", "load_save", "new_game_id", "safe_save_path", "saves_dir", "write_save",
]
