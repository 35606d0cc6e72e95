"""The briefing: the scene in spring 2014 and what each capital wants."""

from __future__ import annotations

from typing import Any

from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui import keys
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar


class BriefingScreen(DismissOnce, Screen[bool]):
    """Dismissed with True to go on (to the guided turn, if one follows), False to skip."""

    BINDINGS = keys.BRIEFING

    def __init__(self, scenario: Any, tour: bool = False) -> None:
        """The briefing of ``scenario``; ``tour`` says a guided turn follows."""
        super().__init__()
        self.scenario = scenario
        self.tour = tour

    def compose(self) -> ComposeResult:
        """The briefing text and what the keys do."""
        text = self.scenario.briefing.strip() or "This scenario has no briefing."
        after = ("Enter: begin, with a guided first turn · Esc: skip the briefing and the "
                 "guide (both are on the help screen)" if self.tour
                 else "Enter or Esc: back to the game")
        with VerticalScroll(id="briefing-box", classes="page") as box:
            box.border_title = "Briefing"
            yield Static(Markdown(text))
            yield Static(Text(after, style="bold"), id="briefing-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#briefing-box").focus()

    def action_go_on(self) -> None:
        """Continue."""
        self.dismiss(True)

    def action_skip(self) -> None:
        """Skip."""
        self.dismiss(False)
