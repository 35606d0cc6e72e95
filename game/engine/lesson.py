"""Lesson variants: the card of every turn comes from a fixed schedule in the scenario.

A scenario's ``lessons:`` section names variants; each lists, turn by turn, a
card id, a family of card ids (the first whose condition holds, else the last),
or nothing (a quiet turn). In a lesson the schedule replaces the draw: no
anchors, no weighted draw and no cards scheduled by effects, so every student
of a class meets the same card in the same turn, whatever they chose before.
The lesson ends after its last turn, with the final endings (no uncertain end).

This is the only place that reads the schedule; :class:`~game.engine.Game`
asks :func:`lesson_card` for the card of a turn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from game.model.content import Content

Fn = Callable[[Mapping[str, Any]], Any]


class LessonPlan(NamedTuple):
    """One lesson as the engine reads it: per turn, the family's (card id, condition)."""

    id: str
    turns: tuple[tuple[tuple[str, Fn | None], ...], ...]

    @property
    def length(self) -> int:
        """How many turns the lesson lasts."""
        return len(self.turns)


def lesson_ids(content: Content) -> list[str]:
    """The ids of the scenario's lessons, in file order."""
    return [lesson.id for lesson in content.scenario.lessons]


def lesson_for(content: Content, lesson_id: str) -> LessonPlan:
    """The plan of one lesson, built on first use and kept on the content object.

    Raises ValueError for a lesson the scenario does not have.
    """
    cache: dict[str, LessonPlan] = content.__dict__.setdefault("_lesson_plans", {})
    plan = cache.get(lesson_id)
    if plan is not None:
        return plan
    lesson = next((x for x in content.scenario.lessons if x.id == lesson_id), None)
    if lesson is None:
        have = ", ".join(lesson_ids(content)) or "none"
        raise ValueError(f"this scenario has no lesson {lesson_id!r} (lessons: {have})")
    turns = []
    for entry in lesson.turns:
        family = [entry] if isinstance(entry, str) else list(entry or [])
        turns.append(tuple((cid, _condition(content, cid)) for cid in family))
    plan = cache[lesson_id] = LessonPlan(lesson_id, tuple(turns))
    return plan


def _condition(content: Content, card_id: str) -> Fn | None:
    when = content.cards[card_id].when
    return None if when is None else content.exprs[when].fn


def lesson_card(plan: LessonPlan, turn: int, env: Mapping[str, Any]) -> str | None:
    """The card of ``turn`` (1-based): the first of its family whose condition holds, else
    the family's last card; None for a quiet turn or past the schedule."""
    if not 1 <= turn <= len(plan.turns):
        return None
    family = plan.turns[turn - 1]
    for card_id, when in family:
        if when is None or when(env):
            return card_id
    return family[-1][0] if family else None
