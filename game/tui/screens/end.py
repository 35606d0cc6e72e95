"""The end screen: ending and epilogue, both tracks' scores, every meter over the game,
the player's path beside the historical one, and the key decisions."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from game.engine import Game
from game.engine.view import player_view
from game.engine.vocabulary import ledger_page
from game.report.reference import historical_game
from game.tui import keys, probe
from game.tui.markup import markdown
from game.tui.render import chart_rows, turn_date
from game.tui.screens.base import GamePages
from game.tui.widgets.keybar import KeyBar
from game.ui_text import ui

if TYPE_CHECKING:
    from game.tui.app import ParallelTracksApp

#: Each tone of ending: its heading and style.
TONE = {"good": (ui("end.tone.good"), "bold green"),
        "mixed": (ui("end.tone.mixed"), "bold yellow"),
        "bad": (ui("end.tone.bad"), "bold red")}


@dataclass
class KeyDecision:
    """One answer and how much it moved the visible meters (direct and delayed effects)."""

    turn: int
    card: str
    choice: str
    weight: float
    moves: dict[str, float]


def key_decisions(game: Game, top: int = 5) -> list[KeyDecision]:
    """The answers that moved the visible meters most, largest first."""
    visible = {m.id for m, _v in game.meters()}
    out = []
    for turn, card_id, choice_id in game.picks:
        ref = f"{card_id}/{choice_id}"
        moves: dict[str, float] = {}
        for c in game.log:
            if c.cause.ref == ref and c.name in visible and c.turn >= turn:
                moves[c.name] = moves.get(c.name, 0.0) + c.delta
        weight = sum(abs(v) for v in moves.values())
        if weight > 0:
            card = game.content.cards[card_id]
            label = next((ch.label for ch in card.choices if ch.id == choice_id), choice_id)
            out.append(KeyDecision(turn, card.title, label, weight, moves))
    out.sort(key=lambda k: (-k.weight, k.turn))
    return out[:top]


def scores_renderable(game: Game) -> Any:
    """Each track's score against its pass mark, and the joint score (the bars shrink
    in a narrow window, so the verdicts stay on their lines)."""
    scores = game.scores()
    table = Table(show_header=False, box=None, pad_edge=False, expand=False)
    table.add_column("Track", style="bold", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("Bar", no_wrap=True)
    table.add_column("Verdict")
    for t in game.content.scenario.tracks:
        s = scores[t.id]
        held = s >= t.pass_mark
        filled = round(s / 100 * 20)
        table.add_row(t.label, f"{s:.0f}", Text("█" * filled + "·" * (20 - filled),
                                                style="green" if held else "red"),
                      Text(ui("end.held" if held else "end.lost", mark=f"{t.pass_mark:g}"),
                           style="bold green" if held else "bold red"))
    table.add_row(ui("end.joint"), f"{scores['score']:.0f}", "", "")
    return Group(table, Text(player_view(game).score_rule, style="dim"))


def charts_renderable(game: Game, hist: Game, width: int) -> Any:
    """Every meter over the whole game: the player's path beside the historical path."""
    chart_w = max(8, min(game.total_turns * 2, (width - 24) // 2))
    table = Table(box=None, pad_edge=False, expand=False, show_header=True,
                  header_style="bold")
    table.add_column(ui("end.col.meter"), no_wrap=True, max_width=26)
    table.add_column(ui("end.col.yours"), no_wrap=True)
    table.add_column(ui("end.col.history"), no_wrap=True)
    ends = {mm.id: v for mm, v in hist.meters(hidden=True)}
    for m, value in game.meters(hidden=True):
        mine = [float(v.get(m.id, 0.0)) for _t, v in game.history]
        theirs = [float(v.get(m.id, 0.0)) for _t, v in hist.history]
        other = ends.get(m.id)
        name = Text(m.label + ("\n(hidden)" if m.hidden else ""), style="bold")
        name.append(f"\nend {value:g}" + (f" {m.band_at(value)}" if m.bands else ""),
                    style="")
        if other is not None:
            name.append(f"\nhistory {other:g}", style="dim")
        table.add_row(name, "\n".join(chart_rows(mine, m.min, m.max, 3, chart_w)),
                      Text("\n".join(chart_rows(theirs, m.min, m.max, 3, chart_w)),
                           style="dim"))
    return table


def path_renderable(game: Game) -> Any:
    """Each event: what the player chose beside what history chose."""
    table = Table(box=None, pad_edge=False, expand=True, header_style="bold")
    table.add_column(ui("end.col.date"), no_wrap=True)
    table.add_column(ui("end.col.event"))
    table.add_column(ui("end.col.you_chose"))
    table.add_column(ui("end.col.history_chose"))
    table.add_column("", no_wrap=True)
    for turn, card_id, choice_id in game.picks:
        card = game.content.cards[card_id]
        labels = {c.id: c.label for c in card.choices}
        hist = next((c for c in card.choices if c.historical), None)
        same = hist is not None and hist.id == choice_id
        mark = Text(ui("end.same"), style="green") if same else \
            Text(ui("end.differs"), style="yellow") if hist else Text("")
        table.add_row(turn_date(game, turn), card.title,
                      labels.get(choice_id, choice_id), hist.label if hist else "—", mark)
    return table


def decisions_renderable(game: Game) -> Any:
    """The answers that mattered most, with how they moved each meter."""
    labels = {m.id: m.label for m, _v in game.meters()}
    picks = key_decisions(game)
    if not picks:
        return Text(ui("end.no_moves"))
    lines = Text()
    for k in picks:
        lines.append(f"{turn_date(game, k.turn)}  ", style="dim")
        lines.append(f"{k.card}: ", style="bold")
        lines.append(k.choice + "\n")
        moved = ", ".join(f"{labels.get(n, n)} {d:+g}" for n, d in
                          sorted(k.moves.items(), key=lambda kv: -abs(kv[1])))
        lines.append(f"      {moved}\n")
    return lines


def _skill_found(screen_ref: Any, line: str, report: Any) -> None:
    """Back on the UI thread: show the skill line if the end screen is still there, and
    keep the report in the save."""
    screen = screen_ref()
    if screen is not None:
        screen._skill_done(line)
        if report is not None:
            screen._keep_skill(report)


class EndPage(VerticalScroll):
    """The end screen's scrolling page."""

    def action_scroll_end(self) -> None:
        """To the bottom, and again once drawn: the tables below the fold can come out
        taller when first drawn than they were measured, and End stopped short."""
        self.scroll_end(animate=False)
        self.call_after_refresh(self.scroll_end, animate=False)


class EndScreen(GamePages, Screen[None]):
    """Read-only summary of a finished game."""

    BINDINGS = keys.END

    def __init__(self, game: Game) -> None:
        """The end of ``game``."""
        super().__init__()
        self.game = game
        self.filled = False
        """True once every section has been added to the page (they are drawn at the
        next refresh; tests wait for this)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A page with nothing to show is not offered: no ledger key without a ledger page."""
        if action == "ledger":
            return ledger_page(self.game.content)
        return True

    def compose(self) -> ComposeResult:
        """The heading, the scores (and how near the best this seed allowed), then the
        epilogue; the other sections come with :meth:`fill`. The scores come first so
        that they are on screen in a 24-line terminal."""
        g = self.game
        end = g.ending
        assert end is not None
        tone, style = TONE.get(end.tone, (ui("end.tone.none"), "bold"))
        with EndPage(id="end-box", classes="page") as box:
            box.border_title = ui("end.title", title=end.title)
            yield Static(Group(Text.assemble((tone, style), "  ", (end.title, "bold")),
                               scores_renderable(g)), id="end-scores")
            skill = Static(id="end-skill")
            skill.display = False
            yield skill
            yield Static(markdown(end.epilogue.strip()), id="end-epilogue")
            if g.decisions:
                yield Button(ui("end.whatif_button"), id="end-whatif")
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page and fill it."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#end-box").focus()
        self.fill()

    def fill(self) -> None:
        """Add what really happened, the charts (they need the width and the
        historical replay), the key decisions and the path beside history's."""
        if self.filled or not self.is_attached:
            return  # already filled, or closed by a key before it was shown
        g = self.game
        end = g.ending
        assert end is not None
        sections = []
        if end.history:
            sections.append(Static(Group(Text(ui("end.history"), style="bold underline"),
                                         markdown(end.history.strip())), id="end-history"))
        # History's path, as the class report draws it; only its values are shown.
        hist = historical_game(g.content, g.seed, g.difficulty, record=False,
                               lesson=g.lesson)
        sections += [
            Static(Group(
                Text(ui("end.charts"), style="bold underline"),
                Text(ui("end.charts_legend"), style="dim"),
                charts_renderable(g, hist, max(60, self.app.size.width - 4))), id="end-charts"),
            Static(Group(Text(ui("end.decisions"), style="bold underline"),
                         decisions_renderable(g)), id="end-decisions"),
            Static(Group(Text(ui("end.path"), style="bold underline"),
                         path_renderable(g)), id="end-path"),
        ]
        self.query_one("#end-box").mount_all(sections)
        self.filled = True
        self.start_skill()
        probe.screen_ready(self.app, "end")

    def start_skill(self) -> None:
        """Work out how near the best this seed allowed the player came (a search over
        the same seed, seconds long) off the UI thread, or read it from the save; the
        line appears under the scores, and the save keeps it so it is computed once."""
        skill = self.query_one("#end-skill", Static)
        skill.update(Text(ui("skill.wait"), style="dim"))
        skill.display = True
        app = self.pt_app
        meta = app.game_meta
        # The worker belongs to the app and holds the game and this screen only until
        # it is done: a finished worker stays referenced (from its thread's context),
        # and it must not keep a closed end screen or its game alive.
        box: dict[str, Any] = {"game": self.game, "extra": meta.extra if meta else None,
                               "screen": weakref.ref(self)}

        def work() -> None:
            from game.sim.best import skill_for_game

            game, extra, screen = box.pop("game"), box.pop("extra"), box.pop("screen")
            try:
                report = skill_for_game(game, extra)
                line = report.line if report is not None else None
            except Exception as exc:
                report, line = None, ui("skill.failed", problem=exc)
            if line is not None:
                app.call_from_thread(_skill_found, screen, line, report)

        app.run_worker(work, thread=True, group="skill", exclusive=True, exit_on_error=False)

    def _skill_done(self, line: str) -> None:
        if self.is_attached:
            self.query_one("#end-skill", Static).update(Text(line, style="bold"))

    def _keep_skill(self, report: Any) -> None:
        """Store the report in the game's save, once (a loaded game reads it back)."""
        from dataclasses import replace

        from game.sim.best import with_skill

        app = self.pt_app
        meta = app.game_meta
        if meta is None or app.game is not self.game or meta.extra.get("skill") == \
                report.to_dict():
            return
        app.game_meta = replace(meta, extra=with_skill(meta.extra, report))
        if app.options.autosave:
            from game.tui.savebridge import SaveError, autosave

            try:
                autosave(self.game, app.saves_folder, app.game_meta)
            except (SaveError, OSError) as exc:
                app.notify(ui("notify.autosave_failed", problem=exc), severity="error", timeout=6)

    @property
    def pt_app(self) -> ParallelTracksApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def action_new_game(self) -> None:
        """Back to the title, with the new-game form open."""
        from game.tui.screens.title import TitleScreen

        app = self.pt_app
        self.action_title()
        title = app.screen_stack[0]
        if isinstance(title, TitleScreen):
            title.action_new_game()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The "What if…" button."""
        if event.button.id == "end-whatif":
            self.action_whatif()

    def action_whatif(self) -> None:
        """Pick a past decision; the branch (same seed, earlier decisions replayed)
        opens on the main screen, and this game's saves stay as they are."""
        from dataclasses import replace

        from game.classroom.whatif import BranchError, branch, branch_points
        from game.tui.savebridge import SaveMeta
        from game.tui.screens.whatif import WhatIfScreen

        app = self.pt_app
        game = self.game
        points = branch_points(game)
        if not points:
            app.notify(ui("notify.no_decisions"), timeout=4)
            return

        def go(turn: int | None) -> None:
            if turn is None:
                return
            try:
                new = branch(game, turn)
            except BranchError as exc:
                app.notify(str(exc), title=ui("notify.cannot_go_back"), severity="error")
                return
            old = app.game_meta or SaveMeta()
            # A new game id: the branch autosaves to its own file, beside the original.
            game_id = None
            if old.class_code:
                from game.classroom.play import class_game_id

                game_id = class_game_id(old.class_code, old.player or "", whatif=True)
            meta = replace(old, name=None, game_id=game_id, autosave=False, saved_at=None,
                           extra={**old.extra, "whatif_turn": turn})
            app.open_game(new, meta)
            app.notify(ui("notify.whatif", turn=turn), timeout=6)

        app.push_screen(WhatIfScreen(points), go)

    def action_debrief(self) -> None:
        """The debrief of this game, named for the player: in a browser tab (``serve``) an
        HTML page the browser downloads (it prints from there); in a terminal a Markdown
        file next to the saves."""
        import io
        import re

        from game.report.debrief import build_debrief

        app = self.pt_app
        meta = app.game_meta
        player = (meta.player or "") if meta else ""
        debrief = build_debrief(self.game, player, meta.class_code if meta else None)
        who = re.sub(r"[^\w]+", "-", player, flags=re.UNICODE).strip("-_")[:40]
        stem = "-".join(p for p in ("debrief", who, self.game.date) if p)
        if app.is_web:
            from game.report.html import debrief_html

            name = f"{stem}.html"
            app.deliver_text(io.StringIO(debrief_html(debrief)), save_filename=name,
                             mime_type="text/html")
            app.notify(ui("notify.debrief_download", name=name), timeout=8)
            return
        from game.report.markdown import debrief_markdown

        name = f"{stem}.md"
        try:
            app.saves_folder.mkdir(parents=True, exist_ok=True)
            app.deliver_text(io.StringIO(debrief_markdown(debrief)),
                             save_directory=app.saves_folder, save_filename=name,
                             mime_type="text/markdown")
        except OSError as exc:
            app.notify(ui("notify.debrief_failed", problem=exc), severity="error")
            return
        app.notify(ui("notify.debrief_written", name=name, folder=app.saves_folder), timeout=6)

    def action_title(self) -> None:
        """Back to the title screen."""
        app = self.pt_app
        app.game = None
        app.close_screens(len(app.screen_stack) - 1)
