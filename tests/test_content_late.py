"""Behaviour of the 2015-2016 cards (content/base/cards/2015*.yaml and 2016*.yaml).

What a player would notice: the historical anchors of 2015 and early 2016 come
in their months; the nuclear test and the rocket force the choice between
restoring the sanctions and breaking ranks, and breaking ranks costs the
alliance track; restoring the measures ends the committee (unless only the
2014 measures come back and Pyongyang was sincere); a deadline set in July
brings a follow-up card whose news depends on Pyongyang's hidden intent; and
every late card turns up in random play.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from game.engine import Game

CARDS = Path(__file__).resolve().parent.parent / "content" / "base" / "cards"
LATE_FILES = sorted([*CARDS.glob("2015*.yaml"), *CARDS.glob("2016*.yaml")])
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/card.json"

#: The dated events of section E and F of the fact sheet, each a card with a note.
ANCHORS = {
    "trilateral-envoys-tokyo", "sanctions-renewal-2015", "matsutake-raid",
    "matsutake-arrest", "report-postponed", "security-legislation", "abe-park-summit",
    "comfort-women-agreement", "nuclear-test", "rocket-launch", "committee-dissolved",
}
LIFTED_IN_2014 = ("travel_restrictions", "remittance_reporting", "port_humanitarian")


def _late_ids() -> list[str]:
    ids = []
    for f in LATE_FILES:
        with f.open(encoding="utf-8") as handle:
            ids += [card["id"] for card in yaml.safe_load(handle)]
    return ids


LATE_IDS = _late_ids()


# --------------------------------------------------------------------------- playing


def _pick(game: Game) -> str:
    """The choice history took when the card marks one, else the first open one."""
    open_ = [v.choice for v in game.choices() if v.available]
    assert open_, f"every choice of {game.card_id} is locked on {game.date}"
    return next((c for c in open_ if c.historical), open_[0]).id


def _advance(game: Game, until: str | None = None, stop_month: str | None = None) -> Game:
    """Play history's line until the card ``until`` is up (or the month, or the end)."""
    while not game.over:
        if until is not None and game.card_id == until:
            return game
        if stop_month is not None and game.date >= stop_month:
            return game
        if game.card_id is None:
            game.pass_turn()
        else:
            game.choose(_pick(game))
    return game


def _fork(game: Game, **values: Any) -> Game:
    """An independent copy of a game, with some values changed (as a 'what if')."""
    snap = game.snapshot()
    snap["values"].update(values)
    return Game.from_snapshot(game.content, snap)


# --------------------------------------------------------------------------- the files


def test_files_point_editors_at_the_schema() -> None:
    assert LATE_FILES, "no 2015/2016 card files"
    for f in LATE_FILES:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        assert first == SCHEMA_LINE, f.name


def test_deck_size_and_windows(base_content) -> None:
    assert len(LATE_IDS) >= 22
    for cid in LATE_IDS:
        card = base_content.cards[cid]
        assert card.from_ and card.from_ >= "2015-01", cid
        assert card.until and card.until <= "2016-02", cid
        assert len(card.choices) >= 2, cid
        assert len(card.advisors) >= 3, f"{cid}: advisors should argue"
        for ch in card.choices:
            assert ch.outcome, f"{cid}/{ch.id} has no outcome text"


def test_anchors_carry_history(base_content) -> None:
    assert set(LATE_IDS) >= ANCHORS
    for cid in ANCHORS:
        card = base_content.cards[cid]
        assert card.history is not None, cid
        assert card.history.source.startswith("http"), cid
        marked = [ch.id for ch in card.choices if ch.historical]
        assert len(marked) == 1, f"{cid}: history's choice is not marked"


def test_recurring_pressures_repeat(base_content) -> None:
    recurring = [base_content.cards[c] for c in LATE_IDS if base_content.cards[c].repeatable]
    assert len(recurring) >= 8
    for card in recurring:
        assert card.cooldown >= 3, card.id
        # Not a dated event: no note, or a note that gives the background and
        # says the scene itself is invented.
        if card.history is not None:
            note = " ".join(card.history.note.split())
            assert "a plausible event, not a recorded one" in note, card.id
            assert not any(ch.historical for ch in card.choices), card.id


# --------------------------------------------------------------------------- the historical line


def test_history_line_meets_the_late_anchors(base_content) -> None:
    spine = ("trilateral-envoys-tokyo", "sanctions-renewal-2015", "matsutake-raid",
             "report-postponed", "security-legislation", "abe-park-summit",
             "comfort-women-agreement", "nuclear-test")
    reached = rockets = 0
    missed: dict[str, int] = dict.fromkeys(spine, 0)
    # 30 seeds: from December 2015 each month may be the last (0.9 ** 3 of games
    # reach February 2016), so 20 seeds left the count to the luck of the dice.
    for seed in range(1, 31):
        game = _advance(Game.new(base_content, seed))
        if game.turn < base_content.total_turns:
            continue  # the uncertain end came early
        reached += 1
        for cid in spine:
            missed[cid] += cid not in game.seen
        # A scheduled card (an ally's rebuke) can push an anchor out of its
        # window now and then; on history's line that must stay rare.
        if "rocket-launch" in game.seen:
            rockets += 1
            # History: the 2014 relief taken back, the committee gone, nothing new given.
            for lever in LIFTED_IN_2014:
                assert game.value(lever), f"seed {seed}: {lever} still lifted"
            assert not game.value("committee_active"), f"seed {seed}"
            assert game.value("committee_dissolved"), f"seed {seed}"
        for entry in game.ledger:
            card_id, _, choice_id = entry.cause.ref.partition("/")
            if entry.kind == "concession" and card_id in LATE_IDS:
                choice = next(c for c in base_content.cards[card_id].choices
                              if c.id == choice_id)
                assert not choice.historical, f"seed {seed}: history gave {entry.what!r}"
    assert reached >= 16
    assert rockets >= reached // 2, "the rocket should follow the test on history's line"
    often_missed = {cid: n for cid, n in missed.items() if n > reached // 10}
    assert not often_missed, f"anchors missed in {reached} games: {often_missed}"


# --------------------------------------------------------------------------- the dilemma


def _at_nuclear_test(content, seed: int) -> Game | None:
    game = _advance(Game.new(content, seed), until="nuclear-test")
    return None if game.over else game


def test_breaking_ranks_costs_the_alliance_track(base_content) -> None:
    compared = 0
    for seed in range(1, 11):
        base = _at_nuclear_test(base_content, seed)
        if base is None:
            continue
        loyal, broke = _fork(base), _fork(base)
        loyal.choose("council-first")
        broke.choose("keep-channel")
        assert broke.value("washington") <= 42 and broke.value("seoul") <= 38
        for game, feb in ((loyal, "restore-and-widen"), (broke, "stay-out")):
            if not game.over and game.card_id == "rocket-launch":
                game.choose(feb)
            _advance(game)
        assert broke.scores()["alliance"] < 50, f"seed {seed}"
        assert broke.scores()["alliance"] + 15 < loyal.scores()["alliance"], f"seed {seed}"
        # Whatever else happens, a Tokyo that left the allies cannot end with them intact.
        assert broke.ending_id not in {"two-tracks-held", "door-ajar", "status-quo-ex-ante",
                                       "wall-not-door"}, f"seed {seed}: {broke.ending_id}"
        compared += 1
    assert compared >= 5


def test_restoring_in_january_brings_the_dissolution(base_content) -> None:
    checked = 0
    for seed in range(1, 11):
        base = _at_nuclear_test(base_content, seed)
        if base is None or not base.value("committee_active"):
            continue
        game = _fork(base)
        game.choose("restore-now")
        for lever in LIFTED_IN_2014:
            assert game.value(lever), f"seed {seed}: {lever} not restored"
        if game.over:
            continue
        assert game.card_id == "committee-dissolved", f"seed {seed}: {game.card_id}"
        assert not game.value("committee_active")
        assert game.value("committee_dissolved")
        assert any("dissolved" in m.text for m in game.messages if m.turn == game.turn)
        checked += 1
    assert checked >= 3


def _at_rocket(content) -> Game:
    for seed in range(1, 30):
        base = _at_nuclear_test(content, seed)
        if base is None or not base.value("committee_active"):
            continue
        base.choose("council-first")
        if not base.over and base.card_id == "rocket-launch":
            return base
    raise AssertionError("no seed reached the rocket card with a committee at work")


def test_restore_only_spares_a_sincere_committee(base_content) -> None:
    at_rocket = _at_rocket(base_content)
    sincere = _fork(at_rocket, sincerity=75)
    stalling = _fork(at_rocket, sincerity=25)
    for game in (sincere, stalling):
        game.choose("restore-only")
    assert sincere.value("committee_active") and not sincere.value("committee_dissolved")
    assert not stalling.value("committee_active") and stalling.value("committee_dissolved")
    widened = _fork(at_rocket, sincerity=75)
    widened.choose("restore-and-widen")
    assert widened.value("committee_dissolved"), "widening ends even a sincere committee"


def test_rocket_card_always_leaves_a_real_choice(base_content) -> None:
    at_rocket = _at_rocket(base_content)
    fresh = {v.choice.id for v in at_rocket.choices() if v.available}
    assert fresh == {"restore-and-widen", "restore-only", "stay-out"}
    # With every measure in force (restored in January, or never lifted), the
    # card offers to widen or hold, never to restore what is already there.
    levers = {lv.id: True for lv in base_content.scenario.levers}
    restored = _fork(at_rocket, **levers)
    assert {v.choice.id for v in restored.choices() if v.available} == \
        {"tighten-further", "hold-at-january"}
    assert "Every one of Tokyo's own measures is already in force" in \
        " ".join(restored.card_text().split())
    # One measure lifted again after January: restoring is on the table again.
    one_lifted = _fork(at_rocket, **{**levers, "ferry_ban": False})
    assert "restore-only" in {v.choice.id for v in one_lifted.choices() if v.available}
    assert "already in force" not in one_lifted.card_text()


def test_january_card_never_offers_to_restore_what_is_in_force(base_content) -> None:
    for seed in range(1, 30):
        game = _at_nuclear_test(base_content, seed)
        if game is not None:
            break
    else:
        raise AssertionError("no seed reached the nuclear test")
    levers = {lv.id: True for lv in base_content.scenario.levers}
    all_in = _fork(game, **levers)
    open_ids = {v.choice.id for v in all_in.choices() if v.available}
    assert "restore-now" not in open_ids and "widen-now" in open_ids
    assert "Every one of them is in force" in " ".join(all_in.card_text().split())
    some_out = _fork(game, **{**levers, "trade_embargo": False})
    some_out.choose("restore-now")
    assert all(some_out.value(lv) for lv in levers), "restore-now restores every measure"


def test_late_return_to_the_fold_costs_more(base_content) -> None:
    at_rocket = _at_rocket(base_content)
    on_time = _fork(at_rocket)
    wavered = _fork(at_rocket, broke_ranks=True, washington=42, seoul=38)
    on_time.choose("restore-and-widen")
    wavered.choose("restore-and-widen")
    assert wavered.value("washington") < on_time.value("washington")
    assert wavered.scores()["alliance"] < 50 <= on_time.scores()["alliance"]


# --------------------------------------------------------------------------- hidden intent


def test_autumn_deadline_news_depends_on_intent(base_content) -> None:
    for seed in range(1, 20):
        base = _advance(Game.new(base_content, seed), until="report-postponed")
        if not base.over:
            break
    else:
        raise AssertionError("no seed reached the missed report")
    results = {}
    for sincerity in (85, 15):
        game = _fork(base, sincerity=sincerity)
        game.choose("set-deadline")
        for _ in range(6):
            if game.over or game.card_id == "report-deadline-due":
                break
            if game.card_id is None:
                game.pass_turn()
            else:
                game.choose(_pick(game))
        assert game.card_id == "report-deadline-due", f"sincerity {sincerity}"
        reward = next(v for v in game.choices() if v.choice.id == "reward-interim")
        results[sincerity] = (game.value("report_interim"), reward.available)
    assert results[85] == (True, True)
    assert results[15] == (False, False)


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("games", [pytest.param(400, id="small"),
                                   pytest.param(10_000, id="full", marks=pytest.mark.full)])
def test_every_late_card_comes_up_in_random_play(base_content, games: int) -> None:
    from game.sim.runner import SimSpec, simulate

    result = simulate(SimSpec(games=games, policy="random", seed=2015), jobs=1,
                      content=base_content)
    drawn = result.stats.card_games
    floor = 1 if games < 10_000 else games // 100
    rare = {cid: drawn[cid] for cid in LATE_IDS if drawn[cid] < floor}
    assert not rare, f"drawn in too few of {games} random games: {rare}"
