"""The engine's tracks and ending checks give the answers a fresh evaluation gives.

These tests drive many games' states through them (values of several types
included: ints, floats, and a flag where a number is expected) and compare with
evaluating the content's expressions directly. A fork changed from outside plays
like a game rebuilt from its state. And a finished game is freed as soon as it
is dropped, without waiting for the cycle collector.
"""

from __future__ import annotations

import gc
import random
import weakref
from typing import Any

from game.engine import Game
from game.engine.plan import plan_for
from game.model.content import Content


def _fresh_track(content: Content, env: dict[str, Any], track_id: str) -> float:
    plan = plan_for(content)
    row = next(t for t in plan.tracks if t.id == track_id)
    return max(0.0, min(100.0, float(row.fn(env))))


def _fresh_ending(content: Content, env: dict[str, Any]) -> str | None:
    for e, when in plan_for(content).live_endings:
        if when(env):
            return e.id
    return None


def _shaken(rng: random.Random, value: Any) -> Any:
    """The same kind of value, or an equal one of another type, or a nearby one."""
    if isinstance(value, bool):
        return rng.choice([value, not value])
    if isinstance(value, int | float):
        v = rng.choice([value, value + rng.randint(-15, 15), float(value), int(value)])
        return rng.choice([v, True, False]) if rng.random() < 0.05 else v
    return value


def test_track_and_ending_caches_match_fresh_evaluation(base_content: Content,
                                                        mini_content: Content) -> None:
    for content in (base_content, mini_content):
        rng = random.Random(5)
        meters = [m.id for m in content.scenario.meters]
        names = [*meters, "conceded", "delivered", "preemptive"]
        for seed in range(40):
            game = Game.new(content, seed)
            for _ in range(25):
                for name in rng.sample(names, 3):
                    game.env[name] = _shaken(rng, game.env[name])
                game._update_tracks()
                for t in content.scenario.tracks:
                    assert game.env[t.id] == _fresh_track(content, game.env, t.id)
                    assert type(game.env[t.id]) is float
                expected = _fresh_ending(content, game.env)
                game._check_endings()
                assert game.ending_id == expected
                if game.over:
                    break


def test_a_fork_with_values_changed_from_outside_plays_like_a_rebuilt_game(
        base_content: Content) -> None:
    # A copy whose values are changed by hand (as the lookahead policy does to
    # hidden meters) plays exactly like a game rebuilt from that state.
    game = Game.new(base_content, 3)
    for _ in range(6):
        game.choose(next(v for v in game.choices() if v.available).choice.id)
    twin = game.fork()
    for m in base_content.scenario.meters:
        twin.env[m.id] = 100.0 - float(twin.env[m.id])
    rebuilt = Game.from_snapshot(base_content, twin.snapshot())
    for g in (twin, rebuilt):
        while not g.over:
            if g.card is None:
                g.pass_turn()
            else:
                g.choose(next(v for v in g.choices() if v.available).choice.id)
    assert twin.digest() == rebuilt.digest()


def test_a_finished_game_is_freed_without_the_cycle_collector(base_content: Content) -> None:
    gc.collect()
    gc.disable()
    try:
        game = Game.new(base_content, 9)
        while not game.over:
            if game.card is None:
                game.pass_turn()
            else:
                game.choose(next(v for v in game.choices() if v.available).choice.id)
        gone = weakref.ref(game)
        del game
        assert gone() is None
    finally:
        gc.enable()
