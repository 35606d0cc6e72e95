"""Checks on the base scenario's content (content/base).

These run without the loader: they validate every file against the pydantic
schema and do a light static check of the expressions (unknown names, unknown
card or choice ids, flags read but never set, schedules and endings that point
nowhere). When ``game.loading.loader`` exists, ``python -m game check`` is the
authoritative check; these tests stay as a quick guard for content authors.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.loading.schema import Card, Ending, Reaction, Scenario

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
    loader = pytest.importorskip("game.loading.loader")
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


# --------------------------------------------------------------------------- the autumn deck


AUTUMN = BASE / "cards" / "2014-autumn.yaml"


def test_autumn_deck_and_total(content: dict[str, Any]) -> None:
    autumn = [Card.model_validate(x) for x in _load(AUTUMN)]
    assert len(autumn) >= 12
    assert len(content["cards"]) >= 60, "the whole deck must reach 60 cards"
    historical = [c for c in autumn if c.history is not None]
    assert len(historical) >= 10
    for card in historical:
        assert "2014" in card.history.date, card.id


def test_unconfirmed_history_says_so(content: dict[str, Any]) -> None:
    """Cards resting on anonymous sources or denied reports say so in the note."""
    cards = {c.id: c for c in content["cards"]}
    for cid in ("asking-price", "kerry-call", "nikkei-list-leak"):
        note = cards[cid].history.note.lower()
        assert "unconfirmed" in note or "anonymous" in note or "unnamed" in note \
            or "nothing ever confirmed" in note, cid


def test_every_choice_differs(content: dict[str, Any]) -> None:
    """A real decision: no two choices of a card have the same effects."""
    for card in content["cards"]:
        dumps = [repr(ch.effects) for ch in card.choices]
        assert len(set(dumps)) == len(dumps), card.id


def test_advisors_disagree_on_history(content: dict[str, Any]) -> None:
    """Historical cards carry at least two advisors' voices."""
    for card in content["cards"]:
        if card.history is not None and any(ch.historical for ch in card.choices):
            assert len(card.advisors) >= 2, card.id


def test_assumptions_page_matches_the_scenario(content: dict[str, Any]) -> None:
    """docs/ASSUMPTIONS.md is the scenario's own text (tools/gen_assumptions.py writes it)."""
    import subprocess
    import sys

    root = BASE.parent.parent
    page = (root / "docs" / "ASSUMPTIONS.md").read_text(encoding="utf-8")
    text = content["scenario"].assumptions.strip()
    assert page.rstrip("\n").endswith(text)
    assert page.count("\n") - text.count("\n") <= 3, "the page adds only its notice"
    run = subprocess.run([sys.executable, str(root / "tools" / "gen_assumptions.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_assumptions_say_what_and_why(content: dict[str, Any]) -> None:
    """The assumptions page discusses each part of the model, with reasons."""
    text = content["scenario"].assumptions.lower()
    for topic in ("one decision a month", "hidden", "ledger", "escalates", "lower of two",
                  "unconfirmed", "political capital", "six levers"):
        assert topic in text, topic
    assert text.count("why") + text.count("because") + text.count("so that") >= 4
    assert text.count("*ask:*") >= 4, "each section should pose a question for the class"


# --------------------------------------------------------------------------- mechanics, felt


def _fresh(seed: int = 7, sincerity: float | None = None) -> Any:
    content, game_cls = _engine()
    g = game_cls.new(content, seed)
    if sincerity is not None:
        g.env["sincerity"] = sincerity
    return g


def _answer(g: Any, card_id: str, choice: str) -> None:
    """Play the first cards historically until ``card_id`` comes, then pick ``choice``."""
    while not g.over and g.card_id != card_id:
        if g.card is None:
            g.pass_turn()
            continue
        open_ = [v.choice for v in g.choices() if v.available]
        pick = next((c for c in open_ if c.historical), open_[0])
        g.choose(pick.id)
    assert g.card_id == card_id, f"{card_id} never came"
    g.choose(choice)


def test_preemptive_relief_costs_the_allies_and_emboldens() -> None:
    """Lifting a measure before anything is received is read by all three capitals."""
    calm, eager = _fresh(), _fresh()
    eager.set_lever("travel_restrictions", "lifted")
    for g in (calm, eager):
        g.choose("humanitarian-only")  # the Ulan Bator card: same answer in both
    assert eager.ledger_totals()[2] >= 1, "the lift was recorded as preemptive"
    assert eager.value("washington") < calm.value("washington")
    assert eager.value("seoul") < calm.value("seoul")
    assert eager.value("emboldened") > calm.value("emboldened")


def test_hidden_intent_changes_what_a_deliverable_is_worth() -> None:
    """The same choice delivers more from a sincere Pyongyang than from a stalling one."""
    values = {}
    for sincerity in (75, 25):
        g = _fresh(seed=11, sincerity=sincerity)
        _answer(g, "committee-easing", "lift-three")
        values[sincerity] = g.ledger_totals()[1]
    assert values[75] > values[25]


def test_quiet_word_is_cheap_then_public_is_costly() -> None:
    """Balance of Power: one consultation settles a quiet word; ignored, it goes public."""
    for answer in (True, False):
        g = _fresh(seed=3)
        g.env["us_concern"] = 1
        g.env["us_conceded_noted"] = 0
        if answer:
            g.take_action("consult_washington")
        for _ in range(5):
            if g.over:
                break
            if g.card is None:
                g.pass_turn()
            else:
                g.choose(next(v.choice.id for v in g.choices() if v.available))
        went_public = "us-public-rebuke" in g.seen
        assert went_public is not answer


def test_mission_chain_follows_the_invitation() -> None:
    """Accepting the invitation brings the families' objection, then the mission, in order."""
    g = _fresh(seed=5)
    _answer(g, "shenyang-invitation", "plan-to-send")
    turn = g.turn
    assert g.card_id == "mission-decision"
    g.choose("send-over-objections")
    assert g.value("families_overruled") is True
    # A scheduled allied rebuke due the same month may push the mission back one month.
    while g.card_id != "ihara-pyongyang" and g.turn <= turn + 2:
        assert g.card_id in ("us-public-rebuke", "seoul-public-rebuke"), g.card_id
        g.choose(g.choices()[0].choice.id)
    assert g.card_id == "ihara-pyongyang" and g.turn <= turn + 2


def test_alliance_is_not_a_free_ride() -> None:
    """Historical play no longer ends with Washington's confidence near the ceiling."""
    content, game_cls = _engine()
    finals = []
    for seed in range(1, 11):
        g = _play(content, game_cls, seed, historical=True)
        finals.append(g.value("washington"))
    assert max(finals) < 92, finals


# --------------------------------------------------------------------------- balance


def _rates(policy: str, games: int) -> tuple[dict[str, float], Any]:
    sim = pytest.importorskip("game.sim.runner")
    result = sim.simulate(sim.SimSpec(games=games, policy=policy, seed=1), jobs=2)
    n = result.stats.games
    return {e: c / n for e, c in result.stats.endings.items()}, result


def _balance_sizes(full: bool) -> tuple[int, int]:
    return (10_000, 1_000) if full else (300, 40)


def test_balance_targets(full: bool) -> None:
    """Issue 3's balance targets, at a small size (``--full``: 10,000 games a policy)."""
    fixed_n, look_n = _balance_sizes(full)
    best = "two-tracks-held"
    good = {"two-tracks-held", "door-ajar"}
    hist, _ = _rates("historical", fixed_n)
    assert hist.get("status-quo-ex-ante", 0) >= 0.6, hist
    reached = set(hist)
    fixed_good = []
    for policy in ("random", "concede", "hardline", "historical"):
        rates, result = _rates(policy, fixed_n) if policy != "historical" else (hist, None)
        assert rates.get(best, 0) <= 0.25, (policy, rates)
        fixed_good.append(sum(rates.get(e, 0) for e in good))
        reached |= set(rates)
        if policy == "random":
            n = result.stats.games
            floor = 0.01 if full else 0.003
            rare = {c: k / n for c, k in result.stats.card_games.items() if k / n < floor}
            missing = set(result.content.cards) - set(result.stats.card_games)
            assert not rare and not missing, (rare, missing)
    look, _ = _rates("lookahead", look_n)
    reached |= set(look)
    assert sum(look.get(e, 0) for e in good) >= max(fixed_good) + 0.2, (look, fixed_good)
    if full:
        content, _g = _engine()
        assert reached >= {e.id for e in content.endings}
