"""The engine's plan: built in time linear in the content, and right at scale.

A 10,000-card mod starts a game only as fast as its plan is built, so the plan
must never search a list once per card (or per card and month). The guard
counts work, not time: card and reaction ids that count their comparisons
show any search through the lists as comparisons growing faster than the cards.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from game.engine.plan import Plan
from game.model.content import Content


class CountingId(str):
    """An id that counts how often it is compared (a search compares it with others)."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        CountingId.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _scaled(content: Content, cards: int) -> Content:
    """``content`` with ``cards`` copies of its cards and as many of its reactions,
    ids counting, windows spread over the calendar."""
    months = ["2014-05", "2014-08", "2014-12", "2015-03"]
    templates = list(content.cards.values())
    made: dict[str, Any] = {}
    for i in range(cards):
        card = replace(templates[i % len(templates)], id=CountingId(f"c{i:05d}"),
                       from_=months[i % 4], until=None)
        made[card.id] = card
    reactions = []
    for i in range(cards):
        rule = content.reactions[i % len(content.reactions)]
        reactions.append(replace(rule, id=CountingId(f"r{i // 2:05d}")))  # two rules an id
    return Content(content.scenario, made, reactions, content.endings, content.exprs,
                   content.flags, content.counters, content.digest)


def _comparisons(content: Content) -> int:
    CountingId.compared = 0
    Plan(content)
    return CountingId.compared


def test_building_the_plan_is_linear_in_cards_and_reactions(mini_content: Content) -> None:
    small = _comparisons(_scaled(mini_content, 1500))
    large = _comparisons(_scaled(mini_content, 3000))
    # Twice the content, at most about twice the work (a search per card: four times).
    assert large <= 2 * small + 100, (small, large)


def test_cards_by_date_lists_each_dates_cards_in_content_order(
        mini_content: Content) -> None:
    content = _scaled(mini_content, 2000)
    plan = Plan(content)
    for month, rows in plan.cards_by_date.items():
        expected = [cid for cid, (lo, hi) in content.card_windows.items() if lo <= month <= hi]
        assert [row[0] for row in rows] == expected
        assert all(row in plan.card_tuples for row in rows)
    # Rules of one id share the cooldown slot of the first of them.
    firsts = {rid: plan.reaction_ids.index(rid) for rid in set(plan.reaction_ids)}
    assert all(row[5] == firsts[row[0]] for row in plan.reaction_tuples)
