"""The one exception the saves layer lets out: :class:`SaveError`."""

from __future__ import annotations

from pathlib import Path


class SaveError(Exception):
    """A save could not be written or read; ``str(error)`` is a message for the player.

    Reading never changes the file, so after a ``SaveError`` the file is exactly as it
    was. ``path`` is the file concerned (if any) and ``backup`` a readable backup of
    it, when one exists, so a screen can offer to load that instead.
    """

    def __init__(self, message: str, path: Path | None = None,
                 backup: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.backup = backup


def short(value: object, limit: int = 60, quote: bool = True) -> str:
    """``repr`` (or ``str``) of a value cut to ``limit`` characters.

    So a message never echoes a huge field back at the player.
    """
    text = repr(value) if quote else str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text
