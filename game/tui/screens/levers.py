"""The levers screen: each sanctions measure, its state, its worth, who watches it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui import keys
from game.tui.render import MUTED
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.optionlist import SafeOptionList

if TYPE_CHECKING:
    from game.tui.screens.game import GameScreen


class LeversScreen(Screen[None]):
    """Lift or re-impose a measure with Enter (or a click); Esc goes back."""

    BINDINGS = keys.LEVERS

    def __init__(self, game_screen: GameScreen) -> None:
        """Levers of the game shown on ``game_screen`` (moves go through it)."""
        super().__init__()
        self.game_screen = game_screen
        self.game = game_screen.game

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
        """Rebuild the list from the game's levers."""
        g = self.game
        actors = {a.id: a.name for a in g.content.scenario.actors}
        views = g.levers()
        self.query_one("#levers-head", Static).update(Content.assemble(
            ("Levers: Japan's own sanctions measures", "bold"),
            f"   capital {g.capital}\n",
            ("Lifting one records a concession worth its value in the ledger. "
             "Enter lifts or re-imposes the highlighted measure.", MUTED)))
        lst = self.query_one("#levers-list", OptionList)
        keep = lst.highlighted
        options = []
        for v in views:
            lv = v.lever
            state = (("IMPOSED", "$text-success bold") if v.imposed
                     else ("LIFTED", "$text-warning bold"))
            verb = "lift" if v.imposed else "re-impose"
            watchers = ", ".join(actors.get(w, w) for w in lv.watchers) or "no one in particular"
            line2: tuple[str, str] = (
                (f"\n   {verb} for {lv.cost} capital · watched by {watchers}", MUTED)
                if v.available else (f"\n   {verb}: {v.reason} · watched by {watchers}", MUTED))
            options.append(Option(Content.assemble(
                (f"{lv.label:<40}"[:40], "bold"), " ", state,
                f"   worth {lv.worth:g}", line2), id=lv.id))
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
        if opt is None:
            detail.update("This scenario has no levers.")
            return
        lv = self.game.content.levers[opt.id]
        changes = [c for c in self.game.log if c.name == lv.id]
        history = "; ".join(f"turn {c.turn}: {'imposed' if c.after else 'lifted'} "
                            f"({c.cause.label})" for c in changes[-3:])
        detail.update(Content.assemble(
            (lv.label + "\n", "bold"), " ".join((lv.description or "").split()),
            (f"\nSource: {lv.source}" if lv.source else "", MUTED),
            (f"\nChanges: {history}" if history else "", MUTED)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or click: toggle that lever."""
        event.stop()
        self.action_toggle()

    def action_toggle(self) -> None:
        """Lift or re-impose the highlighted lever, through the game screen."""
        opt = self.query_one("#levers-list", OptionList).highlighted_option
        if opt is None or opt.id is None:
            return
        view = next(v for v in self.game.levers() if v.lever.id == opt.id)
        self.game_screen.set_lever(opt.id, "lifted" if view.imposed else "imposed")
        if self.is_attached and not self.game.over:
            self.refresh_levers()
