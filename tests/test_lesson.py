"""Lesson mode: a class code asks for a lesson variant; the class meets the same cards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.classroom.classcode import ClassCode, ClassCodeError
from game.classroom.lessonfit import measure_class, play_student, words_read
from game.classroom.whatif import branch
from game.engine import Game, IllegalMove
from game.loading.loader import check_content, load_content

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_class_of_thirty_meets_the_same_cards_and_fits_the_period(base_content):
    # 30 scripted students with different answers, actions and levers.
    figures = measure_class(base_content, seed=7, lesson="period", students=30)
    lesson = base_content.scenario.lessons[0]
    assert figures.turns == len(lesson.turns) == figures.played_turns
    assert figures.same_card_every_turn, figures.mixed_turns
    assert figures.play_minutes(figures.words_median) <= 25
    # The full game, measured alike, is what did not fit: many cards per turn, longer.
    full = measure_class(base_content, seed=7, students=30)
    assert full.same_card_turns < full.played_turns / 2
    assert full.words_median > figures.words_median * 1.5


def test_every_card_of_a_lesson_comes_from_its_schedule(base_content):
    lesson = base_content.scenario.lessons[0]
    for student in range(6):
        game, shown = play_student(base_content, 3, "normal", "period", student)
        for card_id, turns in game.seen.items():
            for t in turns:
                entry = lesson.turns[t - 1]
                assert card_id == entry or (isinstance(entry, list) and card_id in entry)
        if game.ending and game.ending.final:
            assert game.turn == len(lesson.turns)  # no uncertain end in a lesson
        assert words_read(game, shown=shown) > 1000
        # The text shown is the card's variant for this path (or its main text).
        for t, text in shown.items():
            card = next(base_content.cards[c] for c, ts in game.seen.items() if t in ts)
            assert text in [card.body.strip(), *(v.body.strip() for v in card.variants)]


def test_lesson_codes_leave_every_other_code_as_it_was(base_content):
    for seed in (0, 5, 77, 300):
        plain = ClassCode.make(base_content, seed, "normal", True)
        lesson = ClassCode.make(base_content, seed, "normal", True, lesson="period")
        assert plain.text != lesson.text
        assert ClassCode.parse(plain.text, base_content).lesson is None
        back = ClassCode.parse(lesson.text, base_content)
        assert (back.seed, back.stops, back.lesson) == (seed, True, "period")
        assert "lesson period" in back.describe()
    with pytest.raises(ClassCodeError, match="unknown lesson"):
        ClassCode.make(base_content, 1, lesson="nope")


def test_a_lesson_code_on_content_without_that_lesson_is_refused(base_content, mini_content):
    code = ClassCode.make(base_content, 9, lesson="period")
    with pytest.raises(ClassCodeError):
        ClassCode.parse(code.text, mini_content)


def test_a_lesson_game_saves_loads_verifies_and_branches(base_content, tmp_path):
    from game.saves.files import autosave, new_game_id
    from game.saves.loading import load_save
    from game.saves.records import SaveMeta
    from game.saves.verify import verify_save

    game, _shown = play_student(base_content, 4, "normal", "period", 2)
    path = autosave(game, tmp_path, SaveMeta(player="Aiko", game_id=new_game_id()))
    loaded = load_save(path, base_content).game
    assert loaded.lesson == "period" and loaded.digest() == game.digest()
    assert verify_save(path, base_content).ok
    back = branch(loaded, 3)
    assert back.lesson == "period" and back.total_turns == game.total_turns
    # A full game's snapshot does not name a lesson: older saves and digests stay.
    assert "lesson" not in Game.new(base_content, 4).snapshot()


def test_unknown_lesson_is_an_illegal_start(base_content):
    with pytest.raises(IllegalMove, match="no lesson 'nope'"):
        Game.new(base_content, 1, lesson="nope")


def test_check_names_a_lesson_card_that_does_not_exist(tmp_path):
    mod = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", mod)
    scenario = mod / "scenario.yaml"
    first = next(iter(load_content([FIXTURES / "mini"]).cards))
    scenario.write_text(scenario.read_text() + f"\nlessons:\n  - id: short\n    label: Short\n"
                        f"    turns: [{first}, null, [{first}, no-such-card]]\n")
    result = check_content([mod])
    assert result.content is None
    problem = next(p for p in result.problems if "no-such-card" in p.message)
    assert problem.line > 0 and "turn 3" in problem.message


def test_a_family_gives_the_first_card_whose_condition_holds(tmp_path):
    mod = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", mod)
    scenario = mod / "scenario.yaml"
    # 'report' comes only once 'talks' was seen; 'filler' has no condition.
    scenario.write_text(scenario.read_text() + "\nlessons:\n  - id: two\n    label: Two\n"
                        "    turns: [[report, filler], talks, [report, filler]]\n")
    content = load_content([mod])
    game = Game.new(content, 1, lesson="two")
    assert (game.card_id, game.total_turns) == ("filler", 3)  # report's condition fails
    game.choose(game.choices()[0].choice.id)
    assert game.card_id == "talks"
    game.choose("decline")
    assert game.card_id == "report" or game.over
