"""Types and ranges of expressions: what ``check`` knows before a game is played.

Every name an expression reads has a :class:`Type`: meters, hidden values and
tracks are numbers within their bounds, flags and levers are true/false,
counters are whole numbers, ``date`` is a date of the scenario's calendar unit
and ``difficulty`` is one of the scenario's difficulty ids. Functions have
signatures (:data:`SIGNATURES`). :func:`infer` works out the type and the range
of any expression the compiler in :mod:`game.model.expr` accepted, and refuses
one that could fail while a game is played: text where a number is wanted, a
date compared with a number, a division by something that can come close to 0,
or a value that can grow past :data:`FORMULA_LIMIT`.

The ranges are sound: for every value the names can take in a game, the value
of the expression lies inside the range worked out here. The engine keeps the
values that add up over a game (counters, the ledger's totals) within
:data:`COUNTER_LIMIT`, so that they have a range too.

The date type lives here and only here (:class:`DateUnit`); a calendar unit other
than the month is one more :class:`DateUnit`.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from game.model.calendars import date_index

__all__ = [
    "COUNTER_LIMIT",
    "DATE_UNITS",
    "FORMULA_LIMIT",
    "MONTHS",
    "SIGNATURES",
    "VALUE_LIMIT",
    "DateUnit",
    "Type",
    "boolean",
    "date",
    "infer",
    "number",
    "text",
    "whole",
]

VALUE_LIMIT = 1_000_000
"""The largest size of a number written in content (an amount, a meter's bounds, a
threshold...) and of what a formula in a field may give."""

COUNTER_LIMIT = 10_000
"""The engine keeps counters, the ledger's totals and the count of preemptive
concessions within this size (they add up over a game, so they need a bound)."""

FORMULA_LIMIT = 1_000_000_000
"""The largest size any part of a formula may reach (checked on its range)."""

Kind = Literal["number", "whole", "bool", "text", "date"]


@dataclass(frozen=True, slots=True)
class DateUnit:
    """A calendar unit: how a date is written, read and shown in messages.

    ``parse`` gives a date's position (a whole number: dates compare as their
    positions do) or None if the text is not a date in this unit.
    """

    name: str  # "month"
    form: str  # "YYYY-MM"
    parse: Callable[[str], int | None]


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _parse_month(text: str) -> int | None:
    m = _MONTH.match(text)
    return int(m.group(1)) * 12 + int(m.group(2)) - 1 if m else None


MONTHS = DateUnit("month", "YYYY-MM", _parse_month)
"""Monthly turns: dates written ``"2014-06"``."""


def _parser(unit: str) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        try:
            return date_index(text, unit)
        except ValueError:
            return None
    return parse


#: Every calendar unit a scenario may choose (see :mod:`game.model.calendars`).
DATE_UNITS: dict[str, DateUnit] = {
    "day": DateUnit("day", "YYYY-MM-DD", _parser("day")),
    "week": DateUnit("week", "YYYY-MM-DD (any day of the week)", _parser("week")),
    "month": MONTHS,
    "quarter": DateUnit("quarter", "YYYY-Qn", _parser("quarter")),
    "year": DateUnit("year", "YYYY", _parser("year")),
}


@dataclass(frozen=True, slots=True)
class Type:
    """The type of a value, with its range for numbers and its choices for text.

    ``kind``: ``number``, ``whole`` (a whole number), ``bool``, ``text`` or
    ``date``. ``lo``/``hi``: the range of a number (whole or not). ``choices``:
    the values a text can have, when known (difficulty ids). ``unit`` and
    ``example``: a date's calendar unit and a date of the scenario to show.
    ``what``: the name's description for messages ("meter 'progress'").
    """

    kind: Kind
    lo: float = -math.inf
    hi: float = math.inf
    choices: frozenset[str] | None = None
    unit: DateUnit | None = None
    example: str = ""
    what: str = field(default="", compare=False)

    @property
    def numeric(self) -> bool:
        """True for numbers, whole or not."""
        return self.kind in ("number", "whole")

    def words(self) -> str:
        """The type in a few words: 'a number', 'true/false'..."""
        if self.kind == "date":
            unit = self.unit.name if self.unit else "month"
            return f"a date (a {unit})"
        return {"number": "a number", "whole": "a whole number", "bool": "true/false",
                "text": "text"}[self.kind]

    def span(self) -> str:
        """The range of a number, in words."""
        return f"from {_fmt(self.lo)} to {_fmt(self.hi)}"


def number(lo: float, hi: float, what: str = "") -> Type:
    """A number within [lo, hi]."""
    return Type("number", float(lo), float(hi), what=what)


def whole(lo: float, hi: float, what: str = "") -> Type:
    """A whole number within [lo, hi]."""
    return Type("whole", float(lo), float(hi), what=what)


def boolean(what: str = "") -> Type:
    """True or false."""
    return Type("bool", what=what)


def text(choices: frozenset[str] | None = None, what: str = "") -> Type:
    """Text, one of ``choices`` when given."""
    return Type("text", choices=choices, what=what)


def date(unit: DateUnit, example: str, what: str = "") -> Type:
    """A date of ``unit``; ``example`` is a date of the scenario, for hints."""
    return Type("date", unit=unit, example=example, what=what)


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "-infinity" if x < 0 else "infinity"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.6g}"


# --------------------------------------------------------------------------- signatures

#: Each function: (argument kinds in words, what it gives). ``count`` and ``since``
#: depend on the calendar's length (see :func:`state_types`).
SIGNATURES: dict[str, str] = {
    "min": "min(number, number, ...) -> number",
    "max": "max(number, number, ...) -> number",
    "abs": "abs(number) -> number",
    "clamp": "clamp(number, low, high) -> number",
    "round": "round(number) -> whole number",
    "seen": 'seen("card") -> true/false',
    "chose": 'chose("card", "choice") -> true/false',
    "count": 'count("card") -> whole number (0 or more)',
    "since": 'since("card") -> whole number of turns (999 if never)',
}


def state_types(total_turns: int) -> dict[str, Type]:
    """What the state functions give, for a calendar of ``total_turns`` turns."""
    return {
        "seen": boolean(), "chose": boolean(),
        # A card is drawn at most once a turn, plus what effects schedule: bounded
        # generously by the value limit (the engine never needs more).
        "count": whole(0, max(999, 2 * total_turns), "count()"),
        "since": whole(0, max(999, total_turns), "since()"),
    }


# --------------------------------------------------------------------------- inference


class TypeProblem(Exception):
    """Raised by :func:`infer`: a message, the node it is about and a hint."""

    def __init__(self, message: str, node: ast.AST | None, hint: str = "",
                 at_operator: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.node = node
        self.hint = hint
        self.at_operator = at_operator


def _interval_mul(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    products = [x * y if x and y else 0.0 for x in a for y in b]
    return min(products), max(products)


def _describe(t: Type) -> str:
    return f"{t.what}, {t.words()}" if t.what else t.words()


class _Infer:
    def __init__(self, types: Mapping[str, Type], funcs: Mapping[str, Type]) -> None:
        self.types = types
        self.funcs = funcs

    def limit(self, t: Type, node: ast.AST, what: str) -> Type:
        if t.numeric and (t.lo < -FORMULA_LIMIT or t.hi > FORMULA_LIMIT or
                          math.isnan(t.lo) or math.isnan(t.hi)):
            raise TypeProblem(
                f"{what} can reach {_fmt(t.hi if abs(t.hi) >= abs(t.lo) else t.lo)}; "
                f"no part of a formula may go beyond {_fmt(FORMULA_LIMIT)} in size",
                node, "keep the numbers smaller: the names' ranges are their bounds "
                "(a meter's min and max, a counter's +/-" + _fmt(COUNTER_LIMIT) + ")",
                at_operator=isinstance(node, ast.BinOp))
        return t

    def expr(self, node: ast.expr) -> Type:
        method = getattr(self, "n_" + type(node).__name__)
        t: Type = method(node)
        return t

    # -- leaves

    def n_Constant(self, node: ast.Constant) -> Type:
        v = node.value
        if isinstance(v, bool):
            return boolean()
        if isinstance(v, int | float):
            if not math.isfinite(v):
                raise TypeProblem("a number must be finite", node)
            kind: Kind = "whole" if float(v).is_integer() else "number"
            t = Type(kind, float(v), float(v))
            return self.limit(t, node, f"the number {v!r}")
        return Type("text", choices=frozenset({str(v)}))

    def n_Name(self, node: ast.Name) -> Type:
        return self.types[node.id]

    # -- logic

    def want_bool(self, node: ast.expr, t: Type, where: str) -> None:
        if t.kind != "bool":
            hint = "compare it, e.g. 'progress >= 40'"
            if t.kind == "date":
                hint = f"compare it, e.g. 'date >= \"{t.example}\"'"
            raise TypeProblem(f"{where} needs true/false, but this is {_describe(t)}",
                              node, hint)

    def n_BoolOp(self, node: ast.BoolOp) -> Type:
        word = "and" if isinstance(node.op, ast.And) else "or"
        for v in node.values:
            self.want_bool(v, self.expr(v), f"'{word}'")
        return boolean()

    def n_UnaryOp(self, node: ast.UnaryOp) -> Type:
        t = self.expr(node.operand)
        if isinstance(node.op, ast.Not):
            self.want_bool(node.operand, t, "'not'")
            return boolean()
        sign = "-" if isinstance(node.op, ast.USub) else "+"
        self.want_number(node.operand, t, f"'{sign}'")
        if sign == "-":
            return replace(t, lo=-t.hi, hi=-t.lo, what="")
        return replace(t, what="")

    def n_IfExp(self, node: ast.IfExp) -> Type:
        self.want_bool(node.test, self.expr(node.test), "the condition after 'if'")
        a, b = self.expr(node.body), self.expr(node.orelse)
        if a.numeric and b.numeric:
            kind: Kind = "whole" if a.kind == b.kind == "whole" else "number"
            return Type(kind, min(a.lo, b.lo), max(a.hi, b.hi))
        if a.kind != b.kind:
            raise TypeProblem(
                f"the two sides of 'if ... else' differ: {_describe(a)} and {_describe(b)}",
                node, "give both sides the same kind of value")
        if a.kind == "text":
            choices = None if a.choices is None or b.choices is None else a.choices | b.choices
            return text(choices)
        return replace(a, what="")

    # -- arithmetic

    def want_number(self, node: ast.expr, t: Type, where: str) -> None:
        if t.numeric:
            return
        if t.kind == "date":
            raise TypeProblem(
                f"{where} needs numbers, but this is {_describe(t)}", node,
                f"dates are compared, not counted: write date >= \"{t.example}\", "
                "or count turns with 'turn'")
        if t.kind == "bool":
            raise TypeProblem(f"{where} needs numbers, but this is {_describe(t)}", node,
                              "turn it into a number: (5 if flag else 0)")
        raise TypeProblem(f"{where} needs numbers, but this is {_describe(t)}", node,
                          "a number is written without quotes")

    def n_BinOp(self, node: ast.BinOp) -> Type:
        sym = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
               ast.Mod: "%", ast.Pow: "**"}[type(node.op)]
        a = self.expr(node.left)
        self.want_number(node.left, a, f"'{sym}'")
        b = self.expr(node.right)
        self.want_number(node.right, b, f"'{sym}'")
        both_whole = a.kind == "whole" and b.kind == "whole"
        kind: Kind = "whole" if both_whole else "number"
        if sym == "+":
            lo, hi = a.lo + b.lo, a.hi + b.hi
        elif sym == "-":
            lo, hi = a.lo - b.hi, a.hi - b.lo
        elif sym == "*":
            lo, hi = _interval_mul((a.lo, a.hi), (b.lo, b.hi))
        elif sym in ("/", "//"):
            lo, hi = self.divide(node, a, b)
            if sym == "//":
                # Bounds worked out in floats can miss a quotient by an ulp, and //
                # turns that into a whole unit: 1 // 0.001 is 999.0, not 1000.
                lo, hi = math.floor(lo - 1e-9 * abs(lo)), math.floor(hi + 1e-9 * abs(hi))
                kind = "whole"
            else:
                kind = "number"
        elif sym == "%":
            m = max(abs(b.lo), abs(b.hi))
            lo = 0.0 if b.lo >= 0 else -m
            hi = 0.0 if b.hi <= 0 else m
        else:
            lo, hi, kind = self.power(node, a, b)
        return self.limit(Type(kind, float(lo), float(hi)), node, f"the result of '{sym}'")

    def divide(self, node: ast.BinOp, a: Type, b: Type) -> tuple[float, float]:
        """The range of a / b (the engine gives 0 for a division by 0)."""
        if b.lo == b.hi == 0:
            return 0.0, 0.0
        if b.lo > 0 or b.hi < 0:
            return _interval_mul((a.lo, a.hi), (1 / b.hi, 1 / b.lo))
        if b.kind == "whole":  # a whole divisor other than 0 is at least 1 in size
            m = max(abs(a.lo), abs(a.hi))
            return -m, m
        raise TypeProblem(
            f"the divisor ({_describe(b)} {b.span()}) can come close to 0, "
            "so the result can be as large as you like", node.right,
            "divide by something that stays away from 0, e.g. max(x, 1)")

    def power(self, node: ast.BinOp, a: Type, b: Type) -> tuple[float, float, Kind]:
        if b.lo != b.hi:
            raise TypeProblem("the exponent of '**' must be a number written in the formula",
                              node.right, "write it like x ** 2")
        n = b.lo
        if n == 0:
            return 1.0, 1.0, "whole"
        if not n.is_integer() and a.lo < 0:
            raise TypeProblem(
                f"a fractional power needs a number that cannot be negative, but this is "
                f"{_describe(a)}, {a.span()}", node.left, "use max(x, 0) ** 0.5")
        if n < 0 and a.lo <= 0 <= a.hi and a.kind != "whole":
            raise TypeProblem(
                f"a negative power of a number that can come close to 0 ({a.span()}) "
                "can be as large as you like", node.left,
                "raise something that stays away from 0, e.g. max(x, 1) ** -1")
        cands = []
        for x in (a.lo, a.hi):
            if x == 0 and n < 0:
                continue
            try:
                cands.append(float(x) ** n)
            except OverflowError:
                cands.append(math.inf)
        if a.lo <= 0 <= a.hi:  # 0 ** n is 0 (the engine gives 0 for 0 ** -n too)
            cands.append(0.0)
        if n < 0 and a.kind == "whole":  # whole: |x| >= 1 when not 0, so |x ** n| <= 1
            cands += [1.0, -1.0 if a.lo <= -1 else 1.0]
        kind: Kind = "whole" if a.kind == "whole" and n > 0 and n.is_integer() else "number"
        return min(cands), max(cands), kind

    # -- comparisons

    def n_Compare(self, node: ast.Compare) -> Type:
        left_node, left = node.left, self.expr(node.left)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn):
                items = right_node.elts if isinstance(right_node, ast.Tuple | ast.List) else []
                for item in items:
                    self.comparable(left_node, left, item, self.expr(item), "==")
            else:
                sym = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
                       ast.Gt: ">", ast.GtE: ">="}[type(op)]
                right = self.expr(right_node)
                self.comparable(left_node, left, right_node, right, sym)
                left_node, left = right_node, right
        return boolean()

    def comparable(self, ln: ast.expr, lt: Type, rn: ast.expr, rt: Type, sym: str) -> None:
        """Refuse a comparison of values of different kinds (a date may meet a date in quotes)."""
        if lt.kind == "date" or rt.kind == "date":
            d, other, on = (lt, rt, rn) if lt.kind == "date" else (rt, lt, ln)
            if other.kind == "date":
                return
            if other.kind == "text" and isinstance(on, ast.Constant):
                self.date_literal(on, d)
                return
            form = d.unit.form if d.unit else MONTHS.form
            raise TypeProblem(
                f"a date cannot be compared with {_describe(other)}", on,
                f"write a date in quotes: date {sym} \"{d.example}\" ({form})")
        if lt.numeric and rt.numeric:
            return
        if lt.kind != rt.kind:
            hint = ""
            if "bool" in (lt.kind, rt.kind):
                hint = "a flag or lever is true or false: write it alone, or 'not flag'"
            elif "text" in (lt.kind, rt.kind):
                hint = "a number is written without quotes"
            raise TypeProblem(f"{_describe(lt)} cannot be compared with {_describe(rt)} "
                              f"using '{sym}'", rn, hint)
        if sym not in ("==", "!="):
            raise TypeProblem(f"'{sym}' compares numbers or dates, not {lt.words()}", rn,
                              "use == or !=")
        if lt.kind == "text":
            for t, n in ((lt, ln), (rt, rn)):
                other = rt if t is lt else lt
                if other.choices and len(other.choices) > 1 and isinstance(n, ast.Constant) \
                        and n.value not in other.choices:
                    close = difflib.get_close_matches(str(n.value), sorted(other.choices), n=1)
                    msg = f"{other.what or 'this'} is never {n.value!r}"
                    if close:
                        msg += f" (did you mean {close[0]!r}?)"
                    raise TypeProblem(msg, n, "it is one of " + ", ".join(
                        repr(c) for c in sorted(other.choices)))

    def date_literal(self, node: ast.Constant, d: Type) -> None:
        unit = d.unit or MONTHS
        if unit.parse(str(node.value)) is None:
            raise TypeProblem(
                f"{node.value!r} is not a date: dates are written {unit.form}", node,
                f"write it like \"{d.example}\"")

    # -- calls

    def n_Call(self, node: ast.Call) -> Type:
        assert isinstance(node.func, ast.Name)
        name = node.func.id
        if name in self.funcs:
            return self.funcs[name]
        args = [self.expr(a) for a in node.args]
        for a, n in zip(args, node.args, strict=True):
            self.want_number(n, a, f"{name}()")
        kind: Kind = "whole" if all(a.kind == "whole" for a in args) else "number"
        if name == "min":
            return Type(kind, min(a.lo for a in args), min(a.hi for a in args))
        if name == "max":
            return Type(kind, max(a.lo for a in args), max(a.hi for a in args))
        if name == "abs":
            (a,) = args
            if a.lo >= 0:
                return Type(kind, a.lo, a.hi)
            if a.hi <= 0:
                return Type(kind, -a.hi, -a.lo)
            return Type(kind, 0.0, max(-a.lo, a.hi))
        if name == "clamp":
            x, lo, hi = args
            m_lo, m_hi = max(x.lo, lo.lo), max(x.hi, lo.hi)
            return Type(kind, min(m_lo, hi.lo), min(m_hi, hi.hi))
        if name == "round":
            (a,) = args
            return Type("whole", float(math.floor(a.lo)), float(math.ceil(a.hi)))
        raise TypeProblem(f"unknown function {name!r}", node)  # the compiler refused it


def infer(tree: ast.expr, types: Mapping[str, Type], funcs: Mapping[str, Type]) -> Type:
    """The type and range of an expression tree the compiler accepted.

    ``types`` gives every name's type, ``funcs`` what each state function gives.
    Raises :class:`TypeProblem` for an ill-typed expression or one whose range goes
    past :data:`FORMULA_LIMIT`.
    """
    return _Infer(types, funcs).expr(tree)
