"""Scrolling text panels of the game screen: pending effects, and what changed and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.tui.render import (
    MUTED,
    change_line,
    grouped_changes,
    is_visible,
    join_lines,
    pending_line,
    short_month,
    turn_date,
    value_label,
)

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from game.engine import Change, Game, Message


class TextPanel(VerticalScroll):
    """A bordered, scrolling block of text that repaints only when its text changes."""

    def __init__(self, **kwargs: Any) -> None:
        """Empty until :meth:`set_text`."""
        super().__init__(**kwargs)
        self._key: Any = None

    def compose(self) -> ComposeResult:
        """One Static with all the lines."""
        yield Static(classes="panel-text")

    def set_text(self, key: Any, build: Any, home: bool = True) -> None:
        """Show ``build()`` unless ``key`` is unchanged since the last call."""
        if key == self._key:
            return
        self._key = key
        self.query_one(".panel-text", Static).update(build())
        if home:
            self.scroll_home(animate=False)


class PendingPanel(TextPanel):
    """Effects and cards still to come: what, when, and because of what."""

    def show(self, game: Game) -> None:
        """List the pending items, soonest first."""
        items = sorted(game.pending, key=lambda p: (p.due, p.note))
        self.border_title = f"Pending ({len(items)})" if items else "Pending"

        def build() -> Content:
            if not items:
                return Content.styled("Nothing pending. Delayed effects and follow-up "
                                      "events will be listed here.", MUTED)
            return join_lines(pending_line(game, p) for p in items)

        key = (game.turn, tuple((p.due, p.note, p.turns_left, p.cause.label) for p in items))
        self.set_text(key, build)


class ChangeLog(TextPanel):
    """What changed and why: the last move's changes and news, or one meter's whole story."""

    def show(self, game: Game, recent: list[Change], news: list[Message],
             meter: str | None) -> None:
        """``meter`` set: every change of that meter with its cause, newest first;
        otherwise the changes of the last move and the news that came with them."""
        if meter is not None:
            self.border_title = f"Why {value_label(game, meter)} moved  (w: next, esc: back)"
            changes = [c for c in game.log if c.name == meter]

            def build_why() -> Content:
                if not changes:
                    return Content.styled(f"{value_label(game, meter)} has not moved yet.",
                                          MUTED)
                return join_lines(change_line(game, c, with_turn=True, with_label=False)
                                  for c in reversed(changes))

            self.set_text(("why", meter, len(changes)), build_why)
            return
        self.border_title = "What changed and why  (w: why a meter moved)"
        shown = [c for c in recent if is_visible(game, c.name)]

        def build_recent() -> Content:
            lines: list[Content] = []
            lines.extend(grouped_changes(game, shown))
            if news:
                names = {a.id: a.name for a in game.content.scenario.actors}
                for m in news:
                    who = names.get(m.actor or "", m.actor or "")
                    lines.append(Content.assemble(
                        (f"{short_month(turn_date(game, m.turn))}  ", MUTED),
                        (f"{who}: " if who else "", "bold"), " ".join(m.text.split())))
            if not lines:
                return Content.styled("Nothing has moved yet. Every change will be listed "
                                      "here with its cause.", MUTED)
            return join_lines(lines)

        key = ("recent", game.turn, len(game.log), len(game.messages), len(recent))
        self.set_text(key, build_recent)
