"""Checks on the base scenario's content (content/base).

These run without the loader: they validate every file against the pydantic
schema and do a light static check of the expressions (unknown names, unknown
card or choice ids, flags read but never set, schedules and endings that point
nowhere). When ``game.model.loader`` exists, ``python -m game check`` is the
authoritative check; these tests stay as a quick guard for content authors.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.model.schema import Card, Ending, Reaction, Scenario

BASE = Path(__file__).resolve().parent.parent / "content" / "base"

BUILTINS = {"turn", "turns_left", "date", "year", "month", "capital", "conceded", "delivered",
            "preemptive", "difficulty", "True", "False"}
FUNCTIONS = {"seen", "count", "since", "chose", "min", "max", "abs", "clamp", "round"}
METER_IDS = {"progress", "washington", "seoul", "public", "tension", "leverage", "sincerity"}


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    scenario = Scenario.model_validate(_load(BASE / "scenario.yaml"))
    cards = [Card.model_validate(x) for f in sorted((BASE / "cards").glob("*.yaml"))
             for x in _load(f)]
    reactions = [Reaction.model_validate(x) for f in sorted((BASE / "reactions").glob("*.yaml"))
                 for x in _load(f)]
    endings = [Ending.model_validate(x) for f in sorted((BASE / "endings").glob("*.yaml"))
               for x in _load(f)]
    return {"scenario": scenario, "cards": cards, "reactions": reactions, "endings": endings}


# --------------------------------------------------------------------------- walking


def _walk_effects(effects: Any) -> Iterator[Any]:
    for effect in effects or []:
        yield effect
        for attr in ("effects", "then", "else_"):
            yield from _walk_effects(getattr(effect, attr, None))
        for outcome in getattr(effect, "random", None) or []:
            yield from _walk_effects(outcome.effects)


def _all_effect_lists(c: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    s = c["scenario"]
    for m in s.meters:
        for t in m.thresholds:
            yield f"meter {m.id}", t.effects
    for lever in s.levers:
        yield f"lever {lever.id}", lever.on_lift
        yield f"lever {lever.id}", lever.on_impose
    for a in s.actions:
        yield f"action {a.id}", a.effects
    for d in s.difficulties:
        yield f"difficulty {d.id}", d.effects
    yield "start_effects", s.start_effects
    for card in c["cards"]:
        for ch in card.choices:
            yield f"card {card.id}/{ch.id}", ch.effects
    for r in c["reactions"]:
        yield f"reaction {r.id}", r.effects


def _expressions(c: dict[str, Any]) -> Iterator[tuple[str, str]]:
    s = c["scenario"]
    for t in s.tracks:
        if isinstance(t.formula, str):
            yield f"track {t.id}", t.formula
    if isinstance(s.score, str):
        yield "score", s.score
    for a in s.actions:
        if a.when:
            yield f"action {a.id}", a.when
    for card in c["cards"]:
        if card.when:
            yield f"card {card.id}", card.when
        if isinstance(card.weight, str):
            yield f"card {card.id} weight", card.weight
        for ch in card.choices:
            if ch.when:
                yield f"card {card.id}/{ch.id}", ch.when
    for r in c["reactions"]:
        yield f"reaction {r.id}", r.when
    for e in c["endings"]:
        if e.when:
            yield f"ending {e.id}", e.when
    for where, effects in _all_effect_lists(c):
        for eff in _walk_effects(effects):
            if hasattr(eff, "if_"):
                yield where, eff.if_
            for attr in ("add", "set", "value"):
                value = getattr(eff, attr, None)
                if isinstance(value, str) and not isinstance(value, bool):
                    if attr == "set" and hasattr(eff, "lever"):
                        continue
                    yield where, value


def _set_names(c: dict[str, Any]) -> tuple[set[str], set[str]]:
    flags, counters = set(), set()
    for _, effects in _all_effect_lists(c):
        for eff in _walk_effects(effects):
            if hasattr(eff, "flag"):
                flags.add(eff.flag)
            if hasattr(eff, "counter"):
                counters.add(eff.counter)
    return flags, counters


# --------------------------------------------------------------------------- tests


def test_meters_are_the_agreed_ones(content: dict[str, Any]) -> None:
    ids = {m.id for m in content["scenario"].meters}
    assert ids == METER_IDS
    hidden = {m.id for m in content["scenario"].meters if m.hidden}
    assert hidden == {"sincerity"}


def test_levers_cite_sources(content: dict[str, Any]) -> None:
    for lever in content["scenario"].levers:
        assert lever.source and lever.source.startswith("http"), lever.id
        assert lever.worth > 0, lever.id


def test_score_is_joint(content: dict[str, Any]) -> None:
    assert content["scenario"].score.replace(" ", "").startswith("min(")


def test_ids_are_unique(content: dict[str, Any]) -> None:
    for kind in ("cards", "reactions", "endings"):
        ids = [x.id for x in content[kind]]
        assert len(ids) == len(set(ids)), kind


def test_spring_deck(content: dict[str, Any]) -> None:
    spring = [c for c in content["cards"] if (c.from_ or "2014-03") <= "2014-07"]
    assert len(spring) >= 14


def test_historical_cards(content: dict[str, Any]) -> None:
    for card in content["cards"]:
        assert len(card.choices) >= 2, card.id
        if any(ch.historical for ch in card.choices):
            assert card.history is not None, card.id
        for ch in card.choices:
            assert ch.outcome, f"{card.id}/{ch.id} has no outcome text"
        if card.anchor:
            assert card.history is not None, card.id
            assert card.from_ and card.until, card.id


def test_endings(content: dict[str, Any]) -> None:
    endings = content["endings"]
    assert len(endings) >= 4
    finals = [e for e in endings if e.final]
    assert finals and finals[-1].when is None, "the last final ending must be the fallback"
    assert any(not e.final for e in endings), "there should be early endings"
    for e in endings:
        assert e.history, e.id


def test_expressions_name_known_things(content: dict[str, Any]) -> None:
    s = content["scenario"]
    flags, counters = _set_names(content)
    names = (
        {m.id for m in s.meters} | {lv.id for lv in s.levers} | {t.id for t in s.tracks}
        | flags | counters | BUILTINS
    )
    cards = {c.id: {ch.id for ch in c.choices} for c in content["cards"]}
    problems = []
    for where, text in _expressions(content):
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError as exc:
            problems.append(f"{where}: syntax: {text!r}: {exc}")
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fname = getattr(node.func, "id", None)
                if fname not in FUNCTIONS:
                    problems.append(f"{where}: unknown function {fname!r}")
                    continue
                if fname in {"seen", "count", "since", "chose"}:
                    args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                    if not args or args[0] not in cards:
                        problems.append(f"{where}: unknown card in {text!r}")
                    elif fname == "chose" and (len(args) < 2 or args[1] not in cards[args[0]]):
                        problems.append(f"{where}: unknown choice in {text!r}")
            elif isinstance(node, ast.Name) and node.id not in names | FUNCTIONS:
                problems.append(f"{where}: unknown name {node.id!r} in {text!r}")
            elif isinstance(node, ast.Attribute | ast.Subscript | ast.Lambda):
                problems.append(f"{where}: disallowed syntax in {text!r}")
    assert not problems, "\n".join(problems)


def test_references_resolve(content: dict[str, Any]) -> None:
    cards = {c.id for c in content["cards"]}
    endings = {e.id for e in content["endings"]}
    levers = {lv.id for lv in content["scenario"].levers}
    meters = {m.id for m in content["scenario"].meters}
    problems = []
    for where, effects in _all_effect_lists(content):
        for eff in _walk_effects(effects):
            if hasattr(eff, "schedule") and eff.schedule not in cards:
                problems.append(f"{where}: schedules unknown card {eff.schedule}")
            if hasattr(eff, "end") and eff.end not in endings:
                problems.append(f"{where}: unknown ending {eff.end}")
            if hasattr(eff, "lever") and eff.lever not in levers:
                problems.append(f"{where}: unknown lever {eff.lever}")
            if hasattr(eff, "meter") and eff.meter not in meters:
                problems.append(f"{where}: unknown meter {eff.meter}")
    actors = {a.id for a in content["scenario"].actors}
    advisors = {a.id for a in content["scenario"].advisors}
    for card in content["cards"]:
        if card.actor and card.actor not in actors:
            problems.append(f"card {card.id}: unknown actor {card.actor}")
        for adv in card.advisors:
            if adv not in advisors:
                problems.append(f"card {card.id}: unknown advisor {adv}")
    for r in content["reactions"]:
        if r.actor not in actors:
            problems.append(f"reaction {r.id}: unknown actor {r.actor}")
    assert not problems, "\n".join(problems)


def test_no_machine_paths() -> None:
    for path in BASE.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "/home/" not in text, path.name


# --------------------------------------------------------------------------- playthroughs


def _engine() -> Any:
    loader = pytest.importorskip("game.model.loader")
    game_mod = pytest.importorskip("game.engine.game")
    return loader.load_content([BASE]), game_mod.Game


def _play(content: Any, game_cls: Any, seed: int, historical: bool) -> Any:
    import random

    rnd = random.Random(seed)
    g = game_cls.new(content, seed)
    while not g.over:
        if g.card is None:
            g.pass_turn()
            continue
        open_ = [v.choice for v in g.choices() if v.available]
        assert open_, f"seed {seed}: every choice of {g.card.id} is locked"
        pick = next((c for c in open_ if c.historical), None) if historical else None
        g.choose((pick or rnd.choice(open_)).id)
    return g


def test_random_games_finish_cleanly() -> None:
    content, game_cls = _engine()
    endings = {e.id for e in content.endings}
    for seed in range(1, 41):
        g = _play(content, game_cls, seed, historical=False)
        assert g.ending_id in endings, f"seed {seed}"
        for meter, value in g.meters(hidden=True):
            assert meter.min <= value <= meter.max, f"seed {seed}: {meter.id}"


def test_historical_path_meets_the_spring_anchors() -> None:
    content, game_cls = _engine()
    spine = {"ulan-bator-reunion", "hague-rodong", "stockholm-agreement",
             "committee-easing", "kerry-call"}
    for seed in range(1, 11):
        g = _play(content, game_cls, seed, historical=True)
        missing = spine - set(g.seen)
        assert not missing, f"seed {seed}: never drawn: {sorted(missing)}"
        conceded, _delivered, _pre = g.ledger_totals()
        assert conceded >= 14, f"seed {seed}: history lifted the three agreed measures"
