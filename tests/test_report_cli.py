"""The report and class-report commands on real save files."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pytest

from game.classroom.classcode import ClassCode
from game.engine import Game
from game.report.command import _umask, run_class_report, run_report
from game.saves import SaveMeta, write_save
from tests.play import finished


def report_args(save, **kw) -> argparse.Namespace:
    base = {"save": str(save), "format": None, "output": None, "compare": None,
            "saves_dir": None, "mod": None}
    return argparse.Namespace(**{**base, **kw})


def class_args(saves, **kw) -> argparse.Namespace:
    base = {"saves": [str(s) for s in saves], "format": None, "output": None,
            "class_code": None, "mod": None}
    return argparse.Namespace(**{**base, **kw})


@pytest.fixture
def class_saves(mini_content, tmp_path):
    code = ClassCode.make(mini_content, 5, "normal", True)
    folder = tmp_path / "handed-in"
    paths = []
    for i, choice in enumerate(["accept", "accept", "decline"]):
        p = folder / f"student{i}.json"
        write_save(finished(mini_content, 5, choice), p,
                   SaveMeta(player=f"Student {i}", class_code=code.text))
        paths.append(p)
    return code, folder, paths


def test_report_writes_html_with_name_and_code(mini_content, class_saves, tmp_path, capsys):
    code, _folder, paths = class_saves
    out = tmp_path / "debrief.html"
    assert run_report(report_args(paths[0], output=str(out)), mini_content) == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")  # format taken from the file name
    assert "Student 0" in page and code.text in page
    assert "Wrote" in capsys.readouterr().err


def test_report_markdown_to_stdout_and_compare(mini_content, class_saves, capsys):
    _code, _folder, paths = class_saves
    assert run_report(report_args(paths[0]), mini_content) == 0
    assert capsys.readouterr().out.startswith("# Debrief: Mini crisis")
    assert run_report(report_args(paths[0], compare=str(paths[2])), mini_content) == 0
    out = capsys.readouterr().out
    assert "The paths part at turn 1." in out and "Student 0" in out and "Student 2" in out


def test_report_refuses_to_overwrite_the_save(mini_content, class_saves, capsys):
    _code, _folder, paths = class_saves
    before = paths[0].read_bytes()
    assert run_report(report_args(paths[0], output=str(paths[0]), format="md"),
                      mini_content) == 1
    assert "one of the saves being read" in capsys.readouterr().err
    assert paths[0].read_bytes() == before


def test_report_on_a_damaged_save_says_why(mini_content, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "parallel-tracks-save", "trunc')
    assert run_report(report_args(bad), mini_content) == 1
    err = capsys.readouterr().err
    assert err.startswith("parallel-tracks: ") and "bad.json" in err


def test_class_report_reads_a_folder(mini_content, class_saves, tmp_path, capsys):
    code, folder, paths = class_saves
    (folder / "broken.json").write_text("{not json")
    # The same game handed in twice (a copy of one save) counts once.
    (folder / "copy.json").write_bytes(paths[1].read_bytes())
    out = tmp_path / "class.csv"
    assert run_class_report(class_args([folder], output=str(out)), mini_content) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    status = {Path(r["File"]).name: r["Status"] for r in rows}
    assert status["broken.json"] == "damaged"
    assert list(status.values()).count("counted") == 3
    assert sorted(status.values()).count("kept apart") == 1  # the copy
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # not private: a file to share
    assert run_class_report(class_args([folder]), mini_content) == 0
    md = capsys.readouterr().out
    assert f"## Class code {code.text}" in md
    assert "At “Talks”: 67% “Accept and lift the travel ban”, 33% “Decline”." in md
    assert "broken.json" in md and "another save of the same game" in md


def test_class_report_with_nothing_to_read(mini_content, tmp_path, capsys):
    assert run_class_report(class_args([tmp_path]), mini_content) == 1
    assert "no save files found" in capsys.readouterr().err
    assert run_class_report(class_args([tmp_path / "nope.json"]), mini_content) == 1
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "nope.json" in err


def test_cli_report_on_the_base_game(base_content, tmp_path):
    """The installed command, end to end, on the shipped scenario."""
    from game.cli import main

    g = Game.new(base_content, 2)
    while not g.over and g.turn < 4:
        if g.card is None:
            g.pass_turn()
        else:
            g.choose(next(v for v in g.choices() if v.available).choice.id)
    save = tmp_path / "s.json"
    write_save(g, save, SaveMeta(player="Aiko"))
    out = tmp_path / "r.md"
    assert main(["report", str(save), "-o", str(out)]) == 0
    text = out.read_text()
    assert "Player: **Aiko**" in text and "### Turn 3," in text
