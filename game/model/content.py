"""The loaded, checked content that the engine runs: one immutable bundle.

:class:`Content` is what :func:`game.loading.loader.load_content` returns. It
holds the runtime twins of the content models (:mod:`game.model.runtime`), so
nothing that reads it needs pydantic. Every expression in it has been compiled
once (see :mod:`game.model.expr`); the engine only looks compiled expressions
up by their source text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.model.expr import Compiled
from game.model.exprtypes import (
    COUNTER_LIMIT,
    MONTHS,
    Type,
    boolean,
    date,
    number,
    state_types,
    text,
    whole,
)
from game.model.months import month_index
from game.model.runtime import Card, Ending, Reaction, Scenario

#: Names every expression may read besides the content's own meters, levers,
#: flags, counters and tracks. The engine keeps them up to date.
BUILTIN_NAMES: dict[str, str] = {
    "turn": "the turn number, from 1",
    "turns_left": "turns left before the calendar ends",
    "date": "the month, a date: compare it with a month in quotes, date >= '2014-07'",
    "year": "the year, e.g. 2014",
    "month": "the month of the year, 1-12",
    "capital": "political capital left this turn",
    "conceded": "the total value of the concessions in the ledger (whole, within +/-10,000)",
    "delivered": "the total value of the deliverables in the ledger (whole, within +/-10,000)",
    "preemptive": "how many concessions were preemptive",
    "difficulty": "the difficulty's id, e.g. 'normal'",
}

Loc = tuple[str | int, ...]


def expression_types(sc: Any, flags: frozenset[str] | set[str],
                     counters: frozenset[str] | set[str],
                     ) -> tuple[dict[str, Type], dict[str, Type]]:
    """The type of every name expressions may read, and what each state function gives.

    ``sc`` is the scenario (its pydantic model or its runtime twin). Every value
    entering the ledger is a whole number (check sees to it), so ``conceded`` and
    ``delivered`` are too. See :mod:`game.model.exprtypes`.
    """
    cal = sc.calendar
    start, end = month_index(cal.start), month_index(cal.end)
    turns = end - start + 1
    types: dict[str, Type] = {}
    for m in sc.meters:
        kind = "hidden value" if m.hidden else "meter"
        types[m.id] = number(m.min, m.max, f"{kind} '{m.id}'")
    for lv in sc.levers:
        types[lv.id] = boolean(f"lever '{lv.id}'")
    for t in sc.tracks:
        types[t.id] = number(0, 100, f"track '{t.id}'")
    for name in flags:
        types[name] = boolean(f"flag '{name}'")
    for name in counters:
        types[name] = whole(-COUNTER_LIMIT, COUNTER_LIMIT, f"counter '{name}'")
    budget = max(sc.capital.max, 0)
    types.update({
        "turn": whole(1, turns, "'turn'"),
        "turns_left": whole(0, turns - 1, "'turns_left'"),
        "date": date(MONTHS, cal.start, "'date'"),
        "year": whole(start // 12, end // 12, "'year'"),
        "month": whole(1, 12, "'month'"),
        "capital": whole(0, budget, "'capital'"),
        "conceded": whole(-COUNTER_LIMIT, COUNTER_LIMIT, "'conceded'"),
        "delivered": whole(-COUNTER_LIMIT, COUNTER_LIMIT, "'delivered'"),
        "preemptive": whole(0, COUNTER_LIMIT, "'preemptive'"),
        "difficulty": text(frozenset(d.id for d in sc.difficulties), "'difficulty'"),
    })
    return types, state_types(turns)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a piece of content came from: file and the path inside it."""

    path: str
    loc: Loc
    layer: str = "base"


@dataclass
class Content:
    """A scenario with its cards, reactions and endings, checked and compiled."""

    scenario: Scenario
    cards: dict[str, Card]
    reactions: list[Reaction]
    endings: list[Ending]
    exprs: dict[str, Compiled]
    flags: frozenset[str]
    counters: frozenset[str]
    digest: str
    layers: list[str] = field(default_factory=lambda: ["base"])
    #: Where things came from: cards by id, reactions as 'reaction:ID', endings as
    #: 'ending:ID', the scenario file as 'scenario'.
    origins: dict[str, Origin] = field(default_factory=dict)
    # Derived lookups, built once in __post_init__ so the engine never searches lists.
    meters: dict[str, Any] = field(init=False)
    levers: dict[str, Any] = field(init=False)
    actions: dict[str, Any] = field(init=False)
    endings_by_id: dict[str, Ending] = field(init=False)
    card_windows: dict[str, tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        sc = self.scenario
        self.meters = {m.id: m for m in sc.meters}
        self.levers = {lv.id: lv for lv in sc.levers}
        self.actions = {a.id: a for a in sc.actions}
        self.endings_by_id = {e.id: e for e in self.endings}
        start, end = month_index(sc.calendar.start), month_index(sc.calendar.end)
        self.card_windows = {
            cid: (
                month_index(c.from_) if c.from_ else start,
                month_index(c.until) if c.until else end,
            )
            for cid, c in self.cards.items()
        }

    @property
    def total_turns(self) -> int:
        """How many monthly turns the calendar has."""
        cal = self.scenario.calendar
        return month_index(cal.end) - month_index(cal.start) + 1

    def expr(self, source: str) -> Compiled:
        """The compiled form of an expression that appears in the content."""
        return self.exprs[source]

    def stats(self) -> dict[str, int]:
        """Counts for ``check --json`` and the title screen."""
        sc = self.scenario
        return {
            "cards": len(self.cards),
            "historical_cards": sum(1 for c in self.cards.values() if c.history),
            "choices": sum(len(c.choices) for c in self.cards.values()),
            "reactions": len(self.reactions),
            "endings": len(self.endings),
            "meters": sum(1 for m in sc.meters if not m.hidden),
            "hidden": sum(1 for m in sc.meters if m.hidden),
            "levers": len(sc.levers),
            "actions": len(sc.actions),
            "tracks": len(sc.tracks),
            "flags": len(self.flags),
            "counters": len(self.counters),
        }


def walk_effects(effects: Sequence[Any], loc: Loc) -> Iterator[tuple[Any, Loc]]:
    """Every effect in a list, nested ones included, with its path in the file.

    Works on the pydantic models (while loading) and on their runtime twins alike:
    it goes by the class's name.
    """
    for i, eff in enumerate(effects):
        here = (*loc, i)
        yield eff, here
        kind = type(eff).__name__
        if kind == "DelayEffect":
            yield from walk_effects(eff.effects, (*here, "effects"))
        elif kind == "RandomEffect":
            for j, outcome in enumerate(eff.random):
                yield from walk_effects(outcome.effects, (*here, "random", j, "effects"))
        elif kind == "IfEffect":
            yield from walk_effects(eff.then, (*here, "then"))
            yield from walk_effects(eff.else_, (*here, "else"))
