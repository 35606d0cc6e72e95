"""Conditions without `locked:` words read in the player's words, not as code."""

from __future__ import annotations

import re

import pytest

from game.engine.conditions import condition_words
from game.engine.game import Game, IllegalMove
from game.engine.view import player_view

CASES = [
    ("public < 90", "Public below 90"),
    ("public >= 90", "Public at least 90"),
    ("90 > public", "Public below 90"),
    ("not public < 90", "Public at least 90"),
    ("0 <= public < 10", "Public at least 0 and below 10"),
    ("public == 50", "Public exactly 50"),
    ("travel_ban", "Travel ban imposed"),
    ("not travel_ban", "Travel ban lifted"),
    ("travel_ban == False", "Travel ban lifted"),
    ("allies_worried", "allies worried"),
    ("not allies_worried", "not allies worried"),
    ('date >= "2014-05"', "from May 2014 on"),
    ('date < "2014-05"', "before May 2014"),
    ("turn >= 3", "from month 3 on"),
    ('difficulty == "hard"', "on Hard difficulty"),
    ('difficulty in ("normal", "hard")', "on Normal or Hard difficulty"),
    ("seen('talks')", "\u201cTalks\u201d has come up"),
    ("not seen('talks')", "\u201cTalks\u201d has not come up yet"),
    ('chose("talks", "decline")', "you answered \u201cTalks\u201d with \u201cDecline\u201d"),
    ("count('test') >= 2", "the times \u201cMissile test\u201d came up at least 2"),
    ("since('test') > 1", "months since \u201cMissile test\u201d above 1"),
    ("capital >= 2", "political capital at least 2"),
    ("progress + allies > 100", "Progress plus Allies above 100"),
    ("progress + allies - public > 0", "Progress plus Allies minus Public above 0"),
    ("min(progress, allies) >= 40", "the lower of Progress and Allies at least 40"),
    ("public < 90 and (progress > 5 or travel_ban)",
     "Public below 90 and either Progress above 5 or Travel ban imposed"),
    ("not (public < 90 and travel_ban)", "Public at least 90 or Travel ban lifted"),
    ("rejections >= 1", "rejections at least 1"),
    ("public in (10, 20)", "Public at 10 or 20"),
    ("abs(public - 50) < 10", "the size of (Public minus 50) below 10"),
]


@pytest.mark.parametrize(("source", "said"), CASES)
def test_condition_reads_in_player_words(mini_content, source, said) -> None:
    assert condition_words(source, mini_content) == said


def test_every_condition_of_the_base_game_reads_without_code(base_content) -> None:
    # Every expression the shipped content holds, said as a condition or a value:
    # no operator, no underscore, no id of a meter left for the player to decode.
    labels = {m.id: m.label for m in base_content.scenario.meters}
    for source, compiled in base_content.exprs.items():
        said = condition_words(source, base_content)
        assert not re.search(r"[<>=!_*/%]", said), (source, said)
        assert all(labels[n] in said for n in compiled.names & labels.keys()), (source, said)


def test_an_unforeseen_expression_falls_back_to_labels(mini_content) -> None:
    # Not in the language (check refuses it), so it has no words: still no ids shown.
    assert condition_words("public @ travel_ban", mini_content) == "Public @ Travel ban"


def test_closed_action_and_locked_answer_say_what_they_need(mini_content) -> None:
    game = Game.new(mini_content, seed=1)
    game.env["public"] = 95
    speech = next(a for a in game.actions() if a.action.id == "speech")
    assert (speech.available, speech.reason) == (False, "needs Public below 90")
    rule = next(r for r in player_view(game).actions if r.id == "speech")
    assert rule.conditions == "Public below 90"  # "Only when: Public below 90."
    with pytest.raises(IllegalMove, match="needs Public below 90"):
        game.take_action("speech")


def test_the_concerns_hint_counts_them_and_names_the_soonest_deadline() -> None:
    from game.engine.view import ConcernView
    from game.rules_text import concerns_hint

    def concern(left: int) -> ConcernView:
        return ConcernView("c", "Seoul", "Seoul asks", "", left, None, None)

    assert concerns_hint(()) == ("", "")
    assert concerns_hint((concern(3),)) == ("1 concern", "1 open concern, 3 months left")
    assert concerns_hint((concern(3), concern(1)), {"unit": "day"}) == (
        "2 concerns", "2 open concerns, due this day")
