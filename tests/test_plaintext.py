"""Markdown as plain text for the line mode (a screen reader reads what is printed)."""

from __future__ import annotations

from game.plaintext import plain_text


def test_marks_are_dropped_and_words_and_structure_kept() -> None:
    md = ("# Offer\n**Pyongyang offers** a *full* _inquiry_ into `snake_case`.\n\n"
          "- Both declare it **resolved finally and\n  irreversibly**\n* second item\n"
          "> quoted [the text](https://example.org)\n\n---\n2 * 3 * 4 and file_name_here")
    assert plain_text(md) == (
        "Offer\nPyongyang offers a full inquiry into snake_case.\n\n"
        "- Both declare it resolved finally and\n  irreversibly\n- second item\n"
        "quoted the text (https://example.org)\n\n\n2 * 3 * 4 and file_name_here")


def test_emphasis_never_runs_across_paragraphs() -> None:
    assert plain_text("**open\n\nnot closed** here") == "**open\n\nnot closed** here"
