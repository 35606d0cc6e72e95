"""Every call the Textual game makes to the save layer, in one place.

``game.saves`` does the real work (atomic writes with a backup, a versioned
format, replay checks); this module is the only one in ``game.tui`` that names
it, so the screens depend on these few names only. It is imported lazily (when
a game starts or a save screen opens), never by the title screen's start-up.
"""

from __future__ import annotations

from game.saves import (
    LoadedSave,
    SaveError,
    SaveInfo,
    SaveMeta,
    autosave,
    find_save,
    latest_save,
    list_saves,
    load_save,
    safe_save_path,
    saves_dir,
    write_save,
)

__all__ = [
    "LoadedSave", "SaveError", "SaveInfo", "SaveMeta", "autosave", "find_save", "latest_save",
    "list_saves", "load_save", "safe_save_path", "saves_dir", "write_save",
]
