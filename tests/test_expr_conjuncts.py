"""A condition's ``and`` operands, run in order, say what the whole condition says.

The engine runs reaction and card conditions operand by operand (to know which
operand made one false: see ``game.engine.plan.condition_tests``), so each
operand must give what it gives inside the whole, and raise the same errors.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from game.engine import Game
from game.model.content import Content
from game.model.expr import ExprError, compile_expr, conjuncts


def _outcome(fn: Any, env: dict[str, Any]) -> tuple[str, Any]:
    try:
        return ("value", bool(fn(env)))
    except ExprError as exc:
        return ("error", str(exc))


def _by_operands(parts: Any, env: dict[str, Any]) -> tuple[str, Any]:
    for part in parts:
        got = _outcome(part.fn, env)
        if got != ("value", True):
            return got
    return ("value", True)


def test_operands_and_names() -> None:
    names = {"a", "b", "c", "seen"}
    parts = conjuncts(compile_expr('a > 1 and (b or c) and seen("x")', names))
    assert parts is not None
    assert [p.names for p in parts] == [{"a"}, {"b", "c"}, frozenset()]
    assert [p.refs for p in parts] == [False, False, True]
    assert conjuncts(compile_expr("a > 1 or b", names)) is None
    assert conjuncts(compile_expr("a > 1", names)) is None


@pytest.mark.parametrize("text", [
    "a > 1 and b + 1 > 2", "a and b and c", "\n  a >= 2 and\n  b < 'x'", "c and a / 0 == 0",
    "a > 1 and b > 1 and c == True",
])
def test_operands_raise_what_the_whole_raises(text: str) -> None:
    names = {"a", "b", "c"}
    compiled = compile_expr(text, names)
    parts = conjuncts(compiled)
    assert parts is not None
    rng = random.Random(1)
    pool = [0, 1, 2, 2.5, True, False, "x", "a"]
    for _ in range(300):
        env = {n: rng.choice(pool) for n in names}
        assert _by_operands(parts, env) == _outcome(compiled.fn, env)


def test_content_conditions(base_content: Content, mini_content: Content) -> None:
    rng = random.Random(3)
    for content in (base_content, mini_content):
        game = Game.new(content, 1)
        sources = [r.when for r in content.reactions] + \
            [c.when for c in content.cards.values() if c.when is not None]
        for src in sources:
            compiled = content.exprs[src]
            parts = conjuncts(compiled)
            if parts is None:
                continue
            assert frozenset().union(*(p.names for p in parts)) == compiled.names
            for _ in range(40):
                env = dict(game.env)
                for name in compiled.names:
                    v = env[name]
                    if isinstance(v, bool):
                        env[name] = rng.choice([True, False])
                    elif isinstance(v, int | float):
                        env[name] = rng.choice([v, v + rng.randint(-30, 30), 0, 1, True])
                assert _by_operands(parts, env) == _outcome(compiled.fn, env), src
