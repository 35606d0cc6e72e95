"""Behaviour of the content expression language (game.model.expr)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest

from game.model.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    PURE_FUNCTIONS,
    STATE_FUNCTIONS,
    Compiled,
    ExprError,
    compile_expr,
    compile_number,
)

NAMES = frozenset(
    {"progress", "washington", "seoul", "leverage", "date", "difficulty", "flag", "off", "zero"}
)


def make_env(**overrides: Any) -> dict[str, Any]:
    """A typical environment: meters, text values, flags and state functions."""
    played = {"stockholm": 2, "committee-launch": 1}
    choices = {("stockholm", "sign-staged")}
    env: dict[str, Any] = {
        "progress": 45,
        "washington": 60,
        "seoul": 30,
        "leverage": 12.5,
        "date": "2014-07",
        "difficulty": "normal",
        "flag": True,
        "off": False,
        "zero": 0,
        "seen": lambda card: card in played,
        "count": lambda card: played.get(card, 0),
        "since": lambda card: 3 if card in played else -1,
        "chose": lambda card, choice: (card, choice) in choices,
    }
    env.update(overrides)
    return env


def ev(text: str, **overrides: Any) -> Any:
    return compile_expr(text, NAMES)(make_env(**overrides))


def refused(text: str, names: frozenset[str] = NAMES) -> ExprError:
    with pytest.raises(ExprError) as info:
        compile_expr(text, names)
    return info.value


# -- the public surface ----------------------------------------------------


def test_public_constants() -> None:
    assert sorted(PURE_FUNCTIONS) == ["abs", "clamp", "max", "min", "round"]
    assert dict(STATE_FUNCTIONS) == {"seen": 1, "count": 1, "since": 1, "chose": 2}
    assert MAX_LENGTH == 500
    assert MAX_DEPTH == 32


def test_compiled_is_frozen_and_callable() -> None:
    c = compile_expr("progress + 1", NAMES)
    assert isinstance(c, Compiled)
    assert c.source == "progress + 1"
    assert c(make_env()) == 46
    assert c.fn(make_env()) == 46
    with pytest.raises(AttributeError):
        c.source = "x"  # type: ignore[misc]


def test_expr_error_is_value_error_with_fields_and_pickles() -> None:
    err = refused("washingon > 1")
    assert isinstance(err, ValueError)
    assert str(err) == err.message
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.message, copy.col, copy.hint) == (err.message, err.col, err.hint)


# -- arithmetic and precedence ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("2 ** 3", 8),
        ("2 ** 2 ** 2", 16),
        ("-2 ** 2", -4),
        ("(-2) ** 2", 4),
        ("2 ** -1", 0.5),
        ("7 / 2", 3.5),
        ("7 // 2", 3),
        ("-7 // 2", -4),
        ("7 % 3", 1),
        ("+5", 5),
        ("--5", 5),
        ("progress + 5", 50),
        ("progress - washington", -15),
        ("leverage * 2", 25.0),
        ("progress // 10 * 10", 40),
        ("1 + 2 < 4", True),
        ("not 1 + 1 == 3", True),
        ("True + True", 2),
        ("1_000 * 2", 2000),
        ("0.1 + 0.2 > 0.3", True),
    ],
)
def test_arithmetic(text: str, expected: Any) -> None:
    assert ev(text) == expected


@pytest.mark.parametrize("text", ["progress / 0", "progress // 0", "progress % 0", "1 / zero"])
def test_division_by_zero_gives_zero(text: str) -> None:
    assert ev(text) == 0


def test_zero_to_negative_power_gives_zero() -> None:
    assert ev("zero ** -1") == 0
    assert ev("zero ** 0") == 1


# -- comparisons -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("progress >= 40", True),
        ("progress > 45", False),
        ("progress == 45", True),
        ("progress != 45", False),
        ("progress < 45.5", True),
        ("progress <= 44", False),
        ("45 <= progress", True),
        ("0 <= progress < 50", True),
        ("0 <= progress < 45", False),
        ("0 < seoul < progress < washington <= 60", True),
        ("1 < 2 > 0", True),
        ("progress == progress", True),
        ("flag == True", True),
        ("off != False", False),
        ("1 == 1.0", True),
    ],
)
def test_comparisons(text: str, expected: bool) -> None:
    assert ev(text) is expected


def test_chained_comparison_evaluates_middle_once() -> None:
    calls: list[str] = []

    def count(card: str) -> int:
        calls.append(card)
        return 5

    assert ev('0 < count("x") < 10', count=count) is True
    assert calls == ["x"]


def test_chained_comparison_stops_at_first_false() -> None:
    calls: list[str] = []

    def count(card: str) -> int:
        calls.append(card)
        return 1

    assert ev('50 < progress < count("x")', count=count) is False
    assert calls == []


# -- text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('date >= "2014-05"', True),
        ('date < "2014-07"', False),
        ("date == '2014-07'", True),
        ('"2014-01" <= date <= "2014-12"', True),
        ('difficulty == "normal"', True),
        ('difficulty != "hard"', True),
        ('"a" "b" == "ab"', True),
        ('date == "2014-07" and difficulty == "normal"', True),
        ('"日本" != difficulty', True),
    ],
)
def test_text(text: str, expected: bool) -> None:
    assert ev(text) is expected


def test_text_compared_with_number_is_a_runtime_error_naming_the_expression() -> None:
    c = compile_expr("date >= 2014", NAMES)
    with pytest.raises(ExprError) as info:
        c(make_env())
    assert "date >= 2014" in info.value.message
    assert "text" in info.value.message and "number" in info.value.message
    with pytest.raises(ExprError):
        compile_expr("date == 2014", NAMES)(make_env())
    with pytest.raises(ExprError):
        compile_expr("progress == date", NAMES)(make_env())
    with pytest.raises(ExprError):
        compile_expr("0 < date < 1", NAMES)(make_env())


@pytest.mark.parametrize(
    "text", ['"2014" == 2014', '"a" < 1', '1 <= "a"', 'progress + "a"', '-"a"', 'abs("a")']
)
def test_text_and_numbers_mixed_in_writing_are_refused_at_load(text: str) -> None:
    err = refused(text)
    assert "text" in err.message


# -- membership ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('difficulty in ("easy", "normal")', True),
        ('difficulty in ["easy", "hard"]', False),
        ('difficulty not in ("easy",)', True),
        ("progress in (1, 2, 45)", True),
        ("progress not in (1, 2, 45)", False),
        ("progress in (washington, seoul, 45)", True),
        ("progress in (washington, seoul)", False),
        ("progress not in (washington, seoul)", True),
        ("progress in ()", False),
        ("45.0 in (45,)", True),
        ("progress in (40 + 5,)", True),
    ],
)
def test_membership(text: str, expected: bool) -> None:
    assert ev(text) is expected


def test_membership_kind_mismatch_at_runtime() -> None:
    with pytest.raises(ExprError):
        ev('progress in ("a", "b")')
    with pytest.raises(ExprError):
        ev("date in (1, 2)")
    with pytest.raises(ExprError):
        ev("date in (progress, 2)")


def test_membership_cannot_be_chained() -> None:
    assert "chained" in refused("1 < progress in (1, 2)").message


# -- logic, if-else, short-circuit ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flag and progress > 40", True),
        ("off or progress > 50", False),
        ("not off", True),
        ("not not flag", True),
        ("flag and not off and progress == 45", True),
        ("off or zero or 7", 7),
        ("flag and 3", 3),
        ("zero and 1 / 0", 0),
        ("1 if flag else 2", 1),
        ("1 if off else 2", 2),
        ('"hard" if progress > 90 else "soft"', "soft"),
        ("1 if off else 2 if flag else 3", 2),
        ("(progress if flag else 0) + 1", 46),
        ("progress > 40 and washington > 50 or seoul > 90", True),
        ("not progress > 40 or off", False),
    ],
)
def test_logic_and_if_else(text: str, expected: Any) -> None:
    assert ev(text) == expected


def boom(*args: str) -> Any:
    raise AssertionError(f"must not be called: {args}")


def test_and_short_circuits_state_functions() -> None:
    c = compile_expr('progress > 90 and seen("x")', NAMES)
    assert c(make_env(seen=boom)) is False
    c = compile_expr('off and chose("a", "b") and seen("c")', NAMES)
    assert c(make_env(seen=boom, chose=boom)) is False


def test_or_short_circuits_state_functions() -> None:
    c = compile_expr('progress > 40 or seen("x")', NAMES)
    assert c(make_env(seen=boom)) is True
    c = compile_expr('flag or off or count("x") > 1', NAMES)
    assert c(make_env(count=boom)) is True


def test_if_else_evaluates_only_one_branch() -> None:
    c = compile_expr('count("a") if flag else count("b")', NAMES)
    assert c(make_env(count=lambda card: {"a": 1}[card])) == 1


# -- functions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min(3, 1, 2)", 1),
        ("max(progress, washington)", 60),
        ("min(progress, 10.5)", 10.5),
        ("abs(-4)", 4),
        ("abs(seoul - progress)", 15),
        ("clamp(progress, 0, 40)", 40),
        ("clamp(-5, 0, 40)", 0),
        ("clamp(20, 0, 40)", 20),
        ("clamp(20, 40, 0)", 0),
        ("round(2.5)", 3),
        ("round(-2.5)", -3),
        ("round(2.4)", 2),
        ("round(-2.6)", -3),
        ("round(0.49999999999999994)", 0),
        ("round(leverage)", 13),
        ("round(7)", 7),
        ("max(min(progress, 50), 10) + round(leverage / 5)", 48),
    ],
)
def test_pure_functions(text: str, expected: Any) -> None:
    result = ev(text)
    assert result == expected
    assert type(result) is type(expected)


def test_round_gives_int() -> None:
    assert type(ev("round(leverage)")) is int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('seen("stockholm")', True),
        ('seen("nowhere")', False),
        ('not seen("nowhere")', True),
        ('count("stockholm")', 2),
        ('count("stockholm") >= 2', True),
        ('since("stockholm") < 5', True),
        ('chose("stockholm", "sign-staged")', True),
        ('chose("stockholm", "walk-away")', False),
        ('seen("stockholm") and chose("stockholm", "sign-staged")', True),
        ('5 if seen("stockholm") else 0', 5),
        ("count('stockholm') * 3 + 1", 7),
    ],
)
def test_state_functions_via_env(text: str, expected: Any) -> None:
    assert ev(text) == expected


def test_state_functions_looked_up_at_evaluation_time() -> None:
    c = compile_expr('seen("x")', NAMES)
    assert c({"seen": lambda card: True}) is True
    assert c({"seen": lambda card: False}) is False


def test_state_function_receives_literal_arguments() -> None:
    got: list[tuple[str, ...]] = []

    def chose(card: str, choice: str) -> bool:
        got.append((card, choice))
        return True

    compile_expr('chose("stockholm", "sign-staged")', NAMES)({"chose": chose})
    assert got == [("stockholm", "sign-staged")]


def test_missing_values_are_expr_errors() -> None:
    with pytest.raises(ExprError, match="'progress' has no value"):
        compile_expr("progress > 1", NAMES)({})
    with pytest.raises(ExprError, match="'progress' has no value"):
        compile_expr("progress + 1", NAMES)({})
    with pytest.raises(ExprError, match="'seen' is not available"):
        compile_expr('seen("x")', NAMES)({})
    with pytest.raises(ExprError, match="'chose' is not available"):
        compile_expr('chose("x", "y")', NAMES)({})


# -- names and refs ----------------------------------------------------------------


def test_names_and_refs_reported() -> None:
    c = compile_expr(
        'progress >= 40 and not seen("stockholm") and chose("stockholm", "sign-staged")'
        ' or seen("stockholm") and max(washington, 1) > 0',
        NAMES,
    )
    assert c.names == frozenset({"progress", "washington"})
    assert c.refs == (
        ("seen", ("stockholm",)),
        ("chose", ("stockholm", "sign-staged")),
    )


def test_constant_expression_has_no_names_or_refs() -> None:
    c = compile_expr("1 + 2", NAMES)
    assert c.names == frozenset()
    assert c.refs == ()
    assert c({}) == 3


def test_names_can_be_any_collection() -> None:
    assert compile_expr("a + b", ["a", "b"])({"a": 1, "b": 2}) == 3
    assert compile_expr("a", {"a": 0})({"a": 5}) == 5


# -- error messages and columns --------------------------------------------------


def test_did_you_mean_name() -> None:
    err = refused("progress > 1 and washingon > 50")
    assert err.message == "unknown name 'washingon'; did you mean 'washington'?"
    assert err.col == 18


def test_unknown_name_without_suggestion_lists_known_names() -> None:
    err = refused("zzzzzz > 1")
    assert err.message == "unknown name 'zzzzzz'"
    assert "progress" in err.hint


def test_did_you_mean_function() -> None:
    err = refused('sen("x")')
    assert err.message == "unknown function 'sen'; did you mean 'seen'?"
    assert err.col == 1
    assert "seen" in err.hint
    err = refused("clmap(progress, 0, 1)")
    assert err.message == "unknown function 'clmap'; did you mean 'clamp'?"


def test_true_false_spelling() -> None:
    assert refused("flag == true").message == "unknown name 'true'; did you mean 'True'?"
    assert refused("false").message == "unknown name 'false'; did you mean 'False'?"


def test_function_used_as_name() -> None:
    err = refused("seen and progress")
    assert "'seen' is a function" in err.message


def test_value_called_as_function() -> None:
    err = refused("progress(1)")
    assert err.message == "'progress' is a value, not a function"


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ("progress > 1 and x.y", 18),
        ("progress > 1 and washingon", 18),
        ("1 + open()", 5),
        ("progress & 1", 10),
        ("progress is 1", 10),
        ("(progress) | 1", 12),
        ("seen(progress)", 6),
        ('chose("a", b)', 12),
        ("1 +* 2", 4),
        ("(1 + 2", 1),
        ("  x.y", 3),
        ('"日本" == progress.y', 9),
        ('"日本" != x', 9),
        ("progress\n  and x.y", 16),
        ("min(1, key=2)", 8),
        ("2 ** 9", 6),
        ("progress in {1}", 13),
        ("1 ^ 2", 3),
        ("progress\x00", 9),
    ],
)
def test_error_columns(text: str, col: int) -> None:
    assert refused(text).col == col


def test_syntax_error_messages_and_hints() -> None:
    err = refused("progress > 1 &&  flag")
    assert "syntax" in err.message
    assert "and" in err.hint
    assert "or" in refused("flag || off").hint
    assert "not" in refused("!flag").hint
    assert "==" in refused("progress = 5").hint
    assert "never closed" in refused("max(1, 2").message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * (MAX_LENGTH + 1), "limit is 500"),
        ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), "32 levels"),
        ("seen()", "takes 1 argument, got 0"),
        ('chose("a")', "takes 2 arguments, got 1"),
        ("clamp(1, 2)", "takes 3 arguments, got 2"),
        ("min(1)", "at least 2 arguments"),
        ("round(1, 2)", "takes 1 argument, got 2"),
        ('seen("")', "empty id"),
        ("min(1, key=abs)", "keyword arguments"),
        ("progress in progress", "list written in brackets"),
        ("2 ** 9", "exponent 9"),
        ("None", "'None' is not allowed"),
        ("_x", "'_'"),
    ],
)
def test_error_messages(text: str, fragment: str) -> None:
    assert fragment in refused(text).message


def test_limits_are_inclusive() -> None:
    text = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert compile_expr(text, NAMES)({}) == 1
    text = "1" + " " * (MAX_LENGTH - 1)
    assert len(text) == MAX_LENGTH
    assert compile_expr(text, NAMES)({}) == 1


def test_brackets_inside_text_do_not_count_as_nesting() -> None:
    assert compile_expr('seen("' + "(" * 100 + '")', NAMES).refs == (("seen", ("(" * 100,)),)


def test_line_breaks_and_tabs_are_spaces() -> None:
    assert ev("progress >= 40\n  and\tflag") is True
    assert ev("  progress") == 45


# -- compile_number ------------------------------------------------------------------


def test_compile_number_constants() -> None:
    for value in (5, -3, 0.25, 0):
        c = compile_number(value, NAMES)
        assert c.source == str(value)
        assert c({}) == value
        assert c.names == frozenset() and c.refs == ()


def test_compile_number_formula() -> None:
    c = compile_number("clamp(progress // 10, 1, 5)", NAMES)
    assert c.source == "clamp(progress // 10, 1, 5)"
    assert c.names == frozenset({"progress"})
    assert c(make_env()) == 4
    assert compile_number("5 if seen('stockholm') else 0", NAMES)(make_env()) == 5
    assert compile_number("7", NAMES)({}) == 7


@pytest.mark.parametrize(
    "value", [True, False, "progress > 5", "not flag", '"text"', 'seen("x")', 1e13, float("nan")]
)
def test_compile_number_refuses_non_numbers(value: Any) -> None:
    with pytest.raises(ExprError):
        compile_number(value, NAMES)


# -- runtime guards ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "env"),
    [
        ("2 ** progress", {"progress": 100}),
        ("progress ** 2", {"progress": 10**7}),
        ("progress * progress", {"progress": 10**7}),
        ("progress + 1", {"progress": 10**12}),
        ("progress * 2", {"progress": float("inf")}),
        ("progress - 1", {"progress": float("nan")}),
        ("(0 - progress) ** 0.5", {"progress": 4}),
        ("0.5 ** progress", {"progress": -(10**9)}),
        ("2 ** progress", {"progress": 10**400}),
        ("progress / 3", {"progress": 10**400}),
        ("round(progress)", {"progress": float("inf")}),
        ("round(progress)", {"progress": float("nan")}),
        ("abs(progress)", {"progress": 10**13}),
        ("progress + 1", {"progress": "12"}),
        ("progress + 1", {"progress": None}),
        ("-progress", {"progress": "x"}),
        ("max(progress, 1)", {"progress": [1]}),
        ("progress > 1", {"progress": None}),
        ("progress in (1, 2)", {"progress": [1]}),
    ],
)
def test_runtime_guards_raise_expr_error(text: str, env: dict[str, Any]) -> None:
    c = compile_expr(text, NAMES)
    with pytest.raises(ExprError) as info:
        c(env)
    assert text in info.value.message
    assert info.value.col > 0


def test_large_but_allowed_results() -> None:
    assert ev("10 ** 8 * 10 ** 4") == 10**12
    assert ev("2 ** progress", progress=39) == 2**39
    assert ev("progress ** 0.5", progress=16) == 4.0


def test_constant_errors_surface_at_load_time() -> None:
    err = refused("99999999999 ** 8")
    assert "too large" in err.message
    err = refused("10 ** 8 * 10 ** 5")
    assert "out of range" in err.message


def test_engine_errors_pass_through() -> None:
    class EngineBug(Exception):
        pass

    def seen(card: str) -> bool:
        raise EngineBug(card)

    with pytest.raises(EngineBug):
        compile_expr('seen("x")', NAMES)({"seen": seen})


def test_evaluation_is_repeatable_and_has_no_state() -> None:
    c = compile_expr("progress * 2 if flag else 0", NAMES)
    results: list[Any] = []
    envs: list[Callable[[], dict[str, Any]]] = [
        lambda: make_env(progress=1),
        lambda: make_env(progress=2, flag=False),
        lambda: make_env(progress=3),
    ]
    for build in envs * 2:
        results.append(c(build()))
    assert results == [2, 0, 6, 2, 0, 6]
