"""The card's answers and the standing actions, as selectable lists.

Both are OptionLists, so the mouse, the arrow keys and Enter work; the
answers also have number keys (bound on the game screen). Locked answers and
unavailable actions stay listed, greyed, with the reason in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from game.engine import Game

PASS_ID = "pass"


class ChoiceList(OptionList):
    """The answers to the current card, numbered 1, 2, 3…; or "let the month pass"."""

    def __init__(self, **kwargs: Any) -> None:
        """Empty until :meth:`show`."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None

    def show(self, game: Game) -> None:
        """List the current answers (rebuilt only when they change)."""
        views = game.choices()
        key = (game.card_id, game.turn, tuple((v.choice.id, v.available) for v in views))
        if key == self._key:
            return
        self._key = key
        options: list[Option] = []
        if game.card is None:
            options.append(Option(Content.assemble(("p", "bold"), "  Let the month pass"),
                                  id=PASS_ID))
        for n, v in enumerate(views, 1):
            num = f"{n}" if n < 10 else " "
            if v.available:
                prompt = Content.assemble((num, "bold $text-accent"), "  ", v.choice.label)
            else:
                prompt = Content.assemble(
                    (num, "$text-muted"), "  ", (v.choice.label, "$text-muted strike"),
                    ("\n   🔒 locked: ", "$text-warning"), (v.reason, "$text-warning"))
            options.append(Option(prompt, id=f"choice-{v.choice.id}", disabled=not v.available))
        self.set_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first


class ActionList(OptionList):
    """Standing actions with their cost in political capital; unavailable ones say why."""

    def __init__(self, **kwargs: Any) -> None:
        """Empty until :meth:`show`."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None

    def show(self, game: Game) -> None:
        """List the actions (rebuilt only when availability or capital changes)."""
        views = game.actions()
        self.border_title = f"Standing actions · capital {game.capital}"
        key = (game.capital, tuple((v.action.id, v.available, v.reason) for v in views))
        if key == self._key:
            return
        self._key = key
        keep = self.highlighted
        options = []
        for v in views:
            a = v.action
            cost = ("●" * a.cost) if a.cost <= 5 else f"{a.cost}●"
            if v.available:
                prompt = Content.assemble(a.label, " ", (cost, "$text-accent"))
            else:
                prompt = Content.assemble((a.label, "$text-muted"), " ", (cost, "$text-muted"),
                                          (f"\n  {v.reason}", "$text-muted italic"))
            options.append(Option(prompt, id=f"action-{a.id}", disabled=not v.available))
        self.set_options(options)
        if keep is not None and keep < len(options):
            self.highlighted = keep
