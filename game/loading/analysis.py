"""Static analysis of loaded content, in the spirit of ChoiceScript's quicktest.

The loader already refuses unknown names and references. This module looks for
content that loads but can never play a part:

- cards that can never be drawn: a date window outside the calendar, a
  condition that no reachable state satisfies (a meter compared beyond its
  bounds or beyond where any effect can move it, a flag that nothing raises,
  ``seen()`` of a card that itself can never come, a contradiction such as
  ``x > 60 and x < 40``), a weight that is never positive -- unless an effect
  schedules the card, which draws it whatever its condition says;
- choices that can never be taken (and cards whose choices are all locked
  for good, which would leave the player stuck: an error);
- endings that cannot be reached (a condition never true, a final ending
  shadowed by an earlier fallback, a non-final ending with neither a
  condition nor an ``end:`` effect naming it);
- flags set but never read, and flags read but never raised;
- reactions and standing actions whose condition is never true, meter
  thresholds and ``set`` values outside the meter's bounds.

How: an abstract interpretation of every condition over *ranges* of values
(intervals for numbers, with open or closed ends; sets for text and truth
values), narrowed along ``and``/``or``/``not``, and a least fixpoint over what
is reachable (a flag can be raised only by an effect of something reachable; a
card is reachable if it can be drawn, or scheduled by something reachable).
The analysis only reports what it can prove: when in doubt, a thing counts as
reachable. Every problem carries ``file:line:col``.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.loading.mods import Directive
from game.loading.problems import Problem, Severity
from game.model.calendars import date_index, date_name, year_month
from game.model.content import Content, Loc, walk_effects
from game.model.runtime import (
    Card,
    ConcessionEffect,
    CounterEffect,
    DeliverableEffect,
    Effect,
    EndEffect,
    FlagEffect,
    LeverEffect,
    MeterEffect,
    ScheduleEffect,
)

if TYPE_CHECKING:
    from game.loading.results import LoadResult, SourceFile

INF = math.inf
NEVER = 999  # what since() gives for a card never drawn (game.engine.game.NEVER)

# --------------------------------------------------------------------------- abstract values


@dataclass(frozen=True)
class Num:
    """A range of numbers; ``lo_open``/``hi_open`` exclude the end itself."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    @property
    def empty(self) -> bool:
        """True when no number fits."""
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def join(self, other: Num) -> Num:
        """The smallest range holding both."""
        lo, lo_open = min((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi_cands = [(self.hi, not self.hi_open), (other.hi, not other.hi_open)]
        hi, hi_closed = max(hi_cands)
        return Num(lo, hi, lo_open, not hi_closed)

    def meet(self, lo: float, hi: float, lo_open: bool, hi_open: bool) -> Num:
        """Intersect with another range."""
        if lo > self.lo or (lo == self.lo and lo_open):
            nlo, nlo_open = lo, lo_open
        else:
            nlo, nlo_open = self.lo, self.lo_open
        if hi < self.hi or (hi == self.hi and hi_open):
            nhi, nhi_open = hi, hi_open
        else:
            nhi, nhi_open = self.hi, self.hi_open
        return Num(nlo, nhi, nlo_open, nhi_open)

    def has(self, x: float) -> bool:
        """True if ``x`` lies in the range."""
        if x < self.lo or (x == self.lo and self.lo_open):
            return False
        return not (x > self.hi or (x == self.hi and self.hi_open))


@dataclass(frozen=True)
class Vals:
    """A finite set of possible values (truth values or text)."""

    values: frozenset[Any]


class _Top:
    """Anything at all: what the analysis cannot tell."""

    def __repr__(self) -> str:
        return "TOP"


TOP = _Top()
BOTH = frozenset({True, False})
AbsVal = Num | Vals | _Top
Env = dict[str, AbsVal]


def _num(x: float) -> Num:
    return Num(x, x)


def _join(a: AbsVal, b: AbsVal) -> AbsVal:
    if isinstance(a, Num) and isinstance(b, Num):
        return a.join(b)
    if isinstance(a, Vals) and isinstance(b, Vals):
        return Vals(a.values | b.values)
    return TOP


def _as_num(v: AbsVal) -> Num | None:
    """A number range for arithmetic: truth values count as 0/1."""
    if isinstance(v, Num):
        return v
    if isinstance(v, Vals) and v.values and all(isinstance(x, bool) for x in v.values):
        return Num(float(min(v.values)), float(max(v.values)))
    if isinstance(v, Vals) and v.values and all(isinstance(x, int | float) for x in v.values):
        return Num(float(min(v.values)), float(max(v.values)))
    return None


def _truths(v: AbsVal) -> frozenset[bool]:
    """Which truth values a value can have when used as a condition."""
    if isinstance(v, Num):
        if v.empty:
            return frozenset()
        can_false = v.has(0.0)
        can_true = not (v.lo == 0 and v.hi == 0)
        return frozenset({b for b, ok in ((True, can_true), (False, can_false)) if ok})
    if isinstance(v, Vals):
        return frozenset(bool(x) for x in v.values)
    return BOTH


_FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE,
         ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}
_NEGATE = {ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt,
           ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
_PYOPS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.Eq: operator.eq, ast.NotEq: operator.ne}


def _compare(a: AbsVal, op: type[ast.cmpop], b: AbsVal) -> frozenset[bool]:
    """Possible results of ``a op b``."""
    if isinstance(a, Vals) and isinstance(b, Vals) and len(a.values) * len(b.values) <= 4096:
        out = set()
        for x in a.values:
            for y in b.values:
                try:
                    out.add(bool(_PYOPS[op](x, y)))
                except TypeError:
                    return BOTH
        return frozenset(out)
    na, nb = _as_num(a), _as_num(b)
    if na is None or nb is None or na.empty or nb.empty:
        return BOTH if not (na is not None and na.empty) and not (nb is not None and nb.empty) \
            else frozenset()
    if op in (ast.Gt, ast.GtE):
        na, nb, op = nb, na, _FLIP[op]
    if op is ast.Lt:  # can a < b? can a >= b?
        can_t = na.lo < nb.hi
        can_f = na.hi > nb.lo or (na.hi == nb.lo and not na.hi_open and not nb.lo_open)
        return frozenset({b for b, ok in ((True, can_t), (False, can_f)) if ok})
    if op is ast.LtE:
        can_t = na.lo < nb.hi or (na.lo == nb.hi and not na.lo_open and not nb.hi_open)
        can_f = na.hi > nb.lo
        return frozenset({b for b, ok in ((True, can_t), (False, can_f)) if ok})
    # == and !=
    overlap = not na.meet(nb.lo, nb.hi, nb.lo_open, nb.hi_open).empty
    single = na.lo == na.hi == nb.lo == nb.hi
    eq_t, eq_f = overlap, not single
    if op is ast.Eq:
        return frozenset({b for b, ok in ((True, eq_t), (False, eq_f)) if ok})
    return frozenset({b for b, ok in ((True, eq_f), (False, eq_t)) if ok})


def _narrow_num(v: Num, op: type[ast.cmpop], c: float) -> Num:
    """The part of ``v`` where ``v op c`` holds."""
    if op is ast.Lt:
        return v.meet(-INF, c, False, True)
    if op is ast.LtE:
        return v.meet(-INF, c, False, False)
    if op is ast.Gt:
        return v.meet(c, INF, True, False)
    if op is ast.GtE:
        return v.meet(c, INF, False, False)
    if op is ast.Eq:
        return v.meet(c, c, False, False)
    if v.lo == v.hi == c:  # != on a single point
        return Num(1, 0)
    return v


class _Eval:
    """Evaluates expression trees over abstract values; narrows environments."""

    def __init__(self, funcs: _Funcs) -> None:
        self.funcs = funcs

    def value(self, node: ast.expr, env: Env) -> AbsVal:
        """The abstract value of an expression."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool | str):
                return Vals(frozenset({node.value}))
            if isinstance(node.value, int | float):
                return _num(float(node.value))
            return TOP
        if isinstance(node, ast.Name):
            return env.get(node.id, TOP)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return Vals(frozenset(not t for t in self.truth(node.operand, env)))
            inner = _as_num(self.value(node.operand, env))
            if inner is None:
                return TOP
            if isinstance(node.op, ast.USub):
                return Num(-inner.hi, -inner.lo, inner.hi_open, inner.lo_open)
            return inner
        if isinstance(node, ast.BinOp):
            a, b = _as_num(self.value(node.left, env)), _as_num(self.value(node.right, env))
            if a is None or b is None or a.empty or b.empty:
                return TOP
            if isinstance(node.op, ast.Add):
                return Num(a.lo + b.lo, a.hi + b.hi)
            if isinstance(node.op, ast.Sub):
                return Num(a.lo - b.hi, a.hi - b.lo)
            if isinstance(node.op, ast.Mult):
                ps = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)
                      if not (math.isinf(x) and y == 0) and not (math.isinf(y) and x == 0)]
                return Num(min(ps), max(ps)) if ps else TOP
            return TOP
        if isinstance(node, ast.BoolOp | ast.Compare):
            return Vals(self.truth(node, env))
        if isinstance(node, ast.IfExp):
            ts = self.truth(node.test, env)
            out: AbsVal | None = None
            if True in ts:
                e = self.narrow(node.test, True, env)
                if e is not None:
                    out = self.value(node.body, e)
            if False in ts:
                e = self.narrow(node.test, False, env)
                if e is not None:
                    v = self.value(node.orelse, e)
                    out = v if out is None else _join(out, v)
            return out if out is not None else TOP
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node.func.id, node.args, env)
        return TOP

    def call(self, name: str, args: Sequence[ast.expr], env: Env) -> AbsVal:
        """Functions: the state ones from what is reachable, the pure ones on ranges."""
        if name in ("seen", "count", "since", "chose"):
            ids = [a.value for a in args if isinstance(a, ast.Constant)]
            return self.funcs.state(name, ids)
        nums = [_as_num(self.value(a, env)) for a in args]
        if any(n is None or n.empty for n in nums):
            return TOP
        ns = [n for n in nums if n is not None]
        if name == "min":
            return Num(min(n.lo for n in ns), min(n.hi for n in ns))
        if name == "max":
            return Num(max(n.lo for n in ns), max(n.hi for n in ns))
        if name == "clamp" and len(ns) == 3:
            x, lo, hi = ns
            return Num(min(max(x.lo, lo.lo), hi.hi), min(max(x.hi, lo.hi), hi.hi))
        if name == "abs" and ns:
            x = ns[0]
            if x.lo >= 0:
                return Num(x.lo, x.hi)
            if x.hi <= 0:
                return Num(-x.hi, -x.lo)
            return Num(0, max(-x.lo, x.hi))
        if name == "round" and ns:
            low, high = ns[0].lo, ns[0].hi  # (an end may be infinite: no whole number)
            return Num(math.floor(low) if math.isfinite(low) else low,
                       math.ceil(high) if math.isfinite(high) else high)
        return TOP

    def truth(self, node: ast.expr, env: Env) -> frozenset[bool]:
        """Which truth values a condition can take in the states ``env`` describes."""
        if isinstance(node, ast.BoolOp):
            is_and = isinstance(node.op, ast.And)
            out: set[bool] = set()
            cur: Env | None = env
            for sub in node.values:
                if cur is None:
                    break
                ts = self.truth(sub, cur)
                stop = not is_and  # the value that decides at once
                if stop in ts:
                    out.add(stop)
                if (not stop) not in ts:
                    cur = None
                    break
                cur = self._narrow(sub, not stop, cur)  # its truth is known: no re-check
            if cur is not None:
                out.add(is_and)
            return frozenset(out)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return frozenset(not t for t in self.truth(node.operand, env))
        if isinstance(node, ast.Compare):
            if len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn):
                return self._membership(node, env)
            # A chain: each link under the narrowing of the ones before.
            out = set()
            cur = env
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                assert cur is not None
                ts = _compare(self.value(left, cur), type(op), self.value(right, cur))
                if False in ts:
                    out.add(False)
                if True not in ts:
                    return frozenset(out)
                cur = self._narrow_link(left, type(op), right, True, cur)
                if cur is None:
                    return frozenset(out)
                left = right
            out.add(True)
            return frozenset(out)
        return _truths(self.value(node, env))

    def _membership(self, node: ast.Compare, env: Env) -> frozenset[bool]:
        v = self.value(node.left, env)
        seq = node.comparators[0]
        items = [self.value(e, env) for e in getattr(seq, "elts", [])]
        want = isinstance(node.ops[0], ast.In)
        if isinstance(v, Vals) and all(isinstance(i, Vals) for i in items):
            pool = frozenset().union(*(i.values for i in items if isinstance(i, Vals)))
            hits = {x in pool for x in v.values}
            return frozenset(h if want else not h for h in hits)
        return BOTH

    def narrow(self, node: ast.expr, truth: bool, env: Env) -> Env | None:
        """The states of ``env`` where ``node`` has this truth value (None: there are none).

        Narrowing is optional: returning ``env`` unchanged is always sound.
        """
        if truth not in self.truth(node, env):
            return None
        return self._narrow(node, truth, env)

    def _narrow(self, node: ast.expr, truth: bool, env: Env) -> Env | None:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.narrow(node.operand, not truth, env)
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And) == truth:  # and-true, or-false: every part
                cur: Env | None = env
                for sub in node.values:
                    if cur is None:
                        return None
                    cur = self.narrow(sub, truth, cur)
                return cur
            return env
        if isinstance(node, ast.Name):
            v = env.get(node.id)
            if isinstance(v, Vals):
                keep = frozenset(x for x in v.values if bool(x) == truth)
                return {**env, node.id: Vals(keep)} if keep else None
            if isinstance(v, Num) and not truth:
                return {**env, node.id: v.meet(0, 0, False, False)}
            return env
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return self._narrow_link(node.left, type(node.ops[0]), node.comparators[0],
                                     truth, env)
        if isinstance(node, ast.Compare):  # a chain: every link holds
            if not truth:
                return env
            chain: Env | None = env
            left = node.left
            for op_node, right in zip(node.ops, node.comparators, strict=True):
                if chain is None:
                    return None
                chain = self._narrow_link(left, type(op_node), right, True, chain)
                left = right
            return chain
        return env

    def _narrow_link(self, left: ast.expr, op: type[ast.cmpop], right: ast.expr, truth: bool,
                     env: Env) -> Env | None:
        """Narrow by one comparison ``left op right`` (no check that it can hold)."""
        if op in (ast.In, ast.NotIn):
            if not isinstance(left, ast.Name):
                return env
            v = env.get(left.id)
            consts = [e.value for e in getattr(right, "elts", [])
                      if isinstance(e, ast.Constant)]
            if isinstance(v, Vals) and len(consts) == len(getattr(right, "elts", [])):
                inside = (op is ast.In) == truth
                keep = frozenset(x for x in v.values if (x in consts) == inside)
                return {**env, left.id: Vals(keep)} if keep else None
            return env
        if op not in _FLIP:
            return env
        if not truth:
            op = _NEGATE[op]
        if isinstance(right, ast.Name) and not isinstance(left, ast.Name):
            left, right, op = right, left, _FLIP[op]
        if not isinstance(left, ast.Name):
            return env
        cv = self.value(right, env)
        v = env.get(left.id)
        if isinstance(v, Num) and isinstance(cv, Num) and cv.lo == cv.hi:
            nv = _narrow_num(v, op, cv.lo)
            return None if nv.empty else {**env, left.id: nv}
        if isinstance(v, Vals) and isinstance(cv, Num) and cv.lo == cv.hi:
            cv = Vals(frozenset({cv.lo}))
        if isinstance(v, Vals) and isinstance(cv, Vals) and len(cv.values) == 1:
            (c,) = cv.values
            try:
                keep = frozenset(x for x in v.values if _PYOPS[op](x, c))
            except TypeError:
                return env
            return {**env, left.id: Vals(keep)} if keep else None
        return env


def parse(source: str) -> ast.expr:
    """Parse an expression the loader already accepted (same text handling as game.model.expr)."""
    flat = source.replace("\t", " ").replace("\r", " ").replace("\n", " ").lstrip(" ")
    return ast.parse(flat, mode="eval").body


# --------------------------------------------------------------------------- where things are


@dataclass
class _Where:
    """A file and a path inside it."""

    file: SourceFile | None
    loc: Loc


class _Locator:
    """Finds where each card, choice, reaction, ending and scenario entry was written."""

    def __init__(self, files: Sequence[SourceFile]) -> None:
        self.entries: dict[tuple[str, str], _Where] = {}
        self.scenario: dict[tuple[str, str], _Where] = {}
        self.scenario_file: SourceFile | None = None
        for f in files:
            if f.kind == "scenario":
                data = f.data
                if isinstance(data, Directive):
                    for key, items in data.fields.items():
                        if isinstance(items, list):
                            for j, item in enumerate(items):
                                if isinstance(item, dict) and isinstance(item.get("id"), str):
                                    self.scenario[(key, item["id"])] = _Where(f, (key, j))
                else:
                    self.scenario_file = f
                    for key in ("meters", "levers", "actions", "actors", "advisors",
                                "tracks", "difficulties"):
                        for j, item in enumerate(getattr(data, key, [])):
                            self.scenario[(key, item.id)] = _Where(f, (key, j))
                continue
            if f.kind in ("cards", "reactions", "endings"):
                for i, item in enumerate(f.data or []):
                    if isinstance(item, Directive) and item.action == "remove":
                        self.entries.pop((f.kind, item.id), None)
                    elif item is not None:
                        self.entries[(f.kind, item.id)] = _Where(f, (i,))

    def entry(self, kind: str, ident: str, *sub: str | int) -> _Where:
        """Where an entry (or a part of it) was written."""
        w = self.entries.get((kind, ident))
        if w is None:
            return _Where(None, ())
        return _Where(w.file, (*w.loc, *sub))

    def choice(self, card_id: str, choice_id: str, *sub: str | int) -> _Where:
        """Where a card's choice was written (found by id, so patches point right)."""
        w = self.entries.get(("cards", card_id))
        if w is None or w.file is None:
            return _Where(None, ())
        item = w.file.data[w.loc[0]]
        choices = item.fields.get("choices", []) if isinstance(item, Directive) else item.choices
        for j, c in enumerate(choices):
            cid = c.get("id") if isinstance(c, dict) else getattr(c, "id", None)
            if cid == choice_id:
                return _Where(w.file, (*w.loc, "choices", j, *sub))
        return _Where(w.file, (*w.loc, "choices"))

    def scen(self, key: str, ident: str, *sub: str | int) -> _Where:
        """Where a scenario entry (meter, lever, action...) was written."""
        w = self.scenario.get((key, ident))
        if w is None:
            return _Where(self.scenario_file, (key,))
        return _Where(w.file, (*w.loc, *sub))


# --------------------------------------------------------------------------- reachability


@dataclass
class _Source:
    """Something that applies effects: a card's choice, a reaction, an action, a lever..."""

    label: str
    effects: Sequence[Effect]
    where: _Where
    card: str | None = None  # the card it belongs to (None: not a card's choice)
    choice: str | None = None
    cond: str | None = None  # a condition of its own (reaction, action, choice)
    always: bool = False  # start effects and the like: reachable from the start


@dataclass
class _Funcs:
    """What the state functions can return, given what is reachable so far."""

    cards: set[str] = field(default_factory=set)
    choices: set[tuple[str, str]] = field(default_factory=set)

    def state(self, name: str, ids: list[Any]) -> AbsVal:
        card = ids[0] if ids else None
        live = card in self.cards
        if name == "seen":
            return Vals(BOTH if live else frozenset({False}))
        if name == "chose":
            ok = live and (card, ids[1] if len(ids) > 1 else None) in self.choices
            return Vals(BOTH if ok else frozenset({False}))
        if name == "count":
            return Num(0, INF) if live else _num(0)
        if name == "since":
            return Num(0, NEVER) if live else _num(NEVER)
        return TOP


class Analysis:
    """Runs every check over one loaded content; :meth:`problems` gives the findings."""

    def __init__(self, content: Content, files: Sequence[SourceFile]) -> None:
        self.c = content
        self.sc = content.scenario
        self.at = _Locator(files)
        self.funcs = _Funcs()
        self.ev = _Eval(self.funcs)
        self.out: list[Problem] = []
        self._trees: dict[str, ast.expr] = {}
        self.sources = list(self._sources())
        self.flags_raised: set[str] = set()
        self.live_sources: list[_Source] = []
        self._env_cache: dict[tuple[Any, ...], Env] = {}
        self._card_envs: dict[str, tuple[tuple[int, ...], Env]] = {}
        self._round = 0  # the fixpoint's round; card states are worked out once a round
        self._nonneg_cache: bool | None = None

    # -- helpers

    def tree(self, source: str) -> ast.expr:
        """The parsed form of an expression, once per text."""
        t = self._trees.get(source)
        if t is None:
            t = self._trees[source] = parse(source)
        return t

    def report(self, where: _Where, message: str, hint: str = "",
               severity: Severity = "warning", col_offset: int = 0) -> None:
        """Add a problem at ``where`` (the file's line and column when known)."""
        f = where.file
        if f is None:
            self.out.append(Problem("(content)", 0, 0, message, severity, hint))
            return
        line, col = f.source().position(where.loc)
        self.out.append(Problem(f.display, line, col + col_offset, message, severity, hint))

    def _sources(self) -> Iterator[_Source]:
        sc, at = self.sc, self.at
        yield _Source("the start", sc.start_effects, at.scen("start_effects", ""), always=True)
        for d in sc.difficulties:
            yield _Source(f"difficulty {d.id}", d.effects, at.scen("difficulties", d.id,
                                                                   "effects"), always=True)
        for m in sc.meters:
            for j, t in enumerate(m.thresholds):
                yield _Source(f"a threshold of meter {m.id}", t.effects,
                              at.scen("meters", m.id, "thresholds", j, "effects"), always=True)
        for lv in sc.levers:
            yield _Source(f"lifting {lv.id}", lv.on_lift, at.scen("levers", lv.id, "on_lift"),
                          always=True)
            yield _Source(f"imposing {lv.id}", lv.on_impose,
                          at.scen("levers", lv.id, "on_impose"), always=True)
        for a in sc.actions:
            yield _Source(f"action {a.id}", a.effects, at.scen("actions", a.id, "effects"),
                          cond=a.when)
        for r in self.c.reactions:
            yield _Source(f"reaction {r.id}", r.effects, at.entry("reactions", r.id, "effects"),
                          cond=r.when)
        for card in self.c.cards.values():
            for ch in card.choices:
                yield _Source(f"card {card.id}, choice {ch.id}", ch.effects,
                              at.choice(card.id, ch.id, "effects"), card=card.id,
                              choice=ch.id, cond=ch.when)

    # -- the environment of possible values

    def base_env(self, months: Iterable[int] | None = None, final: bool = False) -> Env:
        """Possible values of every name, in the given months (default: the whole calendar)."""
        key = (tuple(months) if months is not None else None, final, len(self.flags_raised))
        env = self._env_cache.get(key)
        if env is None:
            env = self._env_cache[key] = self._base_env(months, final)
        return env

    def _base_env(self, months: Iterable[int] | None, final: bool) -> Env:
        sc, c = self.sc, self.c
        unit = sc.calendar.unit
        start, end = date_index(sc.calendar.start, unit), date_index(sc.calendar.end, unit)
        ms = sorted(set(months) if months is not None else range(start, end + 1))
        if final:
            first = date_index(sc.calendar.uncertain_from, unit) if sc.calendar.uncertain_from \
                else end
            ms = [m for m in ms if m >= first] or [end]
        env: Env = {}
        env["date"] = Vals(frozenset(date_name(m, unit) for m in ms))
        env["year"] = Vals(frozenset(float(year_month(m, unit)[0]) for m in ms))
        env["month"] = Vals(frozenset(float(year_month(m, unit)[1]) for m in ms))
        env["turn"] = Num(ms[0] - start + 1, ms[-1] - start + 1) if ms else Num(1, 0)
        env["turns_left"] = Num(end - ms[-1], end - ms[0]) if ms else Num(1, 0)
        env["capital"] = Num(0, sc.capital.max)
        nonneg = self._nonneg
        env["conceded"] = Num(0, INF) if nonneg else Num(-INF, INF)
        env["delivered"] = Num(0, INF) if nonneg else Num(-INF, INF)
        env["preemptive"] = Num(0, INF)
        env["difficulty"] = Vals(frozenset(d.id for d in sc.difficulties))
        env.update(self.meter_ranges)
        for lv in sc.levers:
            env[lv.id] = self.lever_values[lv.id]
        for t in sc.tracks:
            env[t.id] = Num(0, 100)
        for name in c.flags:
            env[name] = Vals(BOTH if name in self.flags_raised else frozenset({False}))
        for name in c.counters:
            env[name] = self.counter_ranges.get(name, Num(-INF, INF))
        return env

    @property
    def _nonneg(self) -> bool:
        """True if the ledger's totals can never be negative (every value is a number >= 0)."""
        if self._nonneg_cache is None:
            self._nonneg_cache = all(lv.worth >= 0 for lv in self.sc.levers) and \
                self._ledger_nonneg()
        return self._nonneg_cache

    def _ledger_nonneg(self) -> bool:
        for s in self.sources:
            for eff, _loc in walk_effects(s.effects, ()):
                if isinstance(eff, ConcessionEffect | DeliverableEffect):
                    v = eff.value
                    if not isinstance(v, int | float) or v < 0:
                        return False
        return True

    def _ranges(self) -> None:
        """How far each meter and counter can move, from the effects that move it."""
        ups: dict[str, bool] = {}
        downs: dict[str, bool] = {}
        sets: dict[str, list[float | None]] = {}
        cups: dict[str, bool] = {}
        cdowns: dict[str, bool] = {}
        csets: dict[str, list[float | None]] = {}
        self.lever_sets: dict[str, set[bool]] = {}
        for s in self.sources:
            for eff, _loc in walk_effects(s.effects, ()):
                if isinstance(eff, MeterEffect | CounterEffect):
                    name = eff.meter if isinstance(eff, MeterEffect) else eff.counter
                    u, d, st = (ups, downs, sets) if isinstance(eff, MeterEffect) else \
                        (cups, cdowns, csets)
                    if eff.set is not None:
                        st.setdefault(name, []).append(
                            float(eff.set) if isinstance(eff.set, int | float) else None)
                    elif isinstance(eff.add, int | float):
                        if eff.add > 0:
                            u[name] = True
                        elif eff.add < 0:
                            d[name] = True
                    else:
                        u[name] = d[name] = True
                elif isinstance(eff, LeverEffect):
                    self.lever_sets.setdefault(eff.lever, set()).add(eff.set == "imposed")
        self.meter_ranges: dict[str, AbsVal] = {}
        for m in self.sc.meters:
            lo, hi = (m.start, m.start) if isinstance(m.start, int | float) else m.start
            lo, hi = float(lo), float(hi)
            if downs.get(m.id):
                lo = m.min
            if ups.get(m.id):
                hi = m.max
            for v in sets.get(m.id, []):
                if v is None:
                    lo, hi = m.min, m.max
                else:
                    v = min(m.max, max(m.min, v))
                    lo, hi = min(lo, v), max(hi, v)
            self.meter_ranges[m.id] = Num(lo, hi)
        self.counter_ranges: dict[str, AbsVal] = {}
        for name in self.c.counters:
            lo = hi = 0.0
            if cdowns.get(name):
                lo = -INF
            if cups.get(name):
                hi = INF
            for v in csets.get(name, []):
                if v is None:
                    lo, hi = -INF, INF
                else:
                    lo, hi = min(lo, v), max(hi, v)
            self.counter_ranges[name] = Num(lo, hi)
        self.lever_values: dict[str, AbsVal] = {}
        budget_max = max(self.sc.capital.max, 0)
        for lv in self.sc.levers:
            vals = {lv.start == "imposed"} | self.lever_sets.get(lv.id, set())
            if lv.cost <= budget_max:
                vals |= {True, False}  # the player can move it
            self.lever_values[lv.id] = Vals(frozenset(vals))

    def card_months(self, card: Card) -> list[int]:
        """The months a card's date window leaves open within the calendar."""
        lo, hi = self.c.card_windows[card.id]
        cal = self.sc.calendar
        cal_lo = date_index(cal.start, cal.unit)
        cal_hi = date_index(cal.end, cal.unit)
        return list(range(max(lo, cal_lo), min(hi, cal_hi) + 1))

    def holds(self, cond: str | None, env: Env) -> tuple[bool, Env | None]:
        """(can the condition be true in env, env narrowed to where it is)."""
        if cond is None:
            return True, env
        node = self.tree(cond)
        if True not in self.ev.truth(node, env):
            return False, None
        return True, self.ev._narrow(node, True, env)

    # -- the fixpoint

    def reach(self) -> None:
        """Grow what is reachable until nothing more is: cards, choices, flags, sources."""
        self._ranges()
        scheduled_by: dict[str, list[_Source]] = {}
        for s in self.sources:
            for eff, _loc in walk_effects(s.effects, ()):
                if isinstance(eff, ScheduleEffect):
                    scheduled_by.setdefault(eff.schedule, []).append(s)
        self.scheduled_by = scheduled_by
        self.drawable: set[str] = set()
        self.via_schedule: set[str] = set()
        live_ids: set[int] = set()
        # What is reachable stays reachable as more is found (everything only grows),
        # so each round looks only at what is not reachable yet.
        while True:
            self._round += 1
            before = (len(self.funcs.cards), len(self.funcs.choices), len(self.flags_raised),
                      len(live_ids))
            cal_env = self.base_env()
            for n, s in enumerate(self.sources):
                if n in live_ids:
                    continue
                if s.card is not None:
                    if s.card not in self.funcs.cards:
                        continue
                    env = self.card_env(self.c.cards[s.card])
                else:
                    env = cal_env
                ok, _env = self.holds(s.cond, env)
                if ok or s.always:
                    live_ids.add(n)
                    if s.card is not None and s.choice is not None:
                        self.funcs.choices.add((s.card, s.choice))
                    for eff, _loc in walk_effects(s.effects, ()):
                        if isinstance(eff, FlagEffect) and eff.set:
                            self.flags_raised.add(eff.flag)
            self.live_sources = [s for n, s in enumerate(self.sources) if n in live_ids]
            live = self.live_sources
            for card in self.c.cards.values():
                if card.id in self.funcs.cards:
                    continue
                if self._drawable(card):
                    self.drawable.add(card.id)
                    self.funcs.cards.add(card.id)
                elif any(s in live for s in scheduled_by.get(card.id, [])):
                    self.via_schedule.add(card.id)
                    self.funcs.cards.add(card.id)
            after = (len(self.funcs.cards), len(self.funcs.choices), len(self.flags_raised),
                     len(live_ids))
            if after == before:
                break
        self._round += 1  # the checks after the fixpoint see its final state

    def card_env(self, card: Card) -> Env:
        """The states in which a reachable card can be on the table (its window, its
        condition; a card that only comes when scheduled, or that a lesson shows whatever
        its condition: the whole calendar)."""
        if card.id in self.via_schedule or card.id in self.lesson_forced:
            return self.base_env()
        gen = (self._round, len(self.flags_raised), len(self.funcs.cards))
        hit = self._card_envs.get(card.id)
        if hit is not None and hit[0] == gen:
            return hit[1]
        env = self.base_env(self.card_months(card))
        _ok, narrowed = self.holds(card.when, env)
        self._card_envs[card.id] = (gen, narrowed or env)
        return narrowed or env

    @property
    def lesson_forced(self) -> frozenset[str]:
        """Cards a lesson shows whatever their condition: its single cards, and the last
        card of each family (see game.engine.lesson)."""
        forced = self.__dict__.get("_lesson_forced")
        if forced is None:
            ids = set()
            for lesson in self.c.scenario.lessons:
                for entry in lesson.turns:
                    if isinstance(entry, str):
                        ids.add(entry)
                    elif entry:
                        ids.add(entry[-1])
            forced = self.__dict__["_lesson_forced"] = frozenset(ids)
        return forced

    def _drawable(self, card: Card) -> bool:
        months = self.card_months(card)
        if not months:
            return False
        if not card.anchor and isinstance(card.weight, int | float) and card.weight <= 0:
            return False
        env = self.base_env(months)
        ok, narrowed = self.holds(card.when, env)
        if not ok:
            return False
        if not card.anchor and isinstance(card.weight, str):
            w = self.ev.value(self.tree(card.weight), narrowed or env)
            n = _as_num(w)
            if n is not None and not n.empty and n.hi <= 0:
                return False
        return True

    # -- the findings

    def run(self) -> list[Problem]:
        """Every check; the problems found, in file order."""
        self.reach()
        self.check_cards()
        self.check_choices()
        self.check_endings()
        self.check_flags()
        self.check_rules()
        self.check_bounds()
        return self.out

    def _why_card(self, card: Card) -> tuple[str, _Where]:
        at = self.at
        months = self.card_months(card)
        if not months:
            where = at.entry("cards", card.id, "from" if card.from_ else "until")
            return (f"its dates ({card.from_ or 'start'} to {card.until or 'end'}) fall "
                    f"outside the calendar ({self.sc.calendar.start} to "
                    f"{self.sc.calendar.end})"), where
        if not card.anchor and isinstance(card.weight, int | float) and card.weight <= 0:
            return "its weight is 0 and nothing schedules it", at.entry("cards", card.id,
                                                                         "weight")
        env = self.base_env(months)
        if card.when is not None and True not in self.ev.truth(self.tree(card.when), env):
            return (f"its condition {card.when!r} is never true"
                    + self._blame(card.when, env)), at.entry("cards", card.id, "when")
        return "its weight is never above 0", at.entry("cards", card.id, "weight")

    def _blame(self, cond: str, env: Env) -> str:
        """A reason in words: which name's possible values rule the condition out."""
        node = self.tree(cond)
        reasons = []
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) and \
                all(True in self.ev.truth(v, env) for v in node.values):
            reasons.append("each part can hold, but not all at once")
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and \
                    sub.func.id in ("seen", "chose", "count", "since") and sub.args and \
                    isinstance(sub.args[0], ast.Constant):
                cid = sub.args[0].value
                if cid not in self.funcs.cards:
                    reasons.append(f"card {cid!r} can never be drawn")
                elif sub.func.id == "chose" and len(sub.args) > 1 and \
                        (cid, getattr(sub.args[1], "value", None)) not in self.funcs.choices:
                    reasons.append(f"choice {getattr(sub.args[1], 'value', '?')!r} of "
                                   f"{cid!r} can never be taken")
            elif isinstance(sub, ast.Name):
                name = sub.id
                if name in self.c.flags and name not in self.flags_raised:
                    reasons.append(f"flag {name!r} is never raised by anything reachable")
                elif name in self.c.meters:
                    v = env.get(name)
                    m = self.c.meters[name]
                    if isinstance(v, Num):
                        if (v.lo, v.hi) == (m.min, m.max):
                            reasons.append(f"{name} stays within {m.min:g}-{m.max:g}")
                        else:
                            reasons.append(f"{name} can only be {v.lo:g}-{v.hi:g} "
                                           f"(bounds {m.min:g}-{m.max:g}, and no effect "
                                           "moves it further)")
                elif name in ("date", "year", "month", "turn"):
                    reasons.append("the dates do not fit the card's window and calendar")
        reasons = list(dict.fromkeys(reasons))
        telling = [r for r in reasons if " stays within " not in r]
        reasons = telling or reasons  # a meter's plain bounds only when nothing says more
        return (": " + "; ".join(reasons[:3])) if reasons else ""

    def check_cards(self) -> None:
        """Cards that can never come; seen() of such cards."""
        for card in self.c.cards.values():
            if card.id in self.funcs.cards:
                continue
            why, where = self._why_card(card)
            self.report(where, f"card {card.id!r} can never be drawn: {why}",
                        hint="fix the condition, or schedule the card from a choice")

    def check_choices(self) -> None:
        """Choices that can never be taken; cards left with no choice at all (an error)."""
        for card in self.c.cards.values():
            if card.id not in self.funcs.cards:
                continue
            env = self.card_env(card)
            dead = []
            for ch in card.choices:
                ok, _ = self.holds(ch.when, env)
                if not ok:
                    dead.append(ch)
                    self.report(self.at.choice(card.id, ch.id, "when"),
                                f"choice {ch.id!r} of card {card.id!r} can never be taken: "
                                f"{ch.when!r} is never true when the card comes"
                                + self._blame(ch.when or "", env),
                                hint="loosen the condition, or remove the choice")
            if len(dead) == len(card.choices):
                self.report(self.at.entry("cards", card.id, "choices"),
                            f"card {card.id!r} can be drawn but none of its choices can ever "
                            "be taken: the player would be stuck", severity="error",
                            hint="give at least one choice no condition")

    def check_endings(self) -> None:
        """Endings that no state and no ``end:`` effect can reach."""
        named: set[str] = set()
        for s in self.live_sources:
            for eff, _loc in walk_effects(s.effects, ()):
                if isinstance(eff, EndEffect):
                    named.add(eff.end)
        fallback: str | None = None
        for e in self.c.endings:
            where = self.at.entry("endings", e.id, "when" if e.when else "id")
            if e.id in named:
                continue
            if e.final:
                if fallback is not None:
                    self.report(self.at.entry("endings", e.id, "id"),
                                f"ending {e.id!r} can never be reached: the final ending "
                                f"{fallback!r} before it has no condition and always wins",
                                hint="move it above that fallback, or give the fallback a "
                                     "condition")
                    continue
                if e.when is None:
                    fallback = e.id
                    continue
                env = self.base_env(final=True)
            else:
                if e.when is None:
                    self.report(where, f"ending {e.id!r} can never be reached: it has no "
                                "condition, is not final and no reachable 'end:' effect "
                                "names it", hint="add 'when:' or 'final: true'")
                    continue
                env = self.base_env()
            if True not in self.ev.truth(self.tree(e.when), env):
                self.report(where, f"ending {e.id!r} can never be reached: {e.when!r} is "
                            "never true" + self._blame(e.when, env),
                            hint="fix the condition, or end the game with an 'end:' effect")

    def check_flags(self) -> None:
        """Flags set but never read; flags read but never raised."""
        read: set[str] = set()
        for comp in self.c.exprs.values():
            read |= comp.names
        for s in self.sources:
            for eff, loc in walk_effects(s.effects, ()):
                if isinstance(eff, FlagEffect) and eff.flag not in read:
                    self.report(_Where(s.where.file, (*s.where.loc, *loc, "flag")),
                                f"flag {eff.flag!r} is set (by {s.label}) but no condition "
                                "or formula reads it", hint="read it somewhere, or drop it")
                    read.add(eff.flag)  # once per flag
        for name in sorted((self.c.flags & read) - self.flags_raised):
            where = self._first_read(name)
            setters = [s.label for s in self.sources
                       for eff, _l in walk_effects(s.effects, ())
                       if isinstance(eff, FlagEffect) and eff.flag == name and eff.set]
            why = (f"only {setters[0]} raises it, and that can never happen" if setters
                   else "nothing ever raises it (it is only cleared)")
            self.report(where, f"flag {name!r} is read but never raised: {why}",
                        hint=f"add {{flag: {name}}} to an effect that can happen")

    def _first_read(self, name: str) -> _Where:
        for card in self.c.cards.values():
            for cond, where in ((card.when, self.at.entry("cards", card.id, "when")),
                                *((ch.when, self.at.choice(card.id, ch.id, "when"))
                                  for ch in card.choices)):
                if cond and name in self.c.exprs[cond].names:
                    return where
        for r in self.c.reactions:
            if name in self.c.exprs[r.when].names:
                return self.at.entry("reactions", r.id, "when")
        for e in self.c.endings:
            if e.when and name in self.c.exprs[e.when].names:
                return self.at.entry("endings", e.id, "when")
        return _Where(self.at.scenario_file, ())

    def check_rules(self) -> None:
        """Reactions and standing actions whose condition is never true."""
        env = self.base_env()
        for r in self.c.reactions:
            if True not in self.ev.truth(self.tree(r.when), env):
                self.report(self.at.entry("reactions", r.id, "when"),
                            f"reaction {r.id!r} can never fire: {r.when!r} is never true"
                            + self._blame(r.when, env))
        for a in self.sc.actions:
            if a.when and True not in self.ev.truth(self.tree(a.when), env):
                self.report(self.at.scen("actions", a.id, "when"),
                            f"action {a.id!r} can never be taken: {a.when!r} is never true"
                            + self._blame(a.when, env))

    def check_bounds(self) -> None:
        """Thresholds and set values outside a meter's bounds: they can never matter."""
        for m in self.sc.meters:
            for j, t in enumerate(m.thresholds):
                if t.below is not None and t.below <= m.min:
                    self.report(self.at.scen("meters", m.id, "thresholds", j, "below"),
                                f"threshold 'below {t.below:g}' of meter {m.id!r} can never "
                                f"fire: the meter never goes below {m.min:g}")
                if t.above is not None and t.above >= m.max:
                    self.report(self.at.scen("meters", m.id, "thresholds", j, "above"),
                                f"threshold 'above {t.above:g}' of meter {m.id!r} can never "
                                f"fire: the meter never goes above {m.max:g}")
                if t.below is not None and t.below > m.max:
                    self.report(self.at.scen("meters", m.id, "thresholds", j, "below"),
                                f"threshold 'below {t.below:g}' of meter {m.id!r} is always "
                                f"crossed: the meter never goes above {m.max:g}, so it fires "
                                "at the start")
                if t.above is not None and t.above < m.min:
                    self.report(self.at.scen("meters", m.id, "thresholds", j, "above"),
                                f"threshold 'above {t.above:g}' of meter {m.id!r} is always "
                                f"crossed: the meter never goes below {m.min:g}, so it fires "
                                "at the start")
        for s in self.sources:
            for eff, loc in walk_effects(s.effects, ()):
                if isinstance(eff, MeterEffect) and isinstance(eff.set, int | float) and \
                        eff.meter in self.c.meters:
                    m = self.c.meters[eff.meter]
                    if not m.min <= eff.set <= m.max:
                        kept = min(m.max, max(m.min, eff.set))
                        self.report(_Where(s.where.file, (*s.where.loc, *loc, "set")),
                                    f"sets meter {m.id!r} to {eff.set:g}, outside its bounds "
                                    f"{m.min:g}-{m.max:g}; it will be {kept:g}")


def analyse(result: LoadResult) -> list[Problem]:
    """The static analysis of a successful load (nothing if it failed)."""
    if result.content is None:
        return []
    return Analysis(result.content, result.files).run()


def reachable_cards(result: LoadResult) -> tuple[set[str], set[str]]:
    """(cards that can be drawn, cards reachable only because something schedules them)."""
    if result.content is None:
        return set(), set()
    a = Analysis(result.content, result.files)
    a.reach()
    return a.drawable, a.via_schedule
