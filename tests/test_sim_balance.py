"""tools/balance.py: the balance table's figures and verdicts."""

from __future__ import annotations

import argparse
import copy
import importlib.util
from pathlib import Path

import pytest

from game.sim.runner import SimSpec, simulate

ROOT = Path(__file__).parents[1]
MINI = str(Path(__file__).parent / "fixtures" / "mini")


def _tool():
    spec = importlib.util.spec_from_file_location("balance_tool", ROOT / "tools" / "balance.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mini_runs(mini_content):
    return {p: simulate(SimSpec(games=60, policy=p, dirs=(MINI,)), content=mini_content)
            for p in ("random", "historical", "concede", "hardline", "lookahead")}


def test_verdicts_on_the_mini_scenario(mini_content, mini_runs) -> None:
    tool = _tool()
    best, status_quo = tool.pick_endings(mini_content, None, "stalemate")
    assert best == "deal"  # the first ending whose tone is good
    ev = tool.evaluate(mini_content, mini_runs, best, status_quo)
    verdicts = {c["name"].split(" (")[0]: c["ok"] for c in ev["criteria"]}
    # The mini scenario's 'collapse' and 'deal' are never reached by any policy.
    assert verdicts["every ending reached by some policy"] is False
    assert ev["unreached"] == ["collapse", "deal"]
    assert verdicts["the historical policy lands in the status-quo band"] is True
    assert ev["rates"]["historical"]["stalemate"] == 1.0
    # Nobody reaches a good ending, so thinking does not pay here: a FAIL, honestly.
    assert ev["good"]["lookahead"] == 0.0
    assert verdicts["lookahead reaches the good endings clearly more often than every "
                    "fixed policy"] is False
    # The scheduled 'report' card comes only after 'talks/accept': drawn in some games.
    assert 0 < ev["card_rates"]["report"] < 1 and ev["card_rates"]["talks"] == 1.0


def test_rare_cards_are_flagged_in_the_table(mini_content, mini_runs) -> None:
    tool = _tool()
    runs = dict(mini_runs)
    runs["random"] = copy.deepcopy(runs["random"])
    runs["random"].stats.card_games["filler"] = 0  # as if the card had never come up
    ev = tool.evaluate(mini_content, runs, "deal", "stalemate")
    assert ev["rare"] == ["filler"]
    card_rule = ev["criteria"][0]
    assert not card_rule["ok"] and "filler (0.0%)" in card_rule["detail"]
    args = argparse.Namespace(difficulty="normal", seed=1, jobs=1)
    text = tool.markdown(mini_content, runs, ev, args, "python tools/balance.py --games 60")
    assert "| **FAIL** | every card drawn in at least 1.0% of random games |" in text
    assert "| `filler` | 0.0% | **under 1%** |" in text
    assert "| `deal` (best) | good |" in text
    assert "| `stalemate` (status quo) | mixed | 100.0% |" in text
    assert "### Policy files" in text


def test_the_tool_runs_on_the_base_game(tmp_path, capsys) -> None:
    tool = _tool()
    out = tmp_path / "BALANCE.md"
    code = tool.main(["--games", "30", "--lookahead-games", "4", "--reader-games", "4",
                      "--jobs", "1", "--out", str(out), "--json", str(tmp_path / "b.json")])
    assert code == 0
    printed = capsys.readouterr().out
    # Six criteria, then the four RESULT lines of issue 12, which end the output.
    assert printed.count("PASS") + printed.count("FAIL") == 10
    names = ["reader_good_rate", "best_fixed_good_rate", "skill_gap", "intent_read_rate"]
    last = printed.rstrip("\n").splitlines()[-4:]
    assert [line.split()[1] for line in last] == names
    assert all(line.startswith("RESULT ") and line.split()[-1] in ("PASS", "FAIL")
               for line in last)
    text = out.read_text()
    assert text.startswith("# Balance of the base scenario")
    assert text.rstrip("\n").splitlines()[-4:] == last
    assert ("Games per policy: random 30, historical 30, concede 30, hardline 30, "
            "lookahead 4, reader 4.") in text


@pytest.mark.full
def test_full_size_balance_run(tmp_path) -> None:
    tool = _tool()
    out = tmp_path / "BALANCE.md"
    assert tool.main(["--games", "10000", "--out", str(out)]) == 0
    assert "random 10,000" in out.read_text()
