"""Snapshot tests of the title, main, card, end and help screens (pytest-textual-snapshot).

The pictures are drawn by one Textual and one Rich, the versions in
``.ci/constraints.txt`` (CI installs exactly those): a patch release of either may
move a cell, so with other versions installed these tests are skipped, saying why.
After a deliberate change of look (or of those versions), review the new pictures and
accept them with ``python -m pytest tests/test_tui_snapshots.py --snapshot-update``. They use the
mini scenario, whose text does not change with the base game's writing. Nothing
on these screens animates or blinks (no text cursor, no clock, no toasts).

``snap_compare`` must be called from a plain ``def`` test.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from test_tui_support import make_app, play_to_end

SIZE = (100, 30)
WIDE = (120, 36)
"""A common roomy terminal: the side column layout."""
SMALL = (80, 24)
"""The standard terminal: the narrow layout, card and answers first."""

CONSTRAINTS = Path(__file__).resolve().parents[1] / ".ci" / "constraints.txt"


def _drawn_with() -> dict[str, str]:
    """Package -> version the pictures were drawn with (empty outside a checkout)."""
    if not CONSTRAINTS.exists():
        return {}
    pins = (line.split("#")[0].strip() for line in CONSTRAINTS.read_text().splitlines())
    return dict(pin.split("==", 1) for pin in pins if "==" in pin)


_OTHER = {name: (pinned, version(name)) for name, pinned in _drawn_with().items()
          if version(name) != pinned}
pytestmark = pytest.mark.skipif(
    bool(_OTHER), reason="snapshots were drawn with " + ", ".join(
        f"{name} {pinned} (installed: {have})" for name, (pinned, have) in _OTHER.items()))


def test_title_screen(snap_compare, tmp_path, mini_content) -> None:
    """The title: menu, and the loaded scenario's name."""
    assert snap_compare(make_app(tmp_path, mini_content), terminal_size=SIZE)


def test_main_screen_first_turn(snap_compare, tmp_path, mini_content) -> None:
    """Turn 1 at 120x36: meters (the first answer's preview arrows on them), the first
    card with a locked answer, actions (✗ and ○ marks), empty panels."""
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert snap_compare(app, terminal_size=WIDE)


def test_card_after_an_answer(snap_compare, tmp_path, mini_content) -> None:
    """Turn 2 after declining, at 120x36: trends, the pending spread effect, changes with
    causes."""
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert snap_compare(app, press=["2"], terminal_size=WIDE)


def test_main_screen_at_80x24(snap_compare, tmp_path, mini_content) -> None:
    """The narrow layout of a standard terminal: the card and answers first."""
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert snap_compare(app, press=["2"], terminal_size=SMALL)


def test_action_rule_at_80x24(snap_compare, tmp_path, mini_content) -> None:
    """a: the highlighted action's whole rule beside the actions, in place of the log."""
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert snap_compare(app, press=["a", "down"], terminal_size=SMALL)


def test_end_screen(snap_compare, tmp_path, mini_content) -> None:
    """The end at 120x36: ending, scores on both tracks first, then the epilogue."""
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert snap_compare(app, run_before=play_to_end, terminal_size=WIDE)


def test_end_screen_at_80x24(snap_compare, tmp_path, mini_content) -> None:
    """The end at 80x24: the scores are above the fold."""
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert snap_compare(app, run_before=play_to_end, terminal_size=SMALL)


def test_help_screen(snap_compare, tmp_path, mini_content) -> None:
    """Help: how to play and every key."""
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_guided_first_turn(snap_compare, tmp_path, mini_content) -> None:
    """The guided turn pointing at the meters, after the briefing."""
    app = make_app(tmp_path, mini_content, briefing_seen=False, start="game", seed=1)
    assert snap_compare(app, press=["enter"], terminal_size=SIZE)
