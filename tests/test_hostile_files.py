"""Saves and names from strangers: FIFOs never hang the tools, names hide nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.model.safetext import invisible, strip_controls
from game.plain import PlainSession
from game.saves import SaveError
from game.saves.files import list_saves, read_bytes, safe_save_path

ROOT = Path(__file__).resolve().parents[1]
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs: POSIX")


@POSIX
def test_a_fifo_named_like_a_save_is_refused_at_once(tmp_path):
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="not a regular file"):
        read_bytes(fifo)  # would block for ever if opened for reading in the usual way
    assert list_saves(tmp_path) == []


@POSIX
@pytest.mark.parametrize("argv", [
    ["class-report", "{folder}"], ["replay", "{folder}/x.json"],
    ["play", "--plain", "--load", "{folder}/x.json"],
])
def test_the_tools_do_not_hang_on_a_fifo(tmp_path, argv):
    os.mkfifo(tmp_path / "x.json")
    args = [a.format(folder=tmp_path) for a in argv]
    proc = subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, timeout=60,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert "not a regular file" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\ufeff", "\u2029", "\u2066", "\x9b"])
def test_save_names_refuse_invisible_and_bidirectional_characters(tmp_path, char):
    with pytest.raises(SaveError, match="U\\+"):
        safe_save_path(tmp_path, f"before{char}after")
    assert invisible(f"a{char}b") == 1


def test_save_names_keep_ordinary_unicode(tmp_path):
    assert safe_save_path(tmp_path, "Aiko's game ☆ 日本").name == "Aiko's game ☆ 日本.json"


def test_the_line_mode_strips_escape_sequences_from_what_it_writes(base_content):
    from game.engine import Game

    out = io.StringIO()
    session = PlainSession(Game.new(base_content, 1, "normal"), io.StringIO(), out)
    session.say("name: \x1b]0;pwned\x07 \x1b[2J\u202eend\ttab")
    # Whole sequences go, so no parameter text ("]0;pwned", "[2J") is left behind.
    assert out.getvalue() == "name:  end\ttab\n"
    assert strip_controls("a\nb") == "a\nb"
