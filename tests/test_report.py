"""Debriefs of one game: what a teacher and student read after playing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from game.engine import Game
from game.loading.loader import load_content
from game.report.debrief import build_debrief
from game.report.html import compare_html, debrief_html
from game.report.markdown import compare_markdown, debrief_markdown, first_divergence
from game.report.textchart import block_plot, sparkline

FIXTURES = Path(__file__).parent / "fixtures"


def play(content, seed=3, picks=(1, 0, 0, 0, 0, 0), lift=True) -> Game:
    """A finished mini game: consult, optionally lift the ban, then the given choice indexes."""
    g = Game.new(content, seed)
    g.take_action("consult")
    if lift:
        g.set_lever("travel_ban", "lifted")
    i = 0
    while not g.over:
        if g.card is None:
            g.pass_turn()
            continue
        open_ = [v for v in g.choices() if v.available]
        g.choose(open_[min(picks[i % len(picks)], len(open_) - 1)].choice.id)
        i += 1
    return g


@pytest.fixture(scope="module")
def discussed(tmp_path_factory):
    """The mini scenario with a discussion prompt on its first card."""
    root = tmp_path_factory.mktemp("disc") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    cards = root / "cards" / "cards.yaml"
    text = cards.read_text()
    text = text.replace("  body: The rival offers talks.\n",
                        "  body: The rival offers talks.\n"
                        "  discussion: Would you talk to a rival who just fired a missile?\n", 1)
    cards.write_text(text)
    return load_content([root])


def test_every_decision_with_its_effects_and_causes(mini_content):
    g = play(mini_content)
    d = build_debrief(g, "Aiko", "SASA-7129")
    md = debrief_markdown(d)
    assert "Player: **Aiko**" in md and "SASA-7129" in md
    assert f"## Ending: {g.ending.title}" in md
    # Each decision is listed under its turn with what it moved.
    turn1 = md.split("### Turn 1,")[1].split("### Turn 2,")[0]
    assert "- Action: Consult the allies\n  - Allies 60 → 62 (+2)" in turn1
    assert "- Lifted: Travel ban\n  - Travel ban lifted\n  - Allies 62 → 57 (-5)" in turn1
    assert "- Chose: Decline" in turn1
    # The spread effect shows where it came from, later, and in the month it landed.
    assert "later, turn 2: Allies" in turn1
    turn2 = md.split("### Turn 2,")[1].split("### Turn 3,")[0]
    assert "because: continuing effect of Talks: Decline" in turn2
    assert "because: The Ally reacts" in turn2
    # Every player decision appears once.
    assert md.count("- Chose: ") == len(g.picks)
    assert len([s for t in d.turns for s in t.steps]) == len(g.decisions)


def test_history_hidden_values_and_scores(mini_content):
    g = play(mini_content)
    md = debrief_markdown(build_debrief(g))
    assert "History chose: **Accept and lift the travel ban**." in md
    assert "What really happened (30 Mar 2014):** Talks happened." in md
    assert "Source: <https://example.org/talks>" in md
    sincerity = g.value("sincerity")
    assert f"- **Sincerity**: {sincerity:g} (" in md  # the hidden meter, revealed with its band
    scores = g.scores()
    assert f"| Bilateral | {scores['bilateral']:.0f} | 50 |" in md
    assert f"Joint score: **{scores['score']:.0f}**" in md
    assert "You chose as history did at 0 of 1 cards" in md


def test_choosing_as_history_is_counted(mini_content):
    g = play(mini_content, picks=(0, 0, 0), lift=False)
    d = build_debrief(g)
    assert d.matches == (1, 1)
    assert "(as you did)" in debrief_markdown(d)


def test_text_charts_follow_the_meter(mini_content):
    g = play(mini_content)
    md = debrief_markdown(build_debrief(g))
    block = md.split("```text")[1].split("```")[0]
    start = g.history[0][1]["allies"]
    end = g.value("allies")
    assert f"Allies: {start:g} → {end:g}" in block
    assert "100 ┤" in block and "└" in block
    assert sparkline([0, 50, 100], 0, 100) == "▁▅█"
    rows = block_plot([0, 100], 0, 100, height=2)
    assert rows[0].endswith("█") and rows[1].endswith(" █")


def test_discussion_questions_come_from_the_cards(discussed):
    g = play(discussed)
    d = build_debrief(g)
    assert d.questions == [("Talks", "Would you talk to a rival who just fired a missile?")]
    md = debrief_markdown(d)
    assert "## Questions for discussion\n\n1. *Talks*: Would you talk to a rival" in md
    assert "Questions for discussion" in debrief_html(d)


def test_html_is_one_printable_file(mini_content):
    g = play(mini_content)
    page = debrief_html(build_debrief(g, "Aiko <script>", "SASA-7129"))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page  # names are escaped; no scripts of our own
    assert not re.search(r'(src|href)="(?!https?://example\.org)', page.replace(
        'href="https://example.org/talks"', ""))
    assert "<link" not in page and "@import" not in page  # nothing to fetch
    assert "@media print" in page and "break-inside: avoid" in page
    assert page.count("<svg") >= 4  # three visible meters and the hidden one
    assert "Aiko &lt;script&gt;" in page
    assert 'href="https://example.org/talks"' in page


def test_unfinished_game_says_so(mini_content):
    g = Game.new(mini_content, 3)
    g.choose("decline")
    md = debrief_markdown(build_debrief(g))
    assert "## No ending yet" in md and "not finished" in md
    assert "### Turn 2," in md


def test_compare_two_paths(mini_content):
    a = build_debrief(play(mini_content, picks=(1, 0)), "Aiko")
    b = build_debrief(play(mini_content, picks=(0, 0)), "Aiko")
    assert first_divergence(a, b) == 1
    assert first_divergence(a, a) is None
    md = compare_markdown(a, b, ("first", "what if"))
    assert "The paths part at turn 1." in md
    assert "| 1 ◆ | Talks |" in md
    assert "Chose: Decline" in md and "Chose: Accept and lift the travel ban" in md
    assert "roll the same dice" not in md  # same seed: only the choices differ
    html = compare_html(a, b, ("first", "what if"))
    assert html.count("<polyline") >= 2 * 3
    other = build_debrief(play(mini_content, seed=4), "Ben")
    assert "did not roll the same dice" in compare_markdown(a, other)
