"""The model-assumptions page is reachable in the Textual game (key m, and the palette)."""

from __future__ import annotations

from game.tui.screens.briefing import AssumptionsScreen
from game.tui.screens.game import GameScreen
from tests.test_tui_support import flat, make_app, screen_text


async def test_m_opens_the_assumptions_page_and_escape_returns(tmp_path, base_content) -> None:
    app = make_app(tmp_path, base_content, start="game", seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, AssumptionsScreen)
        text = flat(screen_text(app))
        assert "What the model assumes" in text
        first_words = " ".join(base_content.scenario.assumptions.split()[:3]).lstrip("#").strip()
        assert first_words.split()[0] in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
