"""The card's answers and the standing actions, as selectable lists.

Both are OptionLists, so the mouse, the arrow keys and Enter work; the
answers also have number keys (bound on the game screen). Locked answers and
unavailable actions stay listed, greyed, with the reason in words. Both read
the engine's player view (:mod:`game.engine.view`): the answers with their
previews, the actions with their full rules.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from game.tui.widgets.optionlist import SafeOptionList
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine.view import ActionRule, PlayerView

PASS_ID = "pass"
CLOSED = "✗"
"""The mark of an action that cannot be taken now."""
IDLE = "○"
"""The mark of an action that can be taken but would change nothing now."""


def hang(text: str, width: int, indent: int) -> str:
    """Wrap ``text`` to ``width`` with later lines indented (the first line is already
    indented by the number in front of it)."""
    lines = textwrap.wrap(" ".join(text.split()), max(10, width - indent))
    return ("\n" + " " * indent).join(lines) if lines else ""


class ChoiceList(SafeOptionList):
    """The answers to the current card, numbered 1, 2, 3…; or "let the turn pass"."""

    class Previewed(Message):
        """The highlighted answer changed: the meters mark what it would touch."""

        def __init__(self, touches: dict[str, str], words: str) -> None:
            self.touches = touches
            self.words = words
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        """Empty until :meth:`show`."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None
        self._view: PlayerView | None = None

    def show(self, view: PlayerView) -> None:
        """List the current answers (rebuilt only when they or the width change)."""
        choices = view.card.choices if view.card else ()
        self._view = view
        # Two cells fewer than the list is wide: room for a scrollbar if one appears.
        width = max(20, (self.size.width or 62) - 2)
        key = (view.card.id if view.card else None, view.turn, width,
               tuple((c.id, c.available, c.reason, c.preview) for c in choices))
        if key == self._key:
            return
        self._key = key
        options: list[Option] = []
        if view.card is None:
            options.append(Option(Content.assemble(("p", "bold $text-accent"),
                                                   "  " + ui("answers.pass", unit=view.unit)),
                                  id=PASS_ID))
        for n, c in enumerate(choices, 1):
            num = f"{n}" if n < 10 else " "
            label = hang(c.label, width - 1, 3)
            if c.available:
                prompt = Content.assemble((num, "bold $text-accent"), "  ", label)
            else:
                reason = hang(ui("line.locked", reason=c.reason), width - 1, 3)
                prompt = Content.assemble((num, "$text-muted"), "  ", (label, "$text-muted"),
                                          "\n   ", (reason, "$text-warning"))
            options.append(Option(prompt, id=f"choice-{c.id}", disabled=not c.available))
        self.set_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first
        self._preview()

    def on_option_list_option_highlighted(self) -> None:
        """Preview the highlighted answer on the meters."""
        self._preview()

    def touches(self) -> dict[str, str]:
        """The highlighted answer's preview: meter id -> direction (empty if none)."""
        preview = self._highlighted_preview()
        return {t.meter: t.direction for t in preview.touches} if preview else {}

    def _highlighted_preview(self) -> Any:
        view = self._view
        opt = self.highlighted_option
        if view is None or view.card is None or opt is None:
            return None
        choice = next((c for c in view.card.choices if f"choice-{c.id}" == opt.id), None)
        return choice.preview if choice is not None else None

    def _preview(self) -> None:
        preview = self._highlighted_preview()
        title = ui("answers.title")
        if preview is None:
            self.border_title = title
            self.post_message(self.Previewed({}, ""))
            return
        # The words (for what has no meter: a concession, a delivery); the arrows on
        # the meters say the same. Cut with an ellipsis by the border if long.
        said = preview.words(self._view.words if self._view is not None else None)
        self.border_title = ui("answers.touches", title=title, n=self.highlighted_number(),
                               what=said)
        self.post_message(self.Previewed(self.touches(), said))

    def highlighted_number(self) -> str:
        """The highlighted answer's number key, as the player presses it."""
        opt = self.highlighted_option
        view = self._view
        if opt is None or view is None or view.card is None:
            return ""
        ids = [f"choice-{c.id}" for c in view.card.choices]
        return str(ids.index(opt.id) + 1) if opt.id in ids else ""

    def on_resize(self) -> None:
        """Re-wrap the answers for the new width."""
        if self._view is not None and not self._view.over:
            self.show(self._view)


def action_prompt(rule: ActionRule, width: int) -> Content:
    """One action as listed: mark, label and cost, later lines indented past the mark."""
    cost = ("●" * rule.cost) if rule.cost <= 5 else f"{rule.cost}●"
    mark = f"{CLOSED} " if not rule.available else f"{IDLE} " if rule.idle else "  "
    label = hang(f"{rule.label} {cost}", width, 2)
    head, _, rest = label.rpartition(" ")  # the cost is the last word
    style = "" if rule.available and not rule.idle else "$text-muted"
    return Content.assemble((mark, "$text-muted"), (head + " ", style),
                            (rest, "$text-muted" if not rule.available else "$text-accent"))


class ActionList(SafeOptionList):
    """Standing actions with their cost in political capital; closed ones marked ✗, ones
    that would change nothing now marked ○. The highlighted one's rule is in the
    :class:`~game.tui.widgets.panels.ActionDetail` panel."""

    class Described(Message):
        """The highlighted action changed (or the list lost the focus: ``rule`` None)."""

        def __init__(self, rule: ActionRule | None) -> None:
            self.rule = rule
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        """Empty until :meth:`show`."""
        super().__init__(**kwargs)
        self._key: tuple[Any, ...] | None = None
        self._rules: dict[str, ActionRule] = {}

    def show(self, view: PlayerView) -> None:
        """List the actions (rebuilt only when their state, capital or width changes)."""
        wide = (self.size.width or 36) >= 34
        self.border_title = (ui("actions.title", capital=view.capital) if wide
                             else ui("actions.title_short", capital=view.capital))
        width = max(12, (self.size.width or 36) - 2)
        self._rules = {f"action-{r.id}": r for r in view.actions}
        # Only what the list shows: the rules themselves change with every move.
        key = (width, tuple((r.id, r.label, r.cost, r.available, bool(r.idle))
                            for r in view.actions))
        if key == self._key:
            return  # (the game screen shows the highlighted rule's new state itself)
        self._key = key
        keep = self.highlighted
        self.set_options([Option(action_prompt(r, width), id=f"action-{r.id}")
                          for r in view.actions])
        # Closed actions stay enabled on purpose: highlighting one shows why it is closed,
        # and choosing it says so in a notice, instead of the cursor skipping it.
        if keep is not None and keep < self.option_count:
            self.highlighted = keep
        self._describe()

    def on_resize(self) -> None:
        """Re-wrap the labels for the new width."""
        view = getattr(self.screen, "view", None)
        if view is not None and not view.over:
            self.show(view)

    def on_option_list_option_highlighted(self) -> None:
        """Show the highlighted action's rule."""
        self._describe()

    def _describe(self) -> None:
        opt = self.highlighted_option
        rule = self._rules.get(opt.id or "") if opt is not None and self.has_focus else None
        self.post_message(self.Described(rule))

    def on_focus(self) -> None:
        """Highlight the first action if none is, and describe it."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
        self._describe()

    def on_blur(self) -> None:
        """Clear the description (the focus may not have moved yet as this runs)."""
        self.post_message(self.Described(None))


