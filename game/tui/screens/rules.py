"""The rules screen: every standing action and lever, its whole rule, in words.

The same sentences as the line mode's ``info`` command (:mod:`game.rules_text`),
made from the engine's player view of this moment (so "would change nothing
now" and "closed now" are true of the month on screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.rules_text import action_rule_lines, concern_line, lever_rule_lines
from game.tui import keys
from game.tui.render import MUTED, join_lines
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from game.engine.view import PlayerView

WORDS = {
    "title": "Rules of standing actions and levers",
    "actions": "Standing actions",
    "levers": "Levers",
    "concerns": "Open concerns",
    "marks": "In the actions list, ✗ marks an action closed now and ○ one that would "
             "change nothing now. + and - say which way a meter moves; ± either way "
             "(the dice, or what the other side does). Sizes and delays are not shown.",
}


def rules_content(view: PlayerView) -> Content:
    """The whole page."""
    lines: list[Content] = [Content.styled(view.capital_rule, MUTED),
                            Content.styled(WORDS["marks"], MUTED), Content("")]
    if view.concerns:
        lines.append(Content.styled(WORDS["concerns"], "bold underline"))
        lines += [Content(concern_line(c)) for c in view.concerns]
        lines.append(Content(""))
    lines.append(Content.styled(WORDS["actions"], "bold underline"))
    for n, rule in enumerate(view.actions, 1):
        first, *rest = action_rule_lines(rule)
        lines.append(Content.assemble((f"a{n}  ", MUTED), (first, "bold")))
        lines += [Content("    " + line) for line in rest]
    if view.levers:
        lines += [Content(""), Content.styled(WORDS["levers"], "bold underline")]
        for n, lrule in enumerate(view.levers, 1):
            first, *rest = lever_rule_lines(lrule)
            lines.append(Content.assemble((f"l{n}  ", MUTED), (first, "bold")))
            lines += [Content("    " + line) for line in rest]
    return join_lines(lines)


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
            box.border_title = WORDS["title"]
            yield Static(rules_content(self.view))
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        if self.is_attached:
            self.query_one("#rules-box").focus()
