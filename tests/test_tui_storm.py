"""A key storm: thousands of seeded random keys and resizes, and no exception.

The small run (CI) sends 2,000 keys; ``--full`` sends 20,000 on each of three
seeds. The seed is in the test's name, so a failure can be replayed exactly.
Any exception inside the app makes ``run_test`` raise when it closes.
"""

from __future__ import annotations

import random

import pytest
from test_tui_support import make_app

from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen

# Every key some screen binds, the ones widgets use, and keys nothing binds. Left
# out: q and ctrl+q (they quit, which would end the storm early; quitting has its
# own test), and ctrl+c / ctrl+z (signals in a real terminal).
KEYS = (
    [str(n) for n in range(10)] +
    list("abcdefghijklmnoprstuvwxyz") +
    ["enter", "escape", "space", "tab", "shift+tab", "up", "down", "left", "right",
     "home", "end", "pageup", "pagedown", "backspace", "delete", "question_mark",
     "f1", "ctrl+p", "ctrl+t", "ctrl+s", "minus", "full_stop", "slash"]
)
SIZES = [(40, 12), (59, 17), (60, 18), (80, 24), (100, 30), (120, 40), (200, 60)]


async def send_keys(app, keys: list[str]) -> None:
    """Deliver keys the way the terminal driver does, without the pilot's idle waits
    after each one: a burst, like a fast typist or a paste."""
    import asyncio
    import unicodedata

    from textual import events
    from textual.keys import (
        REPLACED_KEYS,
        _character_to_key,
        _get_unicode_name_from_key,
    )

    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
        await asyncio.sleep(0)


async def storm(tmp_path, content, seed: int, presses: int) -> None:
    """Press ``presses`` random keys (and now and then resize) in a game.

    The keys may quit the app (Quit on the title menu): then a new session starts
    on the same saves, as a player would relaunch, and the storm goes on.
    """
    rng = random.Random(seed)
    left = presses
    moves = sessions = 0
    while left > 0:
        sessions += 1
        app = make_app(tmp_path, content, briefing_seen=bool(seed % 2),
                       start="game" if sessions == 1 else "title", seed=seed)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            while left > 0 and app.return_code is None:
                if rng.random() < 0.2:
                    await pilot.resize_terminal(*rng.choice(SIZES))
                await send_keys(app, [rng.choice(KEYS) for _ in range(20)])
                left -= 20
                await pilot.pause()
                if isinstance(app.screen, EndScreen) and rng.random() < 0.2:
                    # Start again from the title now and then, so the storm covers new games.
                    await pilot.press("n")
                    await pilot.pause()
                if app.game is not None:
                    moves += 1 if app.game.decisions else 0
            if app.return_code is not None:
                continue
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            # Still a working app: the screen on top is one of ours and renders.
            if isinstance(app.screen, GameScreen):
                game = app.screen.game
                assert game.turn >= 1 and not game.over
    assert moves > 0, "the storm never made a move: the keys did not reach the game"


@pytest.mark.parametrize("seed", [11])
async def test_key_storm(tmp_path, mini_content, seed) -> None:
    await storm(tmp_path, mini_content, seed, 2000)


@pytest.mark.full
@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_key_storm_full(tmp_path, base_content, seed) -> None:
    await storm(tmp_path, base_content, seed, 20000)
