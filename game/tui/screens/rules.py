"""The rules screen: every standing action and lever, its whole rule, in words.

The same sentences as the line mode's ``info`` command (:mod:`game.rules_text`),
made from the engine's player view of this moment (so "would change nothing
now" and "closed now" are true of the turn on screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.rules_text import action_rule_lines, concern_line, lever_rule_lines
from game.tui import keys
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine.view import PlayerView


def rules_renderable(view: PlayerView) -> Any:
    """The whole page: the capital rule, the marks, open concerns, then every action's
    and lever's rule beside its line-mode name (a1, l1), wrapped under itself."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column()

    def rule(key: str, lines: list[str]) -> None:
        text = Text(lines[0], style="bold")
        for line in lines[1:]:
            text.append("\n" + line)
        grid.add_row(key, text)

    parts: list[Any] = [Text(view.capital_rule, style="dim"), Text(ui("rules.marks"), style="dim"),
                        Text("")]
    if view.concerns:
        parts.append(Text(ui("rules.concerns"), style="bold underline"))
        parts += [Text(concern_line(c, view.unit)) for c in view.concerns]
        parts.append(Text(""))
    parts.append(Text(ui("rules.actions"), style="bold underline"))
    for n, arule in enumerate(view.actions, 1):
        rule(f"a{n}", action_rule_lines(arule, view.words))
    if view.levers:
        grid.add_row("", "")
        grid.add_row("", Text(ui("rules.levers"), style="bold underline"))
        for n, lrule in enumerate(view.levers, 1):
            rule(f"l{n}", lever_rule_lines(lrule, view.words))
    parts.append(grid)
    return Group(*parts)


class RulesScreen(DismissOnce, Screen[None]):
    """Read-only; Esc (or i) goes back."""

    BINDINGS = keys.RULES

    def __init__(self, view: PlayerView) -> None:
        """The rules as they stand in ``view``."""
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        """The page."""
        with VerticalScroll(id="rules-box", classes="page") as box:
            box.border_title = ui("rules.title")
            yield Static(rules_renderable(self.view))
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        if self.is_attached:
            self.query_one("#rules-box").focus()
