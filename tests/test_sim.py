"""The headless simulator: seeds, determinism across jobs, the report, the command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.sim.policies import PolicyMaker
from game.sim.report import to_json, to_text
from game.sim.runner import SimSpec, chunks, game_seed, play_game, policy_seed, simulate
from game.sim.stats import Stats, quantile

MINI = str(Path(__file__).parent / "fixtures" / "mini")


def _strip(doc: dict) -> dict:
    """A report without what legitimately differs between runs (time, jobs)."""
    return {k: v for k, v in doc.items() if k not in ("seconds", "games_per_second", "jobs")}


def test_game_seeds_are_pinned_and_distinct() -> None:
    # Pinned: if these move, every published balance figure silently changes.
    seeds = {game_seed(7, i) for i in range(2000)}
    assert len(seeds) == 2000
    assert game_seed(1, 5) != game_seed(2, 5)
    assert game_seed(1, 5) != policy_seed(1, 5)
    assert game_seed(1, 0) == 5587414225388949874


def test_one_job_and_two_jobs_give_identical_reports(mini_content) -> None:
    spec = SimSpec(games=90, policy="random", seed=3, dirs=(MINI,))
    one = simulate(spec, jobs=1, content=mini_content)
    two = simulate(spec, jobs=2, content=mini_content)
    assert one.jobs == 1 and two.jobs == 2
    assert _strip(to_json(one)) == _strip(to_json(two))
    assert sum(to_json(one)["endings"].values()) == 90


def test_a_run_is_reproducible_and_the_seed_matters(mini_content) -> None:
    spec = SimSpec(games=60, policy="random", seed=11, dirs=(MINI,))
    a = to_json(simulate(spec, content=mini_content))
    b = to_json(simulate(spec, content=mini_content))
    c = to_json(simulate(SimSpec(60, "random", seed=12, dirs=(MINI,)), content=mini_content))
    assert _strip(a) == _strip(b)
    assert a["choices"] != c["choices"]


def test_each_simulated_game_replays_from_its_seed_and_decisions(mini_content) -> None:
    maker = PolicyMaker("random", mini_content)
    for i in range(20):
        game = play_game(mini_content, maker, game_seed(4, i), "normal", policy_seed(4, i))
        assert game.over
        again = Game.replay(mini_content, game_seed(4, i), "normal", game.decisions)
        assert again.digest() == game.digest()


def test_stats_merge_in_any_grouping_to_the_same_counts(mini_content) -> None:
    maker = PolicyMaker("random", mini_content)
    games = [play_game(mini_content, maker, game_seed(9, i), "normal", policy_seed(9, i))
             for i in range(12)]
    whole = Stats()
    for g in games:
        whole.add(g)
    parts = [Stats(), Stats(), Stats()]
    for i, g in enumerate(games):
        parts[i % 3].add(g)
    merged = Stats()
    for p in reversed(parts):
        merged.merge(p)
    assert merged.games == whole.games == 12
    assert merged.endings == whole.endings and merged.card_games == whole.card_games
    assert merged.meters == whole.meters and merged.scores == whole.scores


def test_chunks_cover_every_game_once() -> None:
    for total, jobs in [(1, 2), (7, 2), (1000, 2), (10_000, 8)]:
        parts = chunks(total, jobs)
        covered = [i for a, b in parts for i in range(a, b)]
        assert covered == list(range(total))


def test_quantiles_by_nearest_rank() -> None:
    c = Counter({1.0: 1, 2.0: 1, 3.0: 1, 4.0: 1, 5.0: 1, 6.0: 1, 7.0: 1, 8.0: 1, 9.0: 1,
                 10.0: 1})
    assert (quantile(c, 0.1), quantile(c, 0.5), quantile(c, 0.9)) == (1.0, 5.0, 9.0)
    assert quantile(Counter({4.0: 3}), 0.5) == 4.0


def test_report_flags_cards_never_drawn_and_endings_never_reached(tmp_path, mini_content) -> None:
    # A copy of the mini scenario with one card that can never come up.
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    with (folder / "cards" / "cards.yaml").open("a") as f:
        f.write("- id: never\n  title: Never\n  from: '2014-03'\n  until: '2014-03'\n"
                "  when: \"public >= 99\"\n  body: Never.\n"
                "  choices: [{id: a, label: A}, {id: b, label: B}]\n")
    from game.loading.loader import load_content

    content = load_content([folder])
    result = simulate(SimSpec(games=40, policy="random", dirs=(str(folder),)), content=content)
    doc = to_json(result)
    assert doc["never_drawn"] == ["never"]
    assert doc["cards"]["never"] == 0 and doc["cards"]["talks"] == 40
    text = to_text(result)
    assert "never" in text and "NEVER DRAWN" in text
    assert "NEVER REACHED" in text  # the mini scenario's 'collapse' and 'deal'
    # Meters by turn: the start, then one row per month, for every game still running.
    progress = doc["meters"]["progress"]
    assert [row["turn"] for row in progress] == list(range(0, 7))
    assert progress[0] == {"turn": 0, "n": 40, "p10": 10, "median": 10, "p90": 10}


def test_simulate_command_json(capsys) -> None:
    code = main(["simulate", "--games", "12", "--jobs", "1", "--json", "--seed", "5"])
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert code == 0
    assert doc["games"] == 12 and doc["policy"] == "random" and doc["seed"] == 5
    assert sum(doc["endings"].values()) == 12
    assert isinstance(doc["seconds"], float)
    assert set(doc["cards"]) and all(isinstance(v, int) for v in doc["cards"].values())
    assert doc["errors"] == []


def test_simulate_command_text_and_bad_input(capsys) -> None:
    assert main(["simulate", "--games", "5", "--jobs", "1", "--policy", "hardline"]) == 0
    out = capsys.readouterr().out
    assert "5 games of" in out and "with policy hardline" in out and "Endings" in out
    assert main(["simulate", "--games", "5", "--policy", "greedy:nonsense"]) == 1
    err = capsys.readouterr().err
    assert "greedy needs a visible meter" in err
    assert main(["simulate", "--games", "5", "--policy", "greedy:sincerity"]) == 1
    assert "hidden" in capsys.readouterr().err
    assert main(["simulate", "--games", "0"]) == 1
    assert main(["simulate", "--games", "3", "--difficulty", "impossible"]) == 1
    assert "unknown difficulty" in capsys.readouterr().err


def test_save_dir_writes_ordinary_saves_that_verify(tmp_path, capsys, base_content) -> None:
    folder = tmp_path / "sims"
    assert main(["simulate", "--games", "4", "--jobs", "2", "--save-dir", str(folder),
                 "--json"]) == 0
    capsys.readouterr()
    files = sorted(p.name for p in folder.glob("*.json"))
    assert files == [f"sim-{i:06d}.json" for i in range(4)]
    from game.saves import load_save, verify_save

    loaded = load_save(folder / "sim-000002.json", base_content)
    assert loaded.game.over
    assert loaded.meta.extra["policy"] == "random" and loaded.meta.extra["index"] == 2
    assert loaded.game.seed == game_seed(1, 2)
    assert verify_save(folder / "sim-000002.json", base_content).ok


@pytest.mark.full
def test_full_size_random_run_has_no_errors_and_same_result_with_two_jobs() -> None:
    spec = SimSpec(games=4000, policy="random", seed=1)
    one = simulate(spec, jobs=1)
    two = simulate(spec, jobs=2)
    assert not one.stats.errors
    assert _strip(to_json(one)) == _strip(to_json(two))


@pytest.mark.parametrize("policy", ["random", "historical", "concede", "hardline", "lookahead",
                                    "greedy:score"])
def test_every_policy_plays_another_scenario_without_naming_its_cards(policy) -> None:
    # The example mod 'harbour' is a whole new scenario: other meters, levers, cards.
    from game.loading.folders import base_content_dir
    from game.loading.loader import load_content

    harbour = Path(__file__).parents[1] / "examples" / "mods" / "harbour"
    dirs = (str(base_content_dir()), str(harbour))
    content = load_content([Path(d) for d in dirs])
    result = simulate(SimSpec(games=8, policy=policy, dirs=dirs), content=content)
    assert result.stats.errors == []
    assert result.stats.finished == 8
    assert content.scenario.id != "japan_2014"


def test_progress_bar_draws_on_a_stream() -> None:
    import io

    from game.sim.command import ProgressBar

    out = io.StringIO()
    bar = ProgressBar(out, "random")
    bar(0, 40)
    bar(40, 40)
    text = out.getvalue()
    assert text.endswith("\n") and "40/40 games" in text and "#" * 30 in text
