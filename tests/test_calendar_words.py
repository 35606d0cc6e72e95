"""Dates read in their calendar everywhere: a week is 'week of ...', never its Monday alone.

One function, :func:`game.model.calendars.date_label`, writes every date a player,
a student or a teacher reads. A weekly copy of the Thirteen Days scenario is
played through the line mode, the Textual screens' date helper and a debrief.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from game.engine import Game
from game.loading.loader import load_content
from game.model.calendars import date_label
from game.plain import PlainSession
from game.report.debrief import build_debrief
from game.report.markdown import debrief_markdown
from game.tui.render import turn_date

ROOT = Path(__file__).parents[1]
#: A day of October or November 1962 written without "week of" before it.
BARE_DAY = re.compile(r"(?<!week of )\b\d{1,2} (Oct|Nov)[a-z]* 1962")


@pytest.mark.parametrize(("text", "unit", "short", "label"), [
    ("2014-03", "month", False, "March 2014"),
    ("2014-03", "month", True, "Mar 2014"),
    ("1962-10-16", "day", False, "16 October 1962"),
    ("1962-10-16", "day", True, "16 Oct 1962"),
    ("1962-10-17", "week", False, "week of 15 October 1962"),  # any day names its week
    ("1962-10-15", "week", True, "week of 15 Oct 1962"),
    ("2014-Q2", "quarter", False, "Q2 2014"),
    ("2014", "year", False, "2014"),
    ("not a date", "week", False, "not a date"),  # a label never raises
])
def test_one_function_writes_every_unit(text: str, unit: str, short: bool, label: str) -> None:
    assert date_label(text, unit, short) == label


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    folder = tmp_path_factory.mktemp("weeks") / "thirteen-weeks"
    shutil.copytree(ROOT / "examples" / "mods" / "thirteen-days", folder)
    scenario = folder / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "  unit: day\n" in text and '  end: "1962-10-28"\n' in text
    scenario.write_text(text.replace("  unit: day\n", "  unit: week\n")
                        .replace('  end: "1962-10-28"\n', '  end: "1962-11-25"\n'),
                        encoding="utf-8")
    return load_content([folder])


def test_a_weekly_game_reads_its_weeks_in_the_line_mode(weekly, tmp_path) -> None:
    game = Game.new(weekly, 3)
    out = io.StringIO()
    script = "status\n" + "1\npass\nstatus\nsignals\n" * 3
    PlainSession(game, io.StringIO(script), out).run()
    text = out.getvalue()
    assert "week of 15 October 1962 (turn 1 of" in text
    assert "week of 22 October 1962 (turn 2 of" in text
    assert BARE_DAY.search(text) is None, BARE_DAY.search(text)
    assert re.search(r"1962-\d\d-\d\d", text) is None  # nor a raw date of the calendar
    # The Textual screens' helper and the debrief write the same.
    assert turn_date(game, 1) == "week of 15 Oct 1962"
    report = debrief_markdown(build_debrief(game))
    assert "week of 15 October 1962" in report
    # The history notes' own dates are the content's words, not the calendar's.
    ours = "\n".join(ln for ln in report.splitlines() if "What really happened" not in ln)
    assert BARE_DAY.search(ours) is None, BARE_DAY.search(ours)
