"""The fast YAML path (yaml-rs) must read exactly what PyYAML reads, or step aside.

PyYAML is the reference: :func:`read_yaml` may hand a file to yaml-rs only when
both parsers are sure to agree (see ``yamlsource._read_fast``). These tests
compare the two paths, value for value and type for type, over the shipped
content, the test fixtures, the example mods, and generated documents full of
the scalars on which YAML 1.1 and 1.2 differ. Full-size fuzzing runs with
``--full``.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.loading import yamlsource as ys
from game.loading.yamlsource import YamlFileError, read_yaml

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(ys._yaml_rs is None, reason="yaml-rs is not installed")


def same(a: Any, b: Any) -> bool:
    """Equal values of exactly the same types, all the way down (dict order too)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (
            len(a) == len(b)
            and all(same(k, j) for k, j in zip(a, b, strict=True))
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def outcome(text: str) -> str:
    """'fast' if the fast path read ``text`` as PyYAML does, 'reference' if it left
    it to PyYAML; fails the test if the fast path read it otherwise."""
    fast = ys._read_fast(text)
    if fast is ys._UNSURE:
        return "reference"
    try:
        reference = ys._read_reference(text, "x.yaml")
    except YamlFileError as exc:  # pragma: no cover - only when the fast path is wrong
        pytest.fail(f"yaml-rs read a file PyYAML refuses ({exc}):\n{text}")
    assert same(fast, reference), f"fast path differs:\n{text!r}\n{fast!r}\n{reference!r}"
    return "fast"


def shipped_files() -> list[Path]:
    found: list[Path] = []
    for top in ("content", "tests/fixtures", "examples"):
        found.extend(sorted((ROOT / top).rglob("*.yaml")))
    return found


def test_shipped_content_fixtures_and_examples_read_alike() -> None:
    files = shipped_files()
    assert len(files) > 40
    results = [outcome(p.read_text(encoding="utf-8")) for p in files]
    # The fast path is really used: most shipped files take it.
    assert results.count("fast") > len(files) // 2


def test_the_benchmark_mod_takes_the_fast_path(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "content_load", ROOT / "benchmarks" / "content_load.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate_mod(tmp_path, cards=60, per_file=20)
    files = sorted(tmp_path.rglob("*.yaml"))
    assert [outcome(p.read_text(encoding="utf-8")) for p in files] == ["fast"] * len(files)


def _words(text: str) -> list[str]:
    return text.split()


# Scalars on which YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs) may differ, and some
# that look like them but are safe.
TOKENS = _words("""yes no on off Yes No On Off YES NO ON OFF y n Y N true false True False TRUE
FALSE tRUE nULL null Null NULL ~ 0 00 01 07 08 09 010 0777 0o17 0O17 0x1F 0X1F 0b101
0B101 0x_1 0b_1 0_7 1_000 1__0 1_ _1 -_1 +_1 +1 -1 +0 -0 +05 -07 5 42
123456789012345678901234 1.5 .5 5. 0. 0.0 -0.5 +0.5 +.5 -.5 ._5 1.0e3 1.0e+3 1.0E-3 1e3
1E3 1e+3 .5e+3 5.e+3 1_0.5 1.5_0 1.0e-3_0 .inf -.inf +.inf .Inf .INF .iNf .nan .NaN .NAN
.nAn nan inf 1:30 190:20:30 1:30.5 -1:30 10:00:00 2014-05-01 2014-5-1 2014-05-01T10:00:00Z
2014-05-01t10:00:00.5+09:00 2014-13-01 2014-05 2014 = == << < > - + . .. ... -. +. _ __
a1 1a 12abc 1.2.3 1,000 3e 0x 0o e5 x:y 1:a !x !!str !!int &a *a ? ?x @x `x %x | > #x x#y
gen-00001 gen_flag_3 "2015" '2015' "no" 'yes' "0777" '1:30' "1e3" "" ''""")
CONTEXTS = [
    "a: {}\n", "- {}\n", "[{}]\n", "{{a: {}}}\n", "{}: x\n", "? {}\n: x\n", "a: [x, {}]\n",
    "a: {} # c\n", "a: {}   \n", "{}\n", "a:\n  - {}\n", "a: {{b: {}}}\n", '{{"a":{}}}\n',
    "a: [{},]\n", "a: x\n  {}\n", "a: {}\r\n", "a: {}",
]


@pytest.mark.parametrize("token", TOKENS)
def test_each_tricky_scalar_reads_as_pyyaml_reads_it(token: str) -> None:
    for context in CONTEXTS:
        outcome(context.format(token))


def test_yaml11_words_numbers_and_dates_go_to_pyyaml() -> None:
    for text in ("a: no\n", "a: [on]\n", "yes: 1\n", "a: 0777\n", "a: 1:30\n",
                 "a: 2014-05-01\n", "a: =\n", "a: 1.0e3\n"):
        assert outcome(text) == "reference", text
    # ...while quoted ones, and plain numbers both read alike, need not.
    for text in ("a: 'no'\n", 'a: "0777"\n', "a: 12\n", "a: [1, -2, 0.5]\n", "a: |\n  no\n"):
        assert outcome(text) == "fast", text


def test_deep_nesting_is_left_to_pyyaml() -> None:
    # yaml-rs overflows its stack (the process dies) on blocks nested ~20,000 deep.
    deep = "- " * 20_000 + "x\n"
    assert outcome(deep) == "reference"
    try:
        data = read_yaml(deep, "x.yaml")
    except YamlFileError as exc:
        # PyYAML from 6.0.4 limits nesting: then it is a located error, never a crash.
        (problem,) = exc.problems
        assert "nesting depth" in problem.message and problem.line == 1 and problem.col > 1
    else:
        for _ in range(20_000):
            (data,) = data
        assert data == "x"
    indented = "".join(" " * i + "k:\n" for i in range(600)) + " " * 600 + "v\n"
    assert outcome(indented) == "reference"


def test_duplicate_keys_are_still_reported_by_pyyaml() -> None:
    with pytest.raises(YamlFileError) as info:
        read_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert info.value.problems[0].format().startswith("x.yaml:3:1: error: duplicate key 'a'")


def test_without_yaml_rs_pyyaml_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "- id: a\n  title: T\n  weight: 2\n"
    monkeypatch.setattr(ys, "_yaml_rs", None)
    assert read_yaml(text, "x.yaml") == [{"id": "a", "title": "T", "weight": 2}]


def test_a_failing_fast_parser_falls_back_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        @staticmethod
        def loads(text: str, **options: Any) -> Any:
            raise RuntimeError("broken build")

    monkeypatch.setattr(ys, "_yaml_rs", Broken)
    assert read_yaml("a: [1, 2]\n", "x.yaml") == {"a": [1, 2]}
    with pytest.raises(YamlFileError):
        read_yaml("a: [1, 2\n", "x.yaml")


# --------------------------------------------------------------------------- generated documents


def _scalar(r: random.Random) -> str:
    text = r.choice(TOKENS) if r.random() < 0.8 else r.choice(["abc", "x y", "Tokyo's", "no way"])
    return text + (r.choice([" #c", "  ", " # no"]) if r.random() < 0.1 else "")


def _key(r: random.Random) -> str:
    return r.choice(["a", "b", "no", "on", "1", "0777", "1e3", "1:30", "true", "~", "'q'", '"d"',
                     "2015", "x y"])


def _node(r: random.Random, depth: int, indent: int) -> str:
    c = r.random()
    pad = " " * indent
    if depth > 2 or c < 0.35:
        return " " + _scalar(r)
    if c < 0.5:
        return " [" + ", ".join(_scalar(r) for _ in range(r.randint(0, 3))) + "]"
    if c < 0.6:
        return " {" + ", ".join(f"{_key(r)}: {_scalar(r)}" for _ in range(r.randint(0, 3))) + "}"
    if c < 0.8:
        return "".join(f"\n{pad}  {_key(r)}:{_node(r, depth + 1, indent + 2)}"
                       for _ in range(r.randint(1, 3)))
    if c < 0.9:
        return "".join(f"\n{pad}  -{_node(r, depth + 1, indent + 2)}"
                       for _ in range(r.randint(1, 3)))
    return " |\n" + "".join(f"{pad}  {_scalar(r)}\n" for _ in range(2)).rstrip("\n")


def tricky_document(r: random.Random) -> str:
    """A small document mixing tricky scalars, flow and block collections."""
    lines = [f"- {_scalar(r)}" if r.random() < 0.15 else f"{_key(r)}:{_node(r, 0, 0)}"
             for _ in range(r.randint(1, 5))]
    text = "\n".join(lines) + "\n"
    return text.replace("\n", "\r\n") if r.random() < 0.1 else text


_WORDS = ["gen", "Tokyo's", "answer", "no", "yes", "1", "0777", "1e3", "1:30", "-", "#", ": ",
          " #", "'", '"', "\\", "\t", "é", "日本", "—", "\u2028", "a,b", "[x]", "{y}", "!", "&a",
          "*b", "?", "|", ">", "%", "@", "`", "  ", "\n", "\n\n", "2015", "2014-05-01", "~",
          "null", "true", "=", "<<", ".5", "+.5", "", " lead", "trail ", "a: b", "- c", "...",
          "---"]


def _text(r: random.Random) -> str:
    return "".join(r.choice(_WORDS) + (" " if r.random() < 0.5 else "")
                   for _ in range(r.randint(0, 6)))


def _data(r: random.Random, depth: int = 0) -> Any:
    c = r.random()
    if depth > 3 or c < 0.4:
        c = r.random()
        if c < 0.6:
            return _text(r)
        if c < 0.75:
            return r.randint(-1000, 100000)
        if c < 0.85:
            return r.choice([True, False, None])
        return r.choice([0.5, -1.25, 3.0, 1e20, 12345.678])
    if c < 0.7:
        return {_text(r) or "k": _data(r, depth + 1) for _ in range(r.randint(0, 4))}
    return [_data(r, depth + 1) for _ in range(r.randint(0, 4))]


def dumped_document(r: random.Random) -> str:
    """Random data written by PyYAML in a random style (quoting, flow, width, indent)."""
    data = _data(r)
    text = yaml.dump(
        data if isinstance(data, dict | list) else [data],
        default_style=r.choice([None, None, None, '"', "'", "|", ">"]),
        default_flow_style=r.choice([False, True, None]),
        width=r.choice([20, 40, 80, 1000]),
        allow_unicode=r.random() < 0.5,
        indent=r.choice([2, 3, 4]),
        sort_keys=False,
    )
    return text.replace("\n", "\r\n") if r.random() < 0.2 else text


_INDICATORS = ["|", ">", "|-", ">-", "|+", ">+", "|2", ">1", "|-1", "|+2", "| # c", ">- # c",
               "|  ", "|1-", ">2+", ""]
_LINES = ["x", "", " y", "  z", "x y", "x  y ", "- item", "# not comment", "key: v", "'q'",
          '"q"', "> q", "**b**", "   ", "\\n", "x\\", "a: [1, 2]", "{b: c}", "'it''s'",
          '"esc \\" q"', '"\\x41\\u00e9\\t"', "é 日本", "no", "1:30", "a #b", "a: b: c"]


def block_document(r: random.Random) -> str:
    """Block scalars ('|', '>') with every indicator, odd indentation and endings."""
    lines = [("" if c == "" and r.random() < 0.5 else " " * r.randint(0, 5)) + c
             for c in (r.choice(_LINES) for _ in range(r.randint(0, 5)))]
    tail = r.choice(["\n", "\n\n", "\nb: 1\n", "\n  \n", "\n\n\nb: 1\n", "\n# c\n", "\n  # c\n",
                     "\n- z\n", "\n  c: 2\n"])
    lead = r.choice(["a: ", "- ", "a:\n  b: ", "- a: ", "a: [1]\nb: ", "a:\n- ", "- - ",
                     "a: x\nb:\n  - c: "])
    text = lead + r.choice(_INDICATORS) + "\n" + "\n".join(lines) + tail
    return text.replace("\n", "\r\n") if r.random() < 0.2 else text


GENERATORS = [tricky_document, dumped_document, block_document]


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_generated_documents_read_alike(generate: Any) -> None:
    r = random.Random(2014)
    results = [outcome(generate(r)) for _ in range(1500)]
    assert results.count("fast") > 50  # the comparison says something


@pytest.mark.full
@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_generated_documents_read_alike_full(generate: Any) -> None:
    for seed in range(5):
        r = random.Random(seed)
        for _ in range(20000):
            outcome(generate(r))
