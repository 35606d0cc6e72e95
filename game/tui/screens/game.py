"""The main game screen: meters, the card and its answers, actions, pending effects, the log.

Every move goes through :meth:`GameScreen.move`, which asks the engine, then
updates each panel; each panel compares what it would show with what it
shows and repaints only on a difference (the card, the most expensive, only
when a new card comes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from game.engine import Change, Game, IllegalMove
from game.engine.faults import game_fault
from game.tui import keys, probe
from game.tui.render import MUTED, meter_series, month_words
from game.tui.screens.base import GamePages
from game.tui.widgets.card import CardView
from game.tui.widgets.choices import PASS_ID, ActionList, ChoiceList
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.meters import MeterRow
from game.tui.widgets.panels import ChangeLog, PendingPanel
from game.tui.widgets.tour import TourPanel

if TYPE_CHECKING:
    from game.reload import ReloadResult
    from game.tui.app import ParallelTracksApp


class GameScreen(GamePages, Screen[None]):
    """One month at a time: read, act, answer."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-narrow"), (96, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-short"), (28, "-tall"), (40, "-roomy")]

    BINDINGS = keys.GAME

    def __init__(self, game: Game, tour: bool = False) -> None:
        """Show ``game``; ``tour`` opens with the briefing and the guided first turn."""
        super().__init__()
        self.game = game
        self.want_tour = tour
        self.why_meter: str | None = None
        self.recent: list[Change] = game.changes(turn=game.turn)
        self.news_mark = sum(1 for m in game.messages if m.turn < game.turn)
        self.visible_meters = [m for m, _v in game.meters()]
        self._status_key: tuple[Any, ...] = ()
        self.stopped_turn: int | None = None
        """The turn whose discussion stop was shown (each card stops once)."""

    @property
    def pt_app(self) -> ParallelTracksApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Status line; side column (meters, actions, pending); main column (card,
        answers, log); the tour panel; the footer."""
        yield Static(id="status")
        with Horizontal(id="body"):
            with Vertical(id="side"):
                with Vertical(id="meters") as meters:
                    meters.border_title = "Meters"
                    for m in self.visible_meters:
                        yield MeterRow(m)
                yield ActionList(id="actions")
                yield PendingPanel(id="pending")
            with Vertical(id="main"):
                yield CardView(id="card")
                yield ChoiceList(id="choices")
                yield ChangeLog(id="log")
        tour = TourPanel(id="tour")
        tour.display = False
        yield tour
        yield KeyBar()

    def on_mount(self) -> None:
        """Fill every panel; start the briefing and tour if asked for."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#choices").border_title = "Your answer"
        self.refresh_view()
        self.query_one(ChoiceList).focus()
        if self.want_tour:
            self.want_tour = False
            self.call_after_refresh(self.action_briefing, True)
        probe.screen_ready(self.app, "game")

    # ------------------------------------------------------------------ view

    def refresh_view(self) -> None:
        """Bring every panel up to date with the game (unchanged panels do nothing).

        A content error met here (check should have refused it) stops the app with a
        message naming the card and file, not a traceback (game.engine.faults).
        """
        try:
            self._refresh_view()
        except Exception as exc:
            raise game_fault(self.game, exc) from None

    def _refresh_view(self) -> None:
        g = self.game
        self._status()
        for row in self.query(MeterRow):
            mid = row.meter.id
            moved = sum(c.delta for c in self.recent if c.name == mid)
            row.set_values(float(g.value(mid)), meter_series(g, mid), moved,
                           mid == self.why_meter)
        self.query_one(CardView).show(g)
        self.query_one(ChoiceList).show(g)
        self.query_one(ActionList).show(g)
        self.query_one(PendingPanel).show(g)
        news = g.messages[self.news_mark:]
        self.query_one(ChangeLog).show(g, self.recent, news, self.why_meter)

    def _status(self) -> None:
        g = self.game
        cap_max = g.content.scenario.capital.max
        capital = "●" * g.capital + "○" * max(0, cap_max - g.capital)
        conceded, delivered, pre = g.ledger_totals()
        ledger = f"gave {conceded:g} · got {delivered:g}"
        if pre:
            ledger += f" · {pre} first"
        imposed = sum(1 for v in g.levers() if v.imposed)
        sep = ("│", MUTED)
        parts: list[Any] = [
            (f" {month_words(g.date)} ", "bold reverse"),
            f" turn {g.turn}/{g.total_turns} ",
            sep, " capital ", (capital, "$text-accent"), f" {g.capital} ",
            sep, f" ledger: {ledger} "]
        lever_part = [sep, f" sanctions {imposed}/{len(g.levers())} on"]
        full = Content.assemble(*parts, *lever_part)
        # The sanctions count is also on the levers screen: it goes first when space is short.
        line = full if full.cell_length <= self.size.width else Content.assemble(*parts)
        key = (line.plain, tuple(line.spans))  # (Content's == compares the text only)
        if key != self._status_key:  # an update lays the screen out again: only on change
            self._status_key = key
            self.query_one("#status", Static).update(line)

    def on_resize(self) -> None:
        """Re-fit the status line."""
        self._status()

    # ------------------------------------------------------------------ moves

    def move(self, fn: Callable[[], list[Change]], what: str) -> None:
        """Make a move through the engine and show its consequences.

        Illegal moves are explained in a notice; nothing else changes.
        """
        token = probe.key_started()
        g = self.game
        turn = g.turn
        try:
            changes = fn()
        except IllegalMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", timeout=4)
            return
        except Exception as exc:  # content that check let through: named, no traceback
            raise game_fault(g, exc) from None
        tour = self.query_one(TourPanel)
        if tour.active:
            tour.action_skip()
        if g.turn != turn:
            self.recent = changes
            self.news_mark = sum(1 for m in g.messages if m.turn < turn)
        else:
            self.recent = self.recent + changes
        if g.over:
            self.pt_app.show_end()
            return
        self.refresh_view()
        if g.turn != turn:
            self.query_one(ChoiceList).focus()
            self.discussion_stop()
        probe.key_done(self, token, what)
        self.pt_app.after_move()

    def action_choose(self, n: int) -> None:
        """Answer the card with choice ``n`` (1-based)."""
        g = self.game
        views = g.choices()
        if not views:
            self.notify("There is no card this month: press p to let it pass.", timeout=3)
            return
        if not 1 <= n <= len(views):
            self.notify(f"Choose from 1 to {len(views)}.", timeout=3)
            return
        view = views[n - 1]
        if not view.available:
            self.notify(f"Locked: {view.reason}", title=view.choice.label,
                        severity="warning", timeout=4)
            return
        self.move(lambda: g.choose(view.choice.id), "choose")

    def action_pass_turn(self) -> None:
        """End a quiet month."""
        g = self.game
        if g.card is not None:
            self.notify("Answer the card to end the month (a number key).", timeout=3)
            return
        self.move(g.pass_turn, "pass")

    def take_action(self, action_id: str) -> None:
        """Spend capital on a standing action."""
        self.move(lambda: self.game.take_action(action_id), "action")

    def set_lever(self, lever_id: str, state: str) -> None:
        """Lift or re-impose a lever (called from the levers screen)."""
        self.move(lambda: self.game.set_lever(lever_id, state), "lever")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on an answer or an action."""
        oid = event.option.id or ""
        event.stop()
        if oid == PASS_ID:
            self.action_pass_turn()
        elif oid.startswith("choice-"):
            views = self.game.choices()
            ids = [v.choice.id for v in views]
            cid = oid.removeprefix("choice-")
            if cid in ids:
                self.action_choose(ids.index(cid) + 1)
        elif oid.startswith("action-"):
            self.take_action(oid.removeprefix("action-"))

    def on_screen_resume(self) -> None:
        """Back on top (first shown, or the briefing closed): a stop may be due."""
        self.call_after_refresh(self.discussion_stop)

    def discussion_stop(self) -> None:
        """Pause for the class on a new card with a discussion prompt, if the class code
        turned stops on; once per turn, and only while this screen is on top."""
        g = self.game
        meta = self.pt_app.game_meta
        if self.stopped_turn == g.turn or self.app.screen is not self or not self.is_attached:
            return
        if not (meta and meta.class_code):
            return  # stops come only with a class code (the classroom code is not loaded)
        from game.classroom.stops import discussion_prompt
        from game.tui.screens.discussion import DiscussionScreen, stops_on

        if not stops_on(meta.class_code, g.content):
            return
        prompt = discussion_prompt(g)
        if prompt is None or g.card is None:
            return
        self.stopped_turn = g.turn
        self.app.push_screen(DiscussionScreen(g.card.title, prompt))

    def on_meter_row_picked(self, event: MeterRow.Picked) -> None:
        """A click on a meter: show why it moved."""
        self.why_meter = None if self.why_meter == event.meter_id else event.meter_id
        self.refresh_view()

    def on_tour_panel_finished(self) -> None:
        """The tour is over: never show it again unless asked for."""
        app = self.pt_app
        if not app.settings.briefing_seen:
            app.settings.briefing_seen = True
            app.save_settings()
        self.query_one(ChoiceList).focus()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show "pass" only in a quiet month, and "answer" only when there is a card."""
        if action == "pass_turn":
            return self.game.card is None and not self.game.over
        if action == "choose":
            return True if self.game.card is not None else None
        return True

    def action_reload_content(self) -> None:
        """F5: re-read the content files and replay this game onto them (live reload)."""
        options = self.pt_app.options
        if options.content is not None and not options.content_dirs:
            self.notify("This game's content was not read from folders: nothing to reload.",
                        timeout=4)
            return
        self.notify("Reloading the content...", timeout=2)
        self.run_worker(self._reload_content, thread=True, group="reload", exclusive=True,
                        exit_on_error=False)

    def _reload_content(self) -> None:
        """Worker thread: see game.reload; the result goes back to the UI thread."""
        from game.loading.folders import stack_dirs
        from game.reload import reload_from

        options = self.pt_app.options
        if options.content_dirs:
            dirs, folder = list(options.content_dirs), []
        else:
            dirs, folder, _warnings = stack_dirs(options.mods, options.use_mod_folder)
        result = reload_from(self.game, dirs, optional=folder)
        self.app.call_from_thread(self._content_reloaded, result)

    def _content_reloaded(self, result: ReloadResult) -> None:
        """Go on with the replayed game, or keep this one and show the errors."""
        if result.game is None or result.content is None:
            self.notify(result.summary(), title="Content not reloaded", severity="error",
                        timeout=20)
            return
        app = self.pt_app
        app.content = result.content
        meta = app.game_meta
        if meta is None:
            from game.tui.savebridge import SaveMeta

            meta = SaveMeta()
        app.open_game(result.game, meta)
        app.notify(result.summary(), title="Content reloaded",
                   severity="information" if result.complete else "warning", timeout=10)

    def action_focus_actions(self) -> None:
        """Move the focus to the standing actions."""
        self.query_one(ActionList).focus()

    def action_why(self) -> None:
        """Cycle the log through each meter's story of changes, then back to the latest."""
        ids = [m.id for m in self.visible_meters]
        if self.why_meter is None:
            self.why_meter = ids[0]
        else:
            i = ids.index(self.why_meter) + 1 if self.why_meter in ids else len(ids)
            self.why_meter = ids[i] if i < len(ids) else None
        self.refresh_view()

    def action_clear_why(self) -> None:
        """Back to the latest changes."""
        if self.why_meter is not None:
            self.why_meter = None
            self.refresh_view()

    def action_levers(self) -> None:
        """The sanctions measures: state, worth, watchers; lift or impose."""
        from game.tui.screens.levers import LeversScreen

        self.app.push_screen(LeversScreen(self))

    def action_assumptions(self) -> None:
        """The model-assumptions page: what the game simplifies, and why."""
        from game.tui.screens.briefing import AssumptionsScreen

        self.app.push_screen(AssumptionsScreen(self.game.content.scenario))

    def action_briefing(self, tour: bool = False) -> None:
        """The scenario's briefing; with ``tour``, the guided turn follows it."""
        from game.tui.screens.briefing import BriefingScreen

        def after(go_on: bool | None) -> None:
            if tour and go_on:
                self.query_one(TourPanel).start(self.game)
            elif tour:
                self.on_tour_panel_finished()

        self.app.push_screen(BriefingScreen(self.game.content.scenario, tour=tour), after)

    def start_intro(self) -> None:
        """The briefing and guided turn again (from the help screen)."""
        self.action_briefing(True)

    def action_title(self) -> None:
        """Back to the title screen; the game is autosaved."""
        if self.app.screen is not self:
            return
        self.pt_app.autosave_now()
        self.pt_app.close_screens(1)

    def current_state(self) -> dict[str, Any]:
        """A summary for tests and tools: turn, date, card, capital."""
        g = self.game
        return {"turn": g.turn, "date": g.date, "card": g.card_id, "capital": g.capital}
