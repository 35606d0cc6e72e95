"""SHA-256, from CPython's own implementation when it has one.

``hashlib`` loads OpenSSL, about 0.6 MiB of the game's memory, for the one
hash the game uses on its play path (content cache keys, save checksums, game
digests). CPython ships a built-in SHA-256 (``_sha256`` up to 3.11, ``_sha2``
from 3.12) that gives the very same digests; use it when present.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Hash(Protocol):
    """What the game uses of a hash object."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


sha256: Callable[..., Hash]
try:
    from _sha256 import sha256  # type: ignore[import-not-found, no-redef]  # CPython 3.11
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha2 import sha256  # type: ignore[import-not-found, no-redef]  # CPython 3.12+
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
