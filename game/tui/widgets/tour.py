"""The guided first turn: a panel that points at each part of the screen in turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from game.engine.vocabulary import has_ledger, words
from game.tui import keys

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
        tracks.append(f"{t.label}: {', '.join(labels)}" if labels else t.label)
    others = [m.label for m in sc.meters if not m.track and not m.hidden]
    capital = sc.capital.per_turn
    return [
        ("#meters", "The meters",
         "These are the state of play. " + "; ".join(tracks) +
         (f"; and {', '.join(others)}" if others else "") +
         f". {'Every track is' if len(sc.tracks) != 2 else 'Both tracks are'} scored at "
         "the end, so neglecting one loses the game. "
         "▲ and ▼ show how far each moved since your last answer; the small line is "
         "its history. While an answer is highlighted, ↑ ↓ ↕ mark the meters it would "
         "move (the direction only; some difficulties hide it). "
         "Click a meter (or press w) to see why it moved."),
        ("#card", f"The event of the {unit}",
         f"Each {unit} brings an event, drawn from what happened in these years. "
         "Read it, and what your advisors say about it."),
        ("#choices", "Your answer",
         f"Answer with a number key (or click). Answering ends the {unit}. A locked answer "
         "stays listed, with what it needs."),
        ("#actions", "Standing actions",
         f"Before answering you can act: consult, brief, talk. Each costs political "
         f"capital (● each); you get {capital} a {unit}, and can hold at most "
         f"{sc.capital.max}: more is lost. Press a to pick one: its whole rule shows next "
         "to the list (i lists them all). ✗: closed now; ○: would change nothing now."),
        *([("#status", f"Levers: your {vocab['levers']}",
             f"Your {vocab['levers']} are levers you can lift or impose again: press l. "
             "Each has a cost and moves meters either way.")] if sc.levers else []),
        *([("#status", "The reciprocity ledger",
             f"Press r for the ledger: what {vocab['player']} gave against what "
             f"{vocab['counterpart']} delivered. Others mind most when you give more "
             "than you get, or give first.")] if has_ledger(content) else []),
        *[("#card", "About this scenario", line) for line in sc.words.tour],
        ("#pending", "Pending effects",
         f"Some effects come later or spread over {unit}s. This panel says what will "
         "happen, when, and because of what; and which of the allies' concerns are "
         f"open, with the {unit}s left to settle them."),
        ("#log", "What changed and why",
         "Every change is listed here with its cause, so nothing moves unexplained. "
         "That is all: answer the card to end your first month. Help is on ?."),
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
            (f"Guided first turn {self.index + 1}/{len(self.steps)} · {heading}\n", "bold"),
            words, ("\nEnter: next · ←: back · Esc: skip the tour", "$text-muted")))

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
