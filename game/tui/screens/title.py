"""The title screen and the new-game form.

The title screen is the first thing on screen, so it imports nothing beyond
Textual: the scenario's name appears once the loading worker has finished.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui import keys, probe
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.optionlist import SafeOptionList
from game.ui_text import ui

if TYPE_CHECKING:
    from textual.widgets import Input

    from game.tui.app import ParallelTracksApp

TITLE_ART = """\
╔═╗┌─┐┬─┐┌─┐┬  ┬  ┌─┐┬    ╔╦╗┬─┐┌─┐┌─┐┬┌─┌─┐
╠═╝├─┤├┬┘├─┤│  │  ├┤ │     ║ ├┬┘├─┤│  ├┴┐└─┐
╩  ┴ ┴┴└─┴ ┴┴─┘┴─┘└─┘┴─┘   ╩ ┴└─┴ ┴└─┘┴ ┴└─┘"""

SUBTITLE = ui("title.subtitle")  # the scenario's own subtitle shows once it is loaded
SEED_LABEL = ui("new.seed")
SEED_CODED_LABEL = ui("new.seed_coded")


@dataclass
class NewGameSettings:
    """What the new-game form produces; the app starts a game from it."""

    seed: int
    difficulty: str | None = None  # None: the scenario's first
    player: str = ""
    class_code: str | None = None
    """Set by the classroom's class-code field (it fixes the seed for a whole class)."""
    lesson: str | None = None
    """The lesson variant the class code asks for (a fixed card per turn), if any."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Anything else a form field adds; it is stored in the save's metadata."""


class TitleScreen(Screen[None]):
    """New game, continue, load, help, quit."""

    BINDINGS = keys.TITLE

    def compose(self) -> ComposeResult:
        """Title, menu and the scenario's status line."""
        with Vertical(id="title-box"):
            yield Static(TITLE_ART, id="title-art")
            yield Static("PARALLEL TRACKS", id="title-plain")
            yield Static(SUBTITLE, id="title-sub")
            with Center():
                yield SafeOptionList(
                    Option(ui("title.menu.new"), id="new"),
                    Option(ui("title.menu.continue"), id="continue"),
                    Option(ui("title.menu.load"), id="load"),
                    Option(ui("title.menu.help"), id="help"),
                    Option(ui("title.menu.quit"), id="quit"),
                    id="menu",
                )
            yield Static(ui("notify.loading"), id="title-status")
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the menu; tell a waiting benchmark the title is up."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.refresh_status()
        self.query_one("#menu", OptionList).focus()
        probe.screen_ready(self.app, "title")

    @property
    def pt_app(self) -> ParallelTracksApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def refresh_status(self) -> None:
        """Show the loaded scenario, or why it could not be loaded."""
        app = self.pt_app
        found = self.query("#title-status")
        if not found:
            return  # not composed yet: on_mount calls this again
        status = found.first(Static)
        if app.load_error:
            status.update(app.load_error)
            status.add_class("-error")
        elif app.content is not None:
            sc = app.content.scenario
            stats = app.content.stats()
            layers = [str(x) for x in getattr(app.content, "layers", [])[1:]]
            mods = ui("title.mods", mods=", ".join(layers)) if layers else ""
            from game.engine.vocabulary import words  # the engine loads with the content
            from game.model.calendars import turns_word

            vocab = words(app.content)
            status.update(ui("title.status", vocab, title=sc.title,
                             turns=turns_word(app.content.total_turns, sc.calendar.unit),
                             cards=stats["cards"], lever_count=stats["levers"], mods=mods))
            status.remove_class("-error")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Menu entries do what their keys do."""
        actions = {"new": self.action_new_game, "continue": self.action_continue_game,
                   "load": self.action_load, "help": self.app.action_help,
                   "quit": self.pt_app.action_quit}
        fn = actions.get(event.option.id or "")
        if fn is not None:
            result = fn()
            if result is not None:
                self.run_worker(result)  # action_quit is async

    def action_new_game(self) -> None:
        """Open the new-game form (once the scenario is loaded)."""
        app = self.pt_app

        def form() -> None:
            def start(settings: NewGameSettings | None) -> None:
                if settings is not None:
                    app.start_game(settings)

            app.push_screen(NewGameScreen(), start)

        app.when_content(form)

    def action_continue_game(self) -> None:
        """Load the latest autosave."""
        self.pt_app.when_content(self.pt_app.continue_latest)

    def action_load(self) -> None:
        """Open the load screen."""
        self.pt_app.action_load()


class NewGameScreen(DismissOnce, ModalScreen[NewGameSettings | None]):
    """The new-game form: scenario, seed, difficulty and the player's name.

    Extension point for the classroom: a class-code field goes in
    :meth:`extra_fields` (it is composed into ``#new-game-extra``) and its
    value into the settings in :meth:`apply_extra`. A class code may set
    ``settings.seed`` and ``settings.class_code``.
    """

    BINDINGS = keys.NEW_GAME

    def compose(self) -> ComposeResult:
        """The form's fields."""
        from textual.widgets import Button, Input, Label

        app: ParallelTracksApp = self.app  # type: ignore[assignment]
        assert app.content is not None
        sc = app.content.scenario
        default_diff = app.options.difficulty if app.options.difficulty in \
            {d.id for d in sc.difficulties} else sc.difficulties[0].id
        # A plain list rather than a Select: no drop-down overlay to open, and nothing
        # that breaks when the form is closed in the instant it opens.
        difficulties = SafeOptionList(
            *[Option(f"{d.label}" + (f" — {' '.join(d.description.split())}"
                                     if d.description else ""), id=d.id)
              for d in sc.difficulties], id="new-difficulty")
        difficulties.highlighted = next(
            i for i, d in enumerate(sc.difficulties) if d.id == default_diff)
        with VerticalScroll(id="new-game-box"):
            yield Static(ui("new.title"), classes="dialog-title")
            yield Label(ui("new.scenario"))
            yield Static(sc.title, id="new-scenario")
            with Vertical(id="new-game-extra"):  # the class code: first, as a class needs it
                yield from self.extra_fields()
            yield Label(SEED_LABEL, id="new-seed-label")
            yield Input(str(app.options.seed if app.options.seed is not None
                            else random.randrange(1_000_000)),
                        id="new-seed", restrict=r"[0-9]*", max_length=12)
            yield Label(ui("new.difficulty"))
            yield difficulties
            yield Label(ui("new.name"))
            yield Input(app.options.player, placeholder="", id="new-player", max_length=60)
            yield Static("", id="new-game-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(ui("button.start"), variant="primary", id="new-start")
                yield Button(ui("button.back"), id="new-back")

    def extra_fields(self) -> ComposeResult:
        """The classroom's class code: it fixes seed, difficulty and discussion stops."""
        from textual.widgets import Input, Label

        app: ParallelTracksApp = self.app  # type: ignore[assignment]
        yield Label(ui("new.class_code"))
        yield Input(app.options.class_code or "", placeholder=ui("new.class_code_none"),
                    id="new-class-code",
                    max_length=20)

    def apply_extra(self, settings: NewGameSettings) -> str | None:
        """Apply a class code to ``settings``; return the code's problem to refuse it."""
        code_input: Input = self.query_one("#new-class-code")  # type: ignore[assignment]
        text = code_input.value.strip()
        if not text:
            return None
        from game.classroom.classcode import ClassCode, ClassCodeError

        app: ParallelTracksApp = self.app  # type: ignore[assignment]
        assert app.content is not None
        try:
            code = ClassCode.parse(text, app.content)
        except ClassCodeError as exc:
            code_input.focus()
            return str(exc)
        settings.seed, settings.difficulty, settings.class_code, settings.lesson = \
            code.seed, code.difficulty, code.text, code.lesson
        return None

    def on_input_changed(self, event: Any) -> None:
        """A class code sets the seed: grey out the seed field while one is typed."""
        if event.input.id == "new-class-code":
            coded = bool(event.value.strip())
            for seed_field in self.query("#new-seed"):
                seed_field.disabled = coded
            for label in self.query("#new-seed-label"):
                label.update(SEED_CODED_LABEL if coded else SEED_LABEL)  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        """Start with the cursor in the seed field, or in the name field when a class code
        is filled in (the code fixes the seed, whose field is then greyed out)."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        coded = any(getattr(w, "value", "").strip() for w in self.query("#new-class-code"))
        for field_ in self.query("#new-player" if coded else "#new-seed"):
            field_.focus()  # none if the form was closed at once

    def on_input_submitted(self) -> None:
        """Enter in any field starts the game."""
        self.action_start()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a difficulty picks it; Start begins."""
        event.stop()

    def on_button_pressed(self, event: Any) -> None:
        """Start or Back."""
        if event.button.id == "new-start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        """Check the form and start, or say what is wrong."""
        if self._pt_dismissed or not self.query("#new-seed"):
            return  # a second Enter while the form is closing
        seed_input: Input = self.query_one("#new-seed")  # type: ignore[assignment]
        diff = self.query_one("#new-difficulty", OptionList)
        player: Input = self.query_one("#new-player")  # type: ignore[assignment]
        error = self.query_one("#new-game-error", Static)
        text = seed_input.value.strip()
        if seed_input.disabled:  # a class code sets the seed (apply_extra)
            text = text if text.isdigit() else "0"
        if not text.isdigit():
            error.update(ui("new.seed_error"))
            seed_input.focus()
            return
        chosen = diff.highlighted_option
        settings = NewGameSettings(seed=int(text),
                                   difficulty=str(chosen.id) if chosen else None,
                                   player=player.value.strip())
        problem = self.apply_extra(settings)
        if problem:
            error.update(problem)
            return
        self.dismiss(settings)

    def action_cancel(self) -> None:
        """Back to the title screen."""
        self.dismiss(None)
