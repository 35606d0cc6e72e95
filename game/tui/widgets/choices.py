"""The card's answers and the standing actions, as selectable lists.

Both are OptionLists, so the mouse, the arrow keys and Enter work; the
answers also have number keys (bound on the game screen). Locked answers and
unavailable actions stay listed, greyed, with the reason in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets.option_list import Option

from game.tui.widgets.optionlist import SafeOptionList

if TYPE_CHECKING:
    from game.engine import Game

PASS_ID = "pass"


def hang(text: str, width: int, indent: int) -> str:
    """Wrap ``text`` to ``width`` with later lines indented (the first line is already
    indented by the number in front of it)."""
    import textwrap

    lines = textwrap.wrap(" ".join(text.split()), max(10, width - indent))
    return ("\n" + " " * indent).join(lines) if lines else ""


class ChoiceList(SafeOptionList):
    """The answers to the current card, numbered 1, 2, 3…; or "let the month pass"."""

    def __init__(self, **kwargs: Any) -> None:
        """Empty until :meth:`show`."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None

    def show(self, game: Game) -> None:
        """List the current answers (rebuilt only when they or the width change)."""
        views = game.choices()
        # Two cells fewer than the list is wide: room for a scrollbar if one appears.
        width = max(20, (self.size.width or 62) - 2)
        key = (game.card_id, game.turn, width,
               tuple((v.choice.id, v.available) for v in views))
        if key == self._key:
            return
        self._key = key
        options: list[Option] = []
        if game.card is None:
            options.append(Option(Content.assemble(("p", "bold $text-accent"),
                                                   "  Let the month pass"), id=PASS_ID))
        for n, v in enumerate(views, 1):
            num = f"{n}" if n < 10 else " "
            label = hang(v.choice.label, width - 1, 3)
            if v.available:
                prompt = Content.assemble((num, "bold $text-accent"), "  ", label)
            else:
                reason = hang("locked: " + v.reason, width - 1, 3)
                prompt = Content.assemble((num, "$text-muted"), "  ", (label, "$text-muted"),
                                          "\n   ", (reason, "$text-warning"))
            options.append(Option(prompt, id=f"choice-{v.choice.id}", disabled=not v.available))
        self.set_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first

    def on_resize(self) -> None:
        """Re-wrap the answers for the new width."""
        game = getattr(self.screen, "game", None)
        if game is not None and not game.over:
            self.show(game)


class ActionList(SafeOptionList):
    """Standing actions with their cost in political capital; unavailable ones say why."""

    def __init__(self, **kwargs: Any) -> None:
        """Empty until :meth:`show`."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None
        self._views: dict[str, Any] = {}

    def show(self, game: Game) -> None:
        """List the actions (rebuilt only when availability or capital changes)."""
        views = game.actions()
        wide = self.app.size.width >= 96  # the game screen's -wide breakpoint
        self.border_title = (f"Standing actions · capital {game.capital}" if wide
                             else f"Actions · capital {game.capital}")
        key = (game.capital, wide,
               tuple((v.action.id, v.available, v.reason) for v in views))
        if key == self._key:
            return
        self._key = key
        keep = self.highlighted
        self._views = {f"action-{v.action.id}": v for v in views}
        options = []
        for v in views:
            a = v.action
            cost = ("●" * a.cost) if a.cost <= 5 else f"{a.cost}●"
            if v.available:
                prompt = Content.assemble(a.label, " ", (cost, "$text-accent"))
            else:
                # Left enabled on purpose: highlighting it shows why it is closed, and
                # choosing it says so in a notice, instead of the cursor skipping it.
                prompt = Content.assemble(("✗ ", "$text-muted"), (a.label, "$text-muted"),
                                          " ", (cost, "$text-muted"))
            options.append(Option(prompt, id=f"action-{a.id}"))
        self.set_options(options)
        if keep is not None and keep < len(options):
            self.highlighted = keep
        self._describe()

    def on_option_list_option_highlighted(self) -> None:
        """Say what the highlighted action does, or why it is closed."""
        self._describe()

    def _describe(self) -> None:
        opt = self.highlighted_option
        view = self._views.get(opt.id or "") if opt is not None and self.has_focus else None
        if view is None:
            self.border_subtitle = ""
            self.tooltip = None
            return
        words = view.reason if not view.available else \
            " ".join((view.action.description or view.action.label).split())
        self.border_subtitle = words if len(words) <= 60 else words[:57] + "…"
        self.tooltip = words

    def on_focus(self) -> None:
        """Highlight the first action if none is, and describe it."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
        self._describe()

    def on_blur(self) -> None:
        """Clear the description."""
        self._describe()
