"""Property: random legal play never leaves a meter out of bounds and never raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game


def legal_moves(g: Game) -> list[tuple[str, str, str]]:
    """Every move the rules allow now, in a stable order."""
    moves: list[tuple[str, str, str]] = []
    moves += [("act", v.action.id, "") for v in g.actions() if v.available]
    moves += [("lever", v.lever.id, "imposed" if not v.imposed else "lifted")
              for v in g.levers() if v.available]
    if g.card is None:
        moves.append(("pass", "", ""))
    else:
        moves += [("choose", v.choice.id, "") for v in g.choices() if v.available]
    return moves


def check_invariants(g: Game) -> None:
    for m, value in g.meters(hidden=True):
        assert m.min <= value <= m.max, f"{m.id}={value} outside [{m.min}, {m.max}]"
    assert g.capital >= 0
    assert 1 <= g.turn <= g.content.total_turns
    assert g.over or g.card is not None or not any(v.available for v in g.choices())
    for t, values in g.history:
        assert 0 <= t <= g.content.total_turns
        assert set(values) == {m.id for m in g.content.scenario.meters}


def play_randomly(g: Game, picks: list[int]) -> None:
    i = 0
    while not g.over:
        moves = legal_moves(g)
        assert moves, f"no legal move at turn {g.turn} (seed {g.seed})"
        # Mostly answer the card: a game of only standing actions would never end.
        pick = picks[i % len(picks)] if picks else 0
        i += 1
        end_moves = [m for m in moves if m[0] in ("choose", "pass")]
        pool = moves if pick % 3 == 0 else end_moves
        kind, target, value = pool[pick % len(pool)]
        if kind == "act":
            g.take_action(target)
        elif kind == "lever":
            g.set_lever(target, value)
        elif kind == "pass":
            g.pass_turn()
        else:
            g.choose(target)
        check_invariants(g)
        assert i < 2000, "the game does not end"
    assert g.ending is not None


SEEDS = st.integers(min_value=0, max_value=2**63 - 1)
PICKS = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, picks=PICKS)
def test_random_legal_play_on_mini(mini_content, seed: int, picks: list[int]) -> None:
    g = Game.new(mini_content, seed)
    check_invariants(g)
    play_randomly(g, picks)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, picks=PICKS, hard=st.booleans())
def test_random_legal_play_on_base(base_content, seed: int, picks: list[int],
                                   hard: bool) -> None:
    diffs = [d.id for d in base_content.scenario.difficulties]
    g = Game.new(base_content, seed, diffs[-1] if hard else diffs[0])
    check_invariants(g)
    play_randomly(g, picks)
    replayed = Game.replay(base_content, seed, g.difficulty, g.decisions)
    assert replayed.digest() == g.digest()


@pytest.mark.full
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, picks=PICKS)
def test_random_legal_play_on_base_full(base_content, seed: int, picks: list[int]) -> None:
    g = Game.new(base_content, seed)
    play_randomly(g, picks)
