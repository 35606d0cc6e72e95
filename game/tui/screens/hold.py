"""The teacher holds the class: the student's game waits under a notice until released.

The class server's teacher view writes a hold file in the class folder
(:class:`game.classroom.roster.Hold`); the app reads it every second and after
every move (:meth:`ParallelTracksApp.check_hold`), and shows this screen while
the student's game is at the held turn or further. Only quitting works meanwhile.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.screens.base import DismissOnce
from game.ui_text import ui


class HoldScreen(DismissOnce, ModalScreen[None]):
    """"Your teacher has paused the class": no key moves the game until the release."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", ui("key.quit"))]
    DEFAULT_CSS = """
    HoldScreen { align: center middle; }
    #hold-box { width: 70; max-width: 100%; height: auto; max-height: 100%;
                border: thick $warning; background: $surface; padding: 0 2; }
    #hold-title { text-style: bold; color: $warning; margin-bottom: 1; }
    #hold-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, turn: int, prompt: str | None = None) -> None:
        """Held at ``turn``; ``prompt`` is the current card's discussion question, if any."""
        super().__init__()
        self.turn = turn
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        """The notice, and the card's question to talk about."""
        with VerticalScroll(id="hold-box") as box:
            box.border_title = ui("hold.title")
            yield Static(ui("hold.heading"), id="hold-title")
            if self.prompt:
                yield Static(Text(ui("hold.prompt", prompt=self.prompt)), id="hold-prompt")
            yield Static(ui("hold.keys"), id="hold-keys")
