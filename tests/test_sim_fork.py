"""Game.fork: the cheap copy the trying policies rely on must be a true, independent copy."""

from __future__ import annotations

from game.engine import Game, Rng
from game.sim.policies import PolicyMaker
from game.sim.runner import game_seed, policy_seed


def _walk(content, seed: int, turns: int) -> Game:
    game = Game.new(content, seed)
    policy = PolicyMaker("random", content).make(Rng(seed))
    while not game.over and game.turn <= turns:
        policy.play_turn(game)
    return game


def test_fork_is_equal_and_independent(mini_content) -> None:
    for seed in range(12):
        game = _walk(mini_content, game_seed(2, seed), 3)
        if game.over:
            continue
        before = game.digest()
        twin = game.fork()
        assert twin.digest() == before
        # Play the twin to the end in its own way; the original must not move.
        policy = PolicyMaker("random", mini_content).make(Rng(policy_seed(2, seed)))
        while not twin.over:
            policy.play_turn(twin)
        assert game.digest() == before
        # And the original plays on exactly as a replay of its own decisions does.
        policy = PolicyMaker("hardline", mini_content).make(Rng(1))
        while not game.over:
            policy.play_turn(game)
        replayed = Game.replay(mini_content, game.seed, game.difficulty, game.decisions)
        assert replayed.digest() == game.digest()


def test_fork_state_functions_read_the_copy(mini_content) -> None:
    game = Game.new(mini_content, 8)
    twin = game.fork()
    twin.choose("accept")
    # seen(), since() and chose() in the twin's expressions read the twin's records.
    assert twin.env["chose"]("talks", "accept") is True
    assert game.env["chose"]("talks", "accept") is False
    assert twin.env["count"]("talks") == game.env["count"]("talks") == 1


def test_fork_of_a_base_game_matches_a_snapshot_round_trip(base_content) -> None:
    game = _walk(base_content, game_seed(3, 1), 6)
    twin = game.fork()
    restored = Game.from_snapshot(base_content, game.snapshot())
    assert twin.snapshot() == restored.snapshot()
