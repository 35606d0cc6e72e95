"""The guided first turn: a panel that points at each part of the screen in turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from game.engine.vocabulary import has_ledger, words
from game.tui import keys
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine import Game

def tour_steps(game: Game) -> list[tuple[str, str, str]]:
    """The steps of the guided turn: (selector, heading, plain words), built from the content."""
    sc = game.content.scenario
    content = game.content
    vocab = words(content)
    unit = sc.calendar.unit
    tracks = []
    for t in sc.tracks:
        labels = [m.label for m in sc.meters if m.track == t.id and not m.hidden]
        tracks.append(ui("tour.track", track=t.label, meters=", ".join(labels)) if labels
                      else t.label)
    others = [m.label for m in sc.meters if not m.track and not m.hidden]
    capital = sc.capital.per_turn
    return [
        ("#meters", ui("tour.meters"),
         ui("tour.meters.text", tracks="; ".join(tracks),
            others=ui("tour.meters.others", meters=", ".join(others)) if others else "",
            scored=ui("tour.meters.every") if len(sc.tracks) != 2 else ui("tour.meters.both"))),
        ("#card", ui("tour.card", unit=unit), ui("tour.card.text", unit=unit)),
        ("#choices", ui("tour.answer"), ui("tour.answer.text", unit=unit)),
        ("#actions", ui("tour.actions"),
         ui("tour.actions.text", capital=capital, unit=unit, capital_max=sc.capital.max)),
        *([("#status", ui("tour.levers", vocab), ui("tour.levers.text", vocab))]
          if sc.levers else []),
        *([("#status", ui("tour.ledger"), ui("tour.ledger.text", vocab))]
          if has_ledger(content) else []),
        *[("#card", ui("tour.scenario"), line) for line in sc.words.tour],
        ("#pending", ui("tour.pending"), ui("tour.pending.text", unit=unit)),
        ("#log", ui("tour.log"), ui("tour.log.text", unit=unit)),
    ]


class TourPanel(Static, can_focus=True):
    """Shows one step at a time; Enter goes on, Esc skips the rest."""

    BINDINGS = keys.TOUR

    class Finished(Message):
        """The tour is over (completed or skipped)."""

    def __init__(self, **kwargs: object) -> None:
        """Hidden until :meth:`start`."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.steps: list[tuple[str, str, str]] = []
        self.index = 0
        self.active = False

    def start(self, game: Game, step: int = 0) -> None:
        """Begin at ``step`` (the first unless the layout changed mid-tour); take the focus."""
        self.steps = tour_steps(game)
        self.index = max(0, min(step, len(self.steps) - 1))
        self.active = True
        self.display = True
        self._show()
        self.focus()

    def _show(self) -> None:
        self._clear_target()
        selector, heading, words = self.steps[self.index]
        if not self.screen.query(selector):
            selector = "#log"  # the narrow layout lists pending items in the log
        for node in self.screen.query(selector):
            node.add_class("-tour-target")
        self.update(Content.assemble(
            (ui("tour.step", n=self.index + 1, total=len(self.steps), heading=heading) + "\n",
             "bold"),
            words, ("\n" + ui("tour.keys"), "$text-muted")))

    def _clear_target(self) -> None:
        for node in self.screen.query(".-tour-target"):
            node.remove_class("-tour-target")

    def action_next(self) -> None:
        """The next step, or the end."""
        if self.index + 1 >= len(self.steps):
            self.action_skip()
            return
        self.index += 1
        self._show()

    def action_back(self) -> None:
        """The step before."""
        if self.index > 0:
            self.index -= 1
            self._show()

    def action_skip(self) -> None:
        """End the tour now."""
        if not self.active:
            return
        self.active = False
        self._clear_target()
        self.display = False
        self.post_message(self.Finished())
