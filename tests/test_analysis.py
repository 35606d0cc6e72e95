"""Static analysis (quicktest): what can never happen, located by file:line:col."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from game.engine import Game
from game.loading.analysis import BOTH, Num, Vals, _Eval, _Funcs, analyse, reachable_cards
from game.loading.loader import check_content

FIX = Path(__file__).parent / "fixtures"
QT = FIX / "mods" / "quicktest"


@pytest.fixture(scope="module")
def quicktest():
    result = check_content([QT])
    assert result.content is not None, result.problems
    return result, analyse(result)


def _find(problems, text):
    hits = [p for p in problems if p.message.startswith(text)]
    assert hits, f"no problem mentions {text!r}: " + "\n".join(p.format() for p in problems)
    return hits[0]


@pytest.mark.parametrize(("needle", "file", "line", "why"), [
    ("card 'beyond-bounds' can never be drawn", "dead.yaml", 3, "progress stays within 0-100"),
    ("card 'contradiction' can never be drawn", "dead.yaml", 10, "not all at once"),
    ("card 'needs-secret' can never be drawn", "dead.yaml", 15,
     "flag 'secret_deal' is never raised"),
    ("card 'after-dead' can never be drawn", "dead.yaml", 20,
     "card 'contradiction' can never be drawn"),
    ("card 'out-of-calendar' can never be drawn", "dead.yaml", 25, "outside the calendar"),
    ("card 'zero-weight' can never be drawn", "dead.yaml", 30, "weight is 0"),
    ("card 'before-time' can never be drawn", "dead.yaml", 35, "dates do not fit"),
    ("card 'calm-only' can never be drawn", "dead.yaml", 40, "tension can only be 50-100"),
    ("card 'chicken' can never be drawn", "dead.yaml", 45, "card 'egg' can never be drawn"),
    ("card 'egg' can never be drawn", "dead.yaml", 50, "card 'chicken'"),
    ("choice 'calm' of card 'talked-card' can never be taken", "live.yaml", 26, "tension"),
    ("ending 'calm-end' can never be reached", "endings.yaml", 1, "tension"),
    ("ending 'orphan' can never be reached", "endings.yaml", 3, "no condition"),
    ("ending 'shadowed' can never be reached", "endings.yaml", 6, "'fallback'"),
    ("flag 'unused_flag' is set", "live.yaml", 11, "no condition or formula reads it"),
    ("flag 'secret_deal' is read but never raised", "dead.yaml", 15, "beyond-bounds"),
    ("reaction 'never-fires' can never fire", "rules.yaml", 1, "progress"),
    ("action 'shout' can never be taken", "scenario.yaml", 13, "tension"),
    ("threshold 'above 100' of meter 'tension' can never fire", "scenario.yaml", 9, "above 100"),
    ("sets meter 'tension' to 150", "live.yaml", 11, "it will be 100"),
])
def test_each_dead_end_is_found_and_located(quicktest, needle, file, line, why) -> None:
    _result, problems = quicktest
    p = _find(problems, needle)
    assert p.path.endswith(file) and p.line == line and p.col > 0, p.format()
    assert why in p.message, p.format()
    assert p.severity == "warning"


def test_a_card_with_no_takeable_choice_is_an_error(quicktest) -> None:
    _result, problems = quicktest
    p = _find(problems, "card 'stuck' can be drawn but none of its choices")
    assert p.severity == "error" and p.path.endswith("live.yaml") and p.line == 31


def test_live_content_is_not_reported(quicktest) -> None:
    result, problems = quicktest
    text = "\n".join(p.message for p in problems)
    for live in ("'opening'", "'talked-card' can never be drawn", "'scheduled-only'",
                 "'named-only'", "ending 'won'", "ending 'fallback' can", "reaction 'fires'",
                 "flag 'talked'"):
        assert live not in text, live
    drawable, scheduled = reachable_cards(result)
    assert drawable == {"opening", "talked-card", "stuck"}
    # weight 0 and an impossible condition, but a live choice schedules it
    assert scheduled == {"scheduled-only"}


def test_mini_scenario_is_all_reachable() -> None:
    result = check_content([FIX / "mini"])
    drawable, scheduled = reachable_cards(result)
    assert drawable | scheduled == set(result.content.cards)
    assert scheduled == {"report"}  # weight 0: only the 'talks' choice schedules it
    problems = analyse(result)
    assert [p.message.split(" is set")[0] for p in problems] == ["flag 'allies_worried'"]


def test_analysis_agrees_with_random_play() -> None:
    """Everything random play reaches, the analysis must call reachable (it never lies)."""
    for fixture in (FIX / "mini", QT):
        result = check_content([fixture])
        content = result.content
        drawable, scheduled = reachable_cards(result)
        reached: set[str] = set()
        for seed in range(60):
            rng = random.Random(seed)
            game = Game.new(content, seed)
            while not game.over:
                if game.card is None:
                    game.pass_turn()
                    continue
                live = [v.choice.id for v in game.choices() if v.available]
                if not live:
                    break  # the 'stuck' card: the analysis calls it an error
                game.choose(rng.choice(live))
            reached |= set(game.seen)
        assert reached <= drawable | scheduled, reached - (drawable | scheduled)


def _truth(expr: str, env: dict) -> frozenset[bool]:
    return _Eval(_Funcs()).truth(ast.parse(expr, mode="eval").body, env)


@pytest.mark.parametrize(("expr", "expected"), [
    ("x > 100", {False}),
    ("x >= 100", BOTH),
    ("x > 60 and x < 40", {False}),
    ("not (x > 60 and x < 40)", {True}),
    ("x < 40 or x > 60", BOTH),
    ("0 <= x <= 100", {True}),
    ("50 < x < 50", {False}),
    ("x == 50 and x != 50", {False}),
    ("x + 10 > 110", {False}),
    ("max(x, 20) < 20", {False}),
    ("clamp(x, 10, 20) > 20", {False}),
    ("flag and not flag", {False}),
    ("d in ('easy', 'hard')", {False}),
    ("d not in ('easy', 'hard')", {True}),
    ("date >= '2015-01' and date < '2014-06'", {False}),
    ("(5 if flag else 200) > 100", {True}),
    ("(200 if flag else 5) > 100", {False}),
    ("seen('x')", {False}),
])
def test_interval_reasoning(expr, expected) -> None:
    env = {"x": Num(0, 100), "flag": Vals(frozenset({False})),
           "d": Vals(frozenset({"normal"})),
           "date": Vals(frozenset({"2014-03", "2014-12", "2015-06"}))}
    assert _truth(expr, env) == frozenset(expected)


def test_base_content_analysis_runs() -> None:
    """The shipped scenario (while it is being written) analyses without crashing."""
    result = check_content()
    problems = analyse(result)
    assert all(p.path and p.message for p in problems)


def test_a_flag_raised_late_in_the_fixpoint_opens_earlier_cards_choices(tmp_path: Path) -> None:
    """Regression: a card found reachable early must be judged with what is found later."""
    (tmp_path / "cards").mkdir()
    (tmp_path / "endings").mkdir()
    (tmp_path / "scenario.yaml").write_text(
        'id: late\ntitle: Late flags\ncalendar: {start: "2014-01", end: "2014-12"}\n'
        "meters: [{id: m, label: M, start: 50, track: t}]\n"
        "tracks: [{id: t, label: T, formula: m}]\nscore: t\n")
    (tmp_path / "cards" / "c.yaml").write_text(
        "- {id: early, title: Early, body: x, choices: [\n"
        "   {id: opened, label: O, when: late_flag}, {id: plain, label: P}]}\n"
        "- {id: second, title: Second, when: \"seen('first')\", body: x, choices: [\n"
        "   {id: raise, label: R, effects: [{flag: late_flag}]}, {id: nope, label: N}]}\n"
        "- {id: first, title: First, body: x, choices: [{id: a, label: A}, {id: b, label: B}]}\n")
    (tmp_path / "endings" / "e.yaml").write_text(
        "- {id: end, title: End, final: true, epilogue: x}\n")
    result = check_content([tmp_path])
    assert result.content is not None, result.problems
    assert analyse(result) == []
