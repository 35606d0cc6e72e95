"""The "What if…" picker of the end screen: go back to a past decision and choose otherwise.

It lists every turn that had a decision (``game.classroom.whatif.branch_points``);
picking one dismisses with that turn, and the end screen starts the branch
(same seed, the decisions before that turn replayed) on the main screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import DismissOnce
from game.tui.widgets.optionlist import SafeOptionList
from game.ui_text import ui

if TYPE_CHECKING:
    from game.classroom.whatif import BranchPoint

BINDINGS = [Binding("escape", "cancel", ui("key.back"))]


def _row(point: BranchPoint, date_width: int = 14) -> Table:
    """One line of the list: turn and date in columns, the decision wrapped beside them
    (``date_width``: the longest date of the list, so that every row lines up)."""
    row = Table.grid(padding=(0, 2), expand=True)
    row.add_column(no_wrap=True, width=7)
    row.add_column(no_wrap=True, width=date_width)
    row.add_column(ratio=1)
    row.add_row(Text(ui("whatif.turn", turn=point.turn), style="bold"), point.date,
                point.decided)
    return row


class WhatIfScreen(DismissOnce, ModalScreen[int | None]):
    """Dismissed with the turn to go back to, or None."""

    BINDINGS = BINDINGS
    DEFAULT_CSS = """
    WhatIfScreen {
        align: center middle;
    }
    #whatif-box {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 2;
    }
    #whatif-title {
        text-style: bold;
        color: $accent;
    }
    #whatif-help {
        color: $text-muted;
        margin-bottom: 1;
    }
    #whatif-points {
        height: auto;
        max-height: 16;
    }
    """

    def __init__(self, points: list[BranchPoint]) -> None:
        """Offer ``points`` (turn, date, what was decided there)."""
        super().__init__()
        self.points = points

    def compose(self) -> ComposeResult:
        """The heading, what a branch is, and one line per turn."""
        with Vertical(id="whatif-box"):
            yield Static(ui("key.whatif"), id="whatif-title")
            yield Static(ui("whatif.help"), id="whatif-help")
            width = max([14, *(len(p.date) for p in self.points)])
            yield SafeOptionList(*[Option(_row(p, width), id=f"turn-{p.turn}")
                                   for p in self.points], id="whatif-points")

    def on_mount(self) -> None:
        """Focus the list."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a turn: go back to it."""
        event.stop()
        self.dismiss(int((event.option.id or "turn-0").removeprefix("turn-")))

    def action_cancel(self) -> None:
        """Back to the end screen."""
        self.dismiss(None)
