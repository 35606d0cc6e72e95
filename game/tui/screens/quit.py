"""Quitting from a game asks first: a stray ``q`` must not close a student's game tab."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.screens.base import DismissOnce
from game.ui_text import ui


class QuitScreen(DismissOnce, ModalScreen[bool]):
    """"Quit the game?" y or Enter quits (the game is saved), n or Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", ui("key.quit"), priority=True),
        Binding("n,escape,q", "answer(False)", ui("key.back_to_game"), priority=True),
    ]
    DEFAULT_CSS = """
    QuitScreen { align: center middle; }
    #quit-box { width: 50; max-width: 100%; height: auto; border: thick $accent;
                background: $surface; padding: 0 2; }
    """

    def compose(self) -> ComposeResult:
        """The question and its keys."""
        with Vertical(id="quit-box"):
            yield Static(ui("quit.question"))

    def action_answer(self, quit_now: bool) -> None:
        """Close with the answer."""
        self.dismiss(quit_now)
