"""What the game's pop-up screens share: they close once, and only from the top.

Keys can arrive in bursts (a fast typist, a paste): two Enters in a dialog may
both be handled before the dialog is gone, and Textual's ``dismiss`` pops
whatever screen is on top, so a second dismiss would close the game screen
under the dialog. A screen with this mixin ignores a dismiss once it has been
dismissed, or when it is no longer the screen on top.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete


class DismissOnce:
    """Mix in before ``Screen``/``ModalScreen``."""

    _pt_dismissed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close with ``result``, at most once and only from the top of the stack."""
        if self._pt_dismissed or self.app.screen is not self:  # type: ignore[attr-defined]
            return AwaitComplete.nothing()
        self._pt_dismissed = True
        return super().dismiss(result)  # type: ignore[misc,no-any-return]


class GamePages:
    """Actions that open the pages about one game (ledger, notes, save under a name),
    shared by the main screen and the end screen. The screen provides ``game`` and
    ``app``; the page modules are imported when first opened, to keep start-up light."""

    game: Any
    app: Any

    def action_ledger(self) -> None:
        """Concessions against deliverables, over time."""
        from game.tui.screens.ledger import LedgerScreen

        self.app.push_screen(LedgerScreen(self.game))

    def action_notes(self) -> None:
        """The historical notes of the cards seen so far."""
        from game.tui.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen(self.game))

    def action_save(self) -> None:
        """Save the game under a name."""
        from game.tui.screens.saves import SaveAsScreen

        self.app.push_screen(SaveAsScreen(self.game))
