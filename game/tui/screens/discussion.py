"""Discussion stops in the Textual game: a pause with the card's prompt for the class.

A class code with stops on makes the game pause on every newly drawn card that
carries a ``discussion`` prompt, before anyone answers it (the line mode does
the same through ``game.classroom.stops.plain_stop``). Games started without a
class code, or with one that has stops off, never stop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.screens.base import DismissOnce
from game.ui_text import ui

if TYPE_CHECKING:
    from game.model.content import Content

BINDINGS = [
    Binding("enter,escape,space", "go_on", ui("key.back_to_card"), priority=True),
]


def stops_on(class_code: str | None, content: Content) -> bool:
    """True when ``class_code`` turns discussion stops on for a game on ``content``.

    A code that does not fit the content (a save moved to other content) means
    no stops: the game is still playable, and the debrief flags the code.
    """
    if not class_code:
        return False
    from game.classroom.classcode import ClassCode, ClassCodeError

    try:
        return ClassCode.parse(class_code, content).stops
    except ClassCodeError:
        return False


class DiscussionScreen(DismissOnce, ModalScreen[None]):
    """The discussion prompt of the card just drawn; Enter or Esc goes back to the card."""

    BINDINGS = BINDINGS
    DEFAULT_CSS = """
    DiscussionScreen {
        align: center middle;
    }
    #discussion-box {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $accent;
        background: $surface;
        padding: 0 2;
    }
    #discussion-title {
        text-style: bold;
        color: $accent;
        margin-bottom: 1;
    }
    #discussion-keys {
        margin-top: 1;
        color: $text-muted;
    }
    """

    def __init__(self, card_title: str, prompt: str) -> None:
        """The stop for the card ``card_title`` with its ``prompt``."""
        super().__init__()
        self.card_title = card_title
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        """Heading, the prompt, and what to do next."""
        with VerticalScroll(id="discussion-box") as box:
            box.border_title = ui("discussion.title")
            yield Static(Text(ui("discussion.heading", card=self.card_title)),
                         id="discussion-title")
            yield Static(Text(self.prompt), id="discussion-prompt")
            yield Static(ui("discussion.keys"), id="discussion-keys")

    def on_mount(self) -> None:
        """Focus the box so the arrow keys scroll a long prompt."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#discussion-box").focus()

    def action_go_on(self) -> None:
        """Back to the card."""
        self.dismiss(None)
