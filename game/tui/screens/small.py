"""The notice shown over everything when the terminal is too small to play in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

from game.ui_text import ui

MIN_WIDTH = 60
MIN_HEIGHT = 18


class TooSmallScreen(ModalScreen[None]):
    """Covers the game until the window is at least MIN_WIDTH × MIN_HEIGHT.

    Modal, so no key reaches the game while the player cannot see it; the app
    pops it as soon as the window is large enough again.
    """

    def __init__(self, width: int, height: int) -> None:
        """``width`` × ``height`` is the window's size now."""
        super().__init__()
        self.width, self.height = width, height

    def compose(self) -> ComposeResult:
        """A single centred message."""
        with Middle(), Center():
            yield Static(self._words(), id="too-small-note")

    def _words(self) -> str:
        w, h = self.width, self.height
        return ui("small.enlarge", min_width=MIN_WIDTH, min_height=MIN_HEIGHT, width=w,
                  height=h)

    def refresh_size(self, width: int, height: int) -> None:
        """Update the sizes quoted in the message."""
        self.width, self.height = width, height
        self.query_one("#too-small-note", Static).update(self._words())
