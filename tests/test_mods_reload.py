"""Live reload: content edited while a game runs is replayed onto, as far as it fits."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from game.engine import Game
from game.loading.loader import load_content
from game.plain import PlainSession
from game.reload import reload_from, reload_game

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A copy of the mini scenario that a test may edit."""
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini"


def _play(game: Game, picks: int) -> Game:
    """Answer ``picks`` cards with their first available choice, passing quiet months."""
    while picks and not game.over:
        if game.card is None:
            game.pass_turn()
            continue
        game.choose(next(v for v in game.choices() if v.available).choice.id)
        picks -= 1
    return game


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_unchanged_content_replays_to_the_same_state(world: Path) -> None:
    game = _play(Game.new(load_content([world]), 5), 3)
    result = reload_from(game, [world])
    assert result.complete and result.replayed == result.total == len(game.decisions)
    assert result.game is not None and result.game.digest() == game.digest()
    assert "all 3 decision(s) replayed" in result.summary()


def test_changed_effect_is_replayed_with_the_new_numbers(world: Path) -> None:
    game = _play(Game.new(load_content([world]), 5), 1)  # 'talks': accept (+10 progress)
    assert game.picks[0][1:] == ("talks", "accept")
    _edit(world / "cards" / "cards.yaml", "{meter: progress, add: 10}",
          "{meter: progress, add: 25}")
    result = reload_from(game, [world])
    assert result.complete
    assert result.game is not None
    assert result.game.value("progress") == game.value("progress") + 15


def test_removed_choice_stops_the_replay_just_before_it(world: Path) -> None:
    game = _play(Game.new(load_content([world]), 5), 3)
    _edit(world / "cards" / "cards.yaml", "    - id: accept\n      label: Accept and lift",
          "    - id: agree\n      label: Accept and lift")
    result = reload_from(game, [world])
    assert result.loaded and not result.complete
    assert result.replayed == 0 and result.total == 3
    assert "decision 1 (choose:accept) at turn 1 no longer fits" in result.stopped
    assert result.game is not None and result.game.turn == 1
    result.game.choose("agree")  # the game goes on from where the replay stopped
    assert "Stopped:" in result.summary()


def test_broken_content_keeps_the_old_game(world: Path) -> None:
    game = _play(Game.new(load_content([world]), 5), 2)
    _edit(world / "cards" / "cards.yaml", "weight: 5", "wieght: 5")
    result = reload_from(game, [world])
    assert result.game is None and not result.loaded
    assert any("unknown field 'wieght'" in p.message for p in result.errors)
    text = result.summary()
    assert "goes on unchanged" in text and "cards.yaml:" in text


def test_decisions_as_text_and_a_game_that_ends_sooner(world: Path) -> None:
    game = _play(Game.new(load_content([world]), 5), 4)
    decisions = [str(d) for d in game.decisions]
    # the calendar now ends after two months: later decisions cannot be made
    _edit(world / "scenario.yaml", 'end: "2014-08"', 'end: "2014-04"')
    result = reload_game([world], game.seed, game.difficulty, decisions)
    assert result.loaded and result.game is not None and result.game.over
    assert "the game ended at turn 2" in result.stopped


def test_reload_command_in_line_mode(world: Path) -> None:
    game = Game.new(load_content([world]), 5)

    class Script(io.StringIO):
        """Edits the content when the line mode reads 'reload'."""

        def readline(self, *args: object) -> str:  # type: ignore[override]
            line = super().readline()
            if line.strip() == "reload":
                _edit(world / "cards" / "cards.yaml", "title: Missile test",
                      "title: Missile launch")
                _edit(world / "cards" / "cards.yaml", "title: Diet question",
                      "title: Diet interpellation")
            return line

    out = io.StringIO()

    def on_reload(g: Game) -> tuple[Game | None, str]:
        result = reload_from(g, [world])
        return result.game, result.summary()

    session = PlainSession(game, Script("1\nreload\nquit\n"), out, on_reload=on_reload)
    session.run()
    text = out.getvalue()
    assert "Content reloaded; all 1 decision(s) replayed, now at turn 2." in text
    after = text.split("Content reloaded")[1]
    assert ("EVENT: Missile launch" in after or "EVENT: Diet interpellation" in after
            or "A quiet month" in after)
    assert session.game is not game and session.game.decisions == game.decisions


def test_reload_unavailable_without_a_hook(world: Path) -> None:
    out = io.StringIO()
    PlainSession(Game.new(load_content([world]), 5), io.StringIO("reload\nquit\n"), out).run()
    assert "Reloading is not available in this session." in out.getvalue()


async def test_f5_in_the_textual_game_reloads_and_replays(world: Path, tmp_path: Path) -> None:
    """The Textual game: F5 re-reads the content; errors keep the game; fixes go on."""
    sys.path.insert(0, str(Path(__file__).parent))
    from test_tui_support import answer_first_open, make_app, screen_text

    from game.tui.screens.game import GameScreen

    app = make_app(tmp_path, None, content_dirs=[world], start="game", seed=5)
    async with app.run_test(size=(110, 34)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, GameScreen):
                break
        assert isinstance(app.screen, GameScreen)
        await answer_first_open(pilot)
        await pilot.pause()
        before = app.game
        assert before is not None and len(before.decisions) == 1
        # A broken edit: the game goes on unchanged and the errors are shown.
        _edit(world / "cards" / "cards.yaml", "weight: 5", "wieght: 5")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.game is before
        assert any("Content not reloaded" in (n.title or "") for n in app._notifications)
        # Fixed, and a title changed: the game is replayed onto the new content.
        _edit(world / "cards" / "cards.yaml", "wieght: 5", "weight: 5")
        _edit(world / "cards" / "cards.yaml", "title: Missile test", "title: Missile launch")
        _edit(world / "cards" / "cards.yaml", "title: Diet question", "title: Diet interpellation")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        after = app.game
        assert after is not before and after.decisions == before.decisions
        assert isinstance(app.screen, GameScreen) and app.screen.game is after
        assert any("Content reloaded" in (n.title or "") for n in app._notifications)
        text = screen_text(app)
        assert "Missile test" not in text and "Diet question" not in text
