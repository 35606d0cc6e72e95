"""Lookup tables the rules read every turn, built once per content.

The engine's hot loops (card eligibility, reactions, endings, tracks) run tens
of thousands of times in a simulation, so they read flat tuples prepared here
instead of walking the content records and calling :class:`Compiled` wrappers
each time. Nothing here changes what the rules do: it is the same content,
pre-digested. A plan is cached on its :class:`Content` (content never changes
after loading; a reload makes a new one).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any, NamedTuple

from game.engine.records import Cause, Decision
from game.model.bulk import collector_paused
from game.model.content import Content
from game.model.runtime import Choice, DelayEffect, Effect, Ending, Threshold

Fn = Callable[[Mapping[str, Any]], Any]


class CardRow(NamedTuple):
    """One card as the draw reads it."""

    id: str
    lo: int
    hi: int
    repeatable: bool
    cooldown: int
    when: Fn | None
    anchor: bool
    weight: float | None  # a constant weight, or None when ``weight_fn`` gives it
    weight_fn: Fn | None


class ReactionRow(NamedTuple):
    """One reaction rule with its condition and the words it needs, resolved."""

    id: str
    once: bool
    cooldown: int
    when: Fn
    chance: float
    actor: str
    label: str  # "<actor name> reacts"
    message: str | None
    effects: list[Effect]
    cause: Cause  # Cause("reaction", id, label): immutable, so one serves every firing


class ChoiceRow(NamedTuple):
    """One choice of one card, with the records choosing it makes, prepared."""

    choice: Choice
    decision: Decision
    cause: Cause
    outcome: str | None  # the outcome text, stripped


class TrackRow(NamedTuple):
    """A scoring track: its formula."""

    id: str
    fn: Fn


class Plan:
    """The content's tables for the engine (see the module docstring).

    One plan serves every game of its content (:func:`plan_for` keeps it on the
    content), so it is also the one owner of the engine's state shared across
    games, all of it determined by the content alone, so no game can see another's
    moves in it: ``steps`` (effect lists compiled on first use), ``_delayed_json``
    (delayed effects as data, capped) and ``date_names``. Dropping the content
    drops them all.
    """

    def delayed_data(self, effect: DelayEffect) -> list[dict[str, Any]]:
        """A delay effect's effects as plain JSON-ready data, a fresh copy each time.

        The data a content file would hold (names as written, defaults left out:
        :meth:`~game.model.methods.Record.to_data`), dumped once
        per effect and read back from its JSON text, which is cheaper.
        """
        known = self._delayed_json.get(id(effect))
        if known is None or known[0] is not effect:
            known = (effect, _dumped(effect))
            if len(self._delayed_json) < 10_000:  # effects parsed from saves come and go
                self._delayed_json[id(effect)] = known
        return json.loads(known[1])  # type: ignore[no-any-return]

    def __init__(self, content: Content) -> None:
        """Digest ``content``; every expression it names must be compiled already."""
        exprs = content.exprs
        self.fns: dict[str, Fn] = {src: c.fn for src, c in exprs.items()}
        self.cards: list[CardRow] = []
        for cid, card in content.cards.items():
            lo, hi = content.card_windows[cid]
            if isinstance(card.weight, str):
                weight, weight_fn = None, self.fns[card.weight]
            else:
                weight, weight_fn = float(card.weight), None
            self.cards.append(CardRow(
                cid, lo, hi, card.repeatable, card.cooldown,
                self.fns[card.when] if card.when is not None else None,
                card.anchor, weight, weight_fn))
        # date index -> the cards whose window holds it, in content order (the
        # draw reads only these; the window test in the draw stays as a guard).
        self.cards_bounded = all(row.hi - row.lo <= 1200 for row in self.cards)
        by_date: dict[int, list[int]] = {}  # date index -> positions in self.cards
        if self.cards_bounded:
            for i, row in enumerate(self.cards):
                for when in range(row.lo, row.hi + 1):
                    by_date.setdefault(when, []).append(i)
        # Rows as plain tuples: unpacking a NamedTuple in a loop takes Python's
        # slow path, and these loops run every turn of every game.
        # Each: id, window, repeatable, cooldown, condition (None: none), anchor,
        # weight, weight formula.
        self.card_tuples: list[tuple[Any, ...]] = [
            (r.id, r.lo, r.hi, r.repeatable, r.cooldown, r.when, r.anchor, r.weight,
             r.weight_fn)
            for r in self.cards]
        self.cards_by_date: dict[int, tuple[tuple[Any, ...], ...]] = {
            m: tuple(self.card_tuples[i] for i in positions)
            for m, positions in by_date.items()}
        actors = {a.id: a.name for a in content.scenario.actors}
        self.reactions = []
        for r in content.reactions:
            label = r.cause or f"{actors.get(r.actor, r.actor or '')} reacts"
            self.reactions.append(ReactionRow(
                r.id, r.once, r.cooldown, self.fns[r.when], r.chance, r.actor, label,
                r.message.strip() if r.message else None, r.effects,
                Cause("reaction", r.id, label)))
        # What the reaction pass reads of each rule until one fires: id, once,
        # cooldown, condition, the rule's own position and the position of the
        # first rule of its id (the cooldown slot: rules of one id share it, as by id).
        self.reaction_ids = tuple(r.id for r in self.reactions)
        first_of: dict[str, int] = {}
        for j, rid in enumerate(self.reaction_ids):
            first_of.setdefault(rid, j)
        self.reaction_tuples: list[tuple[Any, ...]] = [
            (r.id, r.once, r.cooldown, r.when, j, first_of[r.id])
            for j, r in enumerate(self.reactions)]
        # Records (causes, decisions) are frozen values: made once here rather than
        # on every move, they compare and serialize exactly as fresh ones would.
        self.choices: dict[tuple[str, str], ChoiceRow] = {}
        for card in content.cards.values():
            for ch in card.choices:  # the first of a repeated id wins, as in choose()
                self.choices.setdefault((card.id, ch.id), ChoiceRow(
                    ch, Decision("choose", ch.id),
                    Cause("card", f"{card.id}/{ch.id}", f"{card.title}: {ch.label}"),
                    ch.outcome.strip() if ch.outcome else None))
        self.action_moves: dict[str, tuple[Decision, Cause]] = {
            a.id: (Decision("act", a.id), Cause("action", a.id, a.label))
            for a in content.scenario.actions
        }
        self.lever_moves: dict[tuple[str, str], tuple[Decision, Cause]] = {}
        for lv in content.scenario.levers:
            for state, verb in (("lifted", "Lifted"), ("imposed", "Imposed again")):
                self.lever_moves[(lv.id, state)] = (
                    Decision("lever", lv.id, state), Cause("lever", lv.id, f"{verb}: {lv.label}"))
        self.pass_decision = Decision("pass")
        # DelayEffect -> its effects as JSON text (see delayed_data), by id; the
        # effect is kept alongside so a reused id is never mistaken for it.
        self._delayed_json: dict[int, tuple[DelayEffect, str]] = {}
        self.total_turns = content.total_turns
        # id(effect list) -> (the list, its compiled steps), filled by the engine as
        # lists are first applied (game._compile); the list is kept so its id stays its own.
        self.steps: dict[int, tuple[Any, tuple[Any, ...]]] = {}
        # meter id -> (key, once, below, above, threshold, its cause), the cause
        # (with the words "<label> fell below/rose above <value>") made once.
        self.thresholds: dict[str, list[tuple[str, bool, float | None, float | None,
                                              Threshold, Cause]]] = {
            m.id: [(f"{m.id}#{j}", t.once, t.below, t.above, t,
                    Cause("threshold", f"{m.id}#{j}",
                          f"{m.label} fell below {t.below:g}" if t.below is not None
                          else f"{m.label} rose above {t.above:g}"))
                   for j, t in enumerate(m.thresholds)]
            for m in content.scenario.meters
        }
        # meter id -> (min, max, has thresholds)
        self.meter_rows: dict[str, tuple[float, float, bool]] = {
            m.id: (m.min, m.max, bool(m.thresholds)) for m in content.scenario.meters
        }
        # meter id -> (lowest, highest "below" value; lowest, highest "above" value),
        # infinities where there is none: a move from old to new can cross a "below"
        # only if new < highest and old >= lowest, an "above" only if new > lowest
        # and old <= highest. Most moves cross nothing and skip the threshold walk.
        self.threshold_gates: dict[str, tuple[float, float, float, float]] = {}
        for m in content.scenario.meters:
            below = [t.below for t in m.thresholds if t.below is not None]
            above = [t.above for t in m.thresholds if t.above is not None]
            inf = float("inf")
            self.threshold_gates[m.id] = (min(below, default=inf), max(below, default=-inf),
                                          min(above, default=inf), max(above, default=-inf))
        self.meter_ids = tuple(m.id for m in content.scenario.meters)
        self.meter_values: Fn = inputs_getter(self.meter_ids)  # env -> their values, a tuple
        self.date_names: dict[int, str] = {}  # date index -> its name ("YYYY-MM"...), as used
        self.live_endings: list[tuple[Ending, Fn]] = [
            (e, self.fns[e.when]) for e in content.endings if not e.final and e.when is not None
        ]
        self.tracks: list[TrackRow] = [
            TrackRow(t.id, self.fns[t.formula] if isinstance(t.formula, str)
                     else _constant(t.formula))
            for t in content.scenario.tracks]


def _dumped(effect: DelayEffect) -> str:
    return json.dumps([e.to_data() for e in effect.effects])


def inputs_getter(names: tuple[str, ...]) -> Fn:
    """``env -> tuple(env[n] for n in names)`` in one C call (raises KeyError alike)."""
    if len(names) >= 2:
        return itemgetter(*names)  # gives the tuple itself
    if len(names) == 1:
        (name,) = names
        return lambda env: (env[name],)
    return lambda env: ()


def _constant(value: float) -> Fn:
    def const(env: Mapping[str, Any]) -> Any:
        return value

    return const


def plan_for(content: Content) -> Plan:
    """The plan of ``content``, built on first use and kept on the content object."""
    cache = content.__dict__
    plan = cache.get("_engine_plan")
    if plan is None:
        with collector_paused():  # see game.model.bulk
            plan = cache["_engine_plan"] = Plan(content)
    assert isinstance(plan, Plan)
    return plan
