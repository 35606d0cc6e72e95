"""The classroom in the Textual game: class codes in the new-game form, discussion
stops, "what if" from the end screen, and the title screen for `serve`."""

from __future__ import annotations

import shutil

import pytest
from test_tui_support import (
    MINI,
    answer_first_open,
    flat,
    make_app,
    play_to_end,
    screen_text,
)

from game.classroom.classcode import ClassCode
from game.classroom.whatif import branch_points, decision_turns
from game.loading.loader import load_content
from game.saves import list_saves, load_save
from game.tui.app import options_from_args
from game.tui.screens.discussion import DiscussionScreen
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.title import NewGameScreen, TitleScreen
from game.tui.screens.whatif import WhatIfScreen


async def open_form(pilot) -> NewGameScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, TitleScreen)
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NewGameScreen)
    return screen


async def test_class_code_in_the_form_fixes_the_game_and_goes_in_the_save(
        tmp_path, mini_content) -> None:
    code = ClassCode.make(mini_content, seed=5, difficulty="hard")
    app = make_app(tmp_path, mini_content)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        form.query_one("#new-seed").value = "999"
        form.query_one("#new-player").value = "Aiko Tanaka"
        form.query_one("#new-class-code").focus()
        await pilot.press(*code.text.lower())  # typed as a student would, in lower case
        await pilot.pause()
        assert form.query_one("#new-seed").disabled  # the code sets the seed, and says so
        assert "Seed: ignored, the class code sets it" in flat(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        game = app.game
        assert (game.seed, game.difficulty) == (5, "hard")
        await answer_first_open(pilot)
        await pilot.pause()
        app.autosave_now()
        saves = [s for s in list_saves(tmp_path / "saves") if s.autosave]
        assert len(saves) == 1
        # The file a teacher collects names the code and the student, as in the line mode.
        assert saves[0].path.name.startswith(f"autosave-{code.text.lower()}-aiko-tanaka-")
        loaded = load_save(saves[0].path, mini_content)
        assert loaded.meta.player == "Aiko Tanaka"
        assert loaded.meta.class_code == code.text
        assert len(loaded.game.decisions) == 1 and loaded.game.seed == 5


async def test_a_bad_class_code_is_explained_and_starts_nothing(tmp_path, mini_content) -> None:
    code = ClassCode.make(mini_content, seed=5)
    typo = code.text[:-1] + str((int(code.text[-1]) + 1) % 10)
    app = make_app(tmp_path, mini_content)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        form.query_one("#new-class-code").value = typo
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.game is None
        assert "typing mistake" in flat(screen_text(app))
        form.query_one("#new-class-code").value = "PLUM-12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.game is None
        assert "is not a class code" in flat(screen_text(app))


# ------------------------------------------------------------------ discussion stops

@pytest.fixture(scope="module")
def discussed(tmp_path_factory):
    """The mini scenario with a discussion prompt on the talks card (seed 3 draws it first)."""
    root = tmp_path_factory.mktemp("disc") / "mini"
    shutil.copytree(MINI, root)
    cards = root / "cards" / "cards.yaml"
    cards.write_text(cards.read_text().replace(
        "  body: The rival offers talks.\n",
        "  body: The rival offers talks.\n  discussion: Talk to a rival?\n", 1))
    return load_content([root])


async def test_discussion_stop_pauses_before_the_answer(tmp_path, discussed) -> None:
    code = ClassCode.make(discussed, seed=3, stops=True)
    app = make_app(tmp_path, discussed, start="game", seed=code.seed, class_code=code.text)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DiscussionScreen)
        text = flat(screen_text(app))
        assert "Talk to a rival?" in text and "Discussion stop" in text
        assert app.game.card.title in text  # the card is named in the stop
        await pilot.press("2")  # the card below cannot be answered during the stop
        await pilot.pause()
        assert app.game.decisions == [] and isinstance(app.screen, DiscussionScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await pilot.press("2")
        await pilot.pause()
        assert len(app.game.decisions) == 1
        assert not isinstance(app.screen, DiscussionScreen)  # once per card


async def test_no_stop_when_the_code_has_stops_off(tmp_path, discussed) -> None:
    code = ClassCode.make(discussed, seed=3, stops=False)
    app = make_app(tmp_path, discussed, start="game", seed=code.seed, class_code=code.text)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.card is not None and app.game.card.discussion


# ------------------------------------------------------------------ what if

async def test_what_if_from_the_end_screen_branches_at_turn_2(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=11)
    async with app.run_test(size=(100, 30)) as pilot:
        await play_to_end(pilot)
        finished = app.game
        assert "What if" in flat(screen_text(app))  # the button is on the page
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhatIfScreen)
        text = flat(screen_text(app))
        points = branch_points(finished)
        assert [p.turn for p in points][:2] == [1, 2]
        assert points[0].decided in text and "Turn 2" in text
        await pilot.press("down", "enter")  # the second line: turn 2
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        new = app.game
        assert new is not finished and not new.over
        assert (new.turn, new.seed, new.difficulty) == (2, finished.seed, finished.difficulty)
        first_turn = [d for d, t in zip(finished.decisions, decision_turns(finished.decisions),
                                        strict=True) if t == 1]
        assert new.decisions == first_turn and new.picks[0] == finished.picks[0]
        assert finished.over  # the finished game is left as it was
        await answer_first_open(pilot)
        await pilot.pause()
        app.autosave_now()
        autosaves = [s for s in list_saves(tmp_path / "saves") if s.autosave]
        assert len(autosaves) == 2  # the branch saved beside the finished game


async def test_what_if_button_opens_the_picker(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=11)
    async with app.run_test(size=(100, 30)) as pilot:
        await play_to_end(pilot)
        await pilot.click("#end-whatif")
        await pilot.pause()
        assert isinstance(app.screen, WhatIfScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen) and app.game.over


# ------------------------------------------------------------------ serve and a bare command

def command_args(monkeypatch, argv: list[str]):
    """What ``parallel-tracks ARGV`` hands to the Textual game (run_app is not run)."""
    import game.tui.app
    from game.cli import main

    seen = []
    monkeypatch.setattr(game.tui.app, "run_app", lambda args: seen.append(args) or 0)
    assert main(argv) == 0
    return seen[0]


def tab_argv(tmp_path, content, class_code: str | None = None) -> list[str]:
    """The arguments a class server's tab runs the game with (after ``python -m game``),
    for a student "Ken" who has just joined."""
    import shlex

    from game.classroom.roster import Roster
    from game.classroom.server import ClassServerConfig, student_command

    config = ClassServerConfig(folder=tmp_path / "class", content=content,
                               public_url="http://localhost:8000", class_code=class_code)
    student = Roster(config.folder).join("Ken").student
    cmd = shlex.split(student_command(config, student))
    assert cmd[0].startswith("PARALLEL_TRACKS_CONFIG=") and cmd[1] == "exec"
    assert cmd[3:5] == ["-m", "game"]
    return cmd[5:]


@pytest.mark.parametrize("argv", [[], "serve"], ids=["bare", "serve-tab"])
async def test_bare_command_and_serve_tabs_open_the_title_screen(
        tmp_path, mini_content, monkeypatch, argv) -> None:
    args = command_args(monkeypatch, tab_argv(tmp_path, mini_content)
                        if argv == "serve" else argv)
    options = options_from_args(args)
    assert options.start == "title"
    app = make_app(tmp_path, mini_content, start=options.start, seed=options.seed)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and app.game is None
        form = await open_form(pilot)
        assert form.query_one("#new-class-code").value == ""  # where a student types it


async def test_serve_with_a_class_code_starts_the_students_game_in_their_folder(
        tmp_path, mini_content) -> None:
    from game.cli import build_parser

    code = ClassCode.make(mini_content, seed=9)
    from game.classroom.play import apply_code

    args = build_parser().parse_args(tab_argv(tmp_path, mini_content, code.text))
    apply_code(args, mini_content)  # as cmd_play does: the code fixes seed and difficulty
    opts = options_from_args(args)
    assert opts.start == "game" and opts.player == "Ken"
    assert opts.saves_dir.parent == tmp_path / "class" and opts.saves_dir.name.startswith("ken-")
    app = make_app(tmp_path, mini_content, start=opts.start, class_code=opts.class_code,
                   seed=opts.seed, player=opts.player)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.seed == 9 and app.game_meta.player == "Ken"
        assert app.game_meta.class_code == code.text


def test_play_with_a_class_code_but_no_name_asks_for_the_name_in_the_form() -> None:
    from game.cli import build_parser

    parse = build_parser().parse_args
    assert options_from_args(parse(["play", "--class", "KOBE-4271"])).start == "form"
    named = options_from_args(parse(["play", "--class", "KOBE-4271", "--name", "Ken"]))
    assert named.start == "game" and named.player == "Ken"
    assert options_from_args(parse(["play", "--seed", "4"])).start == "game"


async def test_teacher_hold_stops_the_game_until_released(tmp_path, mini_content) -> None:
    """The class server's hold file: a game at the held turn waits under a notice (no key
    moves it), and goes on once the teacher releases the class."""
    from game.classroom.roster import HOLD_FILE, Hold
    from game.tui.screens.hold import HoldScreen

    hold_file = tmp_path / "class" / HOLD_FILE
    app = make_app(tmp_path, mini_content, start="game", seed=5, hold_file=hold_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        Hold(app.game.turn + 1).write(hold_file.parent)  # held further on: play goes on
        app.check_hold()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await answer_first_open(pilot)
        await pilot.pause()
        assert isinstance(app.screen, HoldScreen)  # the move reached the held turn
        assert "paused the class" in flat(screen_text(app))
        turn, made = app.game.turn, len(app.game.decisions)
        await pilot.press("1", "2", "p", "enter", "escape")
        await pilot.pause()
        assert (app.game.turn, len(app.game.decisions)) == (turn, made)
        Hold.release(hold_file.parent)
        app.check_hold()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await answer_first_open(pilot)
        await pilot.pause()
        assert app.game.turn == turn + 1


async def test_a_tab_game_stops_when_its_server_is_gone(tmp_path, mini_content) -> None:
    """A browser tab's game whose server died (its parent changed) saves and exits."""
    app = make_app(tmp_path, mini_content, start="game", seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer_first_open(pilot)
        await pilot.pause()
        app.check_server()
        assert app.is_running  # the server is still there
        app._server_pid = -1  # as if it had died: this process has another parent now
        app.check_server()
        await pilot.pause()
    assert app.return_code == 0
    assert list_saves(tmp_path / "saves"), "the game was not saved before it stopped"
