"""Class reports: endings spread, decision splits, groups by class code, damaged saves."""

from __future__ import annotations

import csv
import io

import pytest

from game.classroom.classcode import ClassCode, ClassCodeError
from game.report.class_csv import class_csv
from game.report.class_html import class_html
from game.report.class_markdown import class_markdown
from game.report.classreport import build_class_report
from game.report.records import Damaged, PlayRecord
from tests.play import finished


@pytest.fixture(scope="module")
def code(mini_content):
    return ClassCode.make(mini_content, 5, "normal", True)


@pytest.fixture(scope="module")
def klass(mini_content, code):
    """Eight students: five accept at the talks card, three decline."""
    recs = []
    for i in range(8):
        g = finished(mini_content, code.seed, "accept" if i < 5 else "decline")
        recs.append(PlayRecord(f"saves/s{i}.json", g, f"Student {i}", code.text))
    return recs


def test_decision_splits_per_card(mini_content, klass):
    rep = build_class_report(mini_content, klass)
    (group,) = rep.groups
    talks = next(s for s in group.splits if s.card_id == "talks")
    assert (talks.seen, talks.answered) == (8, 8)
    counts = {c.choice_id: c.count for c in talks.choices}
    assert counts == {"accept": 5, "decline": 3, "locked-one": 0}
    assert talks.shares() == [(62, "Accept and lift the travel ban"), (38, "Decline")]
    md = class_markdown(rep)
    assert "62% (5) Accept and lift the travel ban ← history" in md
    assert " 38% (3) Decline" in md


def test_endings_scores_and_history_reference(mini_content, klass):
    rep = build_class_report(mini_content, klass)
    (group,) = rep.groups
    assert sum(n for *_x, n in group.endings) + group.unfinished == 8
    assert group.reference is not None
    assert group.reference.seed == klass[0].game.seed
    ref_talks = next(ch for _t, c, ch in group.reference.picks if c == "talks")
    assert ref_talks == "accept"  # the historical choice
    joint = next(s for s in group.stats if s.label == "Joint score")
    scores = sorted(r.game.scores()["score"] for r in klass)
    assert joint.low == scores[0] and joint.high == scores[-1]
    md = class_markdown(rep)
    assert "On the historical path" in md and "HISTORY" in md
    for r in klass:  # every student's path is shown side by side
        assert r.player in md


def test_other_codes_never_mixed(mini_content, klass, code):
    other = ClassCode.make(mini_content, 9, "normal", False)
    stranger = PlayRecord("saves/x.json", finished(mini_content, 9, "decline"), "Xu", other.text)
    rep = build_class_report(mini_content, [*klass, stranger])
    assert [g.code_text for g in rep.groups] == sorted([code.text, other.text])
    mine = next(g for g in rep.groups if g.code_text == code.text)
    assert len(mine.records) == 8
    # Asking for one class keeps the other apart, named.
    rep = build_class_report(mini_content, [*klass, stranger], only_code=code.text.lower())
    assert len(rep.groups) == 1 and len(rep.groups[0].records) == 8
    assert rep.apart[0][0].player == "Xu" and "another class code" in rep.apart[0][1]
    assert "## Kept apart (not counted)" in class_markdown(rep)
    with pytest.raises(ClassCodeError):
        build_class_report(mini_content, klass, only_code="KOBE-0000")


def test_a_save_that_does_not_match_its_code_is_kept_apart(mini_content, klass, code):
    cheat = PlayRecord("saves/c.json", finished(mini_content, 6, "accept"), "Cy", code.text)
    forged = PlayRecord("saves/f.json", finished(mini_content, 5, "accept"), "Fe", "KOBE-4271")
    rep = build_class_report(mini_content, [*klass, cheat, forged])
    assert sum(len(g.records) for g in rep.groups) == 8
    reasons = dict((r.player, why) for r, why in rep.apart)
    assert "fixes seed 5" in reasons["Cy"]
    assert "typing mistake" in reasons["Fe"] or "other game content" in reasons["Fe"]


def test_damaged_saves_are_named_and_skipped(mini_content, klass):
    rep = build_class_report(mini_content, [*klass, Damaged("saves/bad.json", "truncated")])
    md = class_markdown(rep)
    assert "## Damaged saves (skipped)\n\n- saves/bad.json: truncated" in md
    assert "9 save(s) read: 8 student(s) counted" in md


def test_outliers(mini_content, code):
    recs = [PlayRecord(f"s{i}.json", finished(mini_content, code.seed, "decline"), f"S{i}",
                       code.text) for i in range(6)]
    lone = PlayRecord("lone.json", finished(mini_content, code.seed, "accept"), "Lone", code.text)
    rep = build_class_report(mini_content, [*recs, lone])
    why = [w for name, w in rep.groups[0].outliers if name == "Lone"]
    assert any("the only one to choose “Accept and lift the travel ban”" in w for w in why)


def test_csv_one_row_per_save(mini_content, klass):
    rep = build_class_report(mini_content, [*klass, Damaged("bad.json", "truncated")])
    text = class_csv(rep)
    assert text.startswith("\ufeff")  # spreadsheets read the names' letters as UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 9
    assert [r["Status"] for r in rows].count("counted") == 8
    assert rows[-1]["Status"] == "damaged" and rows[-1]["Note"] == "truncated"
    # Labels, not ids: the card's title heads the column, the answer's label fills it.
    assert rows[0]["Talks"] == "Accept and lift the travel ban"
    assert rows[7]["Talks"] == "Decline"
    assert float(rows[0]["Joint score"]) == round(klass[0].game.scores()["score"], 1)
    assert all(len(r["Joint score"].partition(".")[2]) <= 1 for r in rows[:8])


def test_html_class_report_is_self_contained(mini_content, klass):
    page = class_html(build_class_report(mini_content, klass))
    assert "<script" not in page and "<link" not in page
    assert "@media print" in page
    assert page.count("<polyline") >= 3 * 9  # 8 students + history, per visible meter


def test_games_without_code_are_flagged(mini_content):
    recs = [PlayRecord(f"f{i}.json", finished(mini_content, i, "accept"), f"P{i}") for i in (1, 2)]
    rep = build_class_report(mini_content, recs)
    assert rep.groups[0].code is None
    assert "2 different seeds" in rep.groups[0].note
    assert rep.groups[0].reference is None
