"""Simulated games play without the change log and news, and are the same games.

The simulator (without ``--save-dir``) plays ``Game.new(..., record=False)``:
no Change or Message records. Everything else must be exactly what a
recording game holds, and its decisions replayed in a recording game must
give the full game, byte for byte (the one the goldens pin).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from game.engine import Game
from game.model.content import Content
from game.sim.policies import PolicyMaker
from game.sim.runner import SimSpec, _Worker, game_seed, play_game, policy_seed


def _state(game: Game) -> dict[str, Any]:
    snap = game.snapshot()
    del snap["log"], snap["messages"]
    return snap


@pytest.mark.parametrize("policy", ["random", "historical", "hardline"])
def test_unrecorded_games_are_the_recorded_games_without_their_records(
        policy: str, base_content: Content, mini_content: Content, full: bool) -> None:
    games = 300 if full else 40
    for content in (base_content, mini_content):
        maker = PolicyMaker(policy, content)
        diffs = [d.id for d in content.scenario.difficulties]
        for i in range(games):
            args = (content, maker, game_seed(5, i), diffs[i % len(diffs)], policy_seed(5, i))
            quiet = play_game(*args, record=False)
            loud = play_game(*args)
            assert quiet.log == [] and quiet.messages == []
            assert _state(quiet) == _state(loud)
            assert quiet.scores() == loud.scores()
            assert quiet.ledger_totals() == loud.ledger_totals()
            again = Game.replay(content, quiet.seed, quiet.difficulty, quiet.decisions)
            assert again.digest() == loud.digest()
            assert json.dumps(again.snapshot()) == json.dumps(loud.snapshot())
            if i < 3 and content is base_content:
                assert loud.log and loud.messages  # the records were really skipped


def test_the_runner_records_only_games_it_saves(tmp_path: Any, mini_content: Content,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Game] = []
    original = Game.new.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Game], *args: Any, **kwargs: Any) -> Game:
        game = original(cls, *args, **kwargs)
        made.append(game)
        return game

    monkeypatch.setattr(Game, "new", classmethod(spy))
    _Worker(SimSpec(3), mini_content).run(0, 3)
    assert made and all(g.log == [] for g in made)
    made.clear()
    _Worker(SimSpec(3, save_dir=str(tmp_path)), mini_content).run(0, 3)
    played = [g for g in made if g.over]
    assert len(played) >= 3 and all(g.log for g in played)
    saved = json.loads(next(tmp_path.iterdir()).read_text())
    assert "log" in json.dumps(saved)
