"""The Textual game, driven through Textual's pilot as a player would drive it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_support import (
    MINI,
    answer_first_open,
    flat,
    make_app,
    play_to_end,
    screen_text,
    wait_until,
)

from game.saves import list_saves, load_save
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.levers import LeversScreen
from game.tui.screens.saves import LoadScreen, SaveAsScreen
from game.tui.screens.small import TooSmallScreen
from game.tui.screens.title import NewGameScreen, TitleScreen

ROOT = Path(__file__).parents[1]


async def test_title_new_game_to_the_end_screen(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "Mini crisis" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        seed = app.screen.query_one("#new-seed")
        seed.value = ""
        await pilot.press("4", "2", "tab", "down", "enter")  # seed 42, difficulty Hard
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)  # Enter on the list only picks
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        game = app.game
        assert (game.seed, game.difficulty) == (42, "hard")
        first_card = game.card.title
        assert first_card in screen_text(app)
        await play_to_end(pilot)
        text = flat(screen_text(app))
        assert game.over
        assert game.ending.title in text
        assert "Joint score" in text
        assert "of the best this seed allowed" in text  # the skill line, worked out
        for track in mini_content.scenario.tracks:
            assert track.label in text
        # Every move was autosaved; the autosave is the finished game.
        saves = [s for s in list_saves(tmp_path / "saves") if s.autosave]
        assert len(saves) == 1
        loaded = load_save(saves[0].path, mini_content)
        assert loaded.game.over and loaded.game.digest() == game.digest()
        assert loaded.meta.extra["skill"]["player"] == game.scores()["score"]  # kept


async def test_end_key_reaches_the_bottom_of_the_end_screen(tmp_path, base_content) -> None:
    """One End press shows the last line of the page. (In a terminal, the path table
    at the bottom came out taller once drawn than first measured, and End stopped
    short; the headless test app has not shown that, so this holds the behaviour, not
    that exact cause.)"""
    app = make_app(tmp_path, base_content, start="game", seed=7)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await play_to_end(pilot)
        last = app.game.content.cards[app.game.picks[-1][1]].title.split()[-1]
        await pilot.press("end")
        await pilot.pause()
        await pilot.pause()
        box = app.screen.query_one("#end-box")
        assert box.scroll_y == box.max_scroll_y > 0
        assert last in screen_text(app)


async def test_whole_base_game_through_the_ui(tmp_path, base_content) -> None:
    app = make_app(tmp_path, base_content, start="game", seed=7)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await play_to_end(pilot, limit=80)
        game = app.game
        assert game.over and len(game.picks) >= 10
        text = flat(screen_text(app))
        assert game.ending.title in text
        await pilot.press("h")  # the historical notes of every card seen
        await pilot.pause()
        notes = flat(screen_text(app))
        seen_historical = [base_content.cards[c] for c in game.seen
                           if base_content.cards[c].history]
        assert seen_historical and seen_historical[0].title in notes


async def test_briefing_and_guided_turn_once_then_never_again(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, briefing_seen=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "A small test world." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        tour = screen.query_one("#tour")
        assert tour.active and screen.query_one("#meters").has_class("-tour-target")
        assert "Guided first turn 1/" in screen_text(app)
        for _ in range(len(tour.steps)):
            await pilot.press("enter")
        await pilot.pause()
        assert not tour.active and not screen.query(".-tour-target")
        assert app.game.decisions == []  # the Enters went to the tour, not to the card
        settings = json.loads((tmp_path / "config" / "settings.json").read_text())
        assert settings["briefing_seen"] is True
        await pilot.press("x")  # back to the title, then a second game: no briefing
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert not app.screen.query_one("#tour").active


async def test_escape_skips_briefing_and_tour(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, briefing_seen=False, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert not app.screen.query_one("#tour").active
        assert app.settings.briefing_seen


async def test_help_lists_every_key_and_replays_the_intro(tmp_path, mini_content) -> None:
    from game.tui import keys

    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 200)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = flat(screen_text(app))
        for b in keys.GAME + keys.TITLE + keys.END + keys.LEVERS:
            if b.action.startswith("choose(") and b.key != "1":
                continue
            assert b.description in text, b
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#tour").active


async def test_straight_into_a_game_the_title_is_made_when_the_player_goes_back(
        tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.title_screen() is None  # nobody has seen it yet
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "Load a saved game" in flat(screen_text(app))
        await pilot.press("c")  # continue the game just left
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert sum(isinstance(s, TitleScreen) for s in app.screen_stack) == 1
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)


async def test_locked_answer_shows_its_reason_and_cannot_be_taken(tmp_path, mini_content
                                                                  ) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.game.card_id == "talks"
        assert "locked: Needs public support of 90" in flat(screen_text(app))
        await pilot.press("3")
        await pilot.pause()
        assert app.game.decisions == []


async def test_why_a_meter_moved_and_pending_effects(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")  # Decline: +6 allies spread over three turns
        await pilot.pause()
        text = flat(screen_text(app))
        assert "Talks: Decline" in text  # the cause, in the log
        assert "next month: +2 Allies a month, 1 month more ← Talks: Decline" in text  # pending
        await pilot.click("#meter-allies")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "Why Allies moved" in text
        assert "60 → 62 (+2) ← Talks: Decline" in text
        assert "62 → 64 (+2) ← Talks: Decline (continuing)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "What changed and why" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert "Why Progress moved" in flat(screen_text(app))


async def test_actions_and_levers_move_the_game(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        game = app.game
        await pilot.press("a", "enter")  # the first standing action: Consult the allies
        await pilot.pause()
        assert [str(d) for d in game.decisions] == ["act:consult"]
        assert game.capital == 1
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LeversScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert game.value("travel_ban") is False
        assert game.ledger[-1].kind == "concession"
        assert "LIFTED" in screen_text(app)
        await pilot.press("escape", "r")
        await pilot.pause()
        assert "Travel ban lifted" in flat(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert "gave 5" in screen_text(app)


async def test_save_under_a_name_and_load_it_back(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer_first_open(pilot)
        await pilot.pause()
        saved_digest, saved_turn = app.game.digest(), app.game.turn
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsScreen)
        field = app.screen.query_one("#save-name")
        field.value = ""
        await pilot.press(*"before the report", "enter")
        await pilot.pause()
        assert (tmp_path / "saves" / "before the report.json").exists()
        await answer_first_open(pilot)
        await pilot.pause()
        assert app.game.turn == saved_turn + 1
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        text = screen_text(app)
        assert "before the report" in text and "autosave" in text
        table = app.screen.query_one("#load-table")
        row = next(i for i, p in enumerate(app.screen.paths) if p.stem == "before the report")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.digest() == saved_digest


async def test_bad_save_names_are_refused_in_the_dialog(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#save-name").value = "../outside"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsScreen)
        assert "cannot use" in flat(screen_text(app))
        assert not (tmp_path / "outside.json").exists()


async def test_quit_loses_nothing_and_continue_picks_it_up(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer_first_open(pilot)
        await pilot.press("a", "enter")  # a standing action, then quit
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and "Quit the game?" in flat(screen_text(app))
        await pilot.press("n")  # a stray q: back to the game, nothing lost
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    digest = app.game.digest()
    assert app.return_code == 0
    again = make_app(tmp_path, mini_content)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, GameScreen)
        assert again.game.digest() == digest


async def test_damaged_save_is_refused_with_a_message(tmp_path, mini_content) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "broken.json").write_text('{"format": "parallel-tracks-save", "trunc')
    app = make_app(tmp_path, mini_content, start="load", load_path=saves / "broken.json")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert app.game is None
        assert (saves / "broken.json").read_text().endswith("trunc")  # untouched


@pytest.mark.parametrize("size", [(40, 12), (59, 30), (100, 17), (45, 50)])
async def test_small_windows_ask_to_be_enlarged(tmp_path, mini_content, size) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "Please enlarge the window" in screen_text(app)
        await pilot.press("1")  # keys do not reach the hidden game
        await pilot.pause()
        assert app.game.decisions == []
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await pilot.press("1")
        await pilot.pause()
        assert len(app.game.decisions) == 1


@pytest.mark.parametrize("size", [(60, 18), (80, 24), (100, 30), (160, 50)])
async def test_every_screen_fits_from_the_minimum_up(tmp_path, mini_content, size) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=2)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        text = screen_text(app)
        assert "Talks" in text and "1" in text
        for key in ("l", "escape", "r", "escape", "n", "escape", "question_mark", "escape",
                    "w", "escape", "s", "escape"):
            await pilot.press(key)
            await pilot.pause()
            assert screen_text(app).strip()
        await play_to_end(pilot)
        assert app.game.ending.title in screen_text(app)


async def test_theme_toggle_is_remembered(tmp_path, mini_content) -> None:
    app = make_app(tmp_path, mini_content)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "textual-light"
    settings = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert settings["theme"] == "light"
    from game.tui.app import build_app

    again = build_app(content=mini_content, saves_dir=tmp_path / "saves",
                      config_dir=tmp_path / "config")
    assert again.theme == "textual-light"


async def test_no_color_is_honoured(tmp_path, mini_content, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    assert app.no_color
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # The meaning survives without colour: arrows and words, not only hues.
        await pilot.press("2")
        await pilot.pause()
        assert "▲" in screen_text(app) or "▼" in screen_text(app)


async def test_command_palette_offers_saves_screens_and_themes(tmp_path, mini_content
                                                               ) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for wanted in ("Save game", "Load a game", "Continue", "Levers", "Ledger",
                       "Historical notes", "Help", "Light theme", "Dark theme"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Levers")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LeversScreen)


@pytest.mark.parametrize("start", ["title", "game"])
async def test_broken_content_is_reported_on_the_title_screen(tmp_path, start) -> None:
    """Also when the command line asked for a game at once (``play``)."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "scenario.yaml").write_text("id: x\ntitle: [unclosed\n")
    from game.tui.app import build_app

    cfg = tmp_path / "cfg"
    app = build_app(content_dirs=[broken], saves_dir=tmp_path / "saves", config_dir=cfg,
                    start=start, seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.load_error)
        text = flat(screen_text(app))
        assert "cannot be loaded" in text and "scenario.yaml" in text
        assert "Load a saved game" in text  # the whole menu, whatever the start
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_content_loads_in_the_background_from_folders(tmp_path) -> None:
    from game.tui.app import build_app

    app = build_app(content_dirs=[MINI], saves_dir=tmp_path / "s", config_dir=tmp_path / "c",
                    start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, (GameScreen, BriefingScreen)))
        assert app.game is not None and app.game.content.scenario.id == "mini"


async def test_a_linked_mod_in_the_mods_folder_is_named_in_a_notice(tmp_path,
                                                                   monkeypatch) -> None:
    from game.tui.app import build_app

    folder = tmp_path / "mods"
    folder.mkdir()
    (folder / "[b]linked").symlink_to(MINI, target_is_directory=True)
    monkeypatch.setenv("PARALLEL_TRACKS_MODS", str(folder))
    app = build_app(saves_dir=tmp_path / "s", config_dir=tmp_path / "c")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.content is not None)
        assert app.content.scenario.id != "mini"  # the base game, the link not followed
        notes = [str(n.message) for n in app._notifications]
        assert notes == [f"{folder}/[b]linked: warning: not loaded: this is a link to a folder: "
                         "content never follows links (copy the folder itself here in place "
                         "of the link)"]


async def test_direct_game_with_a_fast_load_opens_on_the_game(tmp_path) -> None:
    """``play`` with a fast (cached) load: the first screen on show is the game (the
    title is never painted first)."""
    from game.loading.cache import cached_check
    from game.tui.app import build_app

    cached_check([MINI])  # fills the content cache, as every start but the first finds it
    app = build_app(content_dirs=[MINI], saves_dir=tmp_path / "s", config_dir=tmp_path / "c",
                    start="game", seed=3)
    app.settings.briefing_seen = True
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, GameScreen)  # before any pause: opened in on_mount
        await pilot.pause()
        assert app.game is not None and app.game.seed == 3


def test_title_screen_imports_no_model_or_engine() -> None:
    """Start-up stays fast: the title screen needs only Textual."""
    code = ("import sys, game.tui.app; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml') "
            "or m.startswith(('game.engine', 'game.model', 'game.saves'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "[]"


def test_command_line_picks_the_first_screen() -> None:
    from game.cli import build_parser
    from game.tui.app import options_from_args

    parser = build_parser()
    bare = parser.parse_args(["play"])
    bare.title_screen = True  # what main() marks for a bare `parallel-tracks`
    assert options_from_args(bare).start == "title"
    direct = options_from_args(parser.parse_args(["play", "--seed", "9", "--difficulty",
                                                  "hard", "--name", " Aiko "]))
    assert (direct.start, direct.seed, direct.difficulty, direct.player) == \
        ("game", 9, "hard", "Aiko")
    load = options_from_args(parser.parse_args(["play", "--load", "mine", "--saves-dir", "s"]))
    assert (load.start, str(load.load_path), str(load.saves_dir)) == ("load", "mine", "s")


async def test_load_by_name_from_the_command_line(tmp_path, mini_content) -> None:
    from game.engine import Game
    from game.saves import write_save

    game = Game.replay(mini_content, 4, "normal", ["choose:decline"])
    (tmp_path / "saves").mkdir()
    write_save(game, tmp_path / "saves" / "mine.json")
    app = make_app(tmp_path, mini_content, start="load", load_path=Path("mine"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.digest() == game.digest()


async def test_direct_game_keeps_name_and_class_code_in_its_saves(tmp_path, mini_content
                                                                  ) -> None:
    app = make_app(tmp_path, mini_content, start="game", seed=3, player="Aiko",
                   class_code="TEST-1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
    info = list_saves(tmp_path / "saves")[0]
    assert (info.player, info.class_code) == ("Aiko", "TEST-1")


async def test_keys_in_the_key_bar_can_be_clicked(tmp_path, mini_content) -> None:
    from game.tui.widgets.keybar import KeyBar

    app = make_app(tmp_path, mini_content, start="game", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        text = screen_text(app).splitlines()[-1]
        assert "Levers" in text and "Ledger" in text and "Help" in text
        start = next(s for s, _e, key in bar._spans if key == "l")
        await pilot.click(KeyBar, offset=(start + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, LeversScreen)


async def test_signs_of_intent_without_a_ledger_show_no_ledger_totals(tmp_path,
                                                                     base_content) -> None:
    import dataclasses

    from game.tui.screens.ledger import LedgerScreen

    sc = base_content.scenario
    no_ledger = dataclasses.replace(
        base_content, scenario=dataclasses.replace(
            sc, words=dataclasses.replace(sc.words, ledger=False)))
    app = make_app(tmp_path, no_ledger, start="game", seed=7)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, LedgerScreen)
        text = flat(screen_text(app))
        assert "Signs of intent" in text
        assert "Given" not in text and "running" not in text.lower()
