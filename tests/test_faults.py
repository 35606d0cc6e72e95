"""A content error that slips past check is named by card and file, never a traceback.

check should let none through (tests/test_expr_types.py, tests/test_hostile.py), so
these tests make one by hand: a compiled expression of loaded content is swapped for
one that fails, as a content bug would at run time.
"""

from __future__ import annotations

import io
import sys

import pytest

from game.engine.faults import ContentFault, content_fault, where_written
from game.loading.loader import load_content
from game.model.expr import Compiled, ExprError


def _broken(where: str):
    """The base content with one expression that fails when evaluated: every card
    weight that is a formula ('weight') or the first track's formula ('track')."""
    c = load_content()
    if where == "weight":
        sources = [card.weight for card in c.cards.values() if isinstance(card.weight, str)]
        source = sources[0]
        for other in sources[1:]:
            c.exprs[other] = Compiled(other, c.exprs[other].names, c.exprs[other].refs,
                                      _failing(other))
    else:
        source = c.scenario.tracks[0].formula
    old = c.exprs[source]
    c.exprs[source] = Compiled(source, old.names, old.refs, _failing(source))
    return c, source


def _failing(source: str):
    def fail(env):
        raise ExprError(f"'+' needs numbers in expression '{source}'", 3, source=source)

    return fail


def test_the_message_names_the_expression_and_where_it_is_written():
    c, source = _broken("weight")
    fault = content_fault(c, ExprError("boom", 1, source=source), "abe-park-summit", 4, "2014-06")
    text = str(fault)
    assert "turn 4 (2014-06)" in text
    assert "card 'abe-park-summit'" in text and "content/base/cards" in text
    weighted = next(card.id for card in c.cards.values() if card.weight == source)
    assert "is written in content/base/cards/" in text and f"(card '{weighted}')" in text
    assert where_written(c, source)
    assert isinstance(fault, ContentFault) and fault.__rich__() == text.replace("[", "\\[")


def _run_cli(monkeypatch, capsys, content, argv, stdin=""):
    import game.cli as cli

    monkeypatch.setattr(cli, "load_or_exit", lambda *a, **k: content)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_plain_mode_reports_a_fault_in_play_with_the_card(monkeypatch, capsys, tmp_path):
    c, _source = _broken("weight")
    code, out, err = _run_cli(monkeypatch, capsys, c,
                              ["play", "--plain", "--seed", "1", "--saves-dir", str(tmp_path)],
                              "1\n1\n1\npass\n" * 3)
    assert code == 1
    assert "Traceback" not in out + err
    assert "did not catch" in err and "turn " in err and "is written in" in err


def test_plain_mode_reports_a_fault_in_game_new(monkeypatch, capsys, tmp_path):
    c, _source = _broken("track")
    code, out, err = _run_cli(monkeypatch, capsys, c,
                              ["play", "--plain", "--seed", "1", "--saves-dir", str(tmp_path)])
    assert code == 1
    assert "Traceback" not in out + err
    assert "did not catch" in err and "the scenario" in err


def test_simulate_reports_a_fault_and_exits_1(monkeypatch, capsys):
    import game.loading.loader as loader
    from game.loading.results import LoadResult

    c, _source = _broken("track")
    monkeypatch.setattr(loader, "check_content", lambda *a, **k: LoadResult(c, []))
    from game.cli import main

    code = main(["simulate", "--games", "3", "--jobs", "1"])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err
    assert "did not catch" in out.err


def test_simulate_names_the_card_of_each_failed_game():
    from game.sim.runner import SimSpec, simulate

    c, _source = _broken("weight")
    result = simulate(SimSpec(games=2, policy="random", seed=1, difficulty="normal", dirs=()),
                      1, None, c)
    assert len(result.stats.errors) == 2
    assert all("is written in content/base/cards/" in m for _i, _s, m in result.stats.errors)


@pytest.mark.asyncio
async def test_the_textual_game_stops_with_the_message_not_a_traceback(tmp_path):
    from test_tui_support import answer_first_open, make_app

    c, _source = _broken("weight")
    app = make_app(tmp_path, c, start="game", seed=1)
    with pytest.raises(ContentFault):  # Textual shows it by its __rich__ text, no traceback
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            for _ in range(12):
                await answer_first_open(pilot)
                await pilot.pause()
    assert app.return_code == 1
