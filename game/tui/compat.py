"""Adjustments to the pinned Textual (8.2.8) and to Rich, applied when the app is imported.

:func:`forget_cell_widths` keeps Rich's text-width cache from holding a whole
game's worth of old texts (called after every move).

Every ``Strip`` (one line of a widget's rendering; a screen keeps about a thousand
alive) makes seven small caches of its own when it is made, each an object and an
empty dict, whether or not it is ever cut, styled or moved: about 0.5 MiB on the
game screen. :class:`StripCache` does what a strip asks of them (``get``, set) and
makes its dict on the first set; :func:`apply` has ``Strip`` use it.

And a fix for one crash:

``OptionList`` pages with PageUp/PageDown through a table of its laid-out lines;
while the list has no height (a tiny window, or a list opened and paged in the
same instant, as in the command palette or a ``Select``), that table is empty
and paging raises ``KeyError``. Other apps hit it too (kagan-sh/kagan-legacy
issue 31). Here, paging an un-laid-out list moves the highlight by one instead.
The patch covers every OptionList, including the ones inside Textual's own
widgets, which is why it is a patch and not a subclass.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

_original = OptionList._move_page


def _safe_move_page(self: OptionList, direction: Any) -> None:
    try:
        _original(self, direction)
    except (KeyError, IndexError):
        # No lines laid out yet: step one option instead of a page.
        if direction > 0:
            self.action_cursor_down()
        else:
            self.action_cursor_up()


class StripCache:
    """A first-in-first-out cache of at most ``maxsize`` entries, as Textual's
    ``FIFOCache``, for the few operations ``Strip`` uses; no dict until the first set."""

    __slots__ = ("_cache", "_maxsize")

    def __init__(self, maxsize: int) -> None:
        """Empty, and holding nothing yet."""
        self._maxsize = maxsize
        self._cache: dict[Any, Any] | None = None

    def __class_getitem__(cls, _item: Any) -> type[StripCache]:
        return cls  # ``StripCache[K, V]`` in annotations, as ``FIFOCache[K, V]``

    def __len__(self) -> int:
        return len(self._cache) if self._cache else 0

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for ``key``, or ``default``."""
        cache = self._cache
        if cache is None:
            return default
        return cache.get(key, default)

    def set(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``, dropping the oldest entry when full."""
        cache = self._cache
        if cache is None:
            self._cache = {key: value}
            return
        if key not in cache and len(cache) >= self._maxsize:
            del cache[next(iter(cache))]
        cache[key] = value

    __setitem__ = set

    def clear(self) -> None:
        """Forget everything."""
        self._cache = None


def apply() -> None:
    """Install the fix and the lighter strip caches (idempotent)."""
    if OptionList._move_page is not _safe_move_page:
        OptionList._move_page = _safe_move_page  # type: ignore[method-assign]
    import textual.strip

    # Only Strip's own caches: textual.strip names FIFOCache for nothing else.
    textual.strip.FIFOCache = StripCache  # type: ignore[attr-defined,misc]


def forget_cell_widths() -> None:
    """Empty Rich's cache of text widths (an ``lru_cache`` of up to 4,096 strings).

    Every move brings a new card, news and log lines, so the cache fills with
    strings the screen no longer shows: about 0.7 MiB at its fullest, a sixth of
    what the game adds to a minimal Textual app's memory (measured with
    benchmarks/startup.py). What is on screen is measured again at the next
    paint, a small part of a frame. Does nothing if Rich no longer has the cache.
    """
    import rich.cells

    clear = getattr(getattr(rich.cells, "cached_cell_len", None), "cache_clear", None)
    if clear is not None:
        clear()
