"""Issue 12, item 5: what the screen says agrees with the state of the game."""

from __future__ import annotations

import pytest

from game.engine import Game
from game.loading.loader import load_content


@pytest.fixture(scope="module")
def base():
    return load_content()


def _with_card(base, card_id: str, **values) -> Game:
    game = Game.new(base, 11)
    game.env.update(values)
    game.card_id = card_id
    return game


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_card_text_follows_the_measures_actually_lifted(base) -> None:
    history = _with_card(base, "early-stage", travel_restrictions=False,
                         remittance_reporting=False, port_humanitarian=False)
    assert "The three measures were lifted" in _flat(history.card_text())
    none = _with_card(base, "early-stage")  # nothing lifted
    assert "The three measures were lifted" not in _flat(none.card_text())
    assert "has lifted none of the three measures" in _flat(none.card_text())
    one = _with_card(base, "early-stage", travel_restrictions=False)
    assert "Some of the three measures Pyongyang wanted are lifted" in _flat(one.card_text())
    # The player view shows the same text as the engine.
    assert one.view().card.body == one.card_text()


@pytest.mark.parametrize(("card", "choice"), [("pyongyang-asks-more", "aid-on-condition"),
                                              ("asking-price", "rice-on-delivery")])
def test_conditional_offer_books_nothing_until_it_ships(base, card, choice) -> None:
    game = _with_card(base, card)
    ids = [c.choice.id for c in game.choices()]
    assert choice in ids
    text = next(c.choice.outcome or "" for c in game.choices() if c.choice.id == choice)
    assert "costs nothing until" in _flat(text)
    before = len(game.ledger)
    game.choose(choice)
    booked = [e for e in game.ledger[before:] if e.kind == "concession" and e.turn == 1]
    assert booked == [], "a conditional offer books its concession only when it ships"


def test_preemptive_means_what_the_screen_says(base) -> None:
    """'Given on credit': Tokyo had already given at least as much as it had received."""
    game = Game.new(base, 11)
    game.card_id = None
    game.set_lever("port_humanitarian", "lifted")  # nothing received yet
    entry = game.ledger[-1]
    assert entry.preemptive
    line = game.view().ledger[-1].text
    assert "on credit" in line and "Tokyo gave" in line
    assert "not already paid for" in line


def test_reaction_causes_name_who_acts(base) -> None:
    """No 'Washington reacts' under Seoul's confidence, no 'The families ... reacts'."""
    from game.model.content import walk_effects

    for r in base.reactions:
        if r.cause:
            continue
        assert r.actor != "families", f"{r.id}: a plural actor needs a 'cause' label"
        meters = {eff.meter for eff, _loc in walk_effects(r.effects, ())
                  if type(eff).__name__ == "MeterEffect"}
        other = {"washington": "seoul", "seoul": "washington"}.get(r.actor)
        assert other not in meters, f"{r.id}: {r.actor} moves {other}; give it a 'cause'"
    game = Game.new(base, 11)
    labels = {c.cause.label for c in game.log}
    assert not any(label.endswith(" reacts") and "families" in label.lower() for label in labels)


def test_view_states_the_ledger_rule_from_tokyos_side(base) -> None:
    rule = Game.new(base, 11).view().ledger_rule
    assert "Tokyo" in rule and "preemptive" in rule and "disproportionate" in rule
