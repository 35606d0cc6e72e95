"""The catalogue of the engine's UI words: every id used exists, every entry is used,
and no entry speaks of the base game's story (that belongs to the scenario's words)."""

from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pytest

from game.ui_text import TEXT, ui

ROOT = Path(__file__).parents[1]
STORY = re.compile(r"japan|tokyo|pyongyang|seoul|washington|sanction|abductee", re.IGNORECASE)


def _ids_in(node: ast.expr) -> list[str] | None:
    """The ids a ``ui(...)`` first argument can be: a literal, or a choice of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _ids_in(node.body), _ids_in(node.orelse)
        return None if a is None or b is None else a + b
    return None


def _uses() -> dict[str, list[str]]:
    """Every catalogue id the game's code looks up -> where (file:line)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "game").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "ui" and node.args):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            ids = _ids_in(node.args[0])
            assert ids is not None, f"{where}: ui() needs a literal id, so this test can see it"
            for key in ids:
                found.setdefault(key, []).append(where)
    return found


def test_every_id_the_code_looks_up_is_in_the_catalogue() -> None:
    missing = {k: v for k, v in _uses().items() if k not in TEXT}
    assert not missing, f"ids used but not in game/ui_text.py: {missing}"


def test_every_catalogue_entry_is_used() -> None:
    dead = sorted(set(TEXT) - set(_uses()))
    assert not dead, f"catalogue entries no code looks up (remove them): {dead}"


@pytest.mark.parametrize("key", sorted(TEXT))
def test_no_entry_names_the_base_game_story(key: str) -> None:
    found = STORY.search(TEXT[key])
    assert found is None, f"{key!r} says {found.group(0)!r}: put story words in the " \
        "scenario's words: section"


def test_every_template_is_well_formed() -> None:
    for key, text in TEXT.items():
        names = [f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f]
        assert all(re.fullmatch(r"[a-z_]+", n) for n in names), (key, names)


def test_scenario_words_and_extras_are_filled_in() -> None:
    vocab = {"player": "the crew", "counterpart": "the tower", "unit": "day"}
    assert ui("ledger.gave", vocab) == "The crew gave"
    assert ui("key.answer_n", n=3) == "Answer 3"
    # A word the caller forgot stays visible instead of raising.
    assert ui("ledger.totals", vocab) == "The crew gave {conceded}; the tower delivered " \
        "{delivered}"


def _help_text(**flags: bool) -> str:
    from rich.console import Console

    from game.tui.screens.help import keys_renderable

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(keys_renderable((), **flags))
    return console.export_text()


def test_help_lists_no_keys_for_pages_the_scenario_lacks() -> None:
    full = _help_text()
    assert "Lift / impose" in full and re.search(r"^r +Ledger", full, re.M)
    bare = _help_text(has_levers=False, has_ledger_page=False)
    assert "Lift / impose" not in bare and "Esc / r" not in bare
    assert not re.search(r"^(l +Levers|r +Ledger)", bare, re.M)
    assert re.search(r"^n +Notes", bare, re.M)  # the other keys stay


def test_line_mode_help_has_no_lever_line_without_levers(tmp_path) -> None:
    import shutil

    from game.engine import Game
    from game.loading.loader import load_content
    from game.plain import help_text

    mini = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", mini)
    with_levers = help_text(Game.new(load_content([mini]), 1))
    assert "  l1, l2 ...      lift or re-impose a lever" in with_levers
    scenario = mini / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    start, end = text.index("levers:\n"), text.index("actions:\n")
    scenario.write_text(text[:start] + text[end:], encoding="utf-8")
    cards = mini / "cards" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace(
        "        - {lever: travel_ban, set: lifted}\n", ""), encoding="utf-8")
    without = help_text(Game.new(load_content([mini]), 1))
    assert "l1, l2" not in without and "capital, levers" not in without
    assert without.splitlines()[3].startswith("  info a1")  # no blank line in its place
