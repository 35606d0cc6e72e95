"""Determinism: the same seed and decisions give the same game, here and in a fresh
process; and save -> load -> continue gives the same game as continuing without saving.

Defaults are small; ``--full`` runs 1,000 replayed games and 100 save/load/continue
games (a save and load after every decision) and prints the figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_saves_support import play_random

from game.engine import Game
from game.saves import load_save, verify_save, write_save

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"

FRESH = """
import json, sys
from pathlib import Path
from game.engine import Game
from game.loading.loader import load_content
games = json.loads(Path(sys.argv[1]).read_text())
contents = {"mini": load_content([Path(sys.argv[2])]), "base": load_content([Path(sys.argv[3])])}
out = [Game.replay(contents[g["content"]], g["seed"], g["difficulty"], g["decisions"]).digest()
       for g in games]
print(json.dumps(out))
"""


def random_games(mini_content, base_content, count: int) -> list[dict]:
    """``count`` random games: nine in ten on the mini scenario, one in ten on the base one."""
    games = []
    for n in range(count):
        content, name = (base_content, "base") if n % 10 == 9 else (mini_content, "mini")
        difficulty = content.scenario.difficulties[n % len(content.scenario.difficulties)].id
        game = play_random(content, 1000 + n, difficulty)
        games.append({"content": name, "seed": game.seed, "difficulty": difficulty,
                      "decisions": [str(d) for d in game.decisions],
                      "digest": game.digest(), "turn": game.turn, "over": game.over})
    return games


def frozen_contents(tmp_path: Path):
    """Copies of both scenarios, so edits made to the content meanwhile cannot interfere."""
    from game.loading.folders import base_content_dir
    from game.loading.loader import load_content

    mini, base = tmp_path / "mini", tmp_path / "base"
    shutil.copytree(MINI, mini)
    shutil.copytree(base_content_dir(), base)
    return mini, base, load_content([mini]), load_content([base])


def check_replays(tmp_path: Path, count: int) -> None:
    mini_dir, base_dir, mini_content, base_content = frozen_contents(tmp_path)
    games = random_games(mini_content, base_content, count)
    contents = {"mini": mini_content, "base": base_content}
    for g in games:
        again = Game.replay(contents[g["content"]], g["seed"], g["difficulty"], g["decisions"])
        assert again.digest() == g["digest"], f"seed {g['seed']} ({g['content']}) replays " \
            "differently in the same process"
    listing = tmp_path / "games.json"
    listing.write_text(json.dumps(games))
    for hash_seed in ("0", "4242"):  # set and dict order must not matter either
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run([sys.executable, "-c", FRESH, str(listing), str(mini_dir),
                               str(base_dir)],
                              capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, proc.stderr
        fresh = json.loads(proc.stdout)
        for g, digest in zip(games, fresh, strict=True):
            assert digest == g["digest"], f"seed {g['seed']} ({g['content']}) replays " \
                f"differently in a fresh process (PYTHONHASHSEED={hash_seed})"
    ended = sum(g["over"] for g in games)
    moves = sum(len(g["decisions"]) for g in games)
    print(f"\n{count} random games ({moves} decisions, {ended} played to an ending) replayed "
          "to identical digests here and in two fresh processes", file=sys.stderr)


def check_save_load_continue(content, tmp_path: Path, seeds: range) -> tuple[int, int]:
    """Save and load after every decision of each game; continuing must end identically."""
    cycles = 0
    for seed in seeds:
        reference = play_random(content, seed)
        decisions = list(reference.decisions)
        final = reference.digest()
        game = Game.new(content, seed)
        for i in range(len(decisions) + 1):
            path = write_save(game, tmp_path / f"s{seed}.json")
            loaded = load_save(path, content).game
            assert loaded.digest() == game.digest(), f"seed {seed}: load differs at move {i}"
            for d in decisions[i:]:
                loaded.apply(d)
            assert loaded.digest() == final, f"seed {seed}: saving and loading after " \
                f"decision {i} changed how the game went on"
            cycles += 1
            if i < len(decisions):
                game.apply(decisions[i])
        assert verify_save(path, content).ok
    return len(seeds), cycles


def test_random_games_replay_identically(tmp_path):
    check_replays(tmp_path, 60)


def test_save_load_continue_equals_continue(mini_content, base_content, tmp_path):
    _, cycles = check_save_load_continue(mini_content, tmp_path, range(1, 9))
    _, more_cycles = check_save_load_continue(base_content, tmp_path, range(1, 2))
    assert cycles + more_cycles > 50


@pytest.mark.full
def test_random_games_replay_identically_full(tmp_path):
    check_replays(tmp_path, 1000)


@pytest.mark.full
def test_save_load_continue_equals_continue_full(mini_content, base_content, tmp_path):
    games, cycles = check_save_load_continue(mini_content, tmp_path, range(1, 81))
    more, more_cycles = check_save_load_continue(base_content, tmp_path, range(1, 21))
    print(f"\n{games + more} games ({games} mini, {more} base), saved, loaded and continued "
          f"after every one of their {cycles + more_cycles} decisions: every continuation "
          "ended identical to the game played straight through", file=sys.stderr)
