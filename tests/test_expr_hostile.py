"""Hostile input for the content expression language (game.model.expr).

Every string here must be refused by ``compile_expr`` with an ``ExprError``
carrying a clear message, and nothing in it may run: dangerous builtins and
``os.system`` are replaced by counting sentinels while it is compiled.
"""

from __future__ import annotations

import ast
import builtins
import itertools
import math
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.model.expr import MAX_DEPTH, MAX_LENGTH, ExprError, compile_expr

NAMES = frozenset({"progress", "washington", "date", "flag", "x", "y", "sentinel"})


def H(text: str, fragment: str | None = None, id: str | None = None) -> Any:
    """One hostile case: the text, a fragment its error message must contain, a test id."""
    return pytest.param(text, fragment, id=id)


HOSTILE = [
    # -- dunder and attribute access
    H("().__class__.__bases__", "attribute access"),
    H("().__class__.__bases__[0].__subclasses__()", "attribute access"),
    H('"".__class__.__mro__[1].__subclasses__()', "attribute access"),
    H("x.__class__", "attribute access"),
    H("progress.real", "attribute access"),
    H("progress.__add__(1)", "attribute access"),
    H('seen.__globals__["__builtins__"]', "indexing"),
    H("seen.__code__", "attribute access"),
    H("(1).__class__", "attribute access"),
    H("[].append", "attribute access"),
    H('"a".join(("b", "c"))', "attribute access"),
    H('"{0.__class__}".format(1)', "attribute access"),
    H("True.__class__.__base__", "attribute access"),
    H("clamp(progress, 0, 100).__class__", "attribute access"),
    H("round(progress).bit_length()", "attribute access"),
    H("min.__self__", "attribute access"),
    H('seen.__call__("x")', "attribute access"),
    H("os.system('ls')", "attribute access"),
    H("sys.exit()", "attribute access"),
    H("__builtins__", "'_'"),
    H("__builtins__.open", "attribute access"),
    H("__import__('os')", "'_'"),
    H("__import__('os').system('echo pwned')", "attribute access"),
    H("__loader__", "'_'"),
    H("__spec__", "'_'"),
    H("__name__", "'_'"),
    H("__debug__", "'_'"),
    H("_private", "'_'"),
    H("_", "'_'"),
    H("progress + _secret", "'_'"),
    H("_seen('x')", "'_'"),
    # -- calls outside the allow-list
    H("open('/etc/passwd')", "unknown function 'open'"),
    H("open('x', 'w')", "unknown function 'open'"),
    H("eval('1')", "unknown function 'eval'"),
    H("exec('x = 1')", "unknown function 'exec'"),
    H("getattr(progress, '__class__')", "unknown function 'getattr'"),
    H("setattr(x, 'y', 1)", "unknown function 'setattr'"),
    H("delattr(x, 'y')", "unknown function 'delattr'"),
    H("print('hi')", "unknown function 'print'"),
    H("type(progress)", "unknown function 'type'"),
    H("type('X', (), {})", "unknown function 'type'"),
    H("compile('1', 'f', 'eval')", "unknown function 'compile'"),
    H("globals()", "unknown function 'globals'"),
    H("locals()", "unknown function 'locals'"),
    H("vars()", "unknown function 'vars'"),
    H("dir()", "unknown function 'dir'"),
    H("input()", "unknown function 'input'"),
    H("breakpoint()", "unknown function 'breakpoint'"),
    H("exit()", "unknown function 'exit'"),
    H("quit()", "unknown function 'quit'"),
    H("help()", "unknown function 'help'"),
    H("len('abc')", "unknown function 'len'"),
    H("range(10 ** 9)", "unknown function 'range'"),
    H("sum((1, 2))", "unknown function 'sum'"),
    H("chr(65)", "unknown function 'chr'"),
    H("id(1)", "unknown function 'id'"),
    H("hash(1)", "unknown function 'hash'"),
    H("iter(())", "unknown function 'iter'"),
    H("bytearray(10 ** 9)", "unknown function 'bytearray'"),
    H("super()", "unknown function 'super'"),
    H("object()", "unknown function 'object'"),
    H("int('9' * 5000)", "unknown function 'int'"),
    H("sentinel()", "is a value, not a function"),
    H("progress()", "is a value, not a function"),
    H("(lambda: 1)()", "only the game's functions"),
    H("seen('a')('b')", "only the game's functions"),
    H("min(1, 2)(3)", "only the game's functions"),
    H("(x if flag else y)()", "only the game's functions"),
    # -- starred and keyword arguments, arity
    H("max(*(1, 2))", "starred"),
    H("seen(*['a'])", "starred"),
    H("min(1, 2, key=abs)", "keyword arguments"),
    H("round(1.5, ndigits=1)", "keyword arguments"),
    H("seen(card='a')", "keyword arguments"),
    H("min(1, **x)", "'**' arguments"),
    H("round(1.55, 1)", "takes 1 argument"),
    H("clamp(1, 2)", "takes 3 arguments"),
    H("abs()", "takes 1 argument"),
    H("min(1)", "at least 2"),
    H("max()", "at least 2"),
    H("seen()", "takes 1 argument"),
    H("seen('a', 'b')", "takes 1 argument"),
    H("chose('a')", "takes 2 arguments"),
    # -- non-literal arguments to state functions
    H("seen(x)", "ids written in quotes"),
    H("seen('a' + 'b')", "ids written in quotes"),
    H("seen(f'a')", "ids written in quotes"),
    H("seen(sentinel())", "ids written in quotes"),
    H("count(1)", "ids written in quotes"),
    H("chose('a', progress)", "ids written in quotes"),
    H("since(seen)", "ids written in quotes"),
    H("seen(('a',))", "ids written in quotes"),
    H("seen(b'a')", "ids written in quotes"),
    H("seen(open('x'))", "ids written in quotes"),
    H("seen('')", "empty id"),
    H("seen(date)", "ids written in quotes"),
    # -- comprehensions and generators
    H("[x for x in (1, 2)]", "comprehensions"),
    H("{x for x in (1, 2)}", "comprehensions"),
    H("{x: 1 for x in (1, 2)}", "comprehensions"),
    H("(x for x in (1, 2))", "generator"),
    H("max(x for x in (1, 2))", "generator"),
    H("[sentinel() for _ in (1,)]", "comprehensions"),
    H("progress > 1 and [sentinel() for x in y]", "comprehensions"),
    H("progress in [y for y in (1,)]", "comprehensions"),
    # -- lambdas and walrus
    H("lambda: 1", "lambda"),
    H("lambda x: x", "lambda"),
    H("(lambda: sentinel())()", "only the game's functions"),
    H("(lambda f: f(f))(lambda f: f(f))", "only the game's functions"),
    H("1 if flag else (lambda: 1)", "lambda"),
    H("(x := 1)", ":="),
    H("(progress := 100)", ":="),
    H("(y := sentinel())", ":="),
    H("progress in [y := 1, y]", ":="),
    # -- f-strings
    H("f'{progress}'", "f-strings"),
    H("f\"{__import__('os').system('id')}\"", "f-strings"),
    H("f'{sentinel()}'", "f-strings"),
    H("f'{progress!r}'", "f-strings"),
    H("f'{progress:>{10**9}}'", "f-strings"),
    H("date == f'{date}'", "f-strings"),
    # -- subscripts and slices
    H("progress[0]", "indexing"),
    H("'abc'[0]", "indexing"),
    H("'abc'[::-1]", "indexing"),
    H("(1, 2)[0]", "indexing"),
    H("seen['a']", "indexing"),
    H("date[0:4] == '2014'", "indexing"),
    H("[1][0]", "indexing"),
    # -- dicts, sets, lists and tuples outside 'in'
    H("{1: 2}", "dictionaries"),
    H("{1, 2}", "sets"),
    H("{}", "dictionaries"),
    H("progress in {1, 2}", "list written in brackets"),
    H("progress in {1: 2}", "list written in brackets"),
    H("(1, 2)", "only allowed on the right of 'in'"),
    H("[1, 2]", "only allowed on the right of 'in'"),
    H("1, 2", "only allowed on the right of 'in'"),
    H("max([1, 2])", "only allowed on the right of 'in'"),
    H("min((1, 2))", "only allowed on the right of 'in'"),
    H("progress in ((1, 2), 3)", "only allowed on the right of 'in'"),
    H("progress in [[1]]", "only allowed on the right of 'in'"),
    H("'a' in 'abc'", "list written in brackets"),
    H("'a' in date", "list written in brackets"),
    H("progress in range(10)", "list written in brackets"),
    H("progress in (x for x in y)", "generator"),
    H("progress in (1, 'a')", "mix text and numbers"),
    H("progress in [*x]", "starred"),
    H("1 < progress in (1, 2)", "chained"),
    # -- literals that are not allowed
    H("None", "None"),
    H("progress == None", "None"),
    H("...", "'...'"),
    H("progress if flag else ...", "'...'"),
    H("b'abc'", "bytes"),
    H("1j", "complex"),
    H("progress + 2j", "complex"),
    H("1e999", "too large"),
    H("10000000000000", "too large"),
    H("-1e13", "too large"),
    # -- huge powers and arithmetic on text
    H("9**9**9", "exponent"),
    H("10**100", "exponent"),
    H("2**64", "exponent"),
    H("progress ** 9", "exponent"),
    H("progress ** -9", "exponent"),
    H("(-2) ** 1000", "exponent"),
    H("2 ** 2 ** 2 ** 2 ** 2", "exponent"),
    H("2.0 ** 1e10", "exponent"),
    H("99999999999 ** 8", "too large"),
    H("10 ** 8 * 10 ** 8", "out of range"),
    H("999999999999 * 999999999999", "out of range"),
    H("'a' * 10 ** 9", "text"),
    H("'a' * 1000", "text"),
    H("'a' + 'b'", "text"),
    H("'%s' % progress", "text"),
    H("-'a'", "text"),
    H("'2014' == 2014", "text"),
    H("date < 5 < 'x'", "text"),
    # -- operators that are not allowed
    H("~progress", "'~'"),
    H("progress << 100000", "'<<'"),
    H("1 << 10 ** 8", "'<<'"),
    H("progress >> 1", "'>>'"),
    H("progress & 1", "'&'"),
    H("progress | 1", "'|'"),
    H("progress ^ 2", "'^'"),
    H("progress @ progress", "'@'"),
    H("progress is None", "'is'"),
    H("progress is not 1", "'is not'"),
    # -- statements, generators, await, broken syntax
    H("import os", "syntax"),
    H("x = 1", "syntax"),
    H("del x", "syntax"),
    H("progress; sentinel()", "syntax"),
    H("progress\nimport os", "syntax", id="newline-import"),
    H("if x: y", "syntax"),
    H("def f(): pass", "syntax"),
    H("class A: pass", "syntax"),
    H("raise SystemExit", "syntax"),
    H("assert False", "syntax"),
    H("global x", "syntax"),
    H("async def f(): pass", "syntax"),
    H("await sentinel()", "'await'"),
    H("(yield)", "'yield'"),
    H("(yield from x)", "'yield from'"),
    H("progress and", "syntax"),
    H("progress &&  flag", "syntax"),
    H("!flag", "syntax"),
    H("progress > 1 if x", "syntax"),
    H("'unterminated", "syntax"),
    H('"""', "syntax"),
    H("progress \\\n + 1", "syntax", id="backslash-continuation"),
    H("", "empty", id="empty"),
    H("   ", "empty", id="spaces"),
    H("# only a comment", "syntax"),
    H("\n\t\n", "empty", id="whitespace-lines"),
    # -- unknown names and functions used as values
    H("true", "did you mean 'True'"),
    H("washingon > 1", "did you mean 'washington'"),
    H("seen", "is a function"),
    H("min", "is a function"),
    H("progress if seen else 1", "is a function"),
    H("int", "unknown name 'int'"),
    H("os", "unknown name 'os'"),
    H("builtins", "unknown name 'builtins'"),
    H("null", "no empty value"),
    # -- deep nesting and size
    H("(" * 1000 + "1" + ")" * 1000, "limit is 500", id="parens-1000"),
    H("(" * 100000 + "1" + ")" * 100000, "limit is 500", id="parens-100000"),
    H("(" * 240 + "1" + ")" * 240, "32 levels", id="parens-240"),
    H("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), "32 levels", id="parens-33"),
    H("[" * 100 + "]" * 100, "32 levels", id="brackets-100"),
    H("{" * 100 + "}" * 100, "32 levels", id="braces-100"),
    H("(" * 250, "32 levels", id="unclosed-250"),
    H("max(" * 40 + "1" + ", 1)" * 40, "32 levels", id="nested-calls-40"),
    H("(1 if x else " * 33 + "1" + ")" * 33, "32 levels", id="nested-ifexp-33"),
    H("-" * 400 + "1", "nested more than", id="unary-minus-400"),
    H("not " * 120 + "flag", "nested more than", id="not-120"),
    H("+".join(["1"] * 200), "nested more than", id="sum-200-terms"),
    H("(-" * 33 + "1" + ")" * 33, "32 levels", id="parens-unary-33"),
    H("1+" * 500000 + "1", "limit is 500", id="megabyte-sum"),
    H("x" * 1_000_000, "limit is 500", id="megabyte-name"),
    H("'" + "a" * 1_000_000 + "'", "limit is 500", id="megabyte-string"),
    H("x" * (MAX_LENGTH + 1), "limit is 500", id="length-501"),
    H("1" + " " * MAX_LENGTH, "limit is 500", id="trailing-spaces-501"),
    # -- NUL, control characters and unicode tricks
    H("progress\x00", "NUL", id="nul-after"),
    H("\x00", "NUL", id="nul-only"),
    H("seen('a\x00b')", "NUL", id="nul-in-string"),
    H("progress\x0b> 1", "U+000B", id="vertical-tab"),
    H("progress\x0c> 1", "U+000C", id="form-feed"),
    H("progress\x1b[31m", "U+001B", id="ansi-escape"),
    H("progress\x7f", "U+007F", id="delete"),
    H("progress\u200b > 1", "U+200B", id="zero-width-space"),
    H("progress > 1 \u202e", "U+202E", id="bidi-override"),
    H("progress \u2028 > 1", "U+2028", id="line-separator"),
    H("progress\ufeff", "U+FEFF", id="bom"),
    H("'\ud800'", "U+D800", id="lone-surrogate"),
    H("ｏｐｅｎ('x')", "outside quotes", id="fullwidth-open"),
    H("＿＿import＿＿('os')", "outside quotes", id="fullwidth-underscores"),
    H("𝐨𝐩𝐞𝐧('x')", "outside quotes", id="math-bold-open"),
    H("prоgress > 1", "outside quotes", id="cyrillic-o"),
    H("ℙrogress", "outside quotes", id="double-struck-p"),
    H("progress ＞ 1", "outside quotes", id="fullwidth-greater"),
    H("progress\u00a0> 1", "U+00A0", id="no-break-space"),
]


class Tripwires:
    """Sentinels standing in for dangerous callables; they record calls while armed."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.armed = False

    def compile(self, text: Any, names: frozenset[str] = NAMES) -> ExprError | None:
        """Compile with the sentinels armed; return the ExprError, or None if accepted."""
        self.armed = True
        try:
            compile_expr(text, names)
        except ExprError as err:
            return err
        finally:
            self.armed = False
        return None


@pytest.fixture
def tripwires(monkeypatch: pytest.MonkeyPatch) -> Tripwires:
    """Replace dangerous builtins and os.system by recording sentinels."""
    wires = Tripwires()
    real_import = builtins.__import__

    def trip(name: str) -> Any:
        def sentinel(*args: Any, **kwargs: Any) -> None:
            wires.calls.append(name)

        return sentinel

    def counting_import(*args: Any, **kwargs: Any) -> Any:
        if wires.armed:
            wires.calls.append(f"__import__ {args[0]}")
        return real_import(*args, **kwargs)

    for name in ("open", "eval", "exec", "print", "input", "breakpoint", "exit", "quit"):
        monkeypatch.setattr(builtins, name, trip(name))
    monkeypatch.setattr(builtins, "sentinel", trip("sentinel"), raising=False)
    monkeypatch.setattr(builtins, "__import__", counting_import)
    monkeypatch.setattr(os, "system", trip("os.system"))
    return wires


@pytest.mark.parametrize(("text", "fragment"), HOSTILE)
def test_hostile_input_is_refused_and_nothing_runs(
    text: str, fragment: str | None, tripwires: Tripwires
) -> None:
    err = tripwires.compile(text)
    assert tripwires.calls == []
    assert err is not None, "hostile text was accepted"
    assert err.message.strip(), "the message must say what went wrong"
    assert err.message[0].isalpha() or err.message[0] in "'(", err.message
    assert len(err.message) < 400, "the message must stay readable"
    if fragment is not None:
        assert fragment.lower() in err.message.lower(), err.message
    assert 0 <= err.col <= len(text) + 1


def test_there_are_many_hostile_cases() -> None:
    assert len(HOSTILE) >= 120
    texts = [p.values[0] for p in HOSTILE]
    assert len(set(texts)) == len(texts), "each hostile string once"


def test_nothing_is_called_at_compile_time_even_for_valid_text(tripwires: Tripwires) -> None:
    calls: list[str] = []
    assert tripwires.compile('seen("x") and sentinel > 1') is None
    assert tripwires.calls == []
    c = compile_expr('seen("x") and sentinel > 1', NAMES)

    def seen(card: str) -> bool:
        calls.append(card)
        return True

    env = {"sentinel": 5, "seen": seen}
    assert c(env) is True
    assert calls == ["x"]


@pytest.mark.parametrize("value", [None, b"progress", 5, 1.5, ["progress"], object()])
def test_non_text_input_is_refused(value: Any) -> None:
    with pytest.raises(ExprError, match="must be text"):
        compile_expr(value, NAMES)


def test_module_has_no_eval_exec_or_compile() -> None:
    source = Path(__file__).parent.parent / "game" / "model" / "expr.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    forbidden = {"eval", "exec", "compile", "__import__", "getattr", "globals", "locals"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in forbidden, f"line {node.lineno} calls {node.func.id}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = {alias.name for alias in node.names}
            assert not names & {"os", "sys", "subprocess", "builtins", "importlib"}


# -- evaluation never raises anything but ExprError ----------------------------------

VALID = [
    "progress + washington",
    "progress - 1",
    "progress * washington",
    "progress / washington",
    "progress // washington",
    "progress % washington",
    "progress ** 2",
    "2 ** progress",
    "progress ** washington",
    "-progress",
    "+progress",
    "not progress",
    "progress > washington",
    "progress <= 3",
    "progress == washington",
    "progress != 'a'",
    "date >= '2014-05'",
    "0 < progress < washington",
    "progress in (1, 2.5, 3)",
    "progress in ('a', 'b')",
    "progress not in (washington, 1)",
    "progress and washington",
    "progress or washington",
    "progress if washington else date",
    "min(progress, washington)",
    "max(progress, 1, washington)",
    "abs(progress)",
    "clamp(progress, washington, 10)",
    "round(progress)",
    'seen("a") + 1',
    'count("a") > progress',
    'since("a") * 2',
    'chose("a", "b") or progress',
    'not seen("a") and count("a") in (1, 2)',
]

ODD_VALUES: list[Any] = [
    0,
    -1,
    7,
    2.5,
    -0.0,
    True,
    False,
    10**12,
    -(10**12),
    10**13,
    10**400,
    -(10**400),
    1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    "",
    "a",
    "2014-05",
    None,
    [1],
    (),
    {},
    object(),
]


def _env(progress: Any, washington: Any, state: Any) -> dict[str, Any]:
    return {
        "progress": progress,
        "washington": washington,
        "date": progress,
        "flag": washington,
        "seen": lambda card: state,
        "count": lambda card: state,
        "since": lambda card: state,
        "chose": lambda card, choice: state,
    }


def _evaluate_or_expr_error(text: str, env: dict[str, Any]) -> None:
    try:
        compiled = compile_expr(text, NAMES)
    except ExprError:
        return
    try:
        result = compiled(env)
    except ExprError as err:
        assert err.message and text in err.message
        return
    if isinstance(result, float) and not isinstance(result, bool):
        assert math.isnan(result) or abs(result) <= 1e12 or result in env.values()


@pytest.mark.parametrize("text", VALID)
def test_evaluation_raises_only_expr_error(text: str) -> None:
    for progress, washington in itertools.product(ODD_VALUES, repeat=2):
        _evaluate_or_expr_error(text, _env(progress, washington, progress))


_leaf = st.one_of(
    st.sampled_from(["progress", "washington", "date", "flag", "x", "y"]),
    st.integers(-(10**13), 10**13).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.sampled_from(["True", "False", "'a'", "'2014-05'", "0", "1", "-1", "0.5"]),
    st.sampled_from(['seen("a")', 'count("a")', 'since("b")', 'chose("a", "b")']),
)


_BINARY_OPERATORS = [
    *("+", "-", "*", "/", "//", "%", "**"),
    *("<", "<=", ">", ">=", "==", "!="),
    *("and", "or"),
]


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(
        children,
        st.sampled_from(_BINARY_OPERATORS),
        children,
    ).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    unary = st.tuples(st.sampled_from(["-", "+", "not "]), children).map(
        lambda t: f"({t[0]}{t[1]})"
    )
    ifexp = st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})")
    call = st.tuples(
        st.sampled_from(["min", "max", "abs", "clamp", "round"]),
        st.lists(children, min_size=1, max_size=3),
    ).map(lambda t: f"{t[0]}({', '.join(t[1])})")
    member = st.tuples(children, st.lists(children, max_size=3)).map(
        lambda t: f"({t[0]} in ({''.join(e + ', ' for e in t[1])}))"
    )
    return st.one_of(binary, unary, ifexp, call, member)


_expressions = st.recursive(_leaf, _extend, max_leaves=12)
_values = st.one_of(
    st.integers(),
    st.floats(),
    st.booleans(),
    st.text(max_size=5),
    st.sampled_from([None, [1], (), 10**400, float("nan")]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_expressions, progress=_values, washington=_values, state=_values)
def test_fuzzed_evaluation_raises_only_expr_error(
    text: str, progress: Any, washington: Any, state: Any
) -> None:
    env = _env(progress, washington, state)
    env["x"] = state
    env["y"] = progress
    _evaluate_or_expr_error(text, env)
