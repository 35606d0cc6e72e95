"""The player view (game.engine.view): what a player can see, and nothing more."""

from __future__ import annotations

import pytest

from game.engine import Game
from game.engine.view import player_view
from game.model.loader import load_content


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
    game.env["washington"] = 65.0  # consulting only helps below 60 when nothing is open
    act = player_view(game).action("consult_washington")
    assert act.now.empty and "nothing" in act.idle
    game.env["washington"] = 50.0
    act = player_view(game).action("consult_washington")
    assert not act.now.empty and act.idle == ""
