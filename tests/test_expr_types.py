"""Typed expressions: what check refuses, and the proof that what it accepts never fails.

The property test generates random expressions over the base scenario's names and
functions. Whatever ``compile_typed`` accepts is evaluated on states met in random
games and on states at the edges of every name's range: it never raises, gives the
kind of value its type says, and stays inside the range worked out for it.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.model.content import expression_types
from game.model.expr import ExprError, compile_typed
from game.model.exprtypes import COUNTER_LIMIT, FORMULA_LIMIT, Type


@pytest.fixture(scope="module")
def typed(base_content):
    c = base_content
    types, funcs = expression_types(c.scenario, c.flags, c.counters)
    return c, types, funcs


def _refused(typed, text: str) -> ExprError:
    _c, types, funcs = typed
    with pytest.raises(ExprError) as info:
        compile_typed(text, types, funcs)
    return info.value


@pytest.mark.parametrize(("text", "words", "col"), [
    ("date >= 2014", "a date cannot be compared", 9),
    ("date + 1", "needs numbers", 1),
    ('date >= "2014"', "is not a date", 9),
    ('date >= "2014-13"', "is not a date", 9),
    ('difficulty == "hardd"', "did you mean 'hard'", 15),
    ("progress ** 8", "can reach", 10),
    ("progress / 1e-11", "can reach", 10),
    ("progress / seoul", "can come close to 0", 12),
    ("progress ** progress", "must be a number written", 13),
    ("(progress - 50) ** 0.5", "fractional power", 2),
    ("progress and seoul", "needs true/false", 1),
    ("not progress", "needs true/false", 5),
    ("stockholm_signed + 1", "needs numbers", 1),
    ("stockholm_signed == 1", "cannot be compared", 21),
    ('"abc" + 1', "needs numbers", 1),
    ("difficulty < \"hard\"", "compares numbers or dates", 14),
    ("1 if stockholm_signed else True", "differ", 1),
])
def test_ill_typed_expressions_are_refused_where_they_go_wrong(typed, text, words, col):
    exc = _refused(typed, text)
    assert words in exc.message
    assert exc.col == col
    assert exc.hint  # every refusal says what to do


def test_a_date_compared_with_a_number_gets_the_hint_of_the_issue(typed):
    exc = _refused(typed, "date >= 2014")
    assert 'date >= "2014-03"' in exc.hint


@pytest.mark.parametrize(("text", "kind", "lo", "hi"), [
    ("progress", "number", 0, 100),
    ("progress * 2 - 10", "number", -10, 190),
    ("round(progress / 3)", "whole", 0, 34),
    ("turn + 1", "whole", 2, 25),
    ("emboldened", "whole", -COUNTER_LIMIT, COUNTER_LIMIT),
    ("10 // max(turn, 1)", "whole", 0, 10),
    ('date >= "2015-01"', "bool", -math.inf, math.inf),
    ("abs(progress - 70)", "number", 0, 70),
    ("clamp(progress, 10, 20)", "number", 10, 20),
])
def test_types_and_ranges(typed, text, kind, lo, hi):
    _c, types, funcs = typed
    _compiled, t = compile_typed(text, types, funcs)
    assert (t.kind, t.lo, t.hi) == (kind, lo, hi)


# --------------------------------------------------------------------------- the property


def _expressions(types: dict[str, Type], cards: list[str]) -> st.SearchStrategy[str]:
    """Random expressions, mostly well-typed (numbers and conditions built from the
    names' kinds, with hostile constants mixed in), some not."""
    nums = sorted(n for n, t in types.items() if t.numeric)
    bools = sorted(n for n, t in types.items() if t.kind == "bool")
    card = st.sampled_from(cards)
    literal = st.one_of(
        st.sampled_from(["0", "1", "2", "0.5", "1e-11", "1e9", "100", "-3", "7", "8",
                         "0.001", "999999999"]),
        st.integers(-10**13, 10**13).map(str),
        st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    )
    num_leaf = st.one_of(st.sampled_from(nums), literal,
                         card.map(lambda c: f'count("{c}")'),
                         card.map(lambda c: f'since("{c}")'))
    date_lit = st.sampled_from(['"2014-06"', '"2015-12"', '"2016-02"', '"2014"', '"x"', "2014"])
    cmp = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    num: st.SearchStrategy[str] = st.deferred(lambda: st.one_of(
        num_leaf, num_leaf, num_leaf,
        st.tuples(num, st.sampled_from(["+", "-", "*", "/", "//", "%"]), num)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(num, st.sampled_from(["-2", "-1", "0", "1", "2", "3", "0.5", "9"]))
        .map(lambda t: f"({t[0]} ** {t[1]})"),
        num.map(lambda a: f"(-{a})"),
        st.tuples(cond, num, num).map(lambda t: f"({t[1]} if {t[0]} else {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(num, min_size=2, max_size=3))
        .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(st.sampled_from(["abs", "round"]), num).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(num, num, num).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
    ))
    cond: st.SearchStrategy[str] = st.deferred(lambda: st.one_of(
        st.sampled_from([*bools, "True", "False"]),
        card.map(lambda c: f'seen("{c}")'),
        st.tuples(num, cmp, num).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(cmp, date_lit).map(lambda t: f"(date {t[0]} {t[1]})"),
        st.sampled_from(["normal", "hard", "guided", "hardd"])
        .map(lambda d: f'(difficulty == "{d}")'),
        st.tuples(cond, st.sampled_from(["and", "or"]), cond)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        cond.map(lambda a: f"(not {a})"),
        st.tuples(num, st.lists(num, min_size=1, max_size=3))
        .map(lambda t: f"({t[0]} in ({', '.join(t[1])},))"),
    ))
    mixed = st.tuples(st.one_of(num, cond), st.sampled_from(["+", "and", "==", "<"]),
                      st.one_of(num, cond, date_lit)).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    return st.one_of(num, cond, mixed)


def _edge_states(typed, count: int = 40) -> list[dict]:
    """States at the edges of every name's range, and random ones inside."""
    c, types, _funcs = typed
    rng = random.Random(7)
    games = []
    for seed in range(6):  # states met in random play
        g = Game.new(c, seed, "normal")
        _KEEP.append(g)  # its state functions (seen, count...) hold it only weakly
        while not g.over:
            games.append(dict(g.env))
            views = [v for v in g.choices() if v.available]
            if views:
                g.choose(rng.choice(views).choice.id)
            else:
                g.pass_turn()
    states = games[:: max(1, len(games) // count)]
    base = states[0]
    for _ in range(count):
        env = dict(base)
        for name, t in types.items():
            if t.numeric:
                lo, hi = t.lo, t.hi
                v = rng.choice([lo, hi, 0.0 if lo <= 0 <= hi else lo, rng.uniform(lo, hi),
                                min(hi, max(lo, 1e-9)), min(hi, max(lo, -1e-9))])
                env[name] = float(round(v)) if t.kind == "whole" else v
            elif t.kind == "bool":
                env[name] = rng.random() < 0.5
        states.append(env)
    return states


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_check_accepts_never_fails_in_play(typed, data):
    _property(typed, data)


@pytest.mark.full
@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_check_accepts_never_fails_in_play_full(typed, data):
    _property(typed, data)


def _property(typed, data) -> None:
    c, types, funcs = typed
    states = _STATES.setdefault(id(c), _edge_states(typed))
    text = data.draw(_expressions(types, sorted(c.cards)[:5]))
    try:
        compiled, t = compile_typed(text, types, funcs)
    except ExprError:
        return  # refused: the property is about what is accepted
    for env in states:
        value = compiled(env)
        if t.kind == "bool":
            assert type(value) is bool, (text, value)
        elif t.numeric:
            assert type(value) in (int, float), (text, value)
            assert math.isfinite(value) and abs(value) <= FORMULA_LIMIT, (text, value)
            assert t.lo - 1e-6 <= value <= t.hi + 1e-6, (text, value, t)
            if t.kind == "whole":
                assert float(value).is_integer(), (text, value)
        else:
            assert type(value) is str, (text, value)


_STATES: dict[int, list[dict]] = {}
_KEEP: list[Game] = []


@pytest.mark.parametrize("text", ["1 // 0.001", "3 // 0.1", "0.3 // 0.1", "1000 // 3",
                                  "-1 // 0.001", "7 // 7"])
def test_a_floor_division_of_floats_stays_in_its_range(text: str) -> None:
    # Float bounds can miss a quotient by an ulp, which // makes a whole unit.
    compiled, t = compile_typed(text, {}, {})
    value = compiled({})
    assert t.lo <= value <= t.hi, (text, value, t)
