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


async def test_rules_previews_and_the_action_panel(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        marks = {row.meter.id: row.preview for row in app.screen.query("MeterRow")}
        assert marks == {"progress": "+", "allies": "", "public": ""}  # 1: Accept
        assert "1 touches: Progress +, Your side gives" in flat(screen_text(app))
        await pilot.press("down")  # 2: Decline
        await pilot.pause()
        assert app.screen.query_one("#meter-allies").preview == "+"
        assert "↑" in screen_text(app)
        await pilot.press("a", "down")  # Speech: its whole rule replaces the pending panel
        await pilot.pause()
        text = flat(screen_text(app))
        assert "Speech: costs 2 political capital, once a month." in text
        assert "Only when: Public below 90." in text and "If taken now: Public +." in text
        assert "unspent capital is lost" in text  # the capital rule, where it bites
        assert not app.screen.query_one("#pending").display
        await pilot.press("i")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "a1 Consult the allies: costs 1 political capital" in text
        assert "l1 Travel ban: imposed now." in text and "Re-imposing moves: Allies +." in text
        await pilot.press("escape")  # back to the game, the actions still focused
        await pilot.pause()
        assert not app.screen.query_one("#pending").display
        await pilot.press("escape")  # back to the answers: the pending panel returns
        await pilot.pause()
        assert app.screen.query_one("#pending").display


async def test_narrow_window_puts_the_card_first_and_pgdn_scrolls_it(tmp_path, base_content
                                                                    ) -> None:
    app = make_app(tmp_path, base_content, start="game", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query("#side") and screen.query("#lower")
        card = screen.query_one("#card")
        assert card.region.y == 1 and card.region.width == 80  # under the status line
        text = screen_text(app)
        assert "Washington's confidence" in text  # whole meter names
        choices = screen.query_one("#choices")
        assert choices.region.bottom <= 23 and choices.max_scroll_y == 0  # every answer
        assert card.border_subtitle == "PgDn: more below ▼"
        await pilot.press("pagedown")
        await pilot.pause()
        assert card.scroll_y > 0
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query("#side") and app.game.decisions == []
        for row in app.screen.query("MeterRow"):
            assert row.region.height == 2


async def test_open_concerns_show_in_the_turn_header(tmp_path, base_content) -> None:
    # Lifting a measure unanswered opens Washington's and Seoul's concerns: the status
    # line says so at 120 columns with the deadline, and still counts them at 80.
    app = make_app(tmp_path, base_content, start="game", seed=5)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "concern" not in str(app.screen.query_one("#status").render())
        await pilot.press("l", "enter", "escape", "1")
        await pilot.pause()
        assert len(app.game.view().concerns) == 2
        status = str(app.screen.query_one("#status").render())
        assert "│ 2 open concerns, 3 months left (i) │ ledger: gave 6" in status
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert status.startswith(" April 2014  turn 2/24 │ capital") and "│ 2 concerns" in status
        assert len(status) <= 80
