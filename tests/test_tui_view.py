"""What the main screen says, and that it says the same after a save is loaded."""

from __future__ import annotations

from test_tui_support import flat, make_app, screen_text

from game.saves import load_save
from game.tui.screens.game import GameScreen


def _meter_marks(app) -> dict[str, float]:
    return {row.meter.id: row.delta for row in app.screen.query("MeterRow")}


def _log_text(app) -> str:
    return str(app.screen.query_one("#log .panel-text").render())


async def test_p_with_a_card_up_says_how_the_month_ends(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.game.card is not None
        await pilot.press("p")
        await pilot.pause()
        assert app.game.decisions == []  # nothing passed
        notes = [str(n.message) for n in app._notifications]
        assert any("answering it (1-3) ends the month" in n for n in notes), notes


async def test_a_loaded_save_shows_the_same_marks_and_changes(tmp_path, mini_content
                                                             ) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter")  # a standing move before the answer: not shown after
        await pilot.press("2")  # Decline: +2 Allies now, two more to come
        await pilot.pause()
        await pilot.press("a", "enter")  # a standing move after it: shown with it
        await pilot.pause()
        marks, log = _meter_marks(app), _log_text(app)
        assert marks["allies"] == 6  # Decline +2 and +2 continuing; Consult +2 (not the first)
        assert "Talks: Decline" in log and "Consult the allies" in log
        path = app.save_as("mid")
        loaded = load_save(path, mini_content)
        app.open_game(loaded.game, loaded.meta)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.game is loaded.game
        assert _meter_marks(app) == marks
        assert _log_text(app) == log
        assert "Talks: Decline" in flat(screen_text(app))
