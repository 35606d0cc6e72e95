"""A content condition in the player's words: ``public < 90`` -> ``Public below 90``.

An action or answer whose condition has no ``locked:`` words of its own still
tells the player what it needs. The condition was checked when the content was
loaded, so this module only reads it: it walks the same expression tree and says
each part with the scenario's names (meter, lever and track labels, card titles,
answer labels, the calendar's unit). Every construct the expression language
accepts has words here; should anything unforeseen turn up, the fallback is the
expression with its names replaced by their labels, never an error.

Pure: no I/O, and the words come from :data:`game.ui_text.TEXT` (``cond.*``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any

from game.engine.vocabulary import words
from game.model.calendars import date_label
from game.model.content import Content
from game.ui_text import ui

# Each operator seen from the other side (5 < x is x > 5), and its opposite.
_CMP = {ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt", ast.GtE: "ge", ast.Eq: "eq", ast.NotEq: "ne"}
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq", "ne": "ne"}
_NOT = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt", "eq": "ne", "ne": "eq"}
_GROUP = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.FloorDiv: 2, ast.Mod: 2,
          ast.Pow: 3}

# The catalogue's words, each looked up by a literal id (so a test can see every use).
W = dict[str, str]
_OPS: dict[str, Callable[[W], str]] = {
    "lt": lambda w: ui("cond.op.lt", w), "le": lambda w: ui("cond.op.le", w),
    "gt": lambda w: ui("cond.op.gt", w), "ge": lambda w: ui("cond.op.ge", w),
    "eq": lambda w: ui("cond.op.eq", w), "ne": lambda w: ui("cond.op.ne", w)}
_DATES: dict[str, Callable[[W, str], str]] = {
    "lt": lambda w, d: ui("cond.date.lt", w, date=d),
    "le": lambda w, d: ui("cond.date.le", w, date=d),
    "gt": lambda w, d: ui("cond.date.gt", w, date=d),
    "ge": lambda w, d: ui("cond.date.ge", w, date=d),
    "eq": lambda w, d: ui("cond.date.eq", w, date=d),
    "ne": lambda w, d: ui("cond.date.ne", w, date=d)}
_TURNS: dict[str, Callable[[W, int], str]] = {
    "lt": lambda w, n: ui("cond.turn.lt", w, n=n), "le": lambda w, n: ui("cond.turn.le", w, n=n),
    "gt": lambda w, n: ui("cond.turn.gt", w, n=n), "ge": lambda w, n: ui("cond.turn.ge", w, n=n),
    "eq": lambda w, n: ui("cond.turn.eq", w, n=n), "ne": lambda w, n: ui("cond.turn.ne", w, n=n)}
_ARITH: dict[type[ast.operator], Callable[[W, str, str], str]] = {
    ast.Add: lambda w, a, b: ui("cond.arith.plus", w, a=a, b=b),
    ast.Sub: lambda w, a, b: ui("cond.arith.minus", w, a=a, b=b),
    ast.Mult: lambda w, a, b: ui("cond.arith.times", w, a=a, b=b),
    ast.Div: lambda w, a, b: ui("cond.arith.over", w, a=a, b=b),
    ast.FloorDiv: lambda w, a, b: ui("cond.arith.over_down", w, a=a, b=b),
    ast.Mod: lambda w, a, b: ui("cond.arith.mod", w, a=a, b=b),
    ast.Pow: lambda w, a, b: ui("cond.arith.pow", w, a=a, b=b)}
_NAMES: dict[str, Callable[[W], str]] = {
    "turn": lambda w: ui("cond.name.turn", w),
    "turns_left": lambda w: ui("cond.name.turns_left", w),
    "year": lambda w: ui("cond.name.year", w), "month": lambda w: ui("cond.name.month", w),
    "capital": lambda w: ui("cond.name.capital", w),
    "conceded": lambda w: ui("cond.name.conceded", w),
    "delivered": lambda w: ui("cond.name.delivered", w),
    "preemptive": lambda w: ui("cond.name.preemptive", w),
    "difficulty": lambda w: ui("cond.name.difficulty", w),
    "date": lambda w: ui("cond.name.date", w)}


class _Unsaid(Exception):
    """A part of the expression this module has no words for (the fallback speaks)."""


def condition_words(source: str, content: Content) -> str:
    """``source`` (a checked condition of ``content``) as the player reads it."""
    return _Speaker(content).say(source)


class _Speaker:
    """Says one scenario's conditions: knows its labels, titles and words."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.words = words(content)
        self.unit = content.scenario.calendar.unit
        sc = content.scenario
        self.labels: dict[str, str] = {m.id: m.label for m in sc.meters}
        self.labels.update({t.id: t.label for t in sc.tracks})
        self.labels.update({lv.id: lv.label for lv in sc.levers})
        self.labels.update({name: said(self.words) for name, said in _NAMES.items()})

    def say(self, source: str) -> str:
        text = " ".join(source.split())
        try:
            tree = ast.parse(text, mode="eval").body
            try:
                return self.cond(tree)
            except _Unsaid:  # a formula (a number), as a card's weight or an amount
                return self.term(tree)
        except (_Unsaid, SyntaxError, ValueError, RecursionError, KeyError, IndexError):
            return self.fallback(text)

    def fallback(self, text: str) -> str:
        """The expression with each known name replaced by its label."""
        return re.sub(r"[A-Za-z_][A-Za-z0-9_]*",
                      lambda m: self.labels.get(m.group(0), self.plain(m.group(0))), text)

    # -- names ---------------------------------------------------------------

    @staticmethod
    def plain(name: str) -> str:
        """A flag's or counter's id in words: ``allies_worried`` -> ``allies worried``."""
        return name.replace("_", " ")

    def card(self, node: ast.expr) -> str:
        cid = self.text(node)
        card = self.content.cards.get(cid)
        return f"\u201c{card.title if card else self.plain(cid)}\u201d"

    def answer(self, card_node: ast.expr, choice_node: ast.expr) -> str:
        card, cid = self.content.cards.get(self.text(card_node)), self.text(choice_node)
        label = next((c.label for c in card.choices if c.id == cid), None) if card else None
        return f"\u201c{label or self.plain(cid)}\u201d"

    @staticmethod
    def text(node: ast.expr) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        raise _Unsaid

    # -- conditions ----------------------------------------------------------

    def cond(self, node: ast.expr, negate: bool = False) -> str:
        """A true/false part, or its opposite with ``negate``."""
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.cond(node.operand, not negate)
        if isinstance(node, ast.BoolOp):
            # not (a and b) is (not a) or (not b): the player reads no brackets.
            both = isinstance(node.op, ast.And) != negate
            parts = [self.cond(v, negate) for v in node.values]
            parts = [ui("cond.either" if both else "cond.both", self.words, part=p)
                     if isinstance(v, ast.BoolOp) and
                     (isinstance(v.op, ast.And) != negate) != both else p
                     for v, p in zip(node.values, parts, strict=True)]
            joint = ui("cond.and" if both else "cond.or", self.words)
            return f" {joint} ".join(parts)
        if isinstance(node, ast.Compare):
            return self.compare(node, negate)
        if isinstance(node, ast.Name):
            return self.flag(node.id, negate)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return ui("cond.always" if node.value != negate else "cond.never", self.words)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name, args = node.func.id, node.args
            if name == "seen" and len(args) == 1:
                return ui("cond.not_seen" if negate else "cond.seen", self.words,
                          card=self.card(args[0]))
            if name == "chose" and len(args) == 2:
                return ui("cond.not_chose" if negate else "cond.chose", self.words,
                          card=self.card(args[0]), answer=self.answer(*args))
        if isinstance(node, ast.IfExp):
            said = ui("cond.if", self.words, then=self.cond(node.body),
                      test=self.cond(node.test), orelse=self.cond(node.orelse))
            return ui("cond.not", self.words, part=said) if negate else said
        raise _Unsaid

    def flag(self, name: str, negate: bool) -> str:
        lever = self.content.levers.get(name)
        if lever is not None:
            return ui("cond.lifted" if negate else "cond.imposed", self.words, lever=lever.label)
        return ui("cond.not_flag" if negate else "cond.flag", self.words, flag=self.plain(name))

    def compare(self, node: ast.Compare, negate: bool) -> str:
        ops, sides = node.ops, [node.left, *node.comparators]
        if len(ops) == 1 and isinstance(ops[0], ast.In | ast.NotIn):
            return self.member(node.left, sides[1], isinstance(ops[0], ast.NotIn) != negate)
        pairs = []
        for op, left, right in zip(ops, sides, sides[1:], strict=False):
            if type(op) not in _CMP:
                raise _Unsaid
            word = _CMP[type(op)]
            if isinstance(left, ast.Constant) and not isinstance(right, ast.Constant):
                left, right, word = right, left, _FLIP[word]
            pairs.append((left, _NOT[word] if negate else word, right))
        said = []
        subject = None
        for left, word, right in pairs:
            phrase = self.pair(left, word, right)
            here = ast.dump(left)
            # 0 <= x < 10 reads "x at least 0 and below 10": the subject once.
            if here == subject and phrase.startswith(self.term(left) + " "):
                phrase = phrase[len(self.term(left)) + 1:]
            subject = here
            said.append(phrase)
        return f" {ui('cond.or' if negate else 'cond.and', self.words)} ".join(said)

    def pair(self, left: ast.expr, word: str, right: ast.expr) -> str:
        name = left.id if isinstance(left, ast.Name) else None
        value = right.value if isinstance(right, ast.Constant) else None
        if name == "date" and isinstance(value, str):
            return _DATES[word](self.words, date_label(value, self.unit))
        if name == "turn" and isinstance(value, int) and not isinstance(value, bool):
            return _TURNS[word](self.words, value)
        if name == "difficulty" and isinstance(value, str) and word in ("eq", "ne"):
            return ui("cond.difficulty.eq" if word == "eq" else "cond.difficulty.ne",
                      self.words, level=self.difficulty(value))
        if isinstance(value, bool) and word in ("eq", "ne") and name is not None:
            return self.flag(name, (word == "ne") == value)
        return f"{self.term(left)} {_OPS[word](self.words)} {self.term(right)}"

    def difficulty(self, value: str) -> str:
        return next((d.label for d in self.content.scenario.difficulties if d.id == value),
                    value)

    def member(self, left: ast.expr, options: ast.expr, negate: bool) -> str:
        if not isinstance(options, ast.Tuple | ast.List | ast.Set):
            raise _Unsaid
        is_level = isinstance(left, ast.Name) and left.id == "difficulty"
        items = [self.difficulty(self.text(v)) if is_level else self.term(v)
                 for v in options.elts]
        listed = items[0] if len(items) == 1 else \
            f"{', '.join(items[:-1])} {ui('cond.or', self.words)} {items[-1]}"
        if is_level:
            return ui("cond.difficulty.ne" if negate else "cond.difficulty.eq", self.words,
                      level=listed)
        return ui("cond.not_in" if negate else "cond.in", self.words, what=self.term(left),
                  options=listed)

    # -- numbers and values ----------------------------------------------------

    def term(self, node: ast.expr, inner: bool = False) -> str:
        """A value: a label, a number, a quoted text or a formula in words."""
        if isinstance(node, ast.Name):
            return self.labels.get(node.id, self.plain(node.id))
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            sign = "-" if isinstance(node.op, ast.USub) else ""
            if isinstance(node.operand, ast.Constant):
                return sign + self.term(node.operand)
            return ui("cond.negative", self.words, what=self.term(node.operand, True)) if sign \
                else self.term(node.operand, inner)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
            # a + b + c needs no brackets around a + b; every other inner formula has them.
            chain = isinstance(node.left, ast.BinOp) and _GROUP[type(node.op)] < 3 and \
                _GROUP.get(type(node.left.op)) \
                == _GROUP[type(node.op)]
            said = _ARITH[type(node.op)](self.words, self.term(node.left, not chain),
                                         self.term(node.right, True))
            return f"({said})" if inner else said
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node.func.id, node.args)
        if isinstance(node, ast.IfExp):
            said = ui("cond.if", self.words, then=self.term(node.body, True),
                      test=self.cond(node.test), orelse=self.term(node.orelse, True))
            return f"({said})" if inner else said
        raise _Unsaid

    def constant(self, value: Any) -> str:
        if isinstance(value, bool):
            return ui("cond.always" if value else "cond.never", self.words)
        if isinstance(value, int | float):
            return f"{value:g}" if isinstance(value, float) else str(value)
        if isinstance(value, str):
            return f"\u201c{value}\u201d"
        raise _Unsaid

    def call(self, name: str, args: list[ast.expr]) -> str:
        if name in ("count", "since") and len(args) == 1:
            return ui("cond.count" if name == "count" else "cond.since", self.words,
                      card=self.card(args[0]))
        if name in ("min", "max") and len(args) >= 2:
            terms = [self.term(a, True) for a in args]
            listed = f"{', '.join(terms[:-1])} {ui('cond.and', self.words)} {terms[-1]}"
            return ui("cond.min" if name == "min" else "cond.max", self.words, terms=listed)
        if name in ("abs", "round") and len(args) == 1:
            return ui("cond.abs" if name == "abs" else "cond.round", self.words,
                      what=self.term(args[0], True))
        if name == "clamp" and len(args) == 3:
            return ui("cond.clamp", self.words, what=self.term(args[0], True),
                      low=self.term(args[1], True), high=self.term(args[2], True))
        if name in ("seen", "chose"):
            return self.cond(ast.Call(ast.Name(name), args, []))
        raise _Unsaid


def needs(source: str, content: Content) -> str:
    """What a closed action or locked answer needs: ``needs Public below 90``."""
    return ui("cond.needs", words(content), what=condition_words(source, content))
