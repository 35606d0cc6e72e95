"""The player view (game.engine.view): what a player can see, and nothing more."""

from __future__ import annotations

import pytest

from game.engine import Game
from game.engine.view import player_view
from game.loading.loader import load_content


@pytest.fixture(scope="module")
def base():
    return load_content()


def test_view_has_no_hidden_meter(base) -> None:
    view = player_view(Game.new(base, 3))
    hidden = {m.id for m in base.scenario.meters if m.hidden}
    assert hidden and not hidden & {m.id for m in view.meters}
    assert view.card is not None and view.card.choices


def test_previews_do_not_depend_on_the_hidden_value(base) -> None:
    """Two games alike but for Pyongyang's real intent show the same previews and rules."""
    a, b = Game.new(base, 3), Game.new(base, 3)
    a.env["sincerity"], b.env["sincerity"] = 20.0, 80.0
    va, vb = player_view(a), player_view(b)
    assert va.card == vb.card
    assert va.actions == vb.actions
    assert va.levers == vb.levers


def test_preview_shows_direction_of_a_lever_lift(base) -> None:
    view = player_view(Game.new(base, 3))
    ferry = view.lever("ferry_ban")
    dirs = {t.meter: t.direction for t in ferry.on_lift.touches}
    assert dirs["washington"] == "-" and dirs["leverage"] == "-"
    assert ferry.on_lift.gives and ferry.imposed


def test_action_that_would_do_nothing_says_so(base) -> None:
    game = Game.new(base, 3)
    game.env["public"] = 65.0  # explaining the policy is worth nothing above 60
    act = player_view(game).action("public_statement")
    assert act.now.empty and "would change nothing now" in act.idle
    game.env["public"] = 30.0
    act = player_view(game).action("public_statement")
    assert not act.now.empty and act.idle == ""


def test_consulting_is_never_idle_it_counts_as_telling_first(base) -> None:
    """No meter moves, but Washington is told before a step: not 'nothing'."""
    game = Game.new(base, 3)
    game.env["washington"] = 65.0
    act = player_view(game).action("consult_washington")
    assert act.now.empty and act.idle == ""


def test_idle_action_is_reported_after(base) -> None:
    game = Game.new(base, 3)
    game.env["public"] = 80.0  # explaining the policy is worth nothing above 60
    assert "would change nothing now" in player_view(game).action("public_statement").idle
    game.take_action("public_statement")
    assert any("it changed nothing" in n.text for n in player_view(game).news)


def test_assessment_is_not_idle_and_sharpens_the_estimate(base) -> None:
    game = Game.new(base, 3)
    before = player_view(game).signals.estimate
    assert before is not None and before.reports == 0 and before.sharpness == "none"
    assert player_view(game).action("assess_intent").idle == ""
    game.take_action("assess_intent")
    after = player_view(game).signals.estimate
    assert after.reports == 1 and after.sharpness != "none"
    assert not any("it changed nothing" in n.text for n in player_view(game).news)


def _next_month(game: Game) -> None:
    if game.card_id is None:
        game.pass_turn()
    else:
        game.choose(next(c.choice.id for c in game.choices() if c.available))


def _lift_in_month_two(base, consult_first: bool) -> Game:
    game = Game.new(base, 3)
    _next_month(game)
    if consult_first:
        game.take_action("brief_seoul")
    game.set_lever("trade_embargo", "lifted")  # far more than was delivered
    _next_month(game)
    return game


def test_concern_is_listed_with_months_left_then_goes(base) -> None:
    game = _lift_in_month_two(base, consult_first=False)
    concerns = {c.id: c for c in player_view(game).concerns}
    assert concerns["seoul_concern"].turns_left == 3
    assert concerns["seoul_concern"].answer == "brief_seoul"
    assert player_view(game).action("brief_seoul").answers == (concerns["seoul_concern"].label,)
    # The counter festers by one a month; at its last month one is left, then it is
    # public (a card and a rebuke) and no longer offered as a cheap settlement.
    game.env["seoul_concern"] = 3
    assert {c.id: c.turns_left for c in player_view(game).concerns}["seoul_concern"] == 1
    game.env["seoul_concern"] = 10
    assert "seoul_concern" not in {c.id for c in player_view(game).concerns}
    game.env["seoul_concern"] = 1
    game.take_action("brief_seoul")
    assert "seoul_concern" not in {c.id for c in player_view(game).concerns}


def test_consulting_before_the_step_heads_the_concern_off(base) -> None:
    game = _lift_in_month_two(base, consult_first=True)
    assert "seoul_concern" not in {c.id for c in player_view(game).concerns}
    assert any("before it was taken" in m.text for m in game.messages)


def test_consulting_after_the_step_is_too_late(base) -> None:
    game = Game.new(base, 3)
    _next_month(game)
    game.set_lever("trade_embargo", "lifted")
    game.take_action("brief_seoul")
    _next_month(game)
    assert "seoul_concern" in {c.id for c in player_view(game).concerns}


def test_reader_plays_from_the_view_and_guesses_intent(base) -> None:
    """The reader finishes games, reads intent by month 8, and never reads a hidden value."""
    from game.engine import Rng
    from game.sim.policies import PolicyMaker
    from game.sim.reader import ReaderPolicy
    from game.sim.runner import play_game
    from game.sim.stats import Stats

    maker = PolicyMaker("reader", base)
    stats = Stats()
    for i in range(6):
        played: list = []
        game = play_game(base, maker, 700 + i, "normal", i, False, played)
        assert game.over
        assert isinstance(played[0], ReaderPolicy) and played[0].intent_guess is not None
        stats.add(game, played[0].intent_guess)
    assert sum(stats.intent_reads.values()) == 6
    # Same seeds, same policy seed: same game (no hidden input).
    again = play_game(base, maker, 700, "normal", 0, False)
    first = play_game(base, maker, 700, "normal", 0, False)
    assert again.digest() == first.digest()
    assert Rng  # the policy's generator is not used: the reader is deterministic


def test_broken_concern_and_estimate_are_located(tmp_path) -> None:
    """A concern naming an unknown action, or an estimate reading a hidden meter, is refused."""
    import shutil

    from game.loading.loader import base_content_dir, check_content

    root = tmp_path / "base"
    shutil.copytree(base_content_dir(), root)
    sc = root / "scenario.yaml"
    text = sc.read_text(encoding="utf-8")
    text = text.replace("answer: consult_washington", "answer: consult_washingtn", 1)
    text = text.replace('value: "intel_sum / intel_weight if intel_weight > 0 else 50"',
                        'value: "sincerity"', 1)
    sc.write_text(text, encoding="utf-8")
    result = check_content([root])
    messages = " | ".join(p.message for p in result.problems)
    assert "unknown action 'consult_washingtn'" in messages
    assert "sincerity" in messages
    assert all(p.line > 0 for p in result.problems if "consult_washingtn" in p.message)
