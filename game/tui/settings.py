"""The player's small preferences file: theme, and whether the briefing was seen.

A JSON file in the user's config folder (:func:`game.userdirs.config_dir`:
``$PARALLEL_TRACKS_CONFIG``, else the system's place for settings). It is a
preference, not game state, so it lives here and not in the engine or in a save.
A missing or damaged file means the defaults: the game never refuses to start
over it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from game.userdirs import config_dir

FILE_NAME = "settings.json"


@dataclass
class Settings:
    """Preferences kept between sessions."""

    theme: str = "dark"
    """``dark`` or ``light``."""
    briefing_seen: bool = False
    """True once the briefing and guided first turn were shown (or skipped)."""

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        """Read the settings, falling back to defaults for anything missing or malformed."""
        path = (folder or config_dir()) / FILE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        out = cls()
        for f in fields(cls):
            value = data.get(f.name)
            if isinstance(value, type(getattr(out, f.name))):
                setattr(out, f.name, value)
        if out.theme not in ("dark", "light"):
            out.theme = "dark"
        return out

    def save(self, folder: Path | None = None) -> str | None:
        """Write atomically; returns an error message instead of raising (a preference
        that cannot be written must not interrupt a game)."""
        target = folder or config_dir()
        try:
            target.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=target)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(self), fh, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target / FILE_NAME)
        except OSError as exc:
            return f"could not save settings in {target}: {exc.strerror or exc}"
        return None
