"""The Textual game: the application, its screens' traffic, saving and start-up.

Start-up is kept fast on purpose: this module imports only Textual. The title
screen is up before pydantic or any content is touched; the content is loaded
in a Textual thread worker meanwhile, and the game screens (which import the
engine) are imported when first shown.

``run_app(args)`` is what ``parallel-tracks`` / ``parallel-tracks play`` call;
:func:`build_app` is the factory the tests use.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.geometry import Size
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from game.tui import keys
from game.tui.screens.small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from game.tui.screens.title import NewGameSettings, TitleScreen
from game.tui.settings import Settings
from game.ui_text import ui

if TYPE_CHECKING:
    import argparse

    from game.engine import Game
    from game.loading.results import LoadResult
    from game.model.content import Content
    from game.tui.savebridge import SaveMeta

THEMES = {"dark": "textual-dark", "light": "textual-light"}
GAME_WAIT = 0.4
"""Seconds the app waits at start-up for content it needs at once (see ``on_mount``)."""


@dataclass
class AppOptions:
    """How the app was started (from the command line, or by a test)."""

    mods: list[str] = field(default_factory=list)
    """Mod folders layered over the base content (``--mod``)."""
    use_mod_folder: bool = True
    """Also load the mods folder (``mods/`` or ``$PARALLEL_TRACKS_MODS``), as ``play`` does."""
    content_dirs: list[Path] | None = None
    """Content folders to load instead of the base game and mods (tests, tools)."""
    content: Content | None = None
    """Already-loaded content: skips the loading worker (tests)."""
    seed: int | None = None
    difficulty: str = ""
    """A difficulty id; empty: the scenario's first."""
    start: str = "title"
    """``title``, ``game`` (straight into a new game), ``form`` (the new-game form) or
    ``load`` (open ``load_path``)."""
    load_path: Path | None = None
    saves_dir: Path | None = None
    player: str = ""
    """``--name``: the player's name, kept in the saves."""
    class_code: str | None = None
    """``--class``: kept in the saves (the CLI has already applied its seed and difficulty)."""
    lesson: str | None = None
    """The lesson variant the class code asks for (the CLI has read it from the code)."""
    config_dir: Path | None = None
    """Where the settings file lives (default: the user's config folder)."""
    autosave: bool = True
    hold_file: Path | None = None
    """``--hold-file``: the class server's hold (the game waits while the teacher holds)."""
    cli_args: Any = None
    """The parsed command line, for options other parts of the game add (class codes)."""


class ParallelTracksApp(App[int]):
    """Parallel Tracks in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "Parallel Tracks"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = keys.APP

    def __init__(self, options: AppOptions | None = None) -> None:
        """Create the app; nothing heavy happens until it runs."""
        super().__init__()
        self.options = options or AppOptions()
        self.settings = Settings.load(self.options.config_dir)
        self.content: Content | None = self.options.content
        self.load_result: LoadResult | None = None
        self.load_error: str | None = None
        self.game: Game | None = None
        self.game_meta: SaveMeta | None = None
        self._content_waiters: list[Callable[[], None]] = []
        self._saved_turn_marker: tuple[int, int] | None = None
        self._loading: Worker[LoadResult] | None = None
        """The worker loading the content (see :meth:`load_content`)."""
        self._content_taken = False
        self.skipped_mods: list[Any] = []
        """What the mods folder holds and does not load (problems), told once loaded."""
        self._server_pid = os.getppid()
        self.theme = THEMES.get(self.settings.theme, "textual-dark")

    # ------------------------------------------------------------------ start-up

    def get_default_screen(self) -> Screen[Any]:
        """The title screen sits at the bottom of the stack for the whole session.

        Straight into a game (``play``), the bottom is an empty screen at first and the
        title is made when it is wanted (:meth:`show_title`): building a title nobody
        sees would slow the start a player waits for.
        """
        return Screen() if self.options.start == "game" else TitleScreen()

    def show_title(self) -> None:
        """Close every screen above the title; straight into a game, the title is made
        here the first time it is wanted (on the empty screen at the bottom)."""
        stack = self.screen_stack
        title = self.title_screen()
        if title is None:
            self.close_screens(len(stack) - 1)
            self.push_screen(TitleScreen())
        else:
            self.close_screens(len(stack) - 1 - stack.index(title))

    def title_screen(self) -> TitleScreen | None:
        """The title screen, if it is made."""
        return next((s for s in self.screen_stack if isinstance(s, TitleScreen)), None)

    def on_load(self) -> None:
        """A game wanted at once (``play``): start loading before Textual sets up the
        terminal and the title screen, so that both run while the content is read."""
        if self.content is None and self.options.start == "game":
            self._loading = self.load_content()

    async def on_mount(self) -> None:
        """Load the content in the background, then do what the command line asked."""
        self._check_size()
        if self.options.hold_file is not None:
            self.set_interval(1.0, self.check_hold)
        if self.is_web:
            # Textual's web driver ignores the end of its input: a tab's game would run on,
            # unseen, after its server was killed. Watch the server (our parent) instead.
            self._server_pid = os.getppid()
            self.set_interval(2.0, self.check_server)
        if self.content is not None:
            self.call_later(self._content_ready)
            return
        worker = self._loading
        if worker is None:
            # After the first paint: the title is up before loading competes for the CPU.
            self.call_after_refresh(self._start_loading)
            return
        # Straight into a game. The first paint waits for this handler, so waiting a
        # moment for the (usually cached) content here makes the first screen the game,
        # not a title that flashes past. A slow load (no cache yet, a big mod) stops the
        # wait soon and shows the title with "Loading…" meanwhile.
        deadline = time.monotonic() + GAME_WAIT
        while not worker.is_finished and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        if not worker.is_finished:
            self.show_title()  # "Loading…" until the game can start
        self._take_content(worker)

    def _start_loading(self) -> None:
        self._loading = self.load_content()

    @work(thread=True, exit_on_error=False, name="load-content")
    def load_content(self) -> LoadResult:
        """Read the content (or take it from the content cache) off the UI thread."""
        from game.loading.cache import cached_check

        opts = self.options
        if opts.content_dirs:
            result = cached_check(opts.content_dirs)
        else:
            from game.loading.folders import stack_dirs

            dirs, folder, self.skipped_mods = stack_dirs(opts.mods, opts.use_mod_folder)
            result = cached_check(dirs, optional=folder)
        import game.engine  # noqa: F401  (the game screen's import, off the UI thread)

        return result

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The loading worker has finished: take its content, or show why it failed."""
        if event.worker is self._loading:
            self._take_content(event.worker)

    def _take_content(self, worker: Worker[LoadResult]) -> None:
        """Hand a finished load to the app, once (later calls do nothing)."""
        if self._content_taken or not worker.is_finished:
            return
        self._content_taken = True
        if worker.state == WorkerState.SUCCESS and worker.result is not None:
            self._content_loaded(worker.result)
        else:  # shown on the title screen
            error = worker.error
            self._content_failed(f"{type(error).__name__}: {error}" if error
                                 else ui("app.load_cancelled"))

    def close_screens(self, count: int, switch_to: Screen[Any] | None = None) -> None:
        """Pop ``count`` screens, then replace the top one with ``switch_to`` (if given)."""
        for _ in range(count):
            self.pop_screen()
        if switch_to is not None:
            self.switch_screen(switch_to)

    def _content_failed(self, message: str) -> None:
        self.load_error = message
        self.show_title()
        self._title_refresh()

    def _content_loaded(self, result: LoadResult) -> None:
        self.load_result = result
        self.content = result.content
        if self.skipped_mods:  # a linked mod, a folder without mod.yaml: say why
            self.notify("\n".join(p.format() for p in self.skipped_mods),
                        title=ui("mods.skipped"), severity="warning", timeout=12,
                        markup=False)  # folder names come from strangers
        if self.content is None:
            from game.loading.problems import format_problems

            self.load_error = (ui("app.cannot_load_scenario") + "\n" +
                               format_problems(result.errors[:8]) +
                               (f"\n… and {len(result.errors) - 8} more" if len(result.errors) > 8
                                else "") +
                               "\n\n" + ui("app.check_lists"))
            self.show_title()
            self._title_refresh()
            return
        self._content_ready()

    def _content_ready(self) -> None:
        """Content is here: run what waited for it, and the start the command line asked for."""
        self._title_refresh()
        waiters, self._content_waiters = self._content_waiters, []
        for fn in waiters:
            fn()
        opts = self.options
        if opts.start == "game":
            opts.start = "title"
            self.start_game(NewGameSettings(seed=opts.seed if opts.seed is not None else 1,
                                            difficulty=opts.difficulty or None,
                                            player=opts.player,
                                            class_code=opts.class_code,
                                            lesson=opts.lesson))
        elif opts.start == "form":
            opts.start = "title"
            title = self.title_screen()
            if title is not None:
                title.action_new_game()
        elif opts.start == "load" and opts.load_path:
            opts.start = "title"
            from game.tui.savebridge import SaveError, find_save

            try:  # --load takes a path, or a save's name in the saves folder
                path = find_save(str(opts.load_path), self.saves_folder)
            except SaveError as exc:
                self.notify(str(exc), title=ui("notify.cannot_load"), severity="error", timeout=8)
                return
            self.open_save(path)

    def when_content(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` now if the content is loaded, or as soon as it is."""
        if self.content is not None:
            fn()
        elif self.load_error:
            self.notify(self.load_error, title=ui("notify.no_scenario"), severity="error",
                        timeout=8)
        else:
            self._content_waiters.append(fn)
            self.notify(ui("notify.loading"), timeout=2)

    def _title_refresh(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen):
                screen.refresh_status()

    # ------------------------------------------------------------------ size

    def on_resize(self, event: events.Resize) -> None:
        """Below the minimum size, cover everything with a request to enlarge the window."""
        # This handler runs before App's own, so self.size is not updated yet.
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        w, h = size or self.size
        small = w < MIN_WIDTH or h < MIN_HEIGHT
        top = self.screen_stack[-1] if self.screen_stack else None
        if small and not isinstance(top, TooSmallScreen):
            self.push_screen(TooSmallScreen(w, h))
        elif not small and isinstance(top, TooSmallScreen):
            self.pop_screen()
        elif small and isinstance(top, TooSmallScreen):
            top.refresh_size(w, h)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the window is too small, only quitting works: nothing may open on top of
        the notice (it could not be popped when the window grows again)."""
        top = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(top, TooSmallScreen):
            return action == "quit"
        if top is not None and top.id == "--command-palette":
            # The palette runs the chosen command itself; nothing else opens over it.
            return action in ("quit", "command_palette")
        return True

    # ------------------------------------------------------------------ games

    @property
    def saves_folder(self) -> Path:
        """Where saves go (``--saves-dir``, ``$PARALLEL_TRACKS_SAVES`` or ``saves/``)."""
        from game.tui.savebridge import saves_dir

        return Path(saves_dir(self.options.saves_dir))

    def start_game(self, settings: NewGameSettings) -> None:
        """Start a new game with these settings, after the briefing if it was never seen."""
        from game.engine import Game, IllegalMove

        assert self.content is not None
        try:
            game = Game.new(self.content, settings.seed, settings.difficulty,
                            lesson=settings.lesson)
        except IllegalMove as exc:
            self.notify(str(exc), title=ui("notify.cannot_start"), severity="error")
            return
        except Exception as exc:  # content that check let through: named, no traceback
            from game.engine.faults import content_fault

            raise content_fault(self.content, exc) from None
        from game.tui.savebridge import SaveMeta

        game_id = None
        if settings.class_code:  # the autosave's file name shows the code and the student
            from game.classroom.play import class_game_id

            game_id = class_game_id(settings.class_code, settings.player)
        meta = SaveMeta(player=settings.player or None, class_code=settings.class_code,
                        extra=dict(settings.extra), game_id=game_id)
        self.open_game(game, meta, tour=not self.settings.briefing_seen)

    def open_game(self, game: Game, meta: SaveMeta, tour: bool = False) -> None:
        """Show a game: the main screen, or the end screen if it is over."""
        if not meta.game_id:  # every autosave of this game goes to the file this id names
            from dataclasses import replace

            from game.tui.savebridge import new_game_id

            meta = replace(meta, game_id=new_game_id())
        self.game = game
        self.game_meta = meta
        self._saved_turn_marker = None
        if len(self.screen_stack) > 1:
            self.close_screens(len(self.screen_stack) - 1)
        if game.over:
            from game.tui.screens.end import EndScreen

            self.push_screen(EndScreen(game))
        else:
            from game.tui.screens.game import GameScreen

            self.push_screen(GameScreen(game, tour=tour))
        self._check_size()

    def show_end(self) -> None:
        """The game has ended: replace the main screen with the end screen."""
        from game.tui.screens.end import EndScreen

        assert self.game is not None
        self.autosave_now()
        self.close_screens(len(self.screen_stack) - 2, switch_to=EndScreen(self.game))

    def after_move(self) -> None:
        """Called after every move: autosave once the new screen is painted."""
        if self.options.hold_file is not None:
            self.check_hold()  # at once: a fast student does not slip past the hold
        # Queued on the screen, behind anything the move's handler queued there (the
        # latency probe's mark), so the paint comes first, then the work a player waits
        # for only if the next key comes at once.
        self.screen.call_after_refresh(self._after_paint)

    def _after_paint(self) -> None:
        """After a move's screen is painted: autosave."""
        self.autosave_now()

    def autosave_now(self) -> None:
        """Write the autosave of the current game (errors are shown, never raised)."""
        game = self.game
        if game is None or not self.options.autosave:
            return
        marker = (len(game.decisions), game.turn)
        if marker == self._saved_turn_marker:
            return
        from game.tui.savebridge import SaveError, autosave

        try:
            autosave(game, self.saves_folder, self.game_meta)
        except (SaveError, OSError) as exc:
            self.notify(ui("notify.autosave_failed", problem=exc), severity="error", timeout=6)
            return
        self._saved_turn_marker = marker

    def save_as(self, name: str) -> Path:
        """Write a named save of the current game; raises SaveError with a message."""
        from game.tui.savebridge import safe_save_path, write_save

        assert self.game is not None
        path = safe_save_path(self.saves_folder, name)
        from dataclasses import replace

        meta = replace(self.game_meta, name=name) if self.game_meta else None
        return Path(write_save(self.game, path, meta))

    def open_save(self, path: Path) -> None:
        """Load a save and show it; problems become a notification, never a crash."""

        def go() -> None:
            from game.tui.savebridge import SaveError, load_save

            assert self.content is not None
            try:
                loaded = load_save(Path(path), self.content)
            except (SaveError, OSError) as exc:
                self.notify(str(exc), title=ui("notify.cannot_load"), severity="error", timeout=8)
                return
            except Exception as exc:  # content that check let through: named, no traceback
                from game.engine.faults import content_fault

                raise content_fault(self.content, exc) from None
            for warning in loaded.warnings:
                self.notify(str(warning), title=ui("notify.loaded_warning"), severity="warning",
                            timeout=8)
            self.open_game(loaded.game, loaded.meta)
            self._saved_turn_marker = (len(loaded.game.decisions), loaded.game.turn)
            self.notify(ui("notify.loaded", name=Path(path).stem), timeout=3)

        self.when_content(go)

    def continue_latest(self) -> None:
        """Load the most recent save (the autosave of the last game, or a newer named save)."""
        from game.tui.savebridge import latest_save

        info = latest_save(self.saves_folder)
        if info is None:
            self.notify(ui("notify.no_save"), timeout=4)
            return
        self.open_save(Path(info.path))

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        """Show the help screen (keys for every screen, and how to play)."""
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme, and remember the choice."""
        self.set_theme("light" if self.settings.theme == "dark" else "dark")

    def set_theme(self, name: str) -> None:
        """Use the ``dark`` or ``light`` theme from now on."""
        self.settings.theme = name
        self.theme = THEMES[name]
        self.save_settings()

    def save_settings(self) -> None:
        """Write the settings file; a failure is a notice, not an error."""
        problem = self.settings.save(self.options.config_dir)
        if problem:
            self.notify(problem, severity="warning", timeout=5)

    def replay_intro(self) -> None:
        """Show the briefing and the guided turn again on the next game screen."""
        self.settings.briefing_seen = False
        self.save_settings()

    def check_server(self) -> None:
        """In a browser tab: save and stop when the server that started this game is gone."""
        if os.getppid() != self._server_pid:
            self.autosave_now()
            self.exit(0)

    def check_hold(self) -> None:
        """Show or take away the teacher's hold (``--hold-file``, see HoldScreen)."""
        from game.classroom.roster import Hold
        from game.tui.screens.game import GameScreen
        from game.tui.screens.hold import HoldScreen

        path = self.options.hold_file
        assert path is not None
        hold = Hold.read_file(path)
        game = self.game
        held = (hold is not None and game is not None and not game.over
                and game.turn >= hold.turn
                and any(isinstance(s, GameScreen) for s in self.screen_stack))
        shown = next((s for s in self.screen_stack if isinstance(s, HoldScreen)), None)
        if held and shown is None and hold is not None and game is not None:
            from game.classroom.stops import discussion_prompt

            self.push_screen(HoldScreen(hold.turn, discussion_prompt(game)))
        elif not held and shown is not None:
            shown.dismiss(None)

    async def action_quit(self) -> None:
        """Quit; in a game, ask first (a stray ``q`` must not end a student's tab). The game
        in progress is autosaved first, so nothing is lost."""
        from game.tui.screens.end import EndScreen
        from game.tui.screens.game import GameScreen
        from game.tui.screens.quit import QuitScreen

        top = self.screen_stack[-1] if self.screen_stack else None
        in_game = any(isinstance(s, (GameScreen, EndScreen)) for s in self.screen_stack)
        if not in_game or isinstance(top, (TooSmallScreen, QuitScreen)):
            self.autosave_now()
            self.exit(0)
            return

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.autosave_now()
                self.exit(0)

        self.push_screen(QuitScreen(), answered)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Command-palette entries: saves, screens and themes, besides Textual's own."""
        yield from super().get_system_commands(screen)
        from game.engine.vocabulary import words
        from game.tui.screens.game import GameScreen

        yield SystemCommand(ui("palette.dark"), ui("palette.dark.help"),
                            lambda: self.set_theme("dark"))
        yield SystemCommand(ui("palette.light"), ui("palette.light.help"),
                            lambda: self.set_theme("light"))
        yield SystemCommand(ui("palette.help"), ui("palette.help.help"), self.action_help)
        yield SystemCommand(ui("palette.load"), ui("palette.load.help"), self.action_load)
        yield SystemCommand(ui("palette.continue"), ui("palette.continue.help"),
                            self.continue_latest)
        yield SystemCommand(ui("palette.intro"), ui("palette.intro.help"), self.replay_intro)
        if isinstance(screen, GameScreen):
            vocab = words(screen.game.content)
            yield SystemCommand(ui("palette.save"), ui("palette.save.help"), screen.action_save)
            if screen.check_action("levers", ()):  # a screen with nothing to show is not offered
                yield SystemCommand(ui("palette.levers"), ui("palette.levers.help"),
                                    screen.action_levers)
            if screen.check_action("ledger", ()):
                yield SystemCommand(ui("palette.ledger"), ui("palette.ledger.help"),
                                    screen.action_ledger)
            yield SystemCommand(ui("palette.notes"), ui("palette.notes.help"),
                                screen.action_notes)
            yield SystemCommand(ui("palette.briefing"), ui("briefing.command", vocab),
                                screen.action_briefing)
            yield SystemCommand(ui("palette.assumptions"), ui("palette.assumptions.help"),
                                screen.action_assumptions)
            yield SystemCommand(ui("palette.title"), ui("palette.title.help"),
                                screen.action_title)

    def action_command_palette(self) -> None:
        """Open the command palette (a version safe against bursts of keys)."""
        from textual._node_list import DuplicateIds
        from textual.command import CommandPalette

        from game.tui.palette import SafeCommandPalette

        if not self.use_command_palette or any(
                isinstance(screen, CommandPalette) for screen in self.screen_stack):
            return
        # Ctrl+P in the instant the last palette is still being taken down: that one
        # keeps the id until it is gone. Nothing was changed; the next Ctrl+P works.
        with contextlib.suppress(DuplicateIds):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def action_load(self) -> None:
        """Open the load screen."""
        from game.tui.screens.saves import LoadScreen

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_save(path)

        self.push_screen(LoadScreen(self.saves_folder), chosen)


def build_app(**kwargs: Any) -> ParallelTracksApp:
    """The app with these :class:`AppOptions` (the factory the tests use)."""
    return ParallelTracksApp(AppOptions(**kwargs))


def options_from_args(args: argparse.Namespace) -> AppOptions:
    """Translate the command line into :class:`AppOptions`."""
    load = getattr(args, "load", None)
    direct = getattr(args, "command", None) == "play" and not getattr(args, "title_screen", False)
    # A class code with the title screen (serve) or without --name: the new-game form, the
    # code filled in, so that the student types a name before the class's game starts.
    form = getattr(args, "class_code", None) and (
        getattr(args, "title_screen", False) or not (getattr(args, "name", None) or "").strip())
    start = "load" if load else "form" if form else "game" if direct else "title"
    saves = getattr(args, "saves_dir", None)
    return AppOptions(
        mods=list(getattr(args, "mod", None) or []),
        use_mod_folder=not getattr(args, "no_mods", False),
        cli_args=args,
        seed=getattr(args, "seed", None),
        difficulty=getattr(args, "difficulty", None) or "",
        start=start,
        load_path=Path(load) if load else None,
        saves_dir=Path(saves) if saves else None,
        player=(getattr(args, "name", None) or "").strip(),
        class_code=getattr(args, "class_code", None),
        lesson=getattr(args, "lesson", None),
        hold_file=Path(args.hold_file) if getattr(args, "hold_file", None) else None,
    )


def run_app(args: argparse.Namespace) -> int:
    """Run the game in the terminal; returns the exit code."""
    options = options_from_args(args)
    app = ParallelTracksApp(options)
    result = app.run()
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)


__all__ = ["AppOptions", "ParallelTracksApp", "build_app", "run_app"]
