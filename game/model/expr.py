"""The expression language of content files: every condition and formula.

Cards, choices, actors' reactions, endings and effects use one small
language for conditions (``when: date >= "2014-05" and not seen("stockholm")``)
and formulas (``add: "clamp(leverage // 10, 1, 5)"``).  It looks like Python,
but it is a small, fixed subset of it, checked when the content is loaded and
compiled once into plain Python functions.  Nothing in this module ever calls
``eval``, ``exec`` or ``compile`` on the text.

For modders
===========

Values
    Numbers (``40``, ``-2``, ``0.5``), text in quotes (``"2014-05"``,
    ``'hard'``), and ``True`` / ``False``.  There is no ``None``.

Names
    The names the game provides: meters (``progress``, ``washington``...),
    flags and counters, levers, tracks, ``date``, ``difficulty`` and the other
    built-in names listed below.  Every name is checked when the content is
    loaded; a misspelt name is reported with a suggestion (``unknown name
    'washingon'; did you mean 'washington'?``).  Names starting with ``_`` are
    always refused.

Types
    ``check`` knows the type of every name and works out the type of every
    expression; an expression whose parts do not fit is refused at its
    ``file:line:col`` with a hint, before anyone plays it:

    * meters, hidden values and tracks are numbers, within their bounds
      (a meter's ``min`` and ``max``; a track 0 to 100);
    * counters, ``turn``, ``turns_left``, ``year``, ``month``, ``capital``,
      ``conceded``, ``delivered`` and ``preemptive`` are whole numbers;
    * flags and levers are true/false (a lever is true while imposed);
    * ``date`` is a date of the scenario's calendar, compared with a date of
      its unit written in quotes: ``date >= "2014-06"`` with monthly turns,
      ``date >= "1962-10-20"`` with days or weeks.  ``date >= 2014``,
      ``date >= "2014"`` (with monthly turns) and ``date + 1`` are refused (to
      count turns, use ``turn``);
    * ``difficulty`` is text, one of the scenario's difficulty ids;
      ``difficulty == "hardd"`` is refused with a suggestion.

    The functions have signatures: ``min(number, number, ...)``,
    ``max(number, number, ...)``, ``abs(number)``, ``clamp(number, low,
    high)`` and ``round(number)`` (a whole number) take numbers;
    ``seen("card")`` and ``chose("card", "choice")`` give true/false,
    ``count("card")`` and ``since("card")`` whole numbers.

    Conditions (``when:``, ``if:``) must give true/false; ``and``, ``or``,
    ``not`` and the ``if`` of ``a if c else b`` join true/false values only
    (write ``progress > 0``, not ``progress``).  Formulas (``add:``, ``set:``,
    ``value:``, ``weight:``, a track's ``formula:``, ``score:``) must give a
    number: ``add: '"12"'`` (text) and ``add: "flag * 3"`` are refused; a
    counter's ``add``/``set`` and a ledger ``value`` must give whole numbers
    (use ``round(...)``).  Arithmetic takes numbers; ``== !=`` compare values
    of one kind; ``< <= > >=`` compare numbers, or dates.

Ranges and limits
    Every formula also gets a range, from the ranges of the names it reads,
    and ``check`` refuses one that could misbehave in some game:

    * no part of a formula may reach more than 1,000,000,000 in size
      (``progress ** 8`` can reach 10**16, ``progress / 1e-11`` 10**13);
    * a division by something that can come close to 0 (``x / seoul``,
      with ``seoul`` from 0 to 100) is refused: divide by ``max(seoul, 1)``.
      A division by exactly 0 gives 0, and a whole number other than 0 is
      never closer to 0 than 1, so ``x / turn`` is fine;
    * ``**`` takes a written exponent from -8 to 8; a fractional power needs
      a number that cannot be negative;
    * an amount (``add``, ``set``, ``value``, ``weight``, a track or the
      score, written or computed) lies within -1,000,000 and 1,000,000, and so
      does every number written in a content file (a meter's bounds, a
      threshold, a lever's worth...); ``.nan`` and ``.inf`` are refused
      everywhere; a written ``weight`` cannot be negative (a formula's weight
      at or below 0 means the card is not drawn that turn);
    * the engine keeps counters and the ledger's totals within -10,000 and
      10,000, so they have a range too (``emboldened * 100`` is fine,
      ``emboldened * emboldened * emboldened`` is not).

    What ``check`` accepts never fails while a game is played (a property test
    generates random expressions and plays them).  Should a content error slip
    through all the same, the game stops with a message naming the turn, the
    card and the file, never a traceback.

Operators
    * arithmetic on numbers: ``+ - * / // %`` and ``**``;
    * comparisons: ``== != < <= > >=``, chained as in ``0 <= x < 10``;
    * membership in a list written in place:
      ``difficulty in ("easy", "normal")``, ``x not in (1, 2, 3)``;
    * logic: ``and``, ``or``, ``not`` (``and``/``or`` stop as soon as the
      answer is known);
    * choice: ``a if condition else b`` (both sides of one kind);
    * brackets ``( )`` for grouping.

Functions
    * ``min(a, b, ...)``, ``max(a, b, ...)`` (two or more numbers);
    * ``abs(x)``;
    * ``clamp(x, lo, hi)``: ``x`` kept between ``lo`` and ``hi`` (if
      ``lo > hi`` the result is ``hi``);
    * ``round(x)``: the nearest whole number, halves away from zero
      (``round(2.5) == 3``, ``round(-2.5) == -3``);
    * game state, with card and choice ids written in quotes:
      ``seen("card")`` (true once the card has been played),
      ``count("card")`` (how many times), ``since("card")`` (turns since it
      was last played, 999 if never) and ``chose("card", "choice")``.

Rules that keep a game running
    * Division or remainder by zero (``x / 0``, ``x // 0``, ``x % 0``, and
      ``0 ** -1``) gives 0.  Do not rely on it: it exists so that a formula
      can never crash a game in a classroom, not as a feature.
    * Expressions compiled without types (the simulator's policy files) are
      guarded while they run instead: a number larger than 10**12 is refused,
      and a formula that goes beyond that, or mixes text and numbers, stops
      with an error naming the expression.

What is refused, and why
    Everything not listed above: attribute access (``x.y``), indexing
    (``x[0]``), calls to anything but the functions above, keyword or
    starred arguments, comprehensions, ``lambda``, ``:=``, f-strings,
    dictionaries and sets, bytes, ``None``, ``...``, ``is``, bit operators
    (``& | ^ ~ << >>``), and statements of any kind.  Expression evaluators
    built on Python (simpleeval, asteval) have had sandbox escapes through
    exactly these doors, so the language is an allow-list: a construct is
    accepted only if it is named here.  Texts longer than ``MAX_LENGTH``
    characters, brackets nested deeper than ``MAX_DEPTH``, expression trees
    deeper than ``MAX_TREE_DEPTH``, control or invisible characters, and
    non-ASCII characters outside quotes are refused before or right after
    parsing, because very deep nesting can crash Python's parser and look-alike
    characters can disguise names.  Line breaks and tabs count as spaces.

Errors
    Every refusal is an :class:`ExprError` with a message, the 1-based column
    inside the expression text (0 if unknown) and, when there is one, a hint.
    The same type is raised at evaluation time by the guards above, with the
    expression in the message.  Errors raised by the engine's own state
    functions pass through unchanged.
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from game.model.exprtypes import Type, TypeProblem, infer

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_MAGNITUDE",
    "MAX_POWER",
    "MAX_TREE_DEPTH",
    "PURE_FUNCTIONS",
    "STATE_FUNCTIONS",
    "Compiled",
    "ExprError",
    "compile_expr",
    "compile_number",
    "compile_typed",
]

MAX_LENGTH = 500
"""Longest expression text accepted, in characters."""

MAX_DEPTH = 32
"""Deepest bracket nesting accepted (checked on the text, before parsing)."""

MAX_TREE_DEPTH = 100
"""Deepest expression tree accepted (checked after parsing, before compiling)."""

MAX_POWER = 8
"""Largest written exponent accepted by ``**`` (in absolute value)."""

MAX_MAGNITUDE = 1e12
"""Largest size of a number literal or of any arithmetic result."""

STATE_FUNCTIONS: dict[str, int] = {"seen": 1, "count": 1, "since": 1, "chose": 2}
"""Functions of the game state, name -> number of arguments.

The engine provides them in the environment (``env["seen"]`` is a callable);
their arguments must be text literals (card and choice ids).
"""

Env = Mapping[str, Any]
Fn = Callable[[Env], Any]
Kind = Literal["num", "bool", "str", "any"]

_NUMS: frozenset[type] = frozenset({int, float, bool})
_NO: Any = object()  # marks a part that is not a constant
_EMPTY_ENV: Env = {}


class ExprError(ValueError):
    """A refused or broken expression.

    Attributes: ``message`` (a sentence saying what is wrong), ``col`` (the
    1-based column inside the expression text, 0 if unknown) and ``hint``
    (what the author can do about it; may be empty). ``source``: the expression,
    when raised while evaluating one.
    """

    def __init__(self, message: str, col: int = 0, hint: str = "", source: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.hint = hint
        self.source = source  # the expression, for an error raised while evaluating it

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[ExprError], tuple[str, int, str, str]]:
        return (type(self), (self.message, self.col, self.hint, self.source))


@dataclass(frozen=True, slots=True)
class Compiled:
    """An expression checked and compiled once, ready to evaluate many times.

    ``source`` is the original text, ``names`` every variable name it reads,
    ``refs`` every state-function call with its arguments (in order of first
    appearance, without repeats) and ``fn`` the compiled function; calling the
    object evaluates it against an environment.
    """

    source: str
    names: frozenset[str]
    refs: tuple[tuple[str, tuple[str, ...]], ...]
    fn: Callable[[Mapping[str, Any]], Any]

    def __call__(self, env: Mapping[str, Any]) -> Any:
        """Evaluate against ``env`` (names to values, state-function names to callables)."""
        return self.fn(env)


# --------------------------------------------------------------------------
# Runtime helpers


def _show(value: Any) -> str:
    """Describe a runtime value for an error message."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {text!r}"
    return f"a value of type {type(value).__name__}"


def _fail(source: str, col: int, detail: str) -> ExprError:
    return ExprError(f"{detail} in expression '{source}'", col, source=source)


def _div(a: Any, b: Any) -> Any:
    return a / b if b else 0


def _floordiv(a: Any, b: Any) -> Any:
    return a // b if b else 0


def _mod(a: Any, b: Any) -> Any:
    return a % b if b else 0


def _pow(a: Any, b: Any) -> Any:
    if not (-MAX_MAGNITUDE <= b <= MAX_MAGNITUDE):
        raise OverflowError("the exponent is too large")
    if a == 0:
        return 0 if b < 0 else a**b
    if a < 0 and not float(b).is_integer():
        raise ValueError("a negative number cannot be raised to a fractional power")
    if b * math.log10(abs(a)) > 12.1:
        raise OverflowError("the result would be too large")
    return a**b


def _fn_min(*args: Any) -> Any:
    return min(args)


def _fn_max(*args: Any) -> Any:
    return max(args)


def _fn_abs(x: Any) -> Any:
    return abs(x)


def _fn_clamp(x: Any, lo: Any, hi: Any) -> Any:
    return min(max(x, lo), hi)


def _fn_round(x: Any) -> int:
    if not isinstance(x, float):
        return int(x)
    low = math.floor(x)
    rest = x - low
    if rest > 0.5 or (rest == 0.5 and x > 0):
        return low + 1
    return low


# name -> (implementation, fewest arguments, most arguments or None)
_PURE: dict[str, tuple[Callable[..., Any], int, int | None]] = {
    "min": (_fn_min, 2, None),
    "max": (_fn_max, 2, None),
    "abs": (_fn_abs, 1, 1),
    "clamp": (_fn_clamp, 3, 3),
    "round": (_fn_round, 1, 1),
}

PURE_FUNCTIONS: frozenset[str] = frozenset(_PURE)
"""Functions computed inside this module: min, max, abs, clamp(x, lo, hi), round(x)."""

_FUNCTIONS = sorted(PURE_FUNCTIONS | set(STATE_FUNCTIONS))
_FUNCTION_LIST = ", ".join(_FUNCTIONS)
_STATE_EXAMPLES = {
    "seen": 'seen("stockholm")',
    "count": 'count("stockholm")',
    "since": 'since("stockholm")',
    "chose": 'chose("stockholm", "sign-staged")',
}
_PURE_EXAMPLES = {
    "min": "min(a, b)",
    "max": "max(a, b)",
    "abs": "abs(x)",
    "clamp": "clamp(x, 0, 100)",
    "round": "round(x)",
}
_STATE_KINDS: dict[str, Kind] = {"seen": "bool", "chose": "bool", "count": "num", "since": "num"}

_ARITH: dict[type[ast.operator], tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", operator.add),
    ast.Sub: ("-", operator.sub),
    ast.Mult: ("*", operator.mul),
    ast.Div: ("/", _div),
    ast.FloorDiv: ("//", _floordiv),
    ast.Mod: ("%", _mod),
    ast.Pow: ("**", _pow),
}
_REFUSED_OPS: dict[type[ast.AST], str] = {
    ast.BitAnd: "the operator '&' is not allowed; use 'and'",
    ast.BitOr: "the operator '|' is not allowed; use 'or'",
    ast.BitXor: "the operator '^' is not allowed; write powers with '**'",
    ast.LShift: "the shift operator '<<' is not allowed",
    ast.RShift: "the shift operator '>>' is not allowed",
    ast.MatMult: "the operator '@' is not allowed",
    ast.Invert: "the operator '~' is not allowed; use 'not'",
    ast.Is: "'is' is not allowed; use '=='",
    ast.IsNot: "'is not' is not allowed; use '!='",
}


def _eq(a: Any, b: Any) -> bool:
    if (type(a) is str) is not (type(b) is str):
        raise TypeError
    return bool(a == b)


def _ne(a: Any, b: Any) -> bool:
    if (type(a) is str) is not (type(b) is str):
        raise TypeError
    return bool(a != b)


_COMPARE: dict[type[ast.cmpop], tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Eq: ("==", _eq),
    ast.NotEq: ("!=", _ne),
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
}

_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access ('.name') is not allowed",
    ast.Subscript: "indexing and slicing ('x[...]') are not allowed",
    ast.Slice: "indexing and slicing ('x[...]') are not allowed",
    ast.ListComp: "comprehensions ('[... for ...]') are not allowed",
    ast.SetComp: "comprehensions ('{... for ...}') are not allowed",
    ast.DictComp: "comprehensions ('{...: ... for ...}') are not allowed",
    ast.GeneratorExp: "generator expressions ('(... for ...)') are not allowed",
    ast.Lambda: "'lambda' functions are not allowed",
    ast.NamedExpr: "assignment with ':=' is not allowed",
    ast.JoinedStr: "f-strings are not allowed; write plain text in quotes",
    ast.FormattedValue: "f-strings are not allowed; write plain text in quotes",
    ast.Starred: "starred arguments ('*x') are not allowed",
    ast.Dict: "dictionaries ('{key: value}') are not allowed",
    ast.Set: "sets ('{a, b}') are not allowed; after 'in' write a list like (a, b)",
    ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed",
    ast.YieldFrom: "'yield from' is not allowed",
    ast.List: "lists are only allowed on the right of 'in' or 'not in'",
    ast.Tuple: "lists are only allowed on the right of 'in' or 'not in'",
}


class _Part(NamedTuple):
    """A compiled sub-expression: its function, what kind of value it gives,
    and its value if it is a constant (``_NO`` otherwise)."""

    fn: Fn
    kind: Kind
    const: Any
    # (name, column) when the part only reads a name from the environment: the
    # operators that take it read ``env[name]`` themselves, saving a call on the
    # hot paths, and fail with the same error as the name's own ``fn``.
    var: tuple[str, int] | None = None


def _const_fn(value: Any) -> Fn:
    def const(env: Env) -> Any:
        return value

    return const


def _kind_of(value: Any) -> Kind:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "num"
    if isinstance(value, str):
        return "str"
    return "any"


def _is_number_kind(kind: Kind) -> bool:
    return kind in ("num", "bool")


def _clash(a: Kind, b: Kind) -> bool:
    """True if one kind is text and the other a number or truth value."""
    return (a == "str" and _is_number_kind(b)) or (b == "str" and _is_number_kind(a))


# --------------------------------------------------------------------------
# Checks on the raw text


def _describe_char(ch: str) -> str:
    if ch == "\x00":
        return "a NUL character (U+0000)"
    return f"the character {ch!r} (U+{ord(ch):04X})"


def _scan(text: str) -> None:
    """Refuse control characters, non-ASCII outside quotes and deep brackets.

    The character loops below run only when a quick whole-text test says they
    could find something (a large mod has tens of thousands of expressions, and
    a Python loop over every character was most of compiling them): a printable
    text has no control character, and plain ASCII with at most ``MAX_DEPTH``
    opening brackets can neither nest too deep nor hold a non-ASCII character.
    """
    if not text.isprintable():
        _scan_characters(text)
    if text.isascii() and text.count("(") + text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    _scan_brackets(text)


def _scan_characters(text: str) -> None:
    """Refuse the first control or invisible character (tabs and line breaks are spaces)."""
    for i, ch in enumerate(text):
        if not ch.isprintable() and ch not in "\t\n\r":
            raise ExprError(
                f"{_describe_char(ch)} is not allowed in an expression",
                i + 1,
                "remove control and invisible characters",
            )


def _scan_brackets(text: str) -> None:
    """Refuse brackets nested deeper than ``MAX_DEPTH`` and non-ASCII outside quotes."""
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExprError(
                    f"brackets are nested more than {MAX_DEPTH} levels deep",
                    i + 1,
                    "simplify the expression",
                )
        elif ch in ")]}":
            depth -= 1
        elif not ch.isascii():
            raise ExprError(
                f"{_describe_char(ch)} is not allowed outside quotes; "
                "names and operators use plain ASCII",
                i + 1,
                "retype the name with plain letters",
            )
        i += 1


_MEMBERSHIP = (ast.In, ast.NotIn)


class _TooDeep(Exception):
    """The compiler went past ``_GUARD_LEVELS`` levels: measure the tree (see _compile)."""


# The compiler's expr() calls step from a node to a child, or to a grandchild for
# the items of a written list (Compare -> Tuple -> item), and the nodes it does
# not visit on success are leaves at most two steps below a visited one (Name ->
# Load; Call -> func Name -> Load). The first call is at depth 2 (under
# Expression), so a tree compiled in k levels is at most 2k + 2 deep.
_GUARD_LEVELS = (MAX_TREE_DEPTH - 2) // 2


def _tree_depth(tree: ast.AST) -> int:
    """Depth of an AST, computed without recursion."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _syntax_hint(text: str) -> str:
    if "&&" in text:
        return "write 'and' instead of '&&'"
    if "||" in text:
        return "write 'or' instead of '||'"
    if re.search(r"!(?!=)", text):
        return "write 'not' instead of '!'"
    if re.search(r"(?<![=!<>:])=(?!=)", text):
        return "compare with '==', not '='"
    return ""


# --------------------------------------------------------------------------
# The compiler: AST -> tree of closures


class _Compiler:
    """Walks an allow-listed AST and builds closures; refuses everything else."""

    def __init__(self, source: str, body: str, lead: int, names: Collection[str]) -> None:
        self.source = source
        self.body = body
        self.lead = lead
        self.names = names
        self.used: set[str] = set()
        self.refs: dict[tuple[str, tuple[str, ...]], None] = {}
        self.encoded = b"" if body.isascii() else body.encode("utf-8")
        # Nesting of expr() calls, and the most allowed before _TooDeep (see _compile).
        self.depth = 0
        self.limit = _GUARD_LEVELS

    # -- positions and errors

    def _char(self, byte_offset: int) -> int:
        if not self.encoded:
            return byte_offset
        return len(self.encoded[:byte_offset].decode("utf-8", "ignore"))

    def col(self, node: ast.expr | ast.keyword) -> int:
        """1-based column of ``node`` in the original text."""
        return self.lead + self._char(node.col_offset) + 1

    def op_col(self, left: ast.expr) -> int:
        """1-based column of the operator written after ``left``."""
        end = left.end_col_offset
        start = self._char(end) if end is not None else 0
        while start < len(self.body) and self.body[start] in " )":
            start += 1
        return self.lead + start + 1

    def fail(self, node: ast.expr | ast.keyword, message: str, hint: str = "") -> ExprError:
        """An ExprError located at ``node``."""
        return ExprError(message, self.col(node), hint)

    # -- dispatch

    def expr(self, node: ast.expr) -> _Part:
        """Compile one allowed expression node (at most ``self.limit`` levels deep)."""
        depth = self.depth = self.depth + 1
        if depth > self.limit:
            raise _TooDeep
        method = _DISPATCH.get(type(node))
        part = method(self, node) if method is not None else self.refuse(node)
        # (No try/finally: after an error the compiler is dropped, depth and all.)
        self.depth = depth - 1
        return part

    def refuse(self, node: ast.expr) -> _Part:
        """Raise the error for a node outside the language."""
        message = _REFUSED_NODES.get(type(node))
        if message is None:
            message = f"'{type(node).__name__}' expressions are not allowed"
        raise self.fail(node, message, "see the list of allowed operators and functions")

    def fold(self, fn: Fn, kind: Kind, parts: list[_Part]) -> _Part:
        """Evaluate now if every part is a constant (errors become load-time errors)."""
        for p in parts:
            if p.const is _NO:
                return _Part(fn, kind, _NO)
        value = fn(_EMPTY_ENV)
        return _Part(_const_fn(value), _kind_of(value), value)

    # -- leaves

    def constant(self, node: ast.Constant) -> _Part:
        """Numbers, text and True/False; nothing else."""
        value = node.value
        if isinstance(value, bool | str):
            return _Part(_const_fn(value), _kind_of(value), value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not (-MAX_MAGNITUDE <= value <= MAX_MAGNITUDE):
                raise self.fail(node, f"the number {value!r} is too large; the limit is 10**12")
            return _Part(_const_fn(value), "num", value)
        if value is None:
            raise self.fail(node, "'None' is not allowed", "there is no empty value here")
        if value is Ellipsis:
            raise self.fail(node, "'...' is not allowed")
        if isinstance(value, bytes):
            raise self.fail(node, "bytes literals (b'...') are not allowed; write plain text")
        if isinstance(value, complex):
            raise self.fail(node, "complex numbers are not allowed")
        raise self.fail(node, f"the constant {value!r} is not allowed")

    def _check_name(self, node: ast.expr, name: str) -> None:
        if name.startswith("_"):
            raise self.fail(
                node, f"names starting with '_' are not allowed ('{name}')", "rename it"
            )

    def name(self, node: ast.Name) -> _Part:
        """A variable read from the environment, checked against the known names."""
        name = node.id
        self._check_name(node, name)
        if not isinstance(node.ctx, ast.Load):
            raise self.fail(node, f"assigning to '{name}' is not allowed")
        if name not in self.names:
            raise self.fail(node, *self._unknown_name(name))
        self.used.add(name)
        source, col = self.source, self.col(node)

        def lookup(env: Env) -> Any:
            try:
                return env[name]
            except KeyError:
                raise _fail(source, col, f"the name '{name}' has no value") from None

        return _Part(lookup, "any", _NO, (name, col))

    def _unknown_name(self, name: str) -> tuple[str, str]:
        if name in _STATE_EXAMPLES or name in _PURE_EXAMPLES:
            example = _STATE_EXAMPLES.get(name) or _PURE_EXAMPLES[name]
            return (f"'{name}' is a function; call it with arguments, like {example}", "")
        if name.lower() in ("true", "false"):
            return (f"unknown name '{name}'; did you mean '{name.capitalize()}'?", "")
        if name.lower() in ("none", "null", "nil"):
            return (f"unknown name '{name}'; there is no empty value in expressions", "")
        match = difflib.get_close_matches(name, list(self.names), n=1)
        if match:
            return (f"unknown name '{name}'; did you mean '{match[0]}'?", "")
        known = sorted(self.names)
        listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        return (f"unknown name '{name}'", f"known names: {listed}" if known else "")

    # -- operators

    def boolop(self, node: ast.BoolOp) -> _Part:
        """``and`` / ``or``, short-circuiting."""
        parts = [self.expr(v) for v in node.values]
        fns = tuple(p.fn for p in parts)
        run: Fn
        if isinstance(node.op, ast.And):
            if len(fns) == 2:
                a, b = fns

                def run(env: Env) -> Any:
                    return a(env) and b(env)
            else:

                def run(env: Env) -> Any:
                    result: Any = True
                    for f in fns:
                        result = f(env)
                        if not result:
                            return result
                    return result
        else:
            if len(fns) == 2:
                a, b = fns

                def run(env: Env) -> Any:
                    return a(env) or b(env)
            else:

                def run(env: Env) -> Any:
                    result: Any = False
                    for f in fns:
                        result = f(env)
                        if result:
                            return result
                    return result

        kind: Kind = "bool" if all(p.kind == "bool" for p in parts) else "any"
        return self.fold(run, kind, parts)

    def unaryop(self, node: ast.UnaryOp) -> _Part:
        """``not``, unary ``-`` and ``+``."""
        if type(node.op) in _REFUSED_OPS:
            raise self.fail(node, _REFUSED_OPS[type(node.op)])
        part = self.expr(node.operand)
        f = part.fn
        if isinstance(node.op, ast.Not):

            def run_not(env: Env) -> Any:
                return not f(env)

            return self.fold(run_not, "bool", [part])
        sign = "-" if isinstance(node.op, ast.USub) else "+"
        if part.kind == "str":
            raise self.fail(node, f"'{sign}' needs a number, not text")
        source, col = self.source, self.col(node)
        negate = sign == "-"

        def run(env: Env) -> Any:
            a = f(env)
            if type(a) not in _NUMS:
                raise _fail(source, col, f"'{sign}' needs a number, got {_show(a)}")
            r = -a if negate else +a
            if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                return r
            raise _fail(source, col, f"the result of '{sign}' is out of range")

        return self.fold(run, "num", [part])

    def _number_operand(self, node: ast.expr, sym: str) -> _Part:
        part = self.expr(node)
        if part.kind == "str":
            raise self.fail(
                node,
                f"'{sym}' needs numbers, not text",
                "text can only be compared, with == != < <= > >= or in",
            )
        return part

    def binop(self, node: ast.BinOp) -> _Part:
        """Arithmetic on numbers, with division by zero giving 0 and a size guard."""
        op_type = type(node.op)
        if op_type not in _ARITH:
            message = _REFUSED_OPS.get(op_type, "this operator is not allowed")
            raise ExprError(message, self.op_col(node.left))
        sym, op = _ARITH[op_type]
        left = self._number_operand(node.left, sym)
        right = self._number_operand(node.right, sym)
        if op_type is ast.Pow and right.const is not _NO and abs(right.const) > MAX_POWER:
            raise self.fail(
                node.right,
                f"the exponent {right.const!r} is too large; "
                f"'**' allows exponents from -{MAX_POWER} to {MAX_POWER}",
            )
        lf, rf = left.fn, right.fn
        source, col = self.source, self.op_col(node.left)

        def run(env: Env) -> Any:
            a = lf(env)
            b = rf(env)
            if type(a) not in _NUMS or type(b) not in _NUMS:
                raise _fail(source, col, f"'{sym}' needs numbers, got {_show(a)} and {_show(b)}")
            try:
                r = op(a, b)
            except (ArithmeticError, ValueError, TypeError) as exc:
                raise _fail(source, col, f"'{sym}' failed ({exc})") from None
            if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                return r
            raise _fail(source, col, f"the result of '{sym}' is out of range (over 10**12)")

        lvar, rvar = left.var, right.var
        if right.const is not _NO and left.const is _NO and type(right.const) in _NUMS:
            # The hot path of formulas, ``x / 2`` or ``tension - 70``: the constant
            # needs no call and no check. Same results and errors as ``run``.
            b0 = right.const
            if lvar is not None:
                lname, lcol = lvar

                def run_name_const(env: Env) -> Any:
                    try:
                        a = env[lname]
                    except KeyError:
                        raise _fail(source, lcol, f"the name '{lname}' has no value") from None
                    if type(a) not in _NUMS:
                        raise _fail(
                            source, col, f"'{sym}' needs numbers, got {_show(a)} and {_show(b0)}"
                        )
                    try:
                        r = op(a, b0)
                    except (ArithmeticError, ValueError, TypeError) as exc:
                        raise _fail(source, col, f"'{sym}' failed ({exc})") from None
                    if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                        return r
                    raise _fail(
                        source, col, f"the result of '{sym}' is out of range (over 10**12)"
                    )

                return _Part(run_name_const, "num", _NO)

            def run_const(env: Env) -> Any:
                a = lf(env)
                if type(a) not in _NUMS:
                    raise _fail(
                        source, col, f"'{sym}' needs numbers, got {_show(a)} and {_show(b0)}"
                    )
                try:
                    r = op(a, b0)
                except (ArithmeticError, ValueError, TypeError) as exc:
                    raise _fail(source, col, f"'{sym}' failed ({exc})") from None
                if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                    return r
                raise _fail(source, col, f"the result of '{sym}' is out of range (over 10**12)")

            return _Part(run_const, "num", _NO)
        if lvar is not None or rvar is not None:
            # Names read in place (see _Part.var): the same steps as ``run``.
            lname, lcol = lvar if lvar is not None else ("", 0)
            rname, rcol = rvar if rvar is not None else ("", 0)

            def run_vars(env: Env) -> Any:
                if lvar is not None:
                    try:
                        a = env[lname]
                    except KeyError:
                        raise _fail(source, lcol, f"the name '{lname}' has no value") from None
                else:
                    a = lf(env)
                if rvar is not None:
                    try:
                        b = env[rname]
                    except KeyError:
                        raise _fail(source, rcol, f"the name '{rname}' has no value") from None
                else:
                    b = rf(env)
                if type(a) not in _NUMS or type(b) not in _NUMS:
                    raise _fail(
                        source, col, f"'{sym}' needs numbers, got {_show(a)} and {_show(b)}"
                    )
                try:
                    r = op(a, b)
                except (ArithmeticError, ValueError, TypeError) as exc:
                    raise _fail(source, col, f"'{sym}' failed ({exc})") from None
                if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                    return r
                raise _fail(source, col, f"the result of '{sym}' is out of range (over 10**12)")

            return self.fold(run_vars, "num", [left, right])
        return self.fold(run, "num", [left, right])

    def compare(self, node: ast.Compare) -> _Part:
        """Comparisons, chained or not, and membership in a written list."""
        ops = node.ops
        membership = False
        for op in ops:
            if type(op) in _REFUSED_OPS:
                raise ExprError(_REFUSED_OPS[type(op)], self.op_col(node.left))
            if type(op) in _MEMBERSHIP:
                membership = True
        if membership:
            if len(ops) > 1:
                raise self.fail(
                    node, "'in' cannot be chained with other comparisons; join them with 'and'"
                )
            return self.membership(node)
        left = self.expr(node.left)
        parts = [left]
        chain: list[tuple[str, Callable[[Any, Any], Any], Fn]] = []
        prev, prev_node = left, node.left
        for op, sub in zip(ops, node.comparators, strict=True):
            sym, fn = _COMPARE[type(op)]
            part = self.expr(sub)
            if _clash(prev.kind, part.kind):
                raise self.fail(
                    sub if part.kind == "str" else prev_node,
                    f"text cannot be compared with a number using '{sym}'",
                    'dates are text: write date >= "2014-05"',
                )
            parts.append(part)
            chain.append((sym, fn, part.fn))
            prev, prev_node = part, sub
        source, col = self.source, self.col(node)

        def mismatch(sym: str, a: Any, b: Any) -> ExprError:
            return _fail(source, col, f"cannot compare {_show(a)} with {_show(b)} using '{sym}'")

        run: Fn
        if len(chain) == 1:
            sym, op_fn, rf = chain[0]
            if isinstance(node.left, ast.Name) and parts[1].const is not _NO:
                run = self._compare_name_const(node.left.id, sym, op_fn, parts[1].const, col)
            elif left.var is not None or parts[1].var is not None:
                # Names read in place (see _Part.var): the same steps as below.
                lf = left.fn
                lvar, rvar = left.var, parts[1].var
                ln, lc = lvar if lvar is not None else ("", 0)
                rn, rc = rvar if rvar is not None else ("", 0)

                def run(env: Env) -> Any:
                    if lvar is not None:
                        try:
                            a = env[ln]
                        except KeyError:
                            raise _fail(source, lc, f"the name '{ln}' has no value") from None
                    else:
                        a = lf(env)
                    if rvar is not None:
                        try:
                            b = env[rn]
                        except KeyError:
                            raise _fail(source, rc, f"the name '{rn}' has no value") from None
                    else:
                        b = rf(env)
                    try:
                        return op_fn(a, b)
                    except TypeError:
                        raise mismatch(sym, a, b) from None
            else:
                lf = left.fn

                def run(env: Env) -> Any:
                    a = lf(env)
                    b = rf(env)
                    try:
                        return op_fn(a, b)
                    except TypeError:
                        raise mismatch(sym, a, b) from None
        else:
            first = left.fn
            links = tuple(chain)

            def run(env: Env) -> Any:
                a = first(env)
                for sym, op_fn, nxt in links:
                    b = nxt(env)
                    try:
                        ok = op_fn(a, b)
                    except TypeError:
                        raise mismatch(sym, a, b) from None
                    if not ok:
                        return False
                    a = b
                return True

        return self.fold(run, "bool", parts)

    def _compare_name_const(
        self, name: str, sym: str, op_fn: Callable[[Any, Any], Any], const: Any, col: int
    ) -> Fn:
        """The hot path of conditions: ``name <op> constant`` in a single closure."""
        source = self.source

        def missing() -> ExprError:
            return _fail(source, col, f"the name '{name}' has no value")

        def mismatch(a: Any) -> ExprError:
            return _fail(
                source, col, f"cannot compare {_show(a)} with {_show(const)} using '{sym}'"
            )

        if sym in ("==", "!="):
            text = type(const) is str
            want = sym == "=="

            def run(env: Env) -> Any:
                try:
                    a = env[name]
                except KeyError:
                    raise missing() from None
                if (type(a) is str) is not text:
                    raise mismatch(a)
                return (a == const) is want

            return run

        def run_order(env: Env) -> Any:
            try:
                a = env[name]
            except KeyError:
                raise missing() from None
            try:
                return op_fn(a, const)
            except TypeError:
                raise mismatch(a) from None

        return run_order

    def membership(self, node: ast.Compare) -> _Part:
        """``x in (a, b, ...)`` and ``x not in (...)`` with a written list."""
        seq = node.comparators[0]
        want = isinstance(node.ops[0], ast.In)
        sym = "in" if want else "not in"
        if isinstance(seq, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            raise self.fail(seq, _REFUSED_NODES[type(seq)])
        if not isinstance(seq, ast.List | ast.Tuple):
            raise self.fail(
                seq,
                f"the right side of '{sym}' must be a list written in brackets, like ('a', 'b')",
            )
        left = self.expr(node.left)
        items = [self.expr(e) for e in seq.elts]
        kinds = {p.kind for p in items}
        if any(_clash(a, b) for a in kinds for b in kinds):
            raise self.fail(seq, "a list after 'in' cannot mix text and numbers")
        if any(_clash(left.kind, k) for k in kinds):
            raise self.fail(node.left, f"text cannot be compared with a number using '{sym}'")
        source, col = self.source, self.col(node)
        lf = left.fn

        def mismatch(a: Any, b: Any) -> ExprError:
            return _fail(source, col, f"cannot compare {_show(a)} with {_show(b)} using '{sym}'")

        run: Fn
        if all(p.const is not _NO for p in items):
            values = frozenset(p.const for p in items)
            text = any(isinstance(v, str) for v in values)
            sample = next(iter(values), None)

            def run(env: Env) -> Any:
                a = lf(env)
                if values and (type(a) is str) is not text:
                    raise mismatch(a, sample)
                try:
                    return (a in values) is want
                except TypeError:
                    raise mismatch(a, sample) from None
        else:
            fns = tuple(p.fn for p in items)

            def run(env: Env) -> Any:
                a = lf(env)
                is_text = type(a) is str
                found = False
                for f in fns:
                    b = f(env)
                    if (type(b) is str) is not is_text:
                        raise mismatch(a, b)
                    if a == b:
                        found = True
                        break
                return found is want

        return self.fold(run, "bool", [left, *items])

    def ifexp(self, node: ast.IfExp) -> _Part:
        """``a if condition else b``."""
        test = self.expr(node.test)
        body = self.expr(node.body)
        orelse = self.expr(node.orelse)
        t, b, o = test.fn, body.fn, orelse.fn

        def run(env: Env) -> Any:
            return b(env) if t(env) else o(env)

        kind: Kind = body.kind if body.kind == orelse.kind else "any"
        return self.fold(run, kind, [test, body, orelse])

    # -- calls

    def call(self, node: ast.Call) -> _Part:
        """Calls to the fixed set of functions, positional arguments only."""
        func = node.func
        if isinstance(func, ast.Attribute | ast.Subscript):
            raise self.fail(func, _REFUSED_NODES[type(func)])
        if not isinstance(func, ast.Name):
            raise self.fail(
                func,
                f"only the game's functions can be called ({_FUNCTION_LIST}), by name",
            )
        name = func.id
        self._check_name(func, name)
        if name not in _PURE and name not in STATE_FUNCTIONS:
            if name in self.names:
                raise self.fail(func, f"'{name}' is a value, not a function")
            match = difflib.get_close_matches(name, _FUNCTIONS, n=1)
            message = f"unknown function '{name}'"
            if match:
                message += f"; did you mean '{match[0]}'?"
            raise self.fail(func, message, f"the functions are {_FUNCTION_LIST}")
        for kw in node.keywords:
            if kw.arg is None:
                raise self.fail(kw, "'**' arguments are not allowed")
            raise self.fail(
                kw,
                f"keyword arguments ('{kw.arg}=...') are not allowed; give arguments by position",
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, "starred arguments ('*x') are not allowed")
        if name in STATE_FUNCTIONS:
            return self.state_call(node, name)
        return self.pure_call(node, name)

    def state_call(self, node: ast.Call, name: str) -> _Part:
        """``seen("card")`` and friends: looked up in the environment when evaluated."""
        arity = STATE_FUNCTIONS[name]
        example = _STATE_EXAMPLES[name]
        if len(node.args) != arity:
            plural = "argument" if arity == 1 else "arguments"
            raise self.fail(
                node,
                f"{name}() takes {arity} {plural}, got {len(node.args)}",
                f"write it like {example}",
            )
        args: list[str] = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise self.fail(
                    arg,
                    f"the arguments of {name}() must be ids written in quotes, like {example}",
                )
            if not arg.value.strip():
                raise self.fail(arg, f"an empty id is not allowed in {name}()")
            args.append(arg.value)
        self.refs[(name, tuple(args))] = None
        source, col = self.source, self.col(node)

        def missing() -> ExprError:
            return _fail(source, col, f"the function '{name}' is not available")

        run: Fn
        if arity == 1:
            (a0,) = args

            def run(env: Env) -> Any:
                try:
                    f = env[name]
                except KeyError:
                    raise missing() from None
                return f(a0)
        else:
            targs = tuple(args)

            def run(env: Env) -> Any:
                try:
                    f = env[name]
                except KeyError:
                    raise missing() from None
                return f(*targs)

        return _Part(run, _STATE_KINDS[name], _NO)

    def pure_call(self, node: ast.Call, name: str) -> _Part:
        """min, max, abs, clamp and round, on numbers, with a size guard on the result."""
        impl, fewest, most = _PURE[name]
        parts = [self.expr(a) for a in node.args]
        count = len(node.args)
        if count < fewest or (most is not None and count > most):
            if most is None:
                wanted = f"at least {fewest} arguments"
            else:
                wanted = f"{fewest} argument" + ("s" if fewest != 1 else "")
            raise self.fail(
                node,
                f"{name}() takes {wanted}, got {count}",
                f"write it like {_PURE_EXAMPLES[name]}",
            )
        for part, sub in zip(parts, node.args, strict=True):
            if part.kind == "str":
                raise self.fail(sub, f"{name}() needs numbers, not text")
        fns = tuple(p.fn for p in parts)
        source, col = self.source, self.col(node)

        def run(env: Env) -> Any:
            args = [f(env) for f in fns]
            for a in args:
                if type(a) not in _NUMS:
                    raise _fail(source, col, f"{name}() needs numbers, got {_show(a)}")
            try:
                r = impl(*args)
            except (ArithmeticError, ValueError, TypeError) as exc:
                raise _fail(source, col, f"{name}() failed ({exc})") from None
            if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                return r
            raise _fail(source, col, f"the result of {name}() is out of range (over 10**12)")

        if any(p.const is _NO for p in parts) and name in ("min", "max", "clamp"):
            # The hot path of track formulas: the same checks, results and errors as
            # ``run``, without building an argument list (min, max and clamp cannot
            # fail on numbers; the comparisons pick the same argument as the builtins).
            lo_first = name != "max"
            if len(fns) == 2 and name != "clamp":
                f0, f1 = fns
                var0, var1 = parts[0].var, parts[1].var
                n0, c0 = var0 if var0 is not None else ("", 0)
                n1, c1 = var1 if var1 is not None else ("", 0)

                def run2(env: Env) -> Any:
                    # Names read in place (see _Part.var), else through their function.
                    if var0 is not None:
                        try:
                            a = env[n0]
                        except KeyError:
                            raise _fail(source, c0, f"the name '{n0}' has no value") from None
                    else:
                        a = f0(env)
                    if var1 is not None:
                        try:
                            b = env[n1]
                        except KeyError:
                            raise _fail(source, c1, f"the name '{n1}' has no value") from None
                    else:
                        b = f1(env)
                    if type(a) not in _NUMS:
                        raise _fail(source, col, f"{name}() needs numbers, got {_show(a)}")
                    if type(b) not in _NUMS:
                        raise _fail(source, col, f"{name}() needs numbers, got {_show(b)}")
                    r = (b if b < a else a) if lo_first else (b if b > a else a)
                    if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                        return r
                    raise _fail(
                        source, col, f"the result of {name}() is out of range (over 10**12)"
                    )

                return _Part(run2, "num", _NO)
            if len(fns) == 3 and name == "clamp":
                f0, f1, f2 = fns
                lo0, hi0 = parts[1].const, parts[2].const
                if parts[0].const is _NO and type(lo0) in _NUMS and type(hi0) in _NUMS:
                    # ``clamp(x, 0, 100)``: constant bounds need no call and pass the
                    # number check; the same result and errors as run3.

                    def run3_const(env: Env) -> Any:
                        x = f0(env)
                        if type(x) not in _NUMS:
                            raise _fail(source, col, f"{name}() needs numbers, got {_show(x)}")
                        m = lo0 if lo0 > x else x  # max(x, lo)
                        r = hi0 if hi0 < m else m  # min(m, hi)
                        if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                            return r
                        raise _fail(
                            source, col, f"the result of {name}() is out of range (over 10**12)"
                        )

                    return _Part(run3_const, "num", _NO)

                def run3(env: Env) -> Any:
                    x = f0(env)
                    lo = f1(env)
                    hi = f2(env)
                    for a in (x, lo, hi):
                        if type(a) not in _NUMS:
                            raise _fail(source, col, f"{name}() needs numbers, got {_show(a)}")
                    m = lo if lo > x else x  # max(x, lo)
                    r = hi if hi < m else m  # min(m, hi)
                    if -MAX_MAGNITUDE <= r <= MAX_MAGNITUDE:
                        return r
                    raise _fail(
                        source, col, f"the result of {name}() is out of range (over 10**12)"
                    )

                return _Part(run3, "num", _NO)
        return self.fold(run, "num", parts)


_DISPATCH: dict[type[ast.AST], Callable[[_Compiler, Any], _Part]] = {
    ast.Constant: _Compiler.constant,
    ast.Name: _Compiler.name,
    ast.BoolOp: _Compiler.boolop,
    ast.UnaryOp: _Compiler.unaryop,
    ast.BinOp: _Compiler.binop,
    ast.Compare: _Compiler.compare,
    ast.IfExp: _Compiler.ifexp,
    ast.Call: _Compiler.call,
}
"""The allowed node types and the method compiling each (by exact type: ast nodes
are not subclassed by the parser)."""


# --------------------------------------------------------------------------
# Public entry points


def _compile(text: str, names: Collection[str]) -> tuple[Compiled, Kind]:
    compiled, kind, _tree, _compiler = _compile_tree(text, names)
    return compiled, kind


def _compile_tree(text: str, names: Collection[str],
                  ) -> tuple[Compiled, Kind, ast.expr, _Compiler]:
    if not isinstance(text, str):
        raise ExprError(f"an expression must be text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExprError(
            f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}",
            0,
            "split it, or keep the logic in flags and effects",
        )
    _scan(text)
    # (A printable text has no tab or line break to turn into a space.)
    flat = text if text.isprintable() else (
        text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    )
    body = flat.lstrip(" ")
    lead = len(flat) - len(body)
    if not body.strip():
        raise ExprError("the expression is empty", 0, "write a condition or a number")
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        col = lead + exc.offset if exc.offset else 0
        reason = str(exc.msg)
        message = reason if reason.startswith("invalid syntax") else f"invalid syntax: {reason}"
        raise ExprError(message, col, _syntax_hint(body)) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise ExprError(f"the expression could not be read ({type(exc).__name__})") from None
    # The tree must be at most MAX_TREE_DEPTH deep, and that check comes before any
    # other refusal. Measuring every tree first was a large part of compiling a
    # large mod, so the compiler counts its own nesting instead: a tree it compiles in at
    # most _GUARD_LEVELS levels is at most MAX_TREE_DEPTH deep (see _GUARD_LEVELS).
    # Only when it stops or refuses something is the tree measured, so that a too
    # deep tree still gets the depth error, whatever else is wrong with it.
    compiler = _Compiler(text, body, lead, names)
    try:
        part = compiler.expr(tree.body)
    except Exception as exc:
        if _tree_depth(tree) > MAX_TREE_DEPTH:
            raise ExprError(
                f"the expression is nested more than {MAX_TREE_DEPTH} levels deep",
                0,
                "simplify the expression",
            ) from None
        if not isinstance(exc, _TooDeep):
            raise
        compiler = _Compiler(text, body, lead, names)
        compiler.limit = MAX_TREE_DEPTH  # measured: deep, but within the limit
        part = compiler.expr(tree.body)
    compiled = Compiled(
        source=text,
        names=frozenset(compiler.used),
        refs=tuple(compiler.refs),
        fn=part.fn,
    )
    return compiled, part.kind, tree.body, compiler


def compile_typed(text: str, types: Mapping[str, Type], funcs: Mapping[str, Type],
                  ) -> tuple[Compiled, Type]:
    """Compile ``text`` and work out its type and range (see :mod:`game.model.exprtypes`).

    ``types`` gives the type of every name the expression may read, ``funcs`` what
    each state function gives. Raises :class:`ExprError` for anything
    :func:`compile_expr` refuses, and for an ill-typed expression or one whose
    range goes past the limits, located at the part concerned, with a hint.
    """
    compiled, _kind, tree, compiler = _compile_tree(text, types.keys())
    try:
        found = infer(tree, types, funcs)
    except TypeProblem as exc:
        node = exc.node
        col = 0
        if isinstance(node, ast.BinOp) and exc.at_operator:
            col = compiler.op_col(node.left)
        elif isinstance(node, ast.expr):
            col = compiler.col(node)
        raise ExprError(exc.message, col, exc.hint) from None
    return compiled, found


def compile_expr(text: str, names: Collection[str]) -> Compiled:
    """Check ``text`` and compile it into a :class:`Compiled` expression.

    ``names`` are the variable names the expression may read.  Raises
    :class:`ExprError` (with a message, a column and maybe a hint) if the text
    is too long, nested too deeply, not valid syntax, uses anything outside
    the allowed language, or reads an unknown name.
    """
    return _compile(text, names)[0]


def compile_number(value: int | float | str, names: Collection[str]) -> Compiled:
    """Compile a number field: a plain number becomes a constant, text a formula.

    A formula that can be seen to give true/false or text instead of a number
    is refused, as are ``True``/``False`` themselves and numbers that are not
    finite or larger than 10**12.
    """
    if isinstance(value, bool):
        raise ExprError(f"expected a number or a formula, got {value}")
    if isinstance(value, int | float):
        if not (-MAX_MAGNITUDE <= value <= MAX_MAGNITUDE):
            raise ExprError(f"the number {value!r} is out of range; the limit is 10**12")
        return Compiled(source=str(value), names=frozenset(), refs=(), fn=_const_fn(value))
    if not isinstance(value, str):
        raise ExprError(f"expected a number or a formula, got {type(value).__name__}")
    compiled, kind = _compile(value, names)
    if kind == "bool":
        raise ExprError(
            "this formula gives True or False, not a number",
            0,
            'write for example: 5 if seen("card") else 0',
        )
    if kind == "str":
        raise ExprError("this formula gives text, not a number")
    return compiled
