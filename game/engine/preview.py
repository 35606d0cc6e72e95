"""What a list of effects would move, in directions only: previews and "does nothing".

A player is shown which meters an answer or a standing action touches and in
which direction (Reigns' dots), never by how much, never when, and never a
hidden meter. The same walk says whether a standing action would change
anything at all right now, so the screen can say so before capital is spent.

The walk must not leak what the player cannot know:

- an amount or condition that reads a hidden meter is worked out with that
  meter at each end of its starting range (both answers count), never with its
  real value;
- a ``random`` effect counts every outcome, never the one the dice would give;
- effects that come later (``after:``, spread changes) count without the clamp
  of today's value, since the value may have moved by then.

Thresholds crossed and reactions next month are not followed: a preview is the
move's own effects, as the card or the rule states them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.model.runtime import (
    ConcessionEffect,
    CounterEffect,
    DelayEffect,
    DeliverableEffect,
    Effect,
    FlagEffect,
    IfEffect,
    LeverEffect,
    MeterEffect,
    RandomEffect,
    ScheduleEffect,
)

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.game import Game


@dataclass(slots=True)
class Touches:
    """What a list of effects can move: meter id -> directions (+1 and/or -1), and more.

    ``meters`` holds visible meters only. ``gives`` / ``receives``: a
    concession or a deliverable would be booked; ``levers``: lever id ->
    "imposed"/"lifted"; ``counters`` and ``flags``: the names they would set
    (not shown to players as such; concerns read them).
    """

    meters: dict[str, set[int]] = field(default_factory=dict)
    gives: bool = False
    receives: bool = False
    levers: dict[str, str] = field(default_factory=dict)
    counters: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    #: Keys ("meter:ID", "gives", "receives") that happen only in some worlds: on
    #: some dice, or depending on a hidden value. The rest happen whatever they are.
    maybe: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        """True when nothing a player can see would move."""
        return not (self.meters or self.gives or self.receives or self.levers)

    def absorb(self, other: Touches) -> None:
        """Add what ``other`` can move to this (its ``maybe`` marks are not taken)."""
        self.gives |= other.gives
        self.receives |= other.receives
        self.levers.update(other.levers)
        self.counters |= other.counters
        self.flags |= other.flags
        for k, v in other.meters.items():
            self.meters.setdefault(k, set()).update(v)


class EffectWalker:
    """Walks effects for one game state; see the module docstring for the rules."""

    def __init__(self, game: Game) -> None:
        """Prepare the environments: the game's own, with each hidden meter at its range's ends."""
        self.game = game
        sc = game.content.scenario
        self.hidden = {m.id for m in sc.meters if m.hidden}
        self.visible = {m.id: m for m in sc.meters if not m.hidden}
        base = {k: v for k, v in game.env.items()}
        lows, highs = dict(base), dict(base)
        for m in sc.meters:
            if m.hidden:
                lo, hi = m.start if isinstance(m.start, tuple) else (m.min, m.max)
                lows[m.id], highs[m.id] = float(lo), float(hi)
        self.envs: list[dict[str, Any]] = [lows, highs]

    def _eval(self, src: str | int | float | None, env: dict[str, Any]) -> Any:
        if src is None:
            return None
        if isinstance(src, str):
            return self.game._fns[src](env)
        return src

    def walk(self, effects: Sequence[Effect], *, now: bool = True,
             all_branches: bool = False) -> Touches:
        """What ``effects`` would move.

        ``now``: clamp to today's values (a meter at its bound cannot go further).
        ``all_branches``: take both sides of every ``if`` and ignore amounts'
        conditions (a rule's full reach, for its description), instead of the
        branches today's state takes.
        """
        out = Touches()
        sure_sets = []
        for env in self.envs:
            mine = Touches()
            self._walk(effects, env, mine, now, all_branches)
            sure_sets.append(_keys(mine) - mine.maybe)
            out.absorb(mine)
        sure = set.intersection(*sure_sets) if sure_sets else set()
        out.maybe = _keys(out) - sure
        return out

    def _walk(self, effects: Iterable[Effect], env: dict[str, Any], out: Touches,
              now: bool, all_branches: bool) -> None:
        for eff in effects:
            if isinstance(eff, MeterEffect):
                self._meter(eff, env, out, now, all_branches)
            elif isinstance(eff, IfEffect):
                if all_branches:
                    self._walk(eff.then, env, out, now, True)
                    self._walk(eff.else_, env, out, now, True)
                else:
                    branch = eff.then if self._eval(eff.if_, env) else eff.else_
                    self._walk(branch, env, out, now, False)
            elif isinstance(eff, RandomEffect):
                for outcome in eff.random:
                    inner = Touches()
                    self._walk(outcome.effects, env, inner, now, all_branches)
                    out.maybe |= _keys(inner)  # on some dice only
                    out.absorb(inner)
            elif isinstance(eff, DelayEffect):
                self._walk(eff.effects, env, out, False, all_branches)
            elif isinstance(eff, ConcessionEffect):
                out.gives = True
            elif isinstance(eff, DeliverableEffect):
                out.receives = True
            elif isinstance(eff, LeverEffect):
                imposed = eff.set == "imposed"
                if all_branches or bool(env[eff.lever]) != imposed:
                    out.levers[eff.lever] = eff.set
                    lv = self.game.content.levers[eff.lever]
                    if not imposed and lv.worth > 0:
                        out.gives = True
            elif isinstance(eff, CounterEffect):
                out.counters.add(eff.counter)
            elif isinstance(eff, FlagEffect):
                out.flags.add(eff.flag)
            elif isinstance(eff, ScheduleEffect):
                pass  # a card to come: a surprise, not a preview

    def _meter(self, eff: MeterEffect, env: dict[str, Any], out: Touches, now: bool,
               all_branches: bool) -> None:
        if eff.meter not in self.visible:
            return
        meter = self.visible[eff.meter]
        old = float(env[eff.meter])
        if all_branches and isinstance(eff.add, str):
            signs = _signs_of_formula(eff.add)
            if signs:
                out.meters.setdefault(eff.meter, set()).update(signs)
                return
        if eff.set is not None:
            delta = float(self._eval(eff.set, env)) - old
        else:
            delta = float(self._eval(eff.add, env) or 0.0)
        if now:
            new = min(meter.max, max(meter.min, old + delta))
            delta = new - old
        if abs(delta) > 1e-9:
            out.meters.setdefault(eff.meter, set()).add(1 if delta > 0 else -1)


def _keys(t: Touches) -> set[str]:
    keys = {f"meter:{m}" for m in t.meters}
    if t.gives:
        keys.add("gives")
    if t.receives:
        keys.add("receives")
    return keys


def _signs_of_formula(src: str) -> set[int]:
    """The signs of the number literals an amount formula can give (``"3 if x else -1"``).

    Only for a rule's full reach; conditions inside the formula are ignored, so
    "1 if washington < 60 else 0" reads as "can raise".
    """
    signs: set[int] = set()
    # A number preceded by "if"/"else"/start/"(" is a possible amount, not a test.
    for m in re.finditer(r"(?:^|\bif\b|\belse\b|\()\s*(-?\d+(?:\.\d+)?)", src.strip()):
        value = float(m.group(1))
        if value > 0:
            signs.add(1)
        elif value < 0:
            signs.add(-1)
    return signs
