"""The historical notes of the cards seen so far: what really happened, with sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui import keys
from game.tui.widgets.keybar import KeyBar
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine import Game


def notes_renderable(game: Game) -> Any:
    """Every seen card with a historical note, in the order they came."""
    order = sorted(game.seen.items(), key=lambda kv: kv[1][0])
    picks = {card: choice for _t, card, choice in game.picks}
    parts: list[Any] = []
    for card_id, _turns in order:
        card = game.content.cards[card_id]
        h = card.history
        if h is None:
            continue
        labels = {c.id: c.label for c in card.choices}
        historical = next((c.label for c in card.choices if c.historical), None)
        yours = labels.get(picks.get(card_id, ""))
        block = Text()
        block.append(f"{card.title}", style="bold")
        block.append(f"  ({h.date})\n", style="dim")
        block.append(" ".join(h.note.split()) + "\n")
        if historical:
            block.append(ui("notes.history_chose") + " ", style="bold")
            block.append(historical + "\n")
        if yours:
            same = " " + ui("notes.same") if yours == historical else ""
            block.append(ui("notes.you_chose") + " ", style="bold")
            block.append(yours + same + "\n")
        block.append(ui("notes.source") + " ", style="dim")
        block.append(h.source + "\n", style=f"link {h.source} underline")
        for extra in h.more_sources:
            block.append(ui("notes.also") + " ", style="dim")
            block.append(extra + "\n", style=f"link {extra} underline")
        parts.append(block)
    if not parts:
        return Text(ui("notes.none"))
    return Group(*parts)


class NotesScreen(Screen[None]):
    """A read-only page; Esc goes back."""

    BINDINGS = keys.NOTES

    def __init__(self, game: Game) -> None:
        """The notes of ``game``."""
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        """The notes in a scrolling page."""
        with VerticalScroll(id="notes-box", classes="page") as box:
            box.border_title = ui("keys.notes")
            yield Static(notes_renderable(self.game))
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#notes-box").focus()
