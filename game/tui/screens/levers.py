"""The levers screen: each lever, its state, its worth in the ledger, who watches it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.view import player_view
from game.rules_text import lever_rule_lines
from game.tui import keys
from game.tui.render import MUTED
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.optionlist import SafeOptionList
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine.view import LeverRule
    from game.tui.screens.game import GameScreen


class LeversScreen(Screen[None]):
    """Lift or re-impose a measure with Enter (or a click); Esc goes back."""

    BINDINGS = keys.LEVERS

    def __init__(self, game_screen: GameScreen) -> None:
        """Levers of the game shown on ``game_screen`` (moves go through it)."""
        super().__init__()
        self.game_screen = game_screen
        self.game = game_screen.game
        self.rules: dict[str, LeverRule] = {}

    def compose(self) -> ComposeResult:
        """Header line, the list of levers, the highlighted lever's description."""
        with Vertical(id="levers-box"):
            yield Static(id="levers-head")
            yield SafeOptionList(id="levers-list")
            yield Static(id="levers-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        """Fill the list and focus it."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.refresh_levers()
        self.query_one("#levers-list").focus()

    def refresh_levers(self) -> None:
        """Rebuild the list from the player view's levers."""
        g = self.game
        view = player_view(g)
        self.rules = {r.id: r for r in view.levers}
        actors = {a.id: a.name for a in g.content.scenario.actors}
        self.query_one("#levers-head", Static).update(Content.assemble(
            (ui("levers.header", view.words), "bold"),
            "   " + ui("levers.capital", capital=view.capital) + "\n",
            ((ui("levers.books") + " " if view.has_ledger else "")
             + ui("levers.enter", view.words), MUTED)))
        lst = self.query_one("#levers-list", OptionList)
        keep = lst.highlighted
        options = []
        for r in view.levers:
            state = ((ui("levers.imposed"), "$text-success bold") if r.imposed
                     else (ui("levers.lifted"), "$text-warning bold"))
            verb = ui("lever.lift") if r.imposed else ui("lever.reimpose")
            watchers = ", ".join(actors.get(w, w) for w in g.content.levers[r.id].watchers) \
                or ui("levers.no_watchers")
            line2: tuple[str, str] = (
                ("\n   " + ui("levers.open", verb=verb, cost=r.cost, watchers=watchers), MUTED)
                if r.available else
                ("\n   " + ui("levers.closed", verb=verb, reason=r.reason, watchers=watchers),
                 MUTED))
            options.append(Option(Content.assemble(
                (f"{r.label:<40}"[:40], "bold"), " ", state,
                "   " + ui("levers.worth", worth=f"{r.worth:g}") if view.has_ledger else "",
                line2), id=r.id))
        lst.set_options(options)
        lst.highlighted = keep if keep is not None and keep < len(options) else 0
        self._detail()

    def on_option_list_option_highlighted(self) -> None:
        """Describe the highlighted measure."""
        self._detail()

    def _detail(self) -> None:
        lst = self.query_one("#levers-list", OptionList)
        opt = lst.highlighted_option
        detail = self.query_one("#levers-detail", Static)
        if opt is None or opt.id not in self.rules:
            detail.update(ui("levers.none"))
            return
        rule = self.rules[opt.id]
        changes = [c for c in self.game.log if c.name == rule.id]
        history = "; ".join(ui("levers.change", turn=c.turn, cause=c.cause.label,
                               state=ui("lever.imposed") if c.after else ui("lever.lifted"))
                            for c in changes[-3:])
        first, *rest = lever_rule_lines(rule, player_view(self.game).words)
        detail.update(Content.assemble(
            (first, "bold"), *[f"\n{line}" for line in rest],
            ("\n" + ui("levers.changes", changes=history) if history else "", MUTED)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or click: toggle that lever."""
        event.stop()
        self.action_toggle()

    def action_toggle(self) -> None:
        """Lift or re-impose the highlighted lever, through the game screen."""
        opt = self.query_one("#levers-list", OptionList).highlighted_option
        if opt is None or opt.id is None:
            return
        rule = self.rules.get(opt.id)
        if rule is None:
            return
        self.game_screen.set_lever(opt.id, "lifted" if rule.imposed else "imposed")
        if self.is_attached and not self.game.over:
            self.refresh_levers()
