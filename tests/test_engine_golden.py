"""Golden games: speed work on the engine and the simulator must not change one byte.

Seeded games are played under several policies on the mini and the base
scenario, and each finished game's :meth:`Game.digest` and the hash of its
snapshot JSON as written (key order included: it is what a save file holds)
are compared with the values stored in ``fixtures/engine_golden.json``. A
second set plays random games through the views (``choices()``, ``actions()``,
``levers()``, ``meters()``) and hashes everything a player reads on the way:
the reasons, the values, the changes each move returns. A third hashes a
simulator run's JSON report (minus its timings), played with 1 job and with 2.

The base scenario is shipped content that its authors may still edit: when its
digest is not the one the goldens were made from, the base goldens are skipped
(with that reason) rather than failed. Regenerate after an intended change of
the rules or the content with::

    python tests/test_engine_golden.py --write

Default sizes are small; ``--full`` plays ten times as many games (the stored
goldens hold the full set; the default run checks a prefix of it).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":  # run as a script: find the game package and the test helpers
    sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from game.engine import Game  # noqa: E402
from game.model.content import Content  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "engine_golden.json"

# policy -> games stored per content (the full set); the default run checks a tenth.
POLICIES: dict[str, dict[str, int]] = {
    "mini": {"random": 300, "historical": 300, "concede": 300, "hardline": 300,
             "greedy:score": 100, "lookahead": 50},
    "base": {"random": 300, "historical": 300, "concede": 300, "hardline": 300,
             "greedy:score": 30, "lookahead": 30},
}
VIEW_GAMES = 60
SIM_GAMES = 200


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _contents() -> dict[str, Content]:
    from game.loading.loader import load_content

    return {"mini": load_content([FIXTURES / "mini"]), "base": load_content()}


def policy_games(content: Content, policy: str, count: int) -> list[str]:
    """One hash per game of its digest and its snapshot JSON (difficulties in turn)."""
    from game.sim.policies import PolicyMaker
    from game.sim.runner import game_seed, play_game, policy_seed

    maker = PolicyMaker(policy, content)
    diffs = [d.id for d in content.scenario.difficulties]
    out = []
    for i in range(count):
        game = play_game(content, maker, game_seed(11, i), diffs[i % len(diffs)],
                         policy_seed(11, i))
        out.append(_sha(game.digest() + json.dumps(game.snapshot())))
    return out


def _views(game: Game) -> str:
    parts: list[Any] = [game.turn, game.date, game.capital, game.card_id]
    parts += [(v.choice.id, v.available, v.reason) for v in game.choices()]
    parts += [(v.action.id, v.available, v.reason, v.used) for v in game.actions()]
    parts += [(v.lever.id, v.imposed, v.available, v.reason) for v in game.levers()]
    parts += [(m.id, x) for m, x in game.meters(hidden=True)]
    parts += sorted(game.scores().items())
    return repr(parts)


def view_games(content: Content, count: int) -> list[str]:
    """One hash per game of every view and every returned change along a random game."""
    from test_saves_support import random_move

    diffs = [d.id for d in content.scenario.difficulties]
    out = []
    for i in range(count):
        rng = random.Random(i * 31 + 7)
        game = Game.new(content, 500 + i, diffs[i % len(diffs)])
        h = hashlib.sha256()
        for _ in range(400):
            h.update(_views(game).encode())
            if game.over:
                break
            changes = game.apply(random_move(game, rng))
            h.update(json.dumps([c.to_dict() for c in changes]).encode())
        h.update(json.dumps(game.snapshot()).encode())
        again = Game.from_snapshot(content, json.loads(json.dumps(game.snapshot())))
        h.update(again.digest().encode())
        out.append(h.hexdigest()[:16])
    return out


def sim_report(content: Content, jobs: int, games: int = SIM_GAMES) -> str:
    """The hash of a simulator run's JSON report, timings left out."""
    from game.sim.report import to_json
    from game.sim.runner import SimSpec, simulate

    dirs = () if content.scenario.id != "mini" else (str(FIXTURES / "mini"),)
    doc = to_json(simulate(SimSpec(games, "random", seed=3, dirs=dirs), jobs, content=content))
    for key in ("seconds", "games_per_second", "jobs"):
        doc.pop(key, None)
    return _sha(json.dumps(doc, sort_keys=True))


def build(contents: dict[str, Content]) -> dict[str, Any]:
    """The full golden set."""
    out: dict[str, Any] = {}
    for name, content in contents.items():
        out[name] = {
            "content_digest": content.digest,
            "policies": {p: policy_games(content, p, n) for p, n in POLICIES[name].items()},
            "views": view_games(content, VIEW_GAMES),
            "sim": sim_report(content, 1),
        }
    return out


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text())  # type: ignore[no-any-return]


def _content(name: str, mini_content: Content, base_content: Content,
             golden: dict[str, Any]) -> Content:
    content = mini_content if name == "mini" else base_content
    if golden[name]["content_digest"] != content.digest:
        if name == "mini":
            pytest.fail("tests/fixtures/mini changed since the goldens were written; "
                        "regenerate: python tests/test_engine_golden.py --write")
        pytest.skip("the base content changed since the goldens were written; regenerate "
                    "them (python tests/test_engine_golden.py --write) on a commit whose "
                    "engine is known good")
    return content


@pytest.mark.parametrize("name", ["mini", "base"])
@pytest.mark.parametrize("policy", list(POLICIES["base"]))
def test_policy_games_match_goldens(name: str, policy: str, mini_content: Content,
                                    base_content: Content, golden: dict[str, Any],
                                    full: bool) -> None:
    content = _content(name, mini_content, base_content, golden)
    stored = golden[name]["policies"][policy]
    count = len(stored) if full else max(3, len(stored) // 10)
    assert policy_games(content, policy, count) == stored[:count]


@pytest.mark.parametrize("name", ["mini", "base"])
def test_views_along_random_games_match_goldens(name: str, mini_content: Content,
                                                base_content: Content, golden: dict[str, Any],
                                                full: bool) -> None:
    content = _content(name, mini_content, base_content, golden)
    stored = golden[name]["views"]
    count = len(stored) if full else len(stored) // 4
    assert view_games(content, count) == stored[:count]


@pytest.mark.parametrize("name", ["mini", "base"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_simulator_report_matches_goldens(name: str, jobs: int, mini_content: Content,
                                          base_content: Content, golden: dict[str, Any]) -> None:
    content = _content(name, mini_content, base_content, golden)
    assert sim_report(content, jobs) == golden[name]["sim"]


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python tests/test_engine_golden.py --write")
    GOLDEN.write_text(json.dumps(build(_contents()), indent=1) + "\n")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")
