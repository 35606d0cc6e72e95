"""The base deck's history: sources, invented premises, names, and the commitments it models.

Issue 16 asked for facts that carry a checkable source, invented scenes that
say so, the sea named both ways, and the July 2014 collective self-defence
decision binding later choices. These tests hold the deck to that.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "content" / "base"
sys.path.insert(0, str(ROOT / "tools"))

import sources  # noqa: E402  (tools/sources.py)

INVENTED = "a plausible event, not a recorded one"


@pytest.fixture(scope="module")
def content() -> Any:
    from game.loading.loader import load_content

    return load_content([BASE])


def test_every_history_note_has_a_source_address(content: Any) -> None:
    """A card with a history note names at least one address a reader can open."""
    noted = [c for c in content.cards.values() if c.history is not None]
    assert len(noted) >= 50
    for card in noted:
        for address in (card.history.source, *card.history.more_sources):
            host = sources.domain(address)
            assert address.startswith(("http://", "https://")), card.id
            assert "." in host and " " not in address, f"{card.id}: {address}"


def test_no_source_is_on_a_weak_domain(content: Any) -> None:
    """Reposts, aggregators, preview links and dead domains were replaced by originals."""
    weak = sources.weak_citations(sources.citations(content))
    assert not weak, "\n".join(f"{p}: {a} ({why})" for p, a, why in weak)


def test_sources_tool_lists_domains_and_flags_weak_ones(content: Any) -> None:
    """tools/sources.py counts domains, most cited first, and marks the weak ones."""
    found = sources.citations(content)
    table = sources.table(found)
    first = table.splitlines()[2]
    assert first.split()[1] == "japantimes.co.jp", first
    assert f"{len(found)} addresses" in table
    planted = [*found, ("card planted", "https://feeds.bbci.co.uk/news/world-asia-1"),
               ("card planted2", "http://example.blogspot.com/2014/11/post.html")]
    marked = sources.table(planted)
    assert "feeds.bbci.co.uk" in marked and "weak: a feed host" in marked
    assert "blogspot.com" in marked and "weak: personal blog" in marked
    assert [p for p, _a, _w in sources.weak_citations(planted)] == ["card planted",
                                                                     "card planted2"]
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "sources.py"), "--check"],
                         capture_output=True, text=True, check=False, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "domains" in run.stdout


def test_invented_premises_say_so(content: Any) -> None:
    """A card tagged invented says so in its note and marks no choice as history's."""
    invented = [c for c in content.cards.values() if "invented" in c.tags]
    ids = {c.id for c in invented}
    assert {"port-call", "seoul-abductees", "cash-couriers", "go-between-offer"} <= ids
    for card in invented:
        assert card.history is not None, card.id
        assert INVENTED in " ".join(card.history.note.split()), card.id
        assert not any(ch.historical for ch in card.choices), card.id


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_the_sea_is_named_both_ways() -> None:
    """Every text that names the Sea of Japan also calls it the East Sea."""
    named = 0
    for path in sorted(BASE.rglob("*.yaml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            flat = " ".join(text.split())
            if "Sea of Japan" in flat and not flat.startswith("http"):
                named += 1
                assert "East Sea" in flat, f"{path.name}: {flat[:80]}"
    assert named >= 2


def test_kyodo_reports_are_reports_not_facts(content: Any) -> None:
    """The Tanaka and Kaneda accounts appear, each marked as unconfirmed."""
    texts = [content.cards["committee-dissolved"].history.note]
    texts += [e.history for e in content.endings if "Kaneda" in e.history]
    assert len(texts) >= 3
    for text in texts:
        flat = " ".join(text.split())
        assert "Kaneda" in flat and "Kyodo" in flat
        assert "not confirmed" in flat


# --------------------------------------------------------------------------- commitments


def _game(seed: int = 7) -> Any:
    from game.engine.game import Game

    return Game.new(pytest.importorskip("game.loading.loader").load_content([BASE]), seed)


def test_self_defence_decision_locks_standing_apart() -> None:
    """After the decision, the DMZ card's 'stand aside' is locked, and says why."""
    free, bound = _game(), _game()
    bound.env["alliance_capital_spent"] = True
    for g in (free, bound):
        g.card_id = "dmz-crisis"
    aside = {g is bound: next(v for v in g.choices() if v.choice.id == "stand-aside")
             for g in (free, bound)}
    assert aside[False].available
    assert not aside[True].available
    assert "collective self-defence" in " ".join(aside[True].reason.split())


def test_relief_ahead_of_the_allies_costs_more_after_the_decision() -> None:
    """A measure lifted before anything is received costs more at home once Tokyo is bound."""
    free, bound = _game(seed=5), _game(seed=5)
    bound.env["alliance_capital_spent"] = True
    for g in (free, bound):
        g.set_lever("travel_restrictions", "lifted")
        g.choose(next(v.choice.id for v in g.choices() if v.available))
    assert bound.value("public") < free.value("public")
    assert bound.value("washington") < free.value("washington")
