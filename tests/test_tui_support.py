"""Helpers shared by the Textual game's tests: an app on the mini scenario, in a
temporary folder, with no settings read from the user's own config folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.tui.app import ParallelTracksApp, build_app

MINI = Path(__file__).parent / "fixtures" / "mini"


def make_app(tmp: Path, content: Any, *, briefing_seen: bool = True, **kwargs: Any
             ) -> ParallelTracksApp:
    """An app with its saves and settings in ``tmp``."""
    cfg = tmp / "config"
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / "settings.json").write_text(json.dumps({"briefing_seen": briefing_seen}))
    return build_app(content=content, saves_dir=tmp / "saves", config_dir=cfg, **kwargs)


async def answer_first_open(pilot: Any) -> None:
    """Make one move as a player would: the first open answer's number, or p."""
    game = pilot.app.game
    views = game.choices()
    if not views:
        await pilot.press("p")
        return
    n = next(i for i, v in enumerate(views, 1) if v.available)
    await pilot.press(str(n))


async def play_to_end(pilot: Any, limit: int = 200) -> None:
    """Answer every card (the first open answer, or p) until the end screen is on show
    with all its sections."""
    from game.tui.screens.end import EndScreen
    from game.tui.screens.game import GameScreen

    app = pilot.app
    await pilot.pause()
    for _ in range(limit):
        if isinstance(app.screen, EndScreen):
            await end_screen_filled(pilot)
            return
        assert isinstance(app.screen, GameScreen), app.screen
        await answer_first_open(pilot)
        await pilot.pause()
    raise AssertionError("the game did not end")


async def wait_until(pilot: Any, condition: Callable[[], object], limit: int = 100) -> None:
    """Let the app work until ``condition()`` holds: each round waits for its workers
    (the content load...) to finish and its messages to be handled, never for a span of
    time, so a slow or loaded machine only makes it slower, never fail."""
    for _ in range(limit):
        if condition():
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    raise AssertionError(f"still not so after {limit} rounds ({pilot.app.screen})")


async def end_screen_filled(pilot: Any, limit: int = 200) -> None:
    """Wait until the end screen is on show with all its sections."""
    for _ in range(limit):
        screen = pilot.app.screen
        if getattr(screen, "filled", False):
            await pilot.app.workers.wait_for_complete()  # the skill line, if it is worked out
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"the end screen never filled ({pilot.app.screen})")


def screen_text(app: Any) -> str:
    """What the terminal shows now, as plain text (the same render as a screenshot)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


def flat(text: str) -> str:
    """Text with runs of whitespace (line breaks, box padding) made single spaces."""
    import re

    return re.sub(r"[\s│╭╮╰╯─]+", " ", text)
