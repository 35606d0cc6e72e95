"""The reciprocity ledger: the player's concessions against the counterpart's deliveries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.engine.view import player_view
from game.engine.vocabulary import has_ledger
from game.model.calendars import date_index, date_label, date_name
from game.rules_text import estimate_words
from game.tui import keys
from game.tui.render import chart_rows, turn_date
from game.tui.widgets.keybar import KeyBar
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine import Game
    from game.engine.view import PlayerView


def cumulative(view: PlayerView) -> tuple[list[float], list[float]]:
    """Running totals of value given and received, one point per turn so far."""
    given, received = [0.0], [0.0]
    g = r = 0.0
    for turn in range(1, view.turn + 1):
        for e in view.ledger:
            if e.turn == turn:
                if e.kind == "concession":
                    g += e.value
                else:
                    r += e.value
        given.append(g)
        received.append(r)
    return given, received


def ledger_renderable(game: Game) -> Any:
    """The whole ledger page as one Rich renderable: totals, running totals, each entry,
    then the signs of the other side's intent and the intelligence estimate."""
    view = player_view(game)
    if not view.has_ledger:  # signs of intent, and no ledger: only the signs
        return signals_renderable(view)
    conceded, delivered, pre = view.conceded, view.delivered, view.preemptive
    parts: list[Any] = [Text(view.ledger_rule, style="italic")]
    balance = delivered - conceded
    vocab = view.words
    verdict = (ui("ledger.in_balance") if abs(balance) < 1e-9 else
               ui("ledger.ahead_giving", vocab, amount=f"{-balance:g}") if balance < 0 else
               ui("ledger.ahead_receiving", vocab, amount=f"{balance:g}"))
    totals = Text.assemble(
        ("\n" + ui("ledger.given") + " ", "bold"), f"{conceded:g}",
        ("   " + ui("ledger.received") + " ", "bold"), f"{delivered:g}",
        ("   " + ui("ledger.on_credit") + " ", "bold"), f"{pre}", "   ·  ", verdict, "\n")
    parts.append(totals)
    given, received = cumulative(view)
    top = max([*given, *received, 1.0])
    width = min(72, len(given) * 3)
    start = turn_date(game, 1)
    parts.append(Text.assemble((f"{ui('ledger.given_running'):<25}", "bold"),
                               (chart_rows(given, 0, top, 1, width)[0], "red"),
                               f"  {given[-1]:g}"))
    parts.append(Text.assemble((f"{ui('ledger.received_running'):<25}", "bold"),
                               (chart_rows(received, 0, top, 1, width)[0], "green"),
                               f"  {received[-1]:g}"))
    now = date_label(view.date, view.unit, short=True)
    parts.append(Text(f"{'':25}{start} → {now}", style="dim"))
    if not view.ledger:
        parts.append(Text("\n" + ui("ledger.empty")))
    else:
        parts.append(Text(""))
        for e in view.ledger:
            style = "bold red" if e.preemptive else "red" if e.kind == "concession" else "green"
            parts.append(Text.assemble((e.text, style), (f"  ← {e.cause}", "dim")))
    parts.append(Text(""))
    parts.append(signals_renderable(view))
    return Group(*parts)


def signals_renderable(view: PlayerView) -> Any:
    """The intelligence estimate (a band of words) and every visible sign of intent."""
    out = Text()
    est = view.signals.estimate
    if est is not None:
        out.append(f"{est.label}: ", style="bold")
        out.append(estimate_words(est) + "\n")
        out.append(est.description + "\n", style="dim")
    signs = view.signals.signals
    out.append(ui("signals.heading") + "\n", style="bold")
    if not signs:
        out.append(ui("signals.none") + "\n", style="dim")
    for sg in signs:
        mark = "+" if sg.lean > 0 else "-" if sg.lean < 0 else "·"
        out.append(f"{view_date(view, sg.turn)}  {mark} ", style="dim")
        out.append(" ".join(sg.text.split()) + "\n")
    return out


def view_date(view: PlayerView, turn: int) -> str:
    """The short date of ``turn``, counted back from the view's date."""
    return date_label(date_name(date_index(view.date, view.unit) - (view.turn - turn),
                                view.unit), view.unit, short=True)


class LedgerScreen(Screen[None]):
    """A read-only page; Esc goes back."""

    BINDINGS = keys.LEDGER

    def __init__(self, game: Game) -> None:
        """The ledger of ``game``."""
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        """The ledger in a scrolling page."""
        with VerticalScroll(id="ledger-box", classes="page") as box:
            box.border_title = ui("ledger.screen" if has_ledger(self.game.content)
                                  else "signals.screen")
            yield Static(ledger_renderable(self.game))
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#ledger-box").focus()
