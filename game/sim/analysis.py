"""What a choice gives away, read from its effects: the basis of 'concede' and 'hardline'.

The fixed policies must work on any scenario, so they never name a card or a
choice. They rank choices by their effects instead:

* **give** -- the value handed over: concessions recorded, plus the worth of
  levers lifted, minus the worth of levers imposed again;
* **lean** -- when no choice gives anything (a missile test, a Diet question),
  how much a choice's meter changes look like lifting a sanction. Lifting a
  lever in this scenario raises some meters (talks) and lowers others (the
  allies, leverage); the scenario's own ``on_lift`` effects say which, so the
  direction is learnt from the content, not written here.

Formulas (``"3 if sincerity >= 50 else 1"``) are read in a neutral state:
the start of a game with every hidden value at the middle of its range, so the
ranking depends on the content only, never on a particular game's secrets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.model.content import Content
from game.model.runtime import (
    Card,
    ConcessionEffect,
    DelayEffect,
    Effect,
    IfEffect,
    LeverEffect,
    Meter,
    MeterEffect,
    RandomEffect,
)


def hidden_midpoints(content: Content) -> dict[str, float]:
    """Each hidden meter at the middle of its start range (the prior a player can know)."""
    out: dict[str, float] = {}
    for m in content.scenario.meters:
        if m.hidden:
            out[m.id] = _mid(m)
    return out


def _mid(m: Meter) -> float:
    if isinstance(m.start, tuple):
        return (m.start[0] + m.start[1]) / 2
    return float(m.start)


@dataclass(frozen=True, slots=True)
class Weigh:
    """The static measure of one choice: what it gives and which way it leans."""

    give: float
    lean: float


class ChoiceAnalysis:
    """Ranks every card's choices by what they concede; built once per content."""

    def __init__(self, content: Content, neutral_env: Mapping[str, Any]) -> None:
        """``neutral_env`` is an expression environment with hidden values at their midpoints."""
        self.content = content
        self.env = neutral_env
        self.direction = self._lift_direction()
        self._cache: dict[tuple[str, str], Weigh] = {}

    def _amount(self, value: int | float | str | None) -> float:
        if value is None:
            return 0.0
        if isinstance(value, str):
            try:
                return float(self.content.exprs[value](self.env))
            except Exception:  # a formula that cannot be read in the neutral state
                return 0.0
        return float(value)

    def _meter_deltas(self, effects: Sequence[Effect], scale: float,
                      out: dict[str, float]) -> None:
        for eff in effects:
            if isinstance(eff, MeterEffect) and eff.set is None:
                out[eff.meter] = out.get(eff.meter, 0.0) + scale * self._amount(eff.add)
            elif isinstance(eff, DelayEffect):
                self._meter_deltas(eff.effects, scale, out)
            elif isinstance(eff, RandomEffect):
                for o in eff.random:
                    self._meter_deltas(o.effects, scale * o.chance, out)
            elif isinstance(eff, IfEffect):
                self._meter_deltas(eff.then, scale / 2, out)
                self._meter_deltas(eff.else_, scale / 2, out)

    def _lift_direction(self) -> dict[str, float]:
        """Per meter, the sign of what lifting the scenario's levers does to it."""
        total: dict[str, float] = {}
        for lv in self.content.scenario.levers:
            self._meter_deltas(lv.on_lift, 1.0, total)
        return {k: (1.0 if v > 0 else -1.0) for k, v in total.items() if v}

    def _give(self, effects: Sequence[Effect], scale: float) -> float:
        give = 0.0
        for eff in effects:
            if isinstance(eff, ConcessionEffect):
                give += scale * self._amount(eff.value)
            elif isinstance(eff, LeverEffect):
                worth = self.content.levers[eff.lever].worth
                give += scale * (worth if eff.set == "lifted" else -worth)
            elif isinstance(eff, DelayEffect):
                give += self._give(eff.effects, scale)
            elif isinstance(eff, RandomEffect):
                for o in eff.random:
                    give += self._give(o.effects, scale * o.chance)
            elif isinstance(eff, IfEffect):
                give += self._give(eff.then, scale / 2) + self._give(eff.else_, scale / 2)
        return give

    def weigh(self, card: Card, choice_id: str) -> Weigh:
        """What the choice gives (ledger value) and how far it leans towards relief."""
        key = (card.id, choice_id)
        got = self._cache.get(key)
        if got is None:
            ch = next(c for c in card.choices if c.id == choice_id)
            deltas: dict[str, float] = {}
            self._meter_deltas(ch.effects, 1.0, deltas)
            lean = sum(d * self.direction.get(m, 0.0) for m, d in deltas.items())
            got = Weigh(round(self._give(ch.effects, 1.0), 6), round(lean, 6))
            self._cache[key] = got
        return got

    def rank(self, card: Card, choice_ids: Sequence[str]) -> list[str]:
        """Choice ids from the most conceding to the most hardline (content order on ties)."""
        order = {cid: i for i, cid in enumerate(choice_ids)}
        return sorted(choice_ids, key=lambda cid: (-self.weigh(card, cid).give,
                                                   -self.weigh(card, cid).lean, order[cid]))


def _effect_sources(effects: Sequence[Effect]) -> list[str]:
    """Every expression text an effect list may evaluate, nested effects included."""
    out: list[str] = []
    for eff in effects:
        for attr in ("add", "set", "value"):
            v = getattr(eff, attr, None)
            if isinstance(v, str) and not isinstance(eff, LeverEffect):
                out.append(v)
        if isinstance(eff, IfEffect):
            out.append(eff.if_)
            out += _effect_sources(eff.then) + _effect_sources(eff.else_)
        elif isinstance(eff, DelayEffect):
            out += _effect_sources(eff.effects)
        elif isinstance(eff, RandomEffect):
            for o in eff.random:
                out += _effect_sources(o.effects)
    return out


class HiddenReads:
    """Which standing moves can come out differently depending on hidden values.

    A trying policy plays a standing move once per belief about the hidden
    values; when nothing the move or the outlook reads is hidden, every belief
    gives the same result and one trial is enough. This is exact, not a guess:
    it looks at every expression the move's effects, any threshold they may
    trigger, the tracks, the score and the endings can evaluate.
    """

    def __init__(self, content: Content, hidden: frozenset[str]) -> None:
        """Collect what the outlook itself reads, once."""
        self.content = content
        self.hidden = hidden
        common: list[str] = []
        for m in content.scenario.meters:
            for threshold in m.thresholds:
                common += _effect_sources(threshold.effects)
        for track in content.scenario.tracks:
            if isinstance(track.formula, str):
                common.append(track.formula)
        if isinstance(content.scenario.score, str):
            common.append(content.scenario.score)
        common += [e.when for e in content.endings if e.when]
        self.common = self._reads(common)
        self._cache: dict[tuple[str, str], bool] = {}

    def _reads(self, sources: Sequence[str]) -> bool:
        exprs = self.content.exprs
        return any(exprs[s].names & self.hidden for s in sources if s in exprs)

    def move(self, kind: str, target: str) -> bool:
        """True if the standing move (``act`` or ``lever``) may depend on a hidden value."""
        key = (kind, target)
        got = self._cache.get(key)
        if got is None:
            if self.common:
                got = True
            elif kind == "act":
                got = self._reads(_effect_sources(self.content.actions[target].effects))
            else:
                lv = self.content.levers[target]
                got = self._reads(_effect_sources([*lv.on_lift, *lv.on_impose]))
            self._cache[key] = got
        return got
