"""An OptionList whose PageUp/PageDown cannot crash before the list is laid out.

Textual's ``OptionList`` pages through a table of its laid-out lines; while the
list has no height (a tiny window, or a list paged in the instant it opens) the
table is empty and paging raises ``KeyError``. Still so in Textual 8.2.8, the
latest 8.x; other apps report it too (kagan-sh/kagan-legacy issue 31). Every
list the game makes is this one; the command palette's list is guarded in
:mod:`game.tui.palette`.
"""

from __future__ import annotations

from textual.widgets import OptionList


class SafeOptionList(OptionList):
    """An ``OptionList`` that steps one option when it cannot page yet."""

    def action_page_up(self) -> None:
        """Move the highlight up a page (one option while the list is not laid out)."""
        try:
            super().action_page_up()
        except (KeyError, IndexError):
            self.action_cursor_up()

    def action_page_down(self) -> None:
        """Move the highlight down a page (one option while the list is not laid out)."""
        try:
            super().action_page_down()
        except (KeyError, IndexError):
            self.action_cursor_down()
