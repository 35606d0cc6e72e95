"""Playing with a class code: the prepared game, discussion stops and what-if branches."""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

import pytest

from game.classroom.classcode import ClassCode
from game.classroom.play import ClassroomError, prepare
from game.classroom.stops import discussion_prompt, plain_stop
from game.classroom.whatif import BranchError, branch, branch_points
from game.engine import Game
from game.loading.loader import load_content
from game.plain import PlainSession
from game.saves import SaveMeta, load_save, write_save

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def discussed(tmp_path_factory):
    root = tmp_path_factory.mktemp("disc") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    cards = root / "cards" / "cards.yaml"
    cards.write_text(cards.read_text().replace(
        "  body: The rival offers talks.\n",
        "  body: The rival offers talks.\n  discussion: Talk to a rival?\n", 1))
    return load_content([root])


def args(**kw) -> argparse.Namespace:
    base = {"class_code": None, "name": None, "branch": None, "load": None, "seed": None,
            "difficulty": "normal", "saves_dir": None}
    return argparse.Namespace(**{**base, **kw})


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def played(content, seed=3, picks=("decline", "answer", "dodge", "condemn")) -> Game:
    g = Game.new(content, seed)
    i = 0
    while not g.over:
        if g.card is None:
            g.pass_turn()
            continue
        ids = [v.choice.id for v in g.choices() if v.available]
        g.choose(picks[i] if i < len(picks) and picks[i] in ids else ids[0])
        i += 1
    return g


# ------------------------------------------------------------------ class games

def test_class_code_fixes_the_game(mini_content, tmp_path):
    code = ClassCode.make(mini_content, 12, "hard", True)
    a = args(class_code=code.text.lower(), name="Aiko", saves_dir=str(tmp_path))
    play = prepare(a, mini_content, io.StringIO(), io.StringIO())
    assert play.game is not None
    assert (play.game.seed, play.game.difficulty) == (12, "hard")
    assert play.stops and play.on_card is plain_stop
    assert play.game.digest() == Game.new(mini_content, 12, "hard").digest()
    # Every move saves, with the name and code inside.
    play.game.choose("decline")
    play.on_turn(play.game)
    loaded = load_save(play.saved_to, mini_content)
    assert (loaded.meta.player, loaded.meta.class_code) == ("Aiko", code.text)
    assert play.saved_to.parent == tmp_path and "aiko" in play.saved_to.name


def test_class_code_refusals(mini_content):
    code = ClassCode.make(mini_content, 12, "normal", False)
    with pytest.raises(ClassroomError, match="typing mistake"):
        prepare(args(class_code=code.text[:-1] + str((int(code.text[-1]) + 1) % 10),
                     name="A"), mini_content, io.StringIO(), io.StringIO())
    with pytest.raises(ClassroomError, match="--seed 3 does not match"):
        prepare(args(class_code=code.text, name="A", seed=3), mini_content,
                io.StringIO(), io.StringIO())
    with pytest.raises(ClassroomError, match="--name"):
        prepare(args(class_code=code.text), mini_content, io.StringIO(), io.StringIO())
    # At a terminal, the name is asked for.
    out = io.StringIO()
    play = prepare(args(class_code=code.text), mini_content, Tty("Ben\n"), out)
    assert play.player == "Ben" and "Your name" in out.getvalue()


# ------------------------------------------------------------------ discussion stops

def run_plain(content, lines: str, stops: bool) -> str:
    out = io.StringIO()
    game = Game.new(content, 3)
    PlainSession(game, io.StringIO(lines), out, on_card=plain_stop if stops else None).run()
    return out.getvalue()


def test_discussion_stop_waits_for_enter(discussed):
    assert discussion_prompt(Game.new(discussed, 3)) == "Talk to a rival?"
    text = run_plain(discussed, "\n2\n", stops=True)
    stop = text.index("DISCUSSION STOP")
    assert text.index("Choices:") < stop  # the card is on screen while the class talks
    assert "Talk to a rival?" in text[stop:]
    assert "Press Enter to go on." in text
    # The Enter went to the stop, and '2' answered the card.
    assert "Talks: Decline" in text
    assert text == run_plain(discussed, "\n2\n", stops=True)  # deterministic


def test_no_stop_without_stops(discussed, mini_content):
    assert "DISCUSSION STOP" not in run_plain(discussed, "2\n", stops=False)
    assert "DISCUSSION STOP" not in run_plain(mini_content, "\n2\n", stops=True)


# ------------------------------------------------------------------ what if

def test_branch_goes_back_with_the_same_dice(mini_content):
    g = played(mini_content)
    before = g.digest()
    b = branch(g, 2)
    assert g.digest() == before  # the original is untouched
    assert b.turn == 2 and not b.over
    assert [str(d) for d in b.decisions] == [str(d) for d in g.decisions[:1]]
    # Same dice: replaying the rest of the original decisions gives the original game.
    for d in g.decisions[1:]:
        b.apply(d)
    assert b.digest() == g.digest()


def test_branch_then_choose_otherwise(mini_content):
    g = played(mini_content)
    b = branch(g, 1)
    assert b.decisions == [] and b.card_id == "talks"
    b.choose("accept")
    assert b.picks[0][2] == "accept" and g.picks[0][2] == "decline"
    points = branch_points(g)
    assert points[0].turn == 1 and points[0].decided == "Talks: Decline"
    assert points[0].date == "March 2014"
    with pytest.raises(BranchError, match="turns 1 to"):
        branch(g, 0)
    with pytest.raises(BranchError, match="turns 1 to"):
        branch(g, g.turn + 1)


def test_play_load_branch(mini_content, tmp_path):
    g = played(mini_content)
    save = tmp_path / "mine.json"
    write_save(g, save, SaveMeta(player="Aiko"))
    play = prepare(args(branch=3, load=str(save), saves_dir=str(tmp_path)), mini_content,
                   io.StringIO(), io.StringIO())
    assert play.game is not None and play.game.turn == 3 and play.player == "Aiko"
    assert "back at turn 3" in play.note
    assert play.game_id and "whatif" in play.game_id
    with pytest.raises(ClassroomError, match="needs --load"):
        prepare(args(branch=2), mini_content, io.StringIO(), io.StringIO())
    with pytest.raises(ClassroomError, match="turns 1 to"):
        prepare(args(branch=99, load=str(save)), mini_content, io.StringIO(), io.StringIO())
