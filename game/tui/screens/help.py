"""The help screen: how to play, and every key of every screen (listed from keys.py)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui import keys
from game.tui.keys import SECTIONS, key_label
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar

HOW_TO_PLAY = """\
Each turn brings an event card. Read it and the advisors' comments, take standing \
actions if you wish (they cost political capital, granted each turn), change a \
lever if you must, then answer the card with a number key. Answering ends \
the turn.

The scenario's tracks are scored at the end (the title of each is on the end \
screen). A good ending needs every one of them.

Nothing moves unexplained: the panel "What changed and why" lists every change with \
its cause; press w (or click a meter) for the whole story of one meter. ▲ and ▼ on a \
meter show how far it moved since your last answer. The pending panel shows what will \
happen later and because of what, the open concerns with the turns left to \
settle them, and the intelligence estimate of the other side's intent.

Every rule is on screen. Press a, then the arrow keys: the highlighted standing \
action's whole rule (cost, conditions, what it would do now) shows beside the list; \
✗ marks an action closed now, ○ one that would change nothing now. Press i for every \
action's and lever's rule. While an answer is highlighted, ↑ ↓ ↕ on the meters show \
which it would move (the direction, not the size; some difficulties hide this). \
Capital above its cap is lost. PgDn and PgUp scroll a long card.

The game is saved after every move: quitting loses nothing, and "Continue" on the \
title screen picks up where you stopped. Press s to keep a named save.

Everything works with the mouse too: click an answer, an action, a meter or a lever. \
Ctrl+P opens the command palette (saves, screens, themes). NO_COLOR is honoured; \
symbols (▲ ▼ ● ✗, "locked:") carry the meaning colours carry."""


def keys_renderable(scenario_help: tuple[str, ...] | list[str] = ()) -> Any:
    """How to play, the scenario's own help paragraphs, then every section's keys."""
    parts: list[Any] = [Text(HOW_TO_PLAY), Text("")]
    for paragraph in scenario_help:
        parts += [Text(" ".join(paragraph.split())), Text("")]
    for title, bindings in SECTIONS:
        table = Table(title=title, title_justify="left", title_style="bold",
                      show_header=False, show_edge=False, pad_edge=False, box=None,
                      expand=False)
        table.add_column("Key", style="bold", no_wrap=True, min_width=10)
        table.add_column("What it does")
        seen: set[str] = set()
        for b in bindings:
            if b.action.startswith("choose(") and b.key != "1":
                continue  # the 1-9 line covers them
            label = key_label(b)
            if label in seen:
                continue
            seen.add(label)
            # The tooltip, where a key has one, is the longer, exact rule.
            table.add_row(label, b.tooltip or b.description or b.action)
        parts.append(table)
        parts.append(Text(""))
    return Group(*parts)


class HelpScreen(DismissOnce, Screen[None]):
    """Read-only; Esc goes back, b shows the briefing and guided turn again."""

    BINDINGS = keys.HELP

    def compose(self) -> ComposeResult:
        """The page."""
        with VerticalScroll(id="help-box", classes="page") as box:
            box.border_title = "Help"
            content = getattr(self.app, "content", None)
            extra = content.scenario.words.help if content is not None else ()
            yield Static(keys_renderable(extra))
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#help-box").focus()

    def action_intro(self) -> None:
        """Show the briefing and guided first turn again: now if a game is open, otherwise
        at the start of the next game."""
        from game.tui.app import ParallelTracksApp

        app = self.app
        self.dismiss()
        if isinstance(app, ParallelTracksApp):
            app.replay_intro()
            for screen in reversed(app.screen_stack):
                start = getattr(screen, "start_intro", None)
                if start is not None:
                    start()
                    return
            app.notify("The briefing and guided turn will open with your next game.",
                       timeout=4)
