"""Saves that never lose a game: versioned JSON files, atomic writes, replays.

The public API (the Textual UI, the classroom tools and the CLI all use these):

- :func:`saves_dir`, :func:`safe_save_path`, :func:`find_save`: where saves go.
- :func:`write_save`, :func:`autosave`: atomic writes, previous file kept as ``.bak``.
- :func:`load_save` -> :class:`LoadedSave`: the game, its :class:`SaveMeta`, warnings.
- :func:`read_save_info`, :func:`list_saves`, :func:`latest_save`: cheap listings.
- :func:`verify_save` -> :class:`VerifyResult`: replay from seed and decisions.
- :class:`SaveError`: the only exception a bad file can raise; the file is untouched.

The format is described in ``docs/SAVES.md``. Never pickle: a save is JSON data.
"""

from game.saves.document import FORMAT_VERSION
from game.saves.errors import SaveError
from game.saves.files import (
    autosave,
    find_save,
    game_id_of,
    latest_save,
    list_saves,
    read_save_info,
    safe_save_path,
    saves_dir,
    write_save,
)
from game.saves.hooks import PlainSaves
from game.saves.loading import LoadedSave, load_save
from game.saves.records import SaveInfo, SaveMeta
from game.saves.verify import VerifyResult, first_difference, replay_account, verify_save

__all__ = [
    "FORMAT_VERSION", "LoadedSave", "PlainSaves", "SaveError", "SaveInfo", "SaveMeta",
    "VerifyResult", "autosave", "find_save", "first_difference", "game_id_of", "latest_save",
    "list_saves", "load_save", "read_save_info", "replay_account", "safe_save_path",
    "saves_dir", "verify_save", "write_save",
]
