"""A class report a teacher can trust: who counts, what is flagged, and hostile text."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from game.classroom.classcode import ClassCode
from game.classroom.whatif import branch
from game.engine import Game
from game.loading.loader import load_content
from game.report.class_csv import class_csv
from game.report.class_html import class_html
from game.report.class_markdown import class_markdown
from game.report.classreport import build_class_report
from game.report.records import PlayRecord
from tests.play import finished

FIXTURES = Path(__file__).parent / "fixtures"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u200b]")


def _play_on(content, seed: int, first: str, second: str | None = None) -> Game:
    """Answer the first card with ``first``, later cards with ``second`` or the first open."""
    g = Game.new(content, seed)
    g.choose(first)
    while not g.over:
        views = [v for v in g.choices() if v.available]
        if g.card is None or not views:
            g.pass_turn()
        else:
            pick = next((v for v in views if v.choice.id == second), views[0])
            g.choose(pick.choice.id)
    return g


@pytest.fixture(scope="module")
def code(mini_content):
    return ClassCode.make(mini_content, 11, "normal", False)


@pytest.fixture(scope="module")
def report(mini_content, code):
    recs = [PlayRecord(f"s{i}.json", finished(mini_content, code.seed,
                                              "accept" if i % 2 else "decline"),
                       f"Student {i}", code.text, saved_at=f"2026-01-01T10:0{i}:00")
            for i in range(6)]
    # Student 0 started again: an earlier game cut short, under the same name (spaced).
    early = Game.new(mini_content, code.seed)
    early.choose("accept")
    recs.append(PlayRecord("s0-first.json", early, " student  0", code.text))
    # Student 1 went back to turn 1 and chose otherwise: a what-if branch, not a student.
    alt = branch(recs[1].game, 1)
    alt.choose("decline")
    recs.append(PlayRecord("s1-whatif.json", alt, "Student 1", code.text, whatif_turn=1))
    # A student who stopped in the first month, with a score no finished game reached.
    quit_ = Game.new(mini_content, code.seed)
    recs.append(PlayRecord("quit.json", quit_, "Quitter", code.text))
    return build_class_report(mini_content, recs)


def test_branches_and_restarts_are_not_students(report):
    (g,) = report.groups
    assert sorted(r.player for r in g.records) == ["Quitter", *(f"Student {i}" for i in range(6))]
    assert [r.path for r in g.branches] == ["s1-whatif.json"]
    assert [r.path for r, _why in g.extra_games] == ["s0-first.json"]
    assert "restart" in g.extra_games[0][1]
    talks = next(s for s in g.splits if s.card_id == "talks")
    assert talks.answered == 6  # the branch's and the restart's answers are not in the split
    md = class_markdown(report)
    assert "### What-if branches (not counted)" in md and "back at turn 1" in md
    assert "### Restarts and repeated names (not counted)" in md
    assert "Student 0 (1 other game(s) under this name)" in md
    assert "Student 1 (1 what-if branch(es))" in md


def test_unfinished_games_are_listed_but_not_in_the_scores(report):
    (g,) = report.groups
    finished_scores = [r.game.scores()["score"] for r in g.records if r.game.over]
    joint = next(s for s in g.stats if s.label == "Joint score")
    assert (joint.low, joint.high) == (min(finished_scores), max(finished_scores))
    row = next(r for r in g.roster if r.name == "Quitter")
    assert (row.ending, row.last_turn) == ("not finished", 1)
    assert "| Quitter | not finished |" in class_markdown(report)
    assert "Finished games only (6 of 7)." in class_markdown(report)


def test_roster_and_the_closest_split_first(report):
    (g,) = report.groups
    md = class_markdown(report)
    assert "| Student | Ending | Bilateral | Alliance | Joint score | Share of the best this " \
           "seed allowed | Last turn |" in md
    rows = [line for line in md.splitlines() if re.match(r"\| Student \d", line)]
    assert len(rows) == 6 and all(" | — | " in r for r in rows)  # no skill in these saves
    assert g.closest is not None and g.closest.card_id == "talks"  # 3 accept, 3 decline
    closest = md.index("**Closest split:** At “Talks”: 50%")
    assert closest < md.index("### Endings")
    page = class_html(report)
    assert "<b>Closest split:</b> At “Talks”: 50%" in page and "<h3>Roster</h3>" in page


def test_repeat_encounters_are_reported(mini_content, code):
    recs = [PlayRecord(f"r{i}.json", _play_on(mini_content, code.seed, "accept", "answer"),
                       f"R{i}", code.text) for i in range(3)]
    rep = build_class_report(mini_content, recs)
    again = [s for s in rep.groups[0].splits if s.repeats]
    assert again, "the mini scenario's repeatable cards come more than once"
    for split in again:
        first_answers = sum(c.count for c in split.choices)
        later = sum(c.count for c in split.later)
        picks = sum(1 for r in recs for _t, cid, _c in r.game.picks if cid == split.card_id)
        assert first_answers + later == picks
    md = class_markdown(rep)
    assert "the split counts each student's first answer. Later answers:" in md


HOSTILE_NAMES = [
    "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","click")', "+1+cmd", "-2+3",
    "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "Aiko\n| fake | row |\n# Heading",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "\x1b]0;pwned\x07\x1b[2Jclear",
    "Ken\u202eevil\u200b", "`` ``` ``",
]
HOSTILE_MOD = ['=HYPERLINK("http://evil.example")', "<script>alert(2)</script>",
               "| mod | row |", "[y](javascript:alert(3))"]


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    mod = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(FIXTURES / "mini", mod)
    endings = mod / "endings" / "endings.yaml"
    data = yaml.safe_load(endings.read_text())
    for e, text in zip(data, HOSTILE_MOD, strict=False):
        e["title"] = text
    endings.write_text(yaml.safe_dump(data, allow_unicode=True))
    cards = mod / "cards" / "cards.yaml"
    data = yaml.safe_load(cards.read_text())
    data[0]["title"] = HOSTILE_MOD[1]
    data[0]["choices"][0]["label"] = HOSTILE_MOD[0]
    data[0]["choices"][1]["label"] = HOSTILE_MOD[2]
    cards.write_text(yaml.safe_dump(data, allow_unicode=True))
    content = load_content([mod])
    code = ClassCode.make(content, 3)
    recs = [PlayRecord(f"h{i}.json", finished(content, code.seed, "accept" if i % 2 else
                                              "decline"), name, code.text)
            for i, name in enumerate(HOSTILE_NAMES)]
    return build_class_report(content, recs)


def test_hostile_names_and_mod_text_in_csv(hostile_report):
    text = class_csv(hostile_report).removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + len(HOSTILE_NAMES)
    for row in rows:
        for cell in row:
            assert not CONTROL.search(cell) and "\n" not in cell, cell
            if cell[:1] in ("=", "+", "-", "@"):
                assert re.fullmatch(r"-?\d+(\.\d+)?", cell), f"formula cell {cell!r}"
    names = [r[0] for r in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names and "-2+3" not in names and "'-2+3" in names


def test_hostile_names_and_mod_text_in_markdown(hostile_report):
    md = class_markdown(hostile_report)
    assert not CONTROL.search(md)
    assert "<script" not in md.lower()
    # No link outside the chart's code block (where Markdown makes none): each ] is escaped.
    prose = re.sub(r"```text.*?```", "", md, flags=re.S)
    assert not re.search(r"(?<!\\)\]\(", prose)
    assert "| fake | row |" not in prose and "| mod | row |" not in prose
    assert not any(line.startswith("# Heading") for line in md.splitlines())
    roster = [line for line in md.splitlines() if line.startswith("| ") and " of " in line
              and line.rstrip().endswith("|") and "Share" not in line]
    # One row per student, none injected ("\t=1+1" and "\r=1+1" are one name, flagged).
    assert len(roster) == len(HOSTILE_NAMES) - 1 == len(hostile_report.groups[0].records)
    fence = md[md.index("```text"):]
    assert fence.count("```") == 2  # no name closes the chart's code block


def test_hostile_names_and_mod_text_in_html(hostile_report):
    page = class_html(hostile_report)
    assert not CONTROL.search(page)
    assert "<script" not in page.lower() and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_japanese_names_stay_in_save_file_names(mini_content, tmp_path):
    from game.classroom.play import class_game_id
    from game.saves.files import autosave
    from game.saves.loading import load_save
    from game.saves.records import SaveMeta

    game_id = class_game_id("KOBE-4271", "田中 愛子")
    assert game_id is not None and "田中-愛子" in game_id
    path = autosave(Game.new(mini_content, 1), tmp_path,
                    SaveMeta(player="田中 愛子", game_id=game_id))
    assert "田中-愛子" in path.name
    assert load_save(path, mini_content).meta.player == "田中 愛子"
    for hostile in ("../../x", "a/b\\c", "\u202eexe.txt", "con"):
        gid = class_game_id(None, hostile)
        assert gid and re.fullmatch(r"[^\W_](?:[^\W_]|-)*", gid), gid


def _summary_of(content, tmp_path, name: str = "Aiko <b>Tanaka</b>") -> Path:
    """A whole base game saved, and its one-page summary written by the CLI."""
    import argparse

    from game.report.command import run_report
    from game.saves.files import autosave, new_game_id
    from game.saves.records import SaveMeta

    game = finished(content, 4, "quiet-then-talks")
    save = autosave(game, tmp_path, SaveMeta(player=name, game_id=new_game_id()))
    out = tmp_path / "summary.html"
    args = argparse.Namespace(save=str(save), format=None, output=str(out), compare=None,
                              summary=True, saves_dir=None, mod=None)
    assert run_report(args, content) == 0
    return out


def test_summary_is_one_page_of_what_matters(base_content, tmp_path):
    page = _summary_of(base_content, tmp_path).read_text(encoding="utf-8")
    assert "Aiko &lt;b&gt;Tanaka&lt;/b&gt;" in page and "<b>Tanaka</b>" not in page
    assert "@page" in page and "<script" not in page and "<link" not in page
    answered = sum(1 for _t, _c, _ch in finished(base_content, 4, "quiet-then-talks").picks)
    decisions = page[page.index("<table class=decisions>"):]
    assert decisions[:decisions.index("</table>")].count("<tr><td") == answered  # one line each
    assert "Share of the best this seed allowed" in page and "To write about" in page


@pytest.mark.full
def test_summary_prints_on_one_or_two_sheets(base_content, tmp_path):
    """Headless Chromium prints the summary of a whole game; the PDF has at most 2 pages."""
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("pdfinfo"):
        pytest.skip("needs chromium and pdfinfo (apt-get install chromium poppler-utils)")
    html_file = _summary_of(base_content, tmp_path)
    pdf = tmp_path / "summary.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    html_file.as_uri()], capture_output=True, timeout=120, check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert 1 <= pages <= 2


def test_roster_shows_the_stored_share_of_the_best(mini_content, tmp_path):
    """A save holding a current skill score shows it in the roster; others show a dash."""
    from game.report.command import read_record
    from game.saves.files import autosave, new_game_id
    from game.saves.records import SaveMeta
    from game.sim.best import skill_report, with_skill

    code = ClassCode.make(mini_content, 3)
    scored = finished(mini_content, code.seed, "accept")
    report = skill_report(mini_content, scored.seed, scored.difficulty, scored.decisions)
    a = autosave(scored, tmp_path, SaveMeta(player="Scored", class_code=code.text,
                                             game_id=new_game_id(),
                                             extra=with_skill({}, report)))
    b = autosave(finished(mini_content, code.seed, "decline"), tmp_path,
                 SaveMeta(player="Plain", class_code=code.text, game_id=new_game_id()))
    recs = [read_record(a, mini_content), read_record(b, mini_content)]
    assert recs[0].skill == report.percent / 100 and recs[1].skill is None
    md = class_markdown(build_class_report(mini_content, recs))
    assert re.search(rf"\| Scored \| .* \| {report.percent}% \| \d+ of \d+ \|", md)
    assert re.search(r"\| Plain \| .* \| — \| \d+ of \d+ \|", md)
