"""The briefing (the scene in spring 2014 and what each capital wants) and the
model-assumptions page (what the game simplifies, and why): two pages of the
scenario's own Markdown, shown the same way."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui import keys
from game.tui.markup import markdown
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar
from game.ui_text import ui


class BriefingScreen(DismissOnce, Screen[bool]):
    """Dismissed with True to go on (to the guided turn, if one follows), False to skip."""

    BINDINGS = keys.BRIEFING

    def __init__(self, scenario: Any, tour: bool = False, page: str = "briefing") -> None:
        """The briefing of ``scenario``; ``tour`` says a guided turn follows.

        ``page="assumptions"`` shows the scenario's model-assumptions page instead.
        """
        super().__init__()
        self.scenario = scenario
        self.tour = tour
        self.page = page

    def compose(self) -> ComposeResult:
        """The briefing text and what the keys do."""
        if self.page == "assumptions":
            title = ui("key.assumptions")
            text = self.scenario.assumptions.strip() or ui("assumptions.none")
        else:
            title = ui("key.briefing")
            text = self.scenario.briefing.strip() or ui("briefing.none")
        after = ui("briefing.keys_tour") if self.tour else ui("briefing.keys")
        with VerticalScroll(id="briefing-box", classes="page") as box:
            box.border_title = title
            yield Static(markdown(text))
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


class AssumptionsScreen(BriefingScreen):
    """The model-assumptions page, with keys that say "back" rather than "begin"."""

    BINDINGS = keys.ASSUMPTIONS

    def __init__(self, scenario: Any) -> None:
        """The assumptions page of ``scenario``."""
        super().__init__(scenario, page="assumptions")
