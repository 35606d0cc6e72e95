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

from game.engine.vocabulary import ledger_page
from game.tui import keys
from game.tui.keys import SECTIONS, key_label
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar
from game.ui_text import ui


def how_to_play() -> str:
    """The help screen's generic how-to-play, one paragraph per catalogue entry."""
    return "\n\n".join((ui("help.how.turn"), ui("help.how.tracks"), ui("help.how.changes"),
                        ui("help.how.rules"), ui("help.how.saves"), ui("help.how.mouse")))


def keys_renderable(scenario_help: tuple[str, ...] | list[str] = (), has_levers: bool = True,
                    has_ledger_page: bool = True) -> Any:
    """How to play, the scenario's own help paragraphs, then every section's keys
    (without the levers' or the ledger's keys and sections when the scenario has
    nothing to show there)."""
    absent = ({"levers"} if not has_levers else set()) | \
        ({"ledger"} if not has_ledger_page else set())
    parts: list[Any] = [Text(how_to_play()), Text("")]
    for paragraph in scenario_help:
        parts += [Text(" ".join(paragraph.split())), Text("")]
    for title, bindings in SECTIONS:
        if (bindings is keys.LEVERS and "levers" in absent) or \
                (bindings is keys.LEDGER and "ledger" in absent):
            continue
        table = Table(title=title, title_justify="left", title_style="bold",
                      show_header=False, show_edge=False, pad_edge=False, box=None,
                      expand=False)
        table.add_column(ui("help.col.key"), style="bold", no_wrap=True, min_width=10)
        table.add_column(ui("help.col.does"))
        seen: set[str] = set()
        for b in bindings:
            if b.action.startswith("choose(") and b.key != "1":
                continue  # the 1-9 line covers them
            if b.action in absent:
                continue
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
            box.border_title = ui("help.title")
            content = getattr(self.app, "content", None)
            extra = content.scenario.words.help if content is not None else ()
            yield Static(keys_renderable(
                extra, has_levers=content is None or bool(content.scenario.levers),
                has_ledger_page=content is None or ledger_page(content)))
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
            app.notify(ui("help.intro_next_game"),
                       timeout=4)
