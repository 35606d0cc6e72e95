"""Tests for game.loading.yamlsource: fast reading, and precise ``line:col`` problems.

Every YAML text here is small and written out in full, so each expected
``line:col`` can be checked by eye (lines and columns are 1-based).
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Discriminator, Tag, TypeAdapter, ValidationError

from game.loading.problems import Problem
from game.loading.yamlsource import (
    SourceMap,
    YamlFileError,
    read_yaml,
    validation_problems,
    yaml11_warnings,
)

# --------------------------------------------------------------------------- test model


def _effect_kind(value: Any) -> str | None:
    # "meter" is deliberately both a tag and a key, "flag_set" is a tag only:
    # the locator must cope with both.
    if isinstance(value, dict):
        if "meter" in value:
            return "meter"
        if "flag" in value:
            return "flag_set"
    return None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MeterEffect(Strict):
    meter: Literal["tension", "trust"]
    add: int


class FlagEffect(Strict):
    flag: str
    set: bool = True


Effect = Annotated[
    Annotated[MeterEffect, Tag("meter")] | Annotated[FlagEffect, Tag("flag_set")],
    Discriminator(_effect_kind),
]


class Option(Strict):
    label: str
    effects: list[Effect] = []


class Card(Strict):
    id: str
    title: str
    weight: float = 1.0
    text: str = ""
    options: list[Option] = []


CARDS = TypeAdapter(list[Card])


def problems_for(text: str, *, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """Read and validate ``text`` as a list of cards; return the located problems."""
    data = read_yaml(text, "cards.yaml")
    for part in prefix:
        data = data[part]
    with pytest.raises(ValidationError) as info:
        CARDS.validate_python(data)
    return validation_problems(
        info.value, SourceMap.build(text), "cards.yaml", prefix=prefix, model=list[Card]
    )


def where(problem: Problem) -> str:
    """``line:col: message`` — what the tests compare."""
    return f"{problem.line}:{problem.col}: {problem.message}"


# --------------------------------------------------------------------------- validation errors


def test_wrong_type_deep_in_nested_lists_of_mappings() -> None:
    text = (
        "# the first card\n"          # 1
        "- id: talks\n"               # 2
        "  title: Talks\n"            # 3
        "  options:\n"                # 4
        "    - label: Press\n"        # 5
        "      effects:\n"            # 6
        "        - meter: trust\n"    # 7
        "          add: lots\n"       # 8   'lots' at col 16
    )
    [problem] = problems_for(text)
    assert where(problem) == "8:16: 'lots' is not a number"
    assert problem.hint
    assert problem.format().startswith("cards.yaml:8:16: error: 'lots' is not a number")


def test_flow_style_mapping_points_inside_the_braces() -> None:
    text = (
        "- id: talks\n"
        "  title: Talks\n"
        "  options:\n"
        "    - label: Press\n"
        "      effects: [{meter: trust, add: 2}, {meter: tension, add: x}]\n"
    )
    # line 5: the second '{' is at col 41, 'x' at col 63
    [problem] = problems_for(text)
    assert where(problem) == "5:63: 'x' is not a number"


def test_missing_field_points_at_the_mapping_that_lacks_it() -> None:
    text = (
        "- id: one\n"
        "  title: One\n"
        "- id: two\n"          # 3: this card has no title; its mapping starts at col 3
        "  weight: 2\n"
    )
    [problem] = problems_for(text)
    assert where(problem) == "3:3: missing field 'title'"
    assert "title:" in problem.hint


def test_extra_key_points_at_the_key_and_suggests_the_field() -> None:
    text = (
        "- id: one\n"
        "  title: One\n"
        "  wieght: 2\n"        # 3: the key is at col 3, its value at col 11
    )
    [problem] = problems_for(text)
    assert where(problem) == "3:3: unknown field 'wieght' (did you mean 'weight'?)"
    assert "weight" in problem.hint


def test_extra_key_without_model_still_points_at_the_key() -> None:
    text = "- id: one\n  title: One\n  colour: red\n"
    data = read_yaml(text, "cards.yaml")
    with pytest.raises(ValidationError) as info:
        CARDS.validate_python(data)
    [problem] = validation_problems(info.value, SourceMap.build(text), "cards.yaml")
    assert where(problem) == "3:3: unknown field 'colour'"


def test_union_tag_that_is_not_a_key_is_skipped() -> None:
    text = (
        "- id: one\n"
        "  title: One\n"
        "  options:\n"
        "    - label: Go\n"
        "      effects:\n"
        "        - flag: 12\n"      # 6: loc has the tag 'flag_set', not a key here
        "          sett: true\n"    # 7
    )
    problems = problems_for(text)
    assert [where(p) for p in problems] == [
        "6:17: expected text, got 12",
        "7:11: unknown field 'sett' (did you mean 'set'?)",
    ]


def test_union_tag_equal_to_a_key_is_read_both_ways() -> None:
    # loc is (0, 'options', 0, 'effects', i, 'meter', <field>): the tag 'meter' is
    # also a key, whose value is a scalar; the field after it must still be found.
    text = (
        "- id: one\n"
        "  title: One\n"
        "  options:\n"
        "    - label: Go\n"
        "      effects:\n"
        "        - {meter: trust, add: x}\n"    # 6: 'x' at col 31
        "        - {meter: tension}\n"           # 7: no 'add'; mapping at col 11
        "        - {meter: calm, add: 1}\n"      # 8: 'calm' at col 19
    )
    problems = problems_for(text)
    assert [where(p) for p in problems] == [
        "6:31: 'x' is not a number",
        "7:11: missing field 'add'",
        "8:19: 'calm' is not allowed here; allowed values: 'tension', 'trust'",
    ]


def test_literal_error_suggests_the_closest_value() -> None:
    text = (
        "- id: a\n"
        "  title: A\n"
        "  options:\n"
        "    - label: L\n"
        "      effects: [{meter: trus, add: 1}]\n"
    )
    [problem] = problems_for(text)
    assert problem.message.endswith("(did you mean 'trust'?)")
    assert "'tension', 'trust'" in problem.message


def test_unknown_kind_of_union_entry() -> None:
    text = (
        "- id: a\n"
        "  title: A\n"
        "  options:\n"
        "    - label: L\n"
        "      effects:\n"
        "        - colour: red\n"   # 6: neither 'meter' nor 'flag'
    )
    [problem] = problems_for(text)
    assert where(problem) == "6:11: cannot tell what kind of entry this is"
    assert "'meter', 'flag_set'" in problem.hint


def test_several_errors_in_one_file_are_all_reported_in_line_order() -> None:
    text = (
        "- id: one\n"              # 1
        "  title: One\n"           # 2
        "  weight: heavy\n"        # 3: 'heavy' at col 11
        "- title: Two\n"           # 4: no id; mapping at col 3
        "  text: |\n"              # 5: a block scalar...
        "    Line one of the text,\n"
        "    line two: with a colon.\n"
        "  optoins: []\n"          # 8: ...then an unknown key at col 3
        "- id: three\n"            # 9
        "  title: [not, text]\n"   # 10: flow list at col 10
    )
    problems = problems_for(text)
    assert [where(p) for p in problems] == [
        "3:11: 'heavy' is not a number",
        "4:3: missing field 'id'",
        "8:3: unknown field 'optoins' (did you mean 'options'?)",
        "10:10: expected text, got a list",
    ]
    assert all(p.severity == "error" and p.path == "cards.yaml" for p in problems)


def test_anchor_and_alias_point_at_the_anchored_definition() -> None:
    text = (
        "- id: one\n"
        "  title: One\n"
        "  options:\n"
        "    - &walk\n"              # 4
        "      label: Walk\n"        # 5
        "      effects: [{meter: tension, add: many}]\n"   # 6: 'many' at col 39
        "- id: two\n"
        "  title: Two\n"
        "  options: [*walk]\n"
    )
    problems = problems_for(text)
    # The same bad value is seen through both cards; both point where it is written.
    assert [where(p) for p in problems] == [
        "6:39: 'many' is not a number",
        "6:39: 'many' is not a number",
    ]


def test_merge_key_values_are_found_and_overrides_are_not_duplicates() -> None:
    text = (
        "- &base\n"
        "  id: base\n"
        "  title: Base\n"
        "  weight: 2\n"
        "- <<: *base\n"      # 5
        "  id: copy\n"       # 6: overrides the merged id: not a duplicate key
        "  weight: lots\n"   # 7: overrides the merged weight with a bad value
    )
    [problem] = problems_for(text)
    assert where(problem) == "7:11: 'lots' is not a number"


def test_prefix_locates_an_object_inside_a_larger_file() -> None:
    text = (
        "version: 1\n"
        "cards:\n"
        "  - id: one\n"
        "    title: One\n"
        "    weight: x\n"    # 5: 'x' at col 13
    )
    [problem] = problems_for(text, prefix=("cards",))
    assert where(problem) == "5:13: 'x' is not a number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("just a sentence\n", "1:1: expected the file to be a list, got 'just a sentence'"),
        ("# comment first\n42\n", "2:1: expected the file to be a list, got 42"),
        ("id: one\ntitle: One\n", "1:1: expected the file to be a list, got a mapping"),
    ],
)
def test_document_that_is_not_a_list_at_top(text: str, expected: str) -> None:
    data = read_yaml(text, "cards.yaml")
    with pytest.raises(ValidationError) as info:
        CARDS.validate_python(data)
    [problem] = validation_problems(info.value, SourceMap.build(text), "cards.yaml")
    assert where(problem) == expected


def test_model_class_and_type_adapter_are_accepted_as_model() -> None:
    text = "id: a\ntitle: A\nwieght: 1\n"
    data = read_yaml(text, "card.yaml")
    with pytest.raises(ValidationError) as info:
        Card.model_validate(data)
    source = SourceMap.build(text)
    for model in (Card, TypeAdapter(Card)):
        [problem] = validation_problems(info.value, source, "card.yaml", model=model)
        assert where(problem) == "3:1: unknown field 'wieght' (did you mean 'weight'?)"


def test_columns_count_characters_not_bytes() -> None:
    text = "- id: ää\n  title: Ünïcödé\n  weight: größer\n"   # 3: value at col 11
    [problem] = problems_for(text)
    assert where(problem) == "3:11: 'größer' is not a number"


# --------------------------------------------------------------------------- SourceMap directly


def test_position_of_values_keys_and_missing_fields() -> None:
    text = "a:\n  b:\n    - x: 1\n      y: |\n        two\n        lines\n      z: 3\n"
    source = SourceMap.build(text)
    assert source.position(()) == (1, 1)
    assert source.position(("a", "b", 0, "z")) == (7, 10)
    assert source.position(("a", "b", 0, "z"), key=True) == (7, 7)
    assert source.position(("a", "b", 0, "y")) == (4, 10)         # the '|' indicator
    assert source.position(("a", "b", 0, "w")) == (3, 7)          # missing: the mapping
    assert source.position(("a", "b", 0, "w"), missing=True) == (3, 7)
    assert source.position(("a", "b", 5)) == (3, 5)               # past the end: the list
    assert source.position(("a", "SomeModel", "b", 0, "x")) == (3, 10)


def test_position_for_empty_and_unreadable_text() -> None:
    assert SourceMap.build("").position(("a",)) == (1, 1)
    assert SourceMap.build("a: [1\n").position(("a",)) == (0, 0)


# --------------------------------------------------------------------------- read_yaml


def test_read_yaml_returns_the_same_data_as_the_safe_loader() -> None:
    text = bench_cards(5)
    assert read_yaml(text, "x.yaml") == yaml.load(text, Loader=yaml.CSafeLoader)


def test_duplicate_keys_are_all_reported_with_the_first_line() -> None:
    text = (
        "- id: one\n"         # 1
        "  title: One\n"      # 2
        "  weight: 1\n"       # 3
        "  text: hi\n"        # 4
        "  weight: 2\n"       # 5
        "- id: two\n"         # 6
        "  title: Two\n"      # 7
        "  options:\n"        # 8
        "    - {label: a, label: b}\n"   # 9: second 'label' at col 18
    )
    with pytest.raises(YamlFileError) as info:
        read_yaml(text, "cards.yaml")
    problems = info.value.problems
    assert [where(p) for p in problems] == [
        "5:3: duplicate key 'weight' (first at line 3)",
        "9:18: duplicate key 'label' (first at line 9)",
    ]
    assert all(p.hint for p in problems)
    assert "cards.yaml:5:3: error: duplicate key 'weight'" in str(info.value)


def test_a_duplicate_next_to_a_merge_override_is_reported_once() -> None:
    text = (
        "- &base {id: base, title: Base, weight: 2}\n"
        "- &mid\n"                  # 2
        "  <<: *base\n"
        "  title: Middle\n"         # overrides the merged title: fine
        "- <<: *mid\n"              # 5: a merge of a mapping that merges
        "  id: copy\n"
        "  weight: 3\n"
        "  weight: 4\n"             # 8: written twice here: a duplicate
        "- *mid\n"                  # the same mapping again, through an alias
    )
    with pytest.raises(YamlFileError) as info:
        read_yaml(text, "x.yaml")
    assert [where(p) for p in info.value.problems] == [
        "8:3: duplicate key 'weight' (first at line 7)"]
    merged_only = text.replace("  weight: 4\n", "")
    assert read_yaml(merged_only, "x.yaml")[2] == {
        "id": "copy", "title": "Middle", "weight": 3}


def test_deep_nesting_is_a_located_error_not_a_crash() -> None:
    deep = "- " * 20_000 + "x\n"
    try:
        data = read_yaml(deep, "x.yaml")
    except YamlFileError as exc:
        # libyaml as built into PyYAML's wheels limits nesting: a located error.
        (problem,) = exc.problems
        assert "nesting depth" in problem.message and problem.line == 1 and problem.col > 1
    else:
        for _ in range(20_000):
            (data,) = data
        assert data == "x"


def test_keys_equal_as_values_are_duplicates() -> None:
    with pytest.raises(YamlFileError) as info:
        read_yaml("1: a\n0x1: b\n", "x.yaml")
    assert [where(p) for p in info.value.problems] == ["2:1: duplicate key '0x1' (first at line 1)"]


@pytest.mark.parametrize(
    ("text", "expected", "hint_word"),
    [
        # A tab in the indentation.
        ("cards:\n  - id: a\n\ttitle: x\n", "3:1: tab character in indentation", "spaces"),
        # An unclosed quote: point at the opening quote, not the end of the file.
        ("- id: a\n  title: 'Talks\n  weight: 2\n", "2:10: quoted text is never closed", "quote"),
        # A line that does not fit the indentation.
        ("a:\n  b: 1\n c: 2\n", "3:2: bad indentation", "spaces"),
        # A colon inside a plain value.
        ("title: Talks: round two\n", "1:13: unexpected ':' in a value", "quotes"),
        # An unclosed flow mapping.
        ("a: {x: 1\nb: 2\n", "2:2: unclosed '{' opened at line 1, column 4", "}"),
        # Python object tags are refused, never executed.
        ("a: !!python/object/apply:os.system [echo]\n",
         "1:4: tag '!!python/object/apply:os.system' is not allowed", "tag"),
        ("a: *nowhere\n", "1:4: alias refers to an anchor that is not defined", "&"),
        ("a: 1\n---\nb: 2\n", "2:1: a second document ('---') in the file", "one document"),
        ("a: 1\nb: \x07\n", "2:4: character U+0007 is not allowed in YAML", "delete"),
    ],
)
def test_syntax_errors_are_located(text: str, expected: str, hint_word: str) -> None:
    with pytest.raises(YamlFileError) as info:
        read_yaml(text, "bad.yaml")
    [problem] = info.value.problems
    assert where(problem).startswith(expected)
    assert hint_word in problem.hint
    assert problem.path == "bad.yaml" and problem.severity == "error"


def test_an_impossible_date_is_a_located_problem() -> None:
    # PyYAML reads an unquoted 2014-13-01 as a date and fails with a bare ValueError.
    with pytest.raises(YamlFileError) as info:
        read_yaml("- id: a\n  from: 2014-13-01\n", "cards.yaml")
    [problem] = info.value.problems
    assert where(problem) == "2:9: '2014-13-01' is not a valid date (month must be in 1..12)"
    assert "quotes" in problem.hint
    assert read_yaml("when: 2014-05-01\n", "x.yaml") == {"when": datetime.date(2014, 5, 1)}


def test_empty_document_reads_as_none() -> None:
    assert read_yaml("", "x.yaml") is None
    assert read_yaml("# only a comment\n", "x.yaml") is None


def test_pure_python_fallback_when_libyaml_is_missing() -> None:
    # Run in a fresh interpreter: the loader class is chosen at import time.
    script = textwrap.dedent(
        """
        import yaml
        del yaml.CSafeLoader  # as if PyYAML had been built without libyaml
        from game.loading import yamlsource as ys
        assert not ys.HAVE_LIBYAML
        assert ys.read_yaml("a: [1, 2]\\n", "x") == {"a": [1, 2]}
        try:
            ys.read_yaml("a: 1\\nb: 2\\na: 3\\n", "x")
        except ys.YamlFileError as exc:
            assert exc.problems[0].format().startswith("x:3:1: error: duplicate key 'a'")
        else:
            raise AssertionError("duplicate not found")
        assert ys.SourceMap.build("a:\\n  b: 1\\n").position(("a", "b")) == (2, 6)
        """
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- YAML 1.1 booleans


def test_yaml11_booleans_are_warned_about() -> None:
    text = (
        "answer: no\n"          # 1: value at col 9
        "quoted: 'no'\n"        # 2: fine
        "real: true\n"          # 3: fine, a real boolean
        "short: n\n"            # 4: PyYAML keeps 'n' as text
        "list: [yes, maybe]\n"  # 5: 'yes' at col 8
        "on: 1\n"               # 6: a key read as True
        "text: say no, then\n"  # 7: part of a longer plain text: fine
    )
    warnings = yaml11_warnings(text, "x.yaml")
    assert [where(w) for w in warnings] == [
        "1:9: 'no' is read as false, not as text",
        "5:8: 'yes' is read as true, not as text",
        "6:1: 'on' is read as true, not as text",
    ]
    assert all(w.severity == "warning" and "quotes" in w.hint for w in warnings)


def test_yaml11_booleans_are_warned_about_in_windows_line_endings() -> None:
    warnings = yaml11_warnings("answer: no\r\nok: fine\r\n", "x.yaml")
    assert [where(w) for w in warnings] == ["1:9: 'no' is read as false, not as text"]


def test_yaml11_warnings_skip_clean_and_unreadable_files() -> None:
    assert yaml11_warnings(bench_cards(3), "x.yaml") == []
    assert yaml11_warnings("a: [no\n", "x.yaml") == []


# --------------------------------------------------------------------------- speed


def bench_cards(n: int = 200) -> str:
    """YAML text of ``n`` card-like entries (about 840 bytes each: 200 ≈ 170 KB)."""
    out = ["# generated benchmark cards\n"]
    for i in range(n):
        out.append(
            f"""- id: card_{i:03d}
  title: "Talks in Stockholm, round {i}"
  weight: {1 + i % 5}.5
  year: {2014 + i % 3}
  tags: [diplomacy, abduction_issue, sanctions, round_{i % 7}]
  when:
    all:
      - {{meter: tension, below: {40 + i % 20}}}
      - {{flag: talks_open}}
  text: |
    Delegations meet again behind closed doors. The agenda is the same as
    last time: the reinvestigation of the abductions, the easing of some
    sanctions, and what each side can show at home afterwards. Card {i}.
  options:
    - label: Press for a full list of names
      effects:
        - {{meter: trust, add: -2}}
        - {{meter: tension, add: 3}}
        - {{flag: list_demanded, set: true}}
    - label: Accept a phased report
      effects:
        - {{meter: trust, add: 2}}
        - {{meter: domestic_support, add: -3}}
    - label: Walk away for now
      effects:
        - {{meter: tension, add: 5}}
"""
        )
    return "".join(out)


def test_read_yaml_runs_on_the_c_loader_and_agrees_with_it() -> None:
    # Speed is measured by benchmarks/content_load.py, not here; this checks the
    # reader really is the C loader (the pure-Python one is several times slower).
    from game.loading import yamlsource

    assert issubclass(yamlsource._Loader, yaml.CSafeLoader)
    text = bench_cards(200)
    assert read_yaml(text, "x.yaml") == yaml.load(text, Loader=yaml.CSafeLoader)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "- &x [1, 2]\n- *x\n", "[&x 1, *x]\n", "{k: &x 1, j: *x}\n",
    "--- &x\na: 1\n", "a: &x\n  b: 1\nc: *x\n",
])
def test_every_anchor_form_is_seen_so_aliases_are_always_counted(text: str) -> None:
    # Files without an anchor skip the alias count; every way to write one must be seen.
    from game.loading.yamlsource import _ANCHOR

    assert _ANCHOR.search(text)
    assert not _ANCHOR.search("title: R & D, Q and A\nbody: a & b\n")
