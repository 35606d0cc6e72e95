"""Saves that never lose a game: versioned JSON files, atomic writes, replays.

The public API (the Textual UI, the classroom tools and the CLI all use these):

- :func:`saves_dir`, :func:`safe_save_path`, :func:`find_save`: where saves go.
- :func:`write_save`, :func:`autosave`: atomic writes, previous file kept as ``.bak``;
  :func:`new_game_id` for the game id the caller keeps in its :class:`SaveMeta` (every
  autosave of one game goes to ``autosave-<game id>.json``).
- :func:`load_save` -> :class:`LoadedSave`: the game, its :class:`SaveMeta`, warnings.
- :func:`read_save_info`, :func:`list_saves`, :func:`latest_save`: cheap listings.
- :func:`verify_save` -> :class:`VerifyResult`: replay from seed and decisions.
- :class:`SaveError`: the only exception a bad file can raise; the file is untouched.

The format is described in ``docs/SAVES.md``. Never pickle: a save is JSON data.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: Where each public name lives. Imported on first use (PEP 562), so that a game
#: that only writes saves never imports the reading side (pydantic, the schemas).
_HOMES = {
    "FORMAT_VERSION": "document",
    "SaveError": "errors",
    "autosave": "files", "find_save": "files", "new_game_id": "files",
    "latest_save": "files", "list_saves": "files", "read_save_info": "files",
    "safe_save_path": "files", "saves_dir": "files", "write_save": "files",
    "PlainSaves": "hooks",
    "LoadedSave": "loading", "load_save": "loading",
    "SaveInfo": "records", "SaveMeta": "records",
    "VerifyResult": "verify", "first_difference": "verify", "replay_account": "verify",
    "verify_save": "verify",
}

if TYPE_CHECKING:
    from game.saves.document import FORMAT_VERSION
    from game.saves.errors import SaveError
    from game.saves.files import (
        autosave,
        find_save,
        latest_save,
        list_saves,
        new_game_id,
        read_save_info,
        safe_save_path,
        saves_dir,
        write_save,
    )
    from game.saves.hooks import PlainSaves
    from game.saves.loading import LoadedSave, load_save
    from game.saves.records import SaveInfo, SaveMeta
    from game.saves.verify import VerifyResult, first_difference, replay_account, verify_save


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'game.saves' has no attribute {name!r}")
    value = getattr(import_module(f"game.saves.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT_VERSION", "LoadedSave", "PlainSaves", "SaveError", "SaveInfo", "SaveMeta",
    "VerifyResult", "autosave", "find_save", "first_difference", "latest_save",
    "list_saves", "load_save", "new_game_id", "read_save_info", "replay_account", "safe_save_path",
    "saves_dir", "verify_save", "write_save",
]
