"""The debrief of one game, as data: what happened, why, and what history did.

:func:`build_debrief` walks a finished (or stopped) game's decisions, log,
ledger and messages and groups them by turn, so every renderer (Markdown,
HTML, the TUI's end screen) shows the same facts in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.classroom.whatif import decision_turns
from game.engine import Change, Decision, Game, LedgerEntry, Message
from game.model.calendars import date_label
from game.model.runtime import Card, Choice, Ending, Meter

if TYPE_CHECKING:  # pragma: no cover
    from game.sim.best import SkillReport

#: Causes that are the player's own moves (the rest are the world answering).
PLAYER_CAUSES = ("card", "action", "lever")


@dataclass(frozen=True, slots=True)
class Step:
    """One decision the player made, with what it changed then and later."""

    turn: int
    decision: Decision
    label: str
    effects: list[Change]
    later: list[Change] = field(default_factory=list)


@dataclass(slots=True)
class TurnRecord:
    """One turn: the card, what the player did, and what else moved.

    ``date`` is the turn's date as the player reads it ("June 2014", "week of 3
    March 1962").
    """

    turn: int
    date: str
    card: Card | None
    choice: Choice | None
    steps: list[Step]
    others: list[Change]
    news: list[Message]
    ledger: list[LedgerEntry]

    @property
    def historical(self) -> Choice | None:
        """The choice history took at this card, if the content marks one."""
        if self.card is None:
            return None
        return next((c for c in self.card.choices if c.historical), None)

    @property
    def as_history(self) -> bool | None:
        """True if the player chose as history did; None when there is nothing to compare."""
        hist = self.historical
        if hist is None or self.choice is None:
            return None
        return hist.id == self.choice.id


@dataclass(slots=True)
class Debrief:
    """Everything a debrief shows, independent of the output format."""

    game: Game
    player: str
    class_code: str | None
    title: str
    ending: Ending | None
    scores: dict[str, float]
    tracks: list[tuple[str, str, float, float]]  # id, label, score, pass mark
    meters: list[Meter]  # visible ones, in scenario order
    hidden: list[tuple[Meter, float, str]]  # meter, final value, band words
    series: dict[str, list[tuple[int, float]]]  # meter id -> (turn, value), turn 0 = start
    turns: list[TurnRecord]
    questions: list[tuple[str, str]]  # card title, discussion prompt
    start_changes: list[Change]
    skill: SkillReport | None = None  # against the best this seed allowed (game.sim.best)

    @property
    def label_of(self) -> dict[str, str]:
        """Words for every value name a change can mention."""
        return value_labels(self.game)

    @property
    def matches(self) -> tuple[int, int]:
        """(choices made as history did, cards answered that have a historical choice)."""
        marks = [t.as_history for t in self.turns if t.as_history is not None]
        return sum(marks), len(marks)


def value_labels(game: Game) -> dict[str, str]:
    """Names of meters, levers, tracks, flags and counters, in words."""
    sc = game.content.scenario
    labels = {n: n.replace("_", " ") for n in (*game.content.flags, *game.content.counters)}
    labels.update({m.id: m.label for m in sc.meters})
    labels.update({lv.id: lv.label for lv in sc.levers})
    labels.update({t.id: t.label for t in sc.tracks})
    return labels



def _cause_of(game: Game, turn: int, d: Decision) -> tuple[str, str] | None:
    """The (kind, ref) the engine tags this decision's changes with."""
    if d.kind == "choose":
        card = next((c for t, c, ch in game.picks if t == turn and ch == d.target), None)
        return ("card", f"{card}/{d.target}") if card else None
    if d.kind == "act":
        return ("action", d.target)
    if d.kind == "lever":
        return ("lever", d.target)
    return None


def describe(game: Game, d: Decision, turn: int) -> str:
    """A decision in words, e.g. 'Lifted: Travel ban' or 'Answered Talks: Accept'."""
    content = game.content
    if d.kind == "choose":
        card_id = next((c for t, c, ch in game.picks if t == turn and ch == d.target), None)
        card = content.cards.get(card_id or "")
        if card:
            choice = next((c for c in card.choices if c.id == d.target), None)
            return f"Chose: {choice.label if choice else d.target}"
        return f"Chose: {d.target}"
    if d.kind == "act":
        action = content.actions.get(d.target)
        return f"Action: {action.label if action else d.target}"
    if d.kind == "lever":
        lever = content.levers.get(d.target)
        verb = "Lifted" if d.value == "lifted" else "Imposed again"
        return f"{verb}: {lever.label if lever else d.target}"
    return f"Passed a quiet {content.scenario.calendar.unit}"


def build_debrief(game: Game, player: str = "", class_code: str | None = None,
                  skill: SkillReport | None = None) -> Debrief:
    """Group a game's records by turn for a debrief (``skill``: the skill score, if known)."""
    content = game.content
    sc = content.scenario
    turns_of = decision_turns(game.decisions)
    by_turn_log: dict[int, list[Change]] = {}
    for c in game.log:
        by_turn_log.setdefault(c.turn, []).append(c)

    steps: list[Step] = []
    claimed: set[int] = set()  # ids of changes attributed to a decision
    latest_ref: dict[tuple[str, str], int] = {}  # cause -> index in steps of its latest step
    for d, turn in zip(game.decisions, turns_of, strict=True):
        key = _cause_of(game, turn, d)
        effects: list[Change] = []
        if key is not None:
            effects = [c for c in by_turn_log.get(turn, ())
                       if (c.cause.kind, c.cause.ref) == key and id(c) not in claimed]
            claimed.update(id(c) for c in effects)
            latest_ref[key] = len(steps)
        steps.append(Step(turn, d, describe(game, d, turn), effects))
    # Delayed and continuing effects carry the ref of the move that set them going.
    for c in game.log:
        if c.cause.kind not in ("scheduled", "ongoing"):
            continue
        for kind in PLAYER_CAUSES:
            idx = latest_ref.get((kind, c.cause.ref))
            if idx is not None and steps[idx].turn < c.turn:
                steps[idx].later.append(c)
                break

    start = [c for c in game.log if c.cause.kind in ("start", "difficulty")]
    claimed.update(id(c) for c in start)

    picks = {t: (card, ch) for t, card, ch in game.picks}
    seen_turn = {t: cid for cid, ts in game.seen.items() for t in ts}
    last = game.turn
    records: list[TurnRecord] = []
    for turn in range(1, last + 1):
        card_id = picks[turn][0] if turn in picks else seen_turn.get(turn)
        card = content.cards.get(card_id) if card_id else None
        choice = None
        if turn in picks and card is not None:
            choice = next((c for c in card.choices if c.id == picks[turn][1]), None)
        turn_steps = [s for s in steps if s.turn == turn]
        others = [c for c in by_turn_log.get(turn, ()) if id(c) not in claimed]
        records.append(TurnRecord(
            turn, _date(game, turn), card, choice, turn_steps, others,
            [m for m in game.messages if m.turn == turn],
            [e for e in game.ledger if e.turn == turn]))

    scores = game.scores()
    questions: list[tuple[str, str]] = []
    for rec in records:
        if rec.card is not None and rec.card.discussion and \
                all(rec.card.title != t for t, _q in questions):
            questions.append((rec.card.title, rec.card.discussion.strip()))
    return Debrief(
        game=game, player=player, class_code=class_code, title=sc.title,
        ending=game.ending, scores=scores,
        tracks=[(t.id, t.label, scores[t.id], t.pass_mark) for t in sc.tracks],
        meters=[m for m in sc.meters if not m.hidden],
        hidden=[(m, float(game.value(m.id)), m.band_at(float(game.value(m.id))))
                for m in sc.meters if m.hidden],
        series={m.id: [(t, float(v[m.id])) for t, v in game.history if m.id in v]
                for m in sc.meters},
        turns=records, questions=questions, start_changes=start, skill=skill,
    )


def _date(game: Game, turn: int) -> str:
    return date_label(game.date_of(turn), game.content.scenario.calendar.unit)
