"""The current event card: situation, advisors' comments.

Rendered as Rich renderables into a single Static, which is several times
faster to update than Textual's Markdown widget (a widget per block); it is
re-rendered only when the card changes. The body's Markdown goes through
:mod:`game.tui.markup`, which looks the same as Rich's Markdown without
importing a Markdown parser at start-up. The text is the player view's
(:attr:`game.engine.view.CardView.body`, passages that depend on the state
already resolved), never the content's raw body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.model.calendars import date_label
from game.tui.markup import markdown
from game.ui_text import ui

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from game.engine.view import PlayerView

MORE_BELOW = ui("card.more_below")
MORE_ABOVE = ui("card.more_above")


def card_renderable(view: PlayerView, actor_names: dict[str, str]) -> Any:
    """The card as one Rich renderable; ``actor_names`` maps actor ids to names."""
    card = view.card
    if card is None:
        return Text(ui("card.quiet", unit=view.unit))
    parts: list[Any] = []
    who = actor_names.get(card.actor or "", "")
    meta = " · ".join(x for x in (who, date_label(view.date, view.unit)) if x)
    parts.append(Text(meta, style="italic dim"))
    parts.append(markdown(card.body.strip()))  # the view resolves the variant of this path
    if card.advisors:
        text = Text("\n")
        text.append("Advisors\n", style="bold underline")
        for name, role, comment in card.advisors:
            text.append(f"{name}{f' ({role})' if role else ''}: ", style="bold")
            text.append(" ".join(comment.split()) + "\n")
        parts.append(text)
    return Group(*parts)


class CardView(VerticalScroll):
    """The card panel; its border title is the card's title, its foot says when there
    is more to read (PgDn/PgUp scroll it wherever the focus is)."""

    def __init__(self, **kwargs: Any) -> None:
        """An empty panel until :meth:`show` is called."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        """One Static holds the whole card."""
        yield Static(id="card-text")

    def show(self, view: PlayerView, actor_names: dict[str, str]) -> None:
        """Show the view's card (only re-rendered when the card changes)."""
        key = (view.card.id if view.card else None, view.turn)
        if key == self._key:
            return
        self._key = key
        self.border_title = view.card.title if view.card else ui("card.quiet_title", unit=view.unit)
        self.query_one("#card-text", Static).update(card_renderable(view, actor_names))
        self.scroll_home(animate=False)
        self.call_after_refresh(self.update_hint)

    def update_hint(self) -> None:
        """Say whether there is more of the card below or above."""
        if not self.is_attached:
            return
        if self.scroll_y < self.max_scroll_y:
            self.border_subtitle = MORE_BELOW
        elif self.max_scroll_y > 0:
            self.border_subtitle = MORE_ABOVE
        else:
            self.border_subtitle = ""

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Scrolled: the hint follows."""
        super().watch_scroll_y(old, new)
        self.update_hint()

    def on_resize(self) -> None:
        """A new size: more or less may fit."""
        self.call_after_refresh(self.update_hint)

    def page(self, down: bool) -> None:
        """One page down or up (the game screen's PgDn/PgUp)."""
        if down:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)
