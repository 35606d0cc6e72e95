"""The current event card: situation, advisors' comments.

Rendered as Rich renderables into a single Static, which is several times
faster to update than Textual's Markdown widget (a widget per block); it is
re-rendered only when the card changes. The body's Markdown goes through
:mod:`game.tui.markup`, which looks the same as Rich's Markdown without
importing a Markdown parser at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.tui.markup import markdown
from game.tui.render import month_words

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from game.engine import Game

QUIET = ("A quiet month. No event demands an answer.\n\n"
         "Use your standing actions or change a lever if you wish, "
         "then press p to let the month pass.")


def card_renderable(game: Game) -> Any:
    """The card as one Rich renderable (also used by the notes screen)."""
    card = game.card
    if card is None:
        return Text(QUIET)
    parts: list[Any] = []
    who = next((a.name for a in game.content.scenario.actors if a.id == card.actor), "")
    meta = " · ".join(x for x in (who, month_words(game.date)) if x)
    parts.append(Text(meta, style="italic dim"))
    parts.append(markdown(game.card_text()))  # the variant true of this path
    if card.advisors:
        advisors = {a.id: a for a in game.content.scenario.advisors}
        text = Text("\n")
        text.append("Advisors\n", style="bold underline")
        for who_id, comment in card.advisors.items():
            adv = advisors.get(who_id)
            name = adv.name if adv else who_id
            role = f" ({adv.role})" if adv and adv.role else ""
            text.append(f"{name}{role}: ", style="bold")
            text.append(" ".join(comment.split()) + "\n")
        parts.append(text)
    return Group(*parts)


class CardView(VerticalScroll):
    """The card panel; its border title is the card's title."""

    def __init__(self, **kwargs: Any) -> None:
        """An empty panel until :meth:`show` is called."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        """One Static holds the whole card."""
        yield Static(id="card-text")

    def show(self, game: Game) -> None:
        """Show the game's current card (only re-rendered when the card changes)."""
        key = (game.card_id, game.turn)
        if key == self._key:
            return
        self._key = key
        card = game.card
        self.border_title = card.title if card else "A quiet month"
        self.query_one("#card-text", Static).update(card_renderable(game))
        self.scroll_home(animate=False)
