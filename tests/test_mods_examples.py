"""The example mods in examples/mods: they load, analyse clean and play."""

from __future__ import annotations

import random
from pathlib import Path

from game.engine import Game
from game.loading.analysis import analyse
from game.loading.folders import base_content_dir
from game.loading.loader import check_content

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "mods"


def _play_out(game: Game, seed: int) -> Game:
    rng = random.Random(seed)
    while not game.over:
        if game.card is None:
            game.pass_turn()
            continue
        game.choose(rng.choice([v.choice.id for v in game.choices() if v.available]))
    return game


def test_red_cross_mod_layers_over_the_base_game() -> None:
    result = check_content([base_content_dir(), EXAMPLES / "red-cross"])
    assert result.errors == [], [p.format() for p in result.errors]
    content = result.content
    assert content is not None
    assert "nikkei-list-leak" not in content.cards
    assert {"red-cross-offer", "red-cross-report"} <= set(content.cards)
    assert content.cards["diet-question"].weight == 3
    appeal = content.cards["humanitarian-appeal"]
    assert "red_cross" in appeal.advisors and len(appeal.advisors) > 1
    assert "Red Cross advises" in appeal.choices[0].label
    assert any(a.id == "red_cross" for a in content.scenario.advisors)
    assert content.endings[-1].id == "red-cross-breakthrough"
    mine = [p for p in analyse(result) if "red-cross" in p.path or "red_cross" in p.message]
    assert mine == [], [p.format() for p in mine]
    seen: set[str] = set()
    for seed in range(12):
        seen |= set(_play_out(Game.new(content, seed), seed).seen)
    assert "red-cross-offer" in seen


def test_harbour_is_a_whole_scenario_that_plays_to_an_ending() -> None:
    result = check_content([EXAMPLES / "harbour"])
    assert result.content is not None and result.problems == []
    assert analyse(result) == []
    endings = {_play_out(Game.new(result.content, s), s).ending_id for s in range(30)}
    assert endings <= {"incident", "calm-season", "uneasy-season"} and len(endings) >= 2
    # loaded with --mod over the base game, it replaces it
    over = check_content([base_content_dir(), EXAMPLES / "harbour"])
    assert over.content is not None and over.content.scenario.id == "harbour"
