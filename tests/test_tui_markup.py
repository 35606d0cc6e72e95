"""The card-text renderer (game/tui/markup.py): the same picture as Rich's Markdown.

Every shipped Markdown text is rendered by both and compared cell by cell (text and
style) at several widths; random Markdown-like texts are too (a text the subset
does not handle must go to Rich's Markdown, never be shown differently).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment

from game.tui.markup import Blocks, is_simple, markdown

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = (24, 47, 80)


def cells(renderable: object, width: int) -> list[list[tuple[str, str]]]:
    """Each line as (text, style) runs, neighbouring runs of one style merged."""
    console = Console(width=width, force_terminal=True, color_system="truecolor",
                      file=io.StringIO(), legacy_windows=False)
    lines = []
    for line in console.render_lines(renderable, console.options, pad=False):
        runs: list[list[str]] = []
        for seg in Segment.simplify(line):
            style = str(seg.style) if seg.style else ""  # str() leaves out link ids
            if runs and runs[-1][1] == style:
                runs[-1][0] += seg.text
            elif seg.text:
                runs.append([seg.text, style])
        lines.append([(text, style) for text, style in runs])
    return lines


def assert_same_as_rich(text: str, widths: tuple[int, ...] = WIDTHS) -> None:
    for width in widths:
        assert cells(markdown(text), width) == cells(Markdown(text), width), (width, text)


def shipped_texts(content) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every Markdown text of a scenario: card bodies, briefing, assumptions, endings."""
    texts = [(f"card {cid}", card.body) for cid, card in content.cards.items()]
    texts += [("briefing", content.scenario.briefing),
              ("assumptions", content.scenario.assumptions)]
    for ending in content.endings:
        texts += [(f"ending {ending.id}", ending.epilogue), (f"ending {ending.id} history",
                                                            ending.history)]
    return [(where, text.strip()) for where, text in texts if text.strip()]


def test_every_shipped_text_renders_as_rich_does_without_the_parser(base_content) -> None:
    """The base scenario and both example mods: each text in the subset, and the same
    cells as Rich's Markdown (bullets, bold, headings, wrapping) at three widths."""
    from game.loading.folders import base_content_dir
    from game.loading.loader import load_content

    examples = ROOT / "examples" / "mods"
    contents = [base_content, load_content([base_content_dir(), examples / "red-cross"]),
                load_content([examples / "harbour"])]
    seen = 0
    for content in contents:
        for where, text in shipped_texts(content):
            assert is_simple(text), where
            assert_same_as_rich(text)
            seen += 1
    assert seen > 70
    # The briefing has headings, bold and a bullet list: it is really exercised.
    briefing = base_content.scenario.briefing
    assert "## " in briefing and "- **" in briefing


def test_styles_lists_and_headings_read_as_in_rich() -> None:
    """What a player sees: bold and italic words, code, a centred title, bullets and
    numbers with the text wrapped beside them, a link shown as its text."""
    text = ("# The title\n\nSome **bold**, *italic*, _also italic_ and `code`; a\n"
            "[link](https://example.org/a_b) and a hard  \nbreak.\n\n"
            "- a first point that is long enough to wrap under itself\n"
            "  and goes on\n- a second\n\n3. three\n4. four\n\n## Part two\n\nEnd.")
    assert is_simple(text)
    assert_same_as_rich(text, (30, 60))
    lines = ["".join(t for t, _s in line).rstrip() for line in cells(markdown(text), 30)]
    assert lines[0].strip() == "The title" and lines[0].startswith(" ")  # centred
    assert " • a first point that is long" in lines
    assert "   enough to wrap under itself" in lines  # hanging indent
    assert " 3 three" in lines and " 4 four" in lines
    styles = {t: s for line in cells(markdown(text), 80) for t, s in line}
    assert styles["bold"] == "bold" and styles["italic"] == "italic"
    assert "italic" in styles["also italic"] and "on black" in styles["code"]
    assert "link https://example.org/a_b" in styles["link"]


def test_prose_that_only_looks_like_markdown_stays_prose() -> None:
    """A year at a line's start, an intraword underscore, a lone asterisk."""
    text = ("talks broke off in December\n2012. Your sanctions hold; the report of July\n"
            "2014) is late. snake_case and 3 * 4 are text.")
    assert is_simple(text)
    assert_same_as_rich(text)
    rendered = markdown(text)
    assert isinstance(rendered, Blocks) and len(rendered.blocks) == 1  # one paragraph


@pytest.mark.parametrize("text", [
    "> a quote", "```\ncode\n```", "    indented code", "| a | b |\n|---|---|\n| 1 | 2 |",
    "a <b>tag</b>", "AT&amp;T", "~~gone~~", "---", "Title\n=====", "- a\n  - nested",
    "***both***", "**unclosed", "![image](x.png)", "[ref][1]\n\n[1]: http://x",
    "[click](javascript:alert)", "tab\there",
])
def test_anything_else_goes_to_rich_markdown(text: str) -> None:
    """Outside the subset, the text is Rich's Markdown: shown exactly as before."""
    assert not is_simple(text)
    assert isinstance(markdown(text), Markdown)


PIECES = ["word", "Tokyo's", " ", " ", "  ", "\n", "\n", "\n\n", "*", "**", "_", "`", "- ",
          "* ", "+ ", "1. ", "2) ", "# ", "## ", "[x](http://e.com)", "[*y*](/p)", "\\", "\\*",
          ".", "(", ")", "é", "—", "    ", "2014) ", "  - ", "x_y", "*a*", "**b**", "_c_",
          "\u00a0", ":", "3"]


def check_random(text: str) -> None:
    if is_simple(text):
        assert_same_as_rich(text, (20, 47))
    else:
        assert isinstance(markdown(text), Markdown)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join))
def test_random_texts_render_as_rich_does_or_go_to_rich(text: str) -> None:
    """Random Markdown-like texts: rendered the same as Rich's Markdown, or by it."""
    check_random(text)


@pytest.mark.full
@settings(max_examples=20_000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_random_texts_full(text: str) -> None:
    """The same, many more texts (``--full``)."""
    check_random(text)


def test_the_game_screens_render_cards_without_a_markdown_parser(tmp_path) -> None:
    """Start-up cost: the card, briefing and end screens' text need no markdown-it,
    Pygments or rich.markdown (checked in a fresh interpreter)."""
    code = (
        "import sys, io\n"
        "from rich.console import Console\n"
        "from game.loading.loader import load_content\n"
        "from game.engine import Game\n"
        "import game.tui.app, game.tui.screens.game, game.tui.screens.briefing\n"
        "from game.tui.widgets.card import card_renderable\n"
        "from game.tui.markup import markdown\n"
        "content = load_content()\n"
        "game = Game.new(content, 7, 'normal')\n"
        "console = Console(file=io.StringIO(), width=80)\n"
        "console.print(card_renderable(game))\n"
        "console.print(markdown(content.scenario.briefing))\n"
        "for card in content.cards.values():\n"
        "    console.print(markdown(card.body))\n"
        "bad = [m for m in ('rich.markdown', 'markdown_it', 'pygments') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
