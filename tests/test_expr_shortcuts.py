"""The expression compiler's shortcuts give the same results and errors as the long way.

Two checks are skipped when they cannot fire (see game/model/expr.py): the
character scans of the text (when a whole-text test shows nothing to find) and
the measuring of the parsed tree's depth (when the compiler, counting its own
nesting, stays within a bound that implies the depth limit). These tests run
the long way beside the short one over expressions near every limit.
"""

from __future__ import annotations

import ast
import random
from typing import Any

import pytest

from game.model import expr as E
from game.model.expr import MAX_TREE_DEPTH, ExprError, compile_expr

# Random texts such as '1and x' make Python's parser warn; that is not under test.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")

NAMES = {"x", "flag", "progress", "public", "date", "difficulty"}
ENV: dict[str, Any] = {
    "x": 1, "flag": True, "progress": 3, "public": 5, "date": "2014-05", "difficulty": "easy",
    "seen": lambda card: True, "count": lambda card: 2, "since": lambda card: 1,
    "chose": lambda card, choice: False,
}


def outcome(compile_: Any, text: str) -> tuple[Any, ...]:
    """What compiling (and evaluating) ``text`` gives: a value or an error, in full."""
    try:
        compiled = compile_(text, NAMES)
    except ExprError as exc:
        return ("error", exc.message, exc.col, exc.hint)
    try:
        value = compiled(ENV)
    except ExprError as exc:
        value = ("runtime error", exc.message, exc.col)
    return ("ok", sorted(compiled.names), compiled.refs, value)


def long_way(text: str, names: set[str]) -> E.Compiled:
    """Compile as before the shortcuts: scan every character, measure the tree first."""
    if len(text) > E.MAX_LENGTH:
        return compile_expr(text, names)  # the length error comes before any scan
    E._scan_characters(text)
    E._scan_brackets(text)
    body = text.replace("\t", " ").replace("\r", " ").replace("\n", " ").lstrip(" ")
    try:
        tree = ast.parse(body, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return compile_expr(text, names)  # the same syntax errors either way
    if E._tree_depth(tree) > MAX_TREE_DEPTH:
        raise ExprError(
            f"the expression is nested more than {MAX_TREE_DEPTH} levels deep",
            0,
            "simplify the expression",
        )
    compiler = E._Compiler(text, body, len(text) - len(text.lstrip(" \t\r\n")), names)
    compiler.limit = 10**6
    part = compiler.expr(tree.body)
    return E.Compiled(text, frozenset(compiler.used), tuple(compiler.refs), part.fn)


def near_the_limits() -> list[str]:
    cases = []
    for k in range(1, 120):
        cases += [
            "not " * k + "flag", "-" * k + "1", "(1 if x else " * k + "1" + ")" * k,
            "max(" * k + "1" + ", 1)" * k, "+".join(["x"] * k), " and ".join(["flag"] * k),
            "(" * k + "x" + ")" * k, "x in (" + ",".join(["1"] * k) + ")",
            "-" * k + "unknown_name", "not " * k + "x.y", "x < " * k + "1",
            "-" * k + "seen('a')", "abs(" * k + "x" + ")" * k, "-" * k + "(x in (1, 2))",
            "1 if " * k + "x" + " else 2" * k, "x ** " * k + "2",
        ]
    r = random.Random(7)
    parts = ["x", "1", "flag", "'a'", "seen('c')", "bad", "2.5", "True"]
    for _ in range(1500):
        e = r.choice(parts)
        for _ in range(r.randint(1, 80)):
            c = r.random()
            if c < 0.2:
                e = "not " + e
            elif c < 0.35:
                e = "-" + e
            elif c < 0.5:
                e = f"({e}) + {r.choice(parts)}"
            elif c < 0.6:
                e = f"max({e}, 1)"
            elif c < 0.7:
                e = f"({e} if flag else 1)"
            elif c < 0.8:
                e = f"{r.choice(parts)} < ({e})"
            elif c < 0.9:
                e = f"({e}) and flag"
            else:
                e = f"abs({e})"
        cases.append(e)
    return cases


def test_depth_shortcut_gives_the_same_outcome_as_measuring_first() -> None:
    cases = near_the_limits()
    deep = 0
    for text in cases:
        assert outcome(compile_expr, text) == outcome(long_way, text), text
        deep += outcome(compile_expr, text)[1:2] == (
            f"the expression is nested more than {MAX_TREE_DEPTH} levels deep",)
    assert deep > 100  # the comparison covers trees past the limit


@pytest.mark.parametrize(
    "text",
    [
        "x\x00", "x\u200b + 1", "x +\n1", "x\t+ 1", "'é' == date", "é + 1",
        "x + (" * 33 + "1" + ")" * 33,
        "'(((((((((((((((((((((((((((((((((' == date", "# (((\nx", "x + 1 # é", "'\x07'",
        "\"\"\"a\"\"\" == date", "x" * 10,
    ],
)
def test_scan_shortcut_gives_the_same_outcome_as_scanning(text: str) -> None:
    assert outcome(compile_expr, text) == outcome(long_way, text)


def test_scan_shortcut_on_random_texts() -> None:
    r = random.Random(11)
    alphabet = ["x", " ", "(", ")", "[", "]", "{", "}", "'", '"', "#", "\n", "\t", "\x01",
                "é", "\u200b", "1", "+", "and"]
    for _ in range(3000):
        text = "".join(r.choice(alphabet) for _ in range(r.randint(1, 60)))
        assert outcome(compile_expr, text) == outcome(long_way, text), repr(text)
