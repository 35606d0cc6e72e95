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
from game.engine.view import player_view
from game.engine.vocabulary import ledger_page
from game.lastmove import since_last_answer
from game.model.calendars import date_label
from game.rules_text import concerns_hint
from game.tui import keys, probe
from game.tui.render import MUTED, meter_series
from game.tui.screens.base import GamePages
from game.tui.widgets.card import CardView
from game.tui.widgets.choices import PASS_ID, ActionList, ChoiceList
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.meters import MeterRow
from game.tui.widgets.panels import ActionDetail, ChangeLog, PendingPanel
from game.tui.widgets.tour import TourPanel
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine.view import ActionRule, PlayerView
    from game.reload import ReloadResult
    from game.tui.app import ParallelTracksApp


#: The screen's own words (from the catalogue, game.ui_text).
WORDS = {
    "marks": ui("game.marks"),
    "cap_full": ui("game.cap_full"),
}

NARROW_BELOW = 96
"""Below this width the card and answers take the whole width (the -narrow breakpoint)."""


class GameScreen(GamePages, Screen[None]):
    """One turn at a time: read, act, answer."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"), (NARROW_BELOW, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-short"), (28, "-tall"), (40, "-roomy")]

    BINDINGS = keys.GAME

    def __init__(self, game: Game, tour: bool = False) -> None:
        """Show ``game``; ``tour`` opens with the briefing and the guided first turn."""
        super().__init__()
        self.game = game
        self.want_tour = tour
        self.why_meter: str | None = None
        self.visible_meters = [m for m, _v in game.meters()]
        self._status_key: tuple[Any, ...] = ()
        self.view: PlayerView = player_view(game, news_turns=2)
        """What the player sees now (made again after every move)."""
        self.previewing: dict[str, str] = {}
        """The highlighted answer's preview: meter id -> direction."""
        self.described: ActionRule | None = None
        """The action whose rule the detail panel shows (the actions have the focus)."""
        self.actor_names = {a.id: a.name for a in game.content.scenario.actors}
        self.narrow = False
        self.stopped_turn: int | None = None
        """The turn whose discussion stop was shown (each card stops once)."""

    @property
    def pt_app(self) -> ParallelTracksApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Status line, the panels for the window's width (see :meth:`narrow_layout`), the
        tour panel, the footer."""
        yield Static(id="status")
        self.narrow = self.narrow_layout()
        meters = Vertical(*[MeterRow(m) for m in self.visible_meters], id="meters")
        meters.border_title = ui("game.meters")
        meters.border_subtitle = WORDS["marks"]
        if self.narrow_layout():  # no bottom border there: the words go on the top one
            meters.border_title = f"{ui('game.meters')} · {WORDS['marks']}"
        detail = ActionDetail(id="action-detail")
        detail.display = False
        if self.narrow:
            # The card and its answers first, full width; below them the log beside the
            # actions (pending items are listed in the log), then the meters two by two.
            with Vertical(id="main"):
                yield CardView(id="card")
                yield ChoiceList(id="choices")
                with Horizontal(id="lower"):
                    yield ChangeLog(id="log")
                    yield detail
                    yield ActionList(id="actions")
                yield meters
        else:
            # Side column (meters, actions, pending); main column (card, answers, log).
            with Horizontal(id="body"):
                with Vertical(id="side"):
                    yield meters
                    yield ActionList(id="actions")
                    yield detail
                    yield PendingPanel(id="pending")
                with Vertical(id="main"):
                    yield CardView(id="card")
                    yield ChoiceList(id="choices")
                    yield ChangeLog(id="log")
        tour = TourPanel(id="tour")
        tour.display = False
        yield tour
        yield KeyBar()

    def narrow_layout(self) -> bool:
        """Whether the window is too narrow for the side column (below 96 cells)."""
        return bool(self.app.size.width < NARROW_BELOW)

    def on_mount(self) -> None:
        """Fill every panel; start the briefing and tour if asked for."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self._panels_ready()
        if self.want_tour:
            self.want_tour = False
            self.call_after_refresh(self.action_briefing, True)
        probe.screen_ready(self.app, "game")

    def _panels_ready(self) -> None:
        """Fill freshly composed panels and focus the answers."""
        self._status_key = ()
        self.refresh_view()
        self.query_one(ChoiceList).focus()

    # ------------------------------------------------------------------ view

    def refresh_view(self) -> None:
        """Bring every panel up to date with the game (unchanged panels do nothing).

        What a player sees comes from the engine's player view, made once here; the
        log of changes and the meters' history (for the sparklines) are the game's
        records. A content error met here (check should have refused it) stops the app
        with a message naming the card and file, not a traceback (game.engine.faults).
        """
        try:
            self._refresh_view()
        except Exception as exc:
            raise game_fault(self.game, exc) from None

    def _refresh_view(self) -> None:
        g = self.game
        view = self.view = player_view(g, news_turns=2)  # this turn's news and last's
        self._status()
        choices = self.query_one(ChoiceList)
        choices.show(view)  # first: the meters mark what its highlighted answer touches
        self.previewing = choices.touches()
        recent = since_last_answer(g)
        moved: dict[str, float] = {}
        for c in recent:
            if isinstance(c.after, bool):
                continue
            moved[c.name] = moved.get(c.name, 0.0) + c.delta
        for row, mv in zip(self.query(MeterRow), view.meters, strict=False):
            row.set_values(mv, meter_series(g, mv.id), moved.get(mv.id, 0.0),
                           mv.id == self.why_meter, self.previewing.get(mv.id, ""))
        self.query_one(CardView).show(view, self.actor_names)
        self.query_one(ActionList).show(view)
        pending = self.query(PendingPanel)
        if pending:
            pending.first().show(view)
        self.query_one(ChangeLog).show(g, recent, view, self.why_meter,
                                       with_pending=not pending)
        if self.described is not None:
            self.described = view.action(self.described.id)
            self.query_one(ActionDetail).show_rule(self.described, view.capital_rule)

    def _status(self) -> None:
        v = self.view
        capital = "●" * v.capital + "○" * max(0, v.capital_max - v.capital)
        ledger = f"gave {v.conceded:g} · got {v.delivered:g}"
        if v.preemptive:
            ledger += f" · {v.preemptive} on credit"
        imposed = sum(1 for lv in v.levers if lv.imposed)
        sep = ("│", MUTED)
        head: list[Any] = [
            (f" {date_label(v.date, v.unit)} ", "bold reverse"),
            f" turn {v.turn}/{v.turns_total} ",
            sep, " capital ", (capital, "$text-accent"), f" {v.capital}/{v.capital_max} "]
        cap = WORDS["cap_full"] if v.capital >= v.capital_max else ""
        tail: list[Any] = [sep, f" ledger: {ledger} "] if v.has_ledger else []
        totals: list[Any] = [sep, f" {ledger} "] if v.has_ledger else []
        levers: list[Any] = ([sep, " " + ui("levers.status", v.words, imposed=imposed,
                                               total=len(v.levers))] if v.has_levers else [])
        short, long = concerns_hint(v.concerns, v.words)
        worry = [sep, (f" {ui('concerns.key', v.words, hint=long)} ", "$text-warning")] \
            if long else []
        brief = [sep, (f" {short} ", "$text-warning")] if short else []
        full = [(cap, "$text-warning")]
        part = [(cap.split(":")[0] + " " if cap else "", "$text-warning")]
        # Longest first; the sanctions count (also on the levers screen) goes first when
        # space is short, then the cap's words shrink to "full", the ledger loses its
        # name, the concerns their deadline, then the ledger its totals (on the ledger
        # screen): the concerns' count stays.
        for variant in ([*head, *full, *worry, *tail, *levers],
                        [*head, *full, *worry, *tail],
                        [*head, *part, *worry, *tail],
                        [*head, *part, *worry, *totals],
                        [*head, *part, *brief, *tail],
                        [*head, *part, *brief, *totals],
                        [*head, *part, *brief]):
            line = Content.assemble(*variant)
            if line.cell_length <= self.size.width:
                break
        key = (line.plain, tuple(line.spans))  # (Content's == compares the text only)
        if key != self._status_key:  # an update lays the screen out again: only on change
            self._status_key = key
            status = self.query_one("#status", Static)
            status.update(line)
            status.tooltip = v.capital_rule

    async def on_resize(self) -> None:
        """Re-fit the status line; across the narrow/wide breakpoint, lay the panels
        out again (the game is unchanged; a tour in progress goes on at its step)."""
        if self.is_attached and self.narrow_layout() != self.narrow:
            tour = self.query_one(TourPanel)
            step = tour.index if tour.active else None
            self.described = None
            await self.recompose()
            self._panels_ready()
            if step is not None:
                self.query_one(TourPanel).start(self.game, step)
            return
        self._status()

    def on_choice_list_previewed(self, event: ChoiceList.Previewed) -> None:
        """An answer is highlighted: mark the meters it touches."""
        if event.touches != self.previewing:
            self.previewing = event.touches
            for row in self.query(MeterRow):
                mv = self.view.meter(row.meter.id)
                row.set_values(mv, row.series, row.delta, row.selected,
                               self.previewing.get(row.meter.id, ""))

    def on_action_list_described(self, event: ActionList.Described) -> None:
        """The actions have the focus: their highlighted rule replaces the pending panel
        (or the log); without the focus, the panel comes back."""
        self.described = event.rule
        detail = self.query_one(ActionDetail)
        other = self.query_one("#pending" if self.query("#pending") else "#log")
        if event.rule is None:
            detail.display = False
            other.display = True
            return
        detail.show_rule(event.rule, self.view.capital_rule)
        detail.display = True
        other.display = False

    def action_page_card(self, down: bool) -> None:
        """PgDn/PgUp: scroll the card, wherever the focus is."""
        self.query_one(CardView).page(down)

    def action_rules(self) -> None:
        """The rules of every standing action and lever, in full."""
        from game.tui.screens.rules import RulesScreen

        self.app.push_screen(RulesScreen(player_view(self.game)))

    # ------------------------------------------------------------------ moves

    def move(self, fn: Callable[[], list[Change]], what: str) -> None:
        """Make a move through the engine and show its consequences.

        Illegal moves are explained in a notice; nothing else changes.
        """
        token = probe.key_started()
        g = self.game
        turn = g.turn
        try:
            fn()
        except IllegalMove as exc:
            self.notify(str(exc), title=ui("notify.not_possible"), severity="warning", timeout=4)
            return
        except Exception as exc:  # content that check let through: named, no traceback
            raise game_fault(g, exc) from None
        tour = self.query_one(TourPanel)
        if tour.active:
            tour.action_skip()
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
        card = self.view.card
        if card is None:
            self.notify(ui("notify.no_card", unit=self.view.unit), timeout=3)
            return
        if not 1 <= n <= len(card.choices):
            self.notify(ui("notify.choose_range", last=len(card.choices)), timeout=3)
            return
        choice = card.choices[n - 1]
        if not choice.available:
            self.notify(ui("notify.locked", reason=choice.reason), title=choice.label,
                        severity="warning", timeout=4)
            return
        self.move(lambda: g.choose(choice.id), "choose")

    def action_pass_turn(self) -> None:
        """End a quiet turn."""
        g = self.game
        if g.card is not None:
            self.action_pass_refused()
            return
        self.move(g.pass_turn, "pass")

    def action_pass_refused(self) -> None:
        """p while a card is up: say how the turn ends instead of doing nothing."""
        n = len(self.view.card.choices) if self.view.card else 0
        unit = self.game.content.scenario.calendar.unit
        self.notify(ui("notify.pass_refused", last=n, unit=unit), timeout=4)

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
            ids = [c.id for c in self.view.card.choices] if self.view.card else []
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
        """Show "pass" only in a quiet turn, and "answer" only when there is a card."""
        if action == "pass_turn":
            return self.game.card is None and not self.game.over
        if action == "choose":
            return True if self.game.card is not None else None
        if action == "levers":  # a screen with nothing to show is not offered
            return bool(self.game.content.scenario.levers)
        if action == "ledger":
            return ledger_page(self.game.content)
        return True

    def action_reload_content(self) -> None:
        """F5: re-read the content files and replay this game onto them (live reload)."""
        options = self.pt_app.options
        if options.content is not None and not options.content_dirs:
            self.notify(ui("notify.reload_none"), timeout=4)
            return
        self.notify(ui("notify.reloading"), timeout=2)
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
            self.notify(result.summary(), title=ui("notify.not_reloaded"), severity="error",
                        timeout=20)
            return
        app = self.pt_app
        app.content = result.content
        meta = app.game_meta
        if meta is None:
            from game.tui.savebridge import SaveMeta

            meta = SaveMeta()
        app.open_game(result.game, meta)
        app.notify(result.summary(), title=ui("notify.reloaded"),
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
        """Esc: from the actions back to the answers; otherwise back to the latest changes."""
        if self.focused is self.query_one(ActionList):
            self.query_one(ChoiceList).focus()
            return
        if self.why_meter is not None:
            self.why_meter = None
            self.refresh_view()

    def action_levers(self) -> None:
        """The levers: state, worth, watchers; lift or impose."""
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
        self.pt_app.show_title()

    def current_state(self) -> dict[str, Any]:
        """A summary for tests and tools: turn, date, card, capital."""
        g = self.game
        return {"turn": g.turn, "date": g.date, "card": g.card_id, "capital": g.capital}
