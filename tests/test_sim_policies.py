"""The simulator's policies: what each one does, and that none of them peeks."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from game.engine import Game, Rng
from game.loading.loader import load_content
from game.sim.policies import LookaheadPolicy, PolicyError, PolicyMaker, Shared
from game.sim.runner import game_seed, play_game, policy_seed

MINI = Path(__file__).parent / "fixtures" / "mini"


def _play(content, spec: str, n: int, seed: int = 1) -> list[Game]:
    maker = PolicyMaker(spec, content)
    return [play_game(content, maker, game_seed(seed, i), "normal", policy_seed(seed, i))
            for i in range(n)]


def _first_pick(games: list[Game], card: str) -> Counter[str]:
    return Counter(ch for g in games for _t, c, ch in g.picks if c == card)


def test_historical_takes_the_marked_choice_and_spends_capital(mini_content) -> None:
    games = _play(mini_content, "historical", 10)
    assert _first_pick(games, "talks") == Counter({"accept": 10})
    acts = Counter(str(d) for g in games for d in g.decisions if d.kind == "act")
    # The rotation: both standing actions are used, the cheaper one no less often.
    assert acts["act:consult"] > 0 and acts["act:speech"] > 0


def test_concede_gives_and_hardline_refuses(mini_content) -> None:
    # 'accept' lifts the travel ban (a concession worth 5): the most giving choice.
    assert _first_pick(_play(mini_content, "concede", 5), "talks") == Counter({"accept": 5})
    hard = _play(mini_content, "hardline", 5)
    assert _first_pick(hard, "talks") == Counter({"decline": 5})
    # On the missile card nothing is given either way: the lean of the meters decides.
    # Lifting a lever lowers 'allies' in this scenario, so hardline condemns.
    assert set(_first_pick(hard, "test")) == {"condemn"}


def test_hardline_imposes_a_lifted_lever_again(mini_content) -> None:
    game = Game.new(mini_content, 3)
    game.choose("accept")  # lifts the travel ban
    assert game.value("travel_ban") is False
    policy = PolicyMaker("hardline", mini_content).make(Rng(1))
    policy.standing(game)
    assert game.value("travel_ban") is True
    assert "lever:travel_ban=imposed" in [str(d) for d in game.decisions]


def test_random_uses_every_kind_of_move(mini_content) -> None:
    games = _play(mini_content, "random", 200)
    firsts = _first_pick(games, "talks")
    assert 70 < firsts["accept"] < 130 and 70 < firsts["decline"] < 130
    kinds = Counter(d.kind for g in games for d in g.decisions)
    assert kinds["act"] > 100 and kinds["lever"] > 20 and kinds["choose"] > 500


def test_greedy_raises_its_meter(mini_content) -> None:
    # Declining the talks protects the allies; accepting lifts a ban they watch.
    allies = _play(mini_content, "greedy:allies", 5)
    assert _first_pick(allies, "talks") == Counter({"decline": 5})
    progress = _play(mini_content, "greedy:progress", 5)
    assert _first_pick(progress, "talks") == Counter({"accept": 5})


def test_unknown_and_hidden_targets_are_refused(mini_content) -> None:
    with pytest.raises(PolicyError, match="unknown policy 'cautious'"):
        PolicyMaker("cautious", mini_content)
    with pytest.raises(PolicyError, match="hidden"):
        PolicyMaker("greedy:sincerity", mini_content)


@pytest.fixture(scope="module")
def gamble_content(tmp_path_factory):
    """The mini scenario plus a card whose best answer depends on the hidden intent."""
    folder = tmp_path_factory.mktemp("gamble") / "mini"
    shutil.copytree(MINI, folder)
    with (folder / "cards" / "cards.yaml").open("a") as f:
        f.write(
            "- id: gamble\n  title: A gamble\n  anchor: true\n  from: '2014-04'\n"
            "  body: Trust them?\n  choices:\n"
            "    - id: trust\n      label: Trust\n"
            "      effects: [{meter: progress, add: '12 if sincerity >= 50 else -12'}]\n"
            "    - id: wait\n      label: Wait\n"
            "      effects: [{meter: progress, add: 1}]\n")
    return load_content([folder])


def test_lookahead_does_not_peek_at_hidden_values_or_dice(gamble_content) -> None:
    game = Game.new(gamble_content, 5)
    game.choose("decline")
    assert game.card_id == "gamble"
    shared = Shared(gamble_content)
    picks = {}
    for sincerity in (5, 95):
        state = game.fork()
        state.env["sincerity"] = sincerity
        before = state.digest()
        picks[sincerity] = LookaheadPolicy(shared, Rng(1)).pick(state, ["trust", "wait"])
        assert state.digest() == before  # trials never touch the real game or its dice
    assert picks[5] == picks[95]
    # The test can fail: a policy that did read the real value would answer differently.
    cheat = {}
    for sincerity in (5, 95):
        state = game.fork()
        state.env["sincerity"] = sincerity
        peeker = LookaheadPolicy(shared, Rng(1))
        peeker.beliefs = [{"sincerity": sincerity}]
        cheat[sincerity] = peeker.pick(state, ["trust", "wait"])
    assert cheat == {5: "wait", 95: "trust"}


def test_lookahead_plays_whole_games(mini_content) -> None:
    games = _play(mini_content, "lookahead", 6)
    assert all(g.over for g in games)
    again = _play(mini_content, "lookahead", 6)
    assert [g.digest() for g in games] == [g.digest() for g in again]


# --------------------------------------------------------------------------- policy files


def _policy_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    return str(path)


def test_policy_file_rules_choose_act_and_set_levers(tmp_path, mini_content) -> None:
    spec = _policy_file(tmp_path, """\
name: stubborn
fallback: historical
spend_rest: false
rules:
  - cards: [talks]
    choose: [decline]
  - when: "allies < 70"
    actions: [consult]
  - when: "turn >= 3"
    levers: {travel_ban: lifted}
    choose: [quiet, dodge]
""")
    games = _play(mini_content, spec, 8)
    assert PolicyMaker(spec, mini_content).name == "stubborn"
    assert _first_pick(games, "talks") == Counter({"decline": 8})
    assert set(_first_pick(games, "test")) <= {"quiet", "condemn"}
    late_fillers = {ch for g in games for t, c, ch in g.picks if c == "filler" and t >= 3}
    assert late_fillers == {"dodge"}
    decisions = [str(d) for g in games for d in g.decisions]
    assert "act:consult" in decisions and "lever:travel_ban=lifted" in decisions
    assert "act:speech" not in decisions  # spend_rest: false keeps the fallback's rotation out


def test_policy_file_errors_name_file_line_and_column(tmp_path, mini_content) -> None:
    spec = _policy_file(tmp_path, """\
rules:
  - when: "sincerity > 50"
    choose: [accept]
  - cards: [talk]
    actions: [consult, pray]
    levers: {travel: lifted}
    choose: [nope]
""")
    with pytest.raises(PolicyError) as info:
        PolicyMaker(spec, mini_content)
    message = str(info.value)
    assert f"{spec}:2:11: error: in 'sincerity > 50': unknown name 'sincerity'" in message
    assert "is hidden" in message
    assert f"{spec}:4:13: error: unknown card 'talk'" in message
    assert f"{spec}:5:24: error: unknown action 'pray'" in message
    assert f"{spec}:6:14: error: unknown lever 'travel'" in message
    assert "no card has a choice 'nope'" in message


def test_policy_file_schema_errors(tmp_path, mini_content) -> None:
    spec = _policy_file(tmp_path, "rules:\n  - when: 'allies < 50'\n    chose: [accept]\n")
    with pytest.raises(PolicyError, match=r"mine.yaml:3:5: error: unknown field 'chose'"):
        PolicyMaker(spec, mini_content)
    spec = _policy_file(tmp_path, "rules: [\n")
    with pytest.raises(PolicyError, match=r"mine\.yaml"):
        PolicyMaker(spec, mini_content)
    with pytest.raises(PolicyError, match="cannot read the policy file"):
        PolicyMaker(str(tmp_path / "missing.yaml"), mini_content)
