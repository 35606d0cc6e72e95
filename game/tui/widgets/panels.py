"""Scrolling text panels of the game screen: pending effects, and what changed and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.rules_text import (
    action_rule_lines,
    concern_line,
    estimate_words,
    pending_what,
    pending_when,
)
from game.tui.render import (
    MUTED,
    change_line,
    grouped_changes,
    is_visible,
    join_lines,
    turn_date,
    value_label,
)
from game.ui_text import ui

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from game.engine import Change, Game
    from game.engine.view import ActionRule, NewsLine, PlayerView


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


def pending_lines(view: PlayerView) -> list[Content]:
    """The intelligence estimate, open concerns (with the turns left to settle them),
    then what is set in motion, soonest first."""
    lines: list[Content] = []
    est = view.signals.estimate
    if est is not None:
        lines.append(Content.assemble((ui("panel.estimate") + " ", "bold $text-accent"),
                                      estimate_words(est)))
    for c in view.concerns:
        lines.append(Content.assemble((ui("panel.concern") + " ", "bold $text-warning"),
                                      concern_line(c, view.unit)))
    for p in sorted(view.pending, key=lambda p: (p.turns_left, p.note)):
        lines.append(Content.assemble((f"{pending_when(p, view.unit)}: ", "bold"),
                                      pending_what(p, view.unit),
                                      ("  ← ", MUTED), p.cause))
    return lines


class PendingPanel(TextPanel):
    """Open concerns, then effects and cards still to come: what, when, because of what."""

    def show(self, view: PlayerView) -> None:
        """List the concerns and pending items."""
        count = len(view.pending) + len(view.concerns)
        self.border_title = ui("panel.pending_count", count=count) if count \
            else ui("panel.pending")
        self.border_subtitle = (ui("panel.ledger_key") if view.has_ledger else
                                ui("panel.signs_key")) if view.has_ledger_page else ""

        def build() -> Content:
            lines = pending_lines(view)
            if not lines:
                return Content.styled(ui("panel.pending_none"),
                                      MUTED)
            return join_lines(lines)

        self.set_text((view.turn, view.pending, view.concerns, view.signals.estimate), build)


class ActionDetail(TextPanel):
    """The highlighted standing action's whole rule (shown while the actions have the
    focus, in place of the pending panel or the log)."""

    def show_rule(self, rule: ActionRule, capital_rule: str) -> None:
        """The rule in words, then the capital cap."""
        self.border_title = rule.label

        def build() -> Content:
            lines = action_rule_lines(rule)
            parts: list[Content] = [Content.styled(lines[0], "bold")]
            parts += [Content(line) for line in lines[1:]]
            parts.append(Content.styled(capital_rule, MUTED))
            return join_lines(parts)

        self.set_text((rule, capital_rule), build)


class ChangeLog(TextPanel):
    """What changed and why: the last move's changes and news, or one meter's whole story."""

    def show(self, game: Game, recent: list[Change], view: PlayerView,
             meter: str | None, with_pending: bool = False) -> None:
        """``meter`` set: every change of that meter with its cause, newest first;
        otherwise the changes since the last answer and the news that came with them
        (``with_pending``: then the concerns and pending items, when there is no
        pending panel)."""
        news: tuple[NewsLine, ...] = view.news
        if meter is not None:
            self.border_title = ui("panel.why", label=value_label(game, meter))
            changes = [c for c in game.log if c.name == meter]

            def build_why() -> Content:
                if not changes:
                    return Content.styled(ui("line.why_still", label=value_label(game, meter)),
                                          MUTED)
                return join_lines(change_line(game, c, with_turn=True, with_label=False)
                                  for c in reversed(changes))

            self.set_text(("why", meter, len(changes)), build_why)
            return
        self.border_title = (ui("panel.changes") if self.app.size.width >= 96
                             else ui("panel.changes_short"))
        shown = [c for c in recent if is_visible(game, c.name)]

        def build_recent() -> Content:
            lines: list[Content] = []
            lines.extend(grouped_changes(game, shown))
            if news:
                names = {a.id: a.name for a in game.content.scenario.actors}
                for m in news:
                    who = names.get(m.actor or "", m.actor or "")
                    lines.append(Content.assemble(
                        (f"{turn_date(game, m.turn)}  ", MUTED),
                        (f"{who}: " if who else "", "bold"), " ".join(m.text.split())))
            if not lines:
                lines.append(Content.styled(ui("panel.changes_none"), MUTED))
            coming = pending_lines(view) if with_pending else []
            if coming:
                lines.append(Content.styled(ui("panel.pending"), "bold underline"))
                lines.extend(coming)
            return join_lines(lines)

        key = ("recent", game.turn, len(game.log), len(game.messages), len(recent),
               with_pending and (view.pending, view.concerns, view.signals.estimate))
        self.set_text(key, build_recent)
