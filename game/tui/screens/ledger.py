"""The reciprocity ledger: Tokyo's concessions against Pyongyang's deliverables, over time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui import keys
from game.tui.render import chart_rows, short_month, turn_date
from game.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from game.engine import Game

EXPLAIN = (
    "Seoul and Washington lose nothing when Tokyo trades relief for results. They mind "
    "when Tokyo gives more than it receives (disproportionate), or gives before anything "
    "is received (preemptive). Both show here."
)


def cumulative(game: Game) -> tuple[list[float], list[float]]:
    """Running totals of value given and received, one point per turn so far."""
    given, received = [0.0], [0.0]
    g = r = 0.0
    for turn in range(1, game.turn + 1):
        for e in game.ledger:
            if e.turn == turn:
                if e.kind == "concession":
                    g += e.value
                else:
                    r += e.value
        given.append(g)
        received.append(r)
    return given, received


def ledger_renderable(game: Game) -> Any:
    """The whole ledger page as one Rich renderable."""
    conceded, delivered, pre = game.ledger_totals()
    parts: list[Any] = [Text(EXPLAIN, style="italic")]
    balance = delivered - conceded
    verdict = ("in balance" if abs(balance) < 1e-9 else
               f"Tokyo is {-balance:g} ahead in giving" if balance < 0 else
               f"Pyongyang has delivered {balance:g} more than it received")
    totals = Text.assemble(
        ("\nGiven ", "bold"), f"{conceded:g}", ("   Received ", "bold"), f"{delivered:g}",
        ("   Preemptive concessions ", "bold"), f"{pre}", "   ·  ", verdict, "\n")
    parts.append(totals)
    given, received = cumulative(game)
    top = max([*given, *received, 1.0])
    width = min(72, len(given) * 3)
    start = short_month(turn_date(game, 1))
    parts.append(Text.assemble(("Given, running total     ", "bold"),
                               (chart_rows(given, 0, top, 1, width)[0], "red"),
                               f"  {given[-1]:g}"))
    parts.append(Text.assemble(("Received, running total  ", "bold"),
                               (chart_rows(received, 0, top, 1, width)[0], "green"),
                               f"  {received[-1]:g}"))
    parts.append(Text(f"{'':25}{start} → {short_month(game.date)}", style="dim"))
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Month", no_wrap=True)
    table.add_column("Tokyo gave")
    table.add_column("Worth", justify="right")
    table.add_column("Pyongyang delivered")
    table.add_column("Worth", justify="right")
    table.add_column("Because of")
    for e in game.ledger:
        month = short_month(turn_date(game, e.turn))
        if e.kind == "concession":
            what = e.what + (" (preemptive)" if e.preemptive else "")
            table.add_row(month, Text(what, style="bold red" if e.preemptive else ""),
                          f"{e.value:g}", "", "", e.cause.label)
        else:
            table.add_row(month, "", "", e.what, f"{e.value:g}", e.cause.label)
    if not game.ledger:
        parts.append(Text("\nThe ledger is empty: nothing given, nothing received yet."))
    else:
        parts.append(Text(""))
        parts.append(table)
    return Group(*parts)


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
            box.border_title = "Reciprocity ledger"
            yield Static(ledger_renderable(self.game))
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#ledger-box").focus()
