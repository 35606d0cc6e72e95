"""Does a lesson fit the period? A class of scripted students, measured.

:func:`measure_class` plays a class of scripted students (each with its own
choices: random answers, standing actions and levers from its own generator)
through one class code's game and reports what a teacher needs to plan a
lesson: whether every student still playing met the same card in every turn,
how many words a student reads, and what that is in minutes at a stated
reading speed. ``tools/lesson_figures.py`` prints the figures that
docs/CLASSROOM.md quotes.

"Words read" counts the prose the game puts in front of a student: each card
met (title, situation, advisors, choices, and the discussion prompt when stops
are on), the outcome of each answer, every news message, and the ending's
title and epilogue. Meters, menus and the student's own typing are not
counted: they are glanced at, not read.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from game.engine import Game
from game.model.content import Content

#: The reading speed the figures are stated at, in words a minute: a careful
#: reading of unfamiliar non-fiction by a secondary-school student.
READING_WPM = 180
#: Time to weigh and pick an answer, once a card is read, in seconds.
DECIDE_SECONDS = 30

_WORD = re.compile(r"\S+")


def words(text: str | None) -> int:
    """Words in a text (runs of non-space characters)."""
    return len(_WORD.findall(text or ""))


def words_read(game: Game, stops: bool = False, shown: dict[int, str] | None = None) -> int:
    """The words a student read in this game (see the module doc for what counts).

    ``shown`` maps a turn to the card text the student was shown then (a card's
    variant for their path, see :func:`play_student`); the card's main text otherwise.
    """
    content = game.content
    total = 0
    for card_id, turns in game.seen.items():
        card = content.cards.get(card_id)
        if card is None:
            continue
        per = (words(card.title)
               + sum(words(t) for t in card.advisors.values())
               + sum(words(c.label) for c in card.choices)
               + (words(card.discussion) if stops else 0))
        total += sum(per + words((shown or {}).get(t, card.body)) for t in turns)
    for _turn, card_id, choice_id in game.picks:
        card = content.cards.get(card_id)
        choice = next((c for c in card.choices if c.id == choice_id), None) if card else None
        total += words(choice.outcome) if choice else 0
    total += sum(words(m.text) for m in game.messages)
    if game.ending is not None:
        total += words(game.ending.title) + words(game.ending.epilogue)
    return total


def play_student(content: Content, seed: int, difficulty: str, lesson: str | None,
                 student: int) -> tuple[Game, dict[int, str]]:
    """One scripted student's whole game: answers, actions and levers drawn from the
    student's own generator, so that thirty students take thirty different paths.

    Returns the game and, by turn, the card text the student was shown as the card
    came (the variant true of their path).
    """
    pick = random.Random(f"student-{student}")
    game = Game.new(content, seed, difficulty, lesson=lesson)
    shown: dict[int, str] = {}
    moves = 0
    while not game.over and moves < 10_000:
        moves += 1
        if game.card is not None and game.turn not in shown:
            shown[game.turn] = game.card_text()
        acts = [v for v in game.actions() if v.available]
        if acts and pick.random() < 0.35:
            game.take_action(pick.choice(acts).action.id)
            continue
        levers = [v for v in game.levers() if v.available]
        if levers and pick.random() < 0.08:
            lv = pick.choice(levers)
            game.set_lever(lv.lever.id, "lifted" if lv.imposed else "imposed")
            continue
        views = [v for v in game.choices() if v.available]
        if game.card is not None and views:
            game.choose(pick.choice(views).choice.id)
        else:
            game.pass_turn()
    return game, shown


@dataclass(frozen=True, slots=True)
class ClassFigures:
    """What a class of scripted students measured for one game (one class code)."""

    students: int
    lesson: str | None
    turns: int  # the game's length in turns
    same_card_turns: int  # turns where every student still playing met the same card
    same_family_turns: int  # ... the same card or cards of the same lesson family
    played_turns: int  # turns at least one student played
    cards_answered: float  # median number of cards a student answered
    words_median: float
    words_max: int
    finished_early: int  # games that reached an ending before the last turn
    endings: dict[str, int]
    mixed_turns: dict[int, dict[str, int]]  # turn -> card -> students, where cards differed

    @property
    def same_family_every_turn(self) -> bool:
        """Every student still playing met a card of the same family (or the same card)."""
        return self.same_family_turns == self.played_turns

    @property
    def same_card_every_turn(self) -> bool:
        """Every student still playing met the same card (or the same quiet turn) each turn."""
        return self.same_card_turns == self.played_turns

    def reading_minutes(self, words_: float) -> float:
        """Minutes to read ``words_`` at :data:`READING_WPM`."""
        return words_ / READING_WPM

    def play_minutes(self, words_: float) -> float:
        """Reading time plus :data:`DECIDE_SECONDS` for each card answered."""
        return self.reading_minutes(words_) + self.cards_answered * DECIDE_SECONDS / 60


def measure_class(content: Content, seed: int, difficulty: str = "normal",
                  lesson: str | None = None, students: int = 30,
                  stops: bool = False) -> ClassFigures:
    """Play ``students`` scripted students on one game and measure it (see the module doc)."""
    played = [play_student(content, seed, difficulty, lesson, k) for k in range(students)]
    games = [g for g, _shown in played]
    card_at: dict[int, set[str | None]] = {}
    met: dict[int, Counter[str]] = {}
    for g in games:
        by_turn = {t: cid for cid, turns in g.seen.items() for t in turns}
        # A game that a live ending stopped as its last turn began played no card there.
        last = g.turn if (not g.over or g.turn in by_turn or (g.ending and g.ending.final)) \
            else g.turn - 1
        for t in range(1, last + 1):
            card_at.setdefault(t, set()).add(by_turn.get(t))
            met.setdefault(t, Counter())[by_turn.get(t) or "(quiet turn)"] += 1
    families = [frozenset([e] if isinstance(e, str) else e or [])
                for e in next(x for x in content.scenario.lessons if x.id == lesson).turns] \
        if lesson else []

    def same_family(t: int, cards: set[str | None]) -> bool:
        return len(cards) == 1 or (t <= len(families) and cards <= families[t - 1])

    counts = [words_read(g, stops, shown) for g, shown in played]
    total = games[0].total_turns if games else 0
    early = sum(1 for g in games if g.over and g.turn < total)
    return ClassFigures(
        students=students, lesson=lesson, turns=total,
        same_card_turns=sum(1 for cards in card_at.values() if len(cards) == 1),
        same_family_turns=sum(1 for t, cards in card_at.items() if same_family(t, cards)),
        played_turns=len(card_at),
        cards_answered=statistics.median(len(g.picks) for g in games) if games else 0,
        words_median=statistics.median(counts) if counts else 0,
        words_max=max(counts, default=0), finished_early=early,
        endings=dict(Counter(g.ending_id or "unfinished" for g in games)),
        mixed_turns={t: dict(met[t].most_common()) for t, cards in card_at.items()
                     if len(cards) > 1})
