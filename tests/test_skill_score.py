"""The skill score (game.sim.best): the best this seed allowed, and the player's share."""

from __future__ import annotations

import pytest

from game.engine import Game
from game.loading.loader import load_content
from game.model.calendars import date_label
from game.sim.best import (
    SkillReport,
    best_score,
    skill_for_game,
    skill_for_save,
    skill_report,
    with_skill,
)
from game.sim.policies import PolicyMaker
from game.sim.runner import play_game


@pytest.fixture(scope="module")
def base():
    return load_content()


@pytest.fixture(scope="module")
def played(base):
    return play_game(base, PolicyMaker("historical", base), 42, "normal", 0, True)


def test_search_is_deterministic_and_does_not_touch_the_game(base) -> None:
    game = Game.new(base, 42, record=False)
    digest = game.digest()
    a = best_score(game, width=3, bundles=3)
    assert game.digest() == digest
    assert a == best_score(Game.new(base, 42, record=False), width=3, bundles=3)


def test_report_grades_the_game_against_the_best(base, played) -> None:
    rep = skill_report(base, played.seed, played.difficulty, played.decisions,
                       width=4, step_width=2)
    score = played.scores()["score"]
    assert rep.player == score and rep.best >= score
    assert rep.percent == round(100 * score / rep.best)
    assert f"{rep.percent}% of the best this seed allowed" in rep.line
    # History's line on this seed leaves ground on the table: the search beats it.
    assert rep.best > score and rep.worst_turn >= 1 and rep.worst_drop > 0
    assert date_label(rep.worst_date, base.scenario.calendar.unit) in rep.line
    # Stored with the save (meta.extra) and read back without searching again.
    extra = with_skill({"source": "test"}, rep)
    assert extra["source"] == "test"
    assert skill_for_save(base, extra) == rep
    assert skill_for_game(played, extra) == rep
    assert SkillReport.from_dict(rep.to_dict()) == rep


def test_no_skill_for_a_game_still_running(base) -> None:
    assert skill_for_game(Game.new(base, 1)) is None
    assert skill_for_save(base, {"skill": {"version": -1}}) is None
    assert skill_for_save(base, {"skill": "junk"}) is None


def test_debrief_shows_the_skill_line(base, played) -> None:
    from game.report.debrief import build_debrief
    from game.report.html import debrief_html
    from game.report.markdown import debrief_markdown

    rep = skill_report(base, played.seed, played.difficulty, played.decisions,
                       width=2, step_width=1)
    d = build_debrief(played, "Ana", None, rep)
    assert "**Skill:** " + rep.line in debrief_markdown(d)
    assert "of the best this seed allowed" in debrief_html(d)
    assert "Skill:" not in debrief_markdown(build_debrief(played, "Ana"))
