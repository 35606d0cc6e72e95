"""Adjustments to the pinned Textual (8.2.8) and to Rich, applied when the app is imported.

:func:`forget_cell_widths` keeps Rich's text-width cache from holding a whole
game's worth of old texts (called after every move). And a fix for one crash:

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


def apply() -> None:
    """Install the fix (idempotent)."""
    if OptionList._move_page is not _safe_move_page:
        OptionList._move_page = _safe_move_page  # type: ignore[method-assign]


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
