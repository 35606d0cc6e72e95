"""Textual's command palette, made safe against keys that arrive faster than it updates.

Two races in Textual (8.2.8) crash the app when keys come in a burst
(a fast typist, a paste, the key-storm test): Enter pressed twice dismisses the
palette twice (the second pop empties the screen stack), and Escape during a
search leaves the search worker querying widgets that are gone. This subclass
dismisses once, and lets a search that outlives its palette end quietly. Its
list pages as :class:`game.tui.widgets.optionlist.SafeOptionList` does.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches

_gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]


class SafeCommandPalette(CommandPalette):
    """The command palette, dismissed at most once, with a search that may outlive it."""

    def __init__(self, **kwargs: Any) -> None:
        """As CommandPalette."""
        super().__init__(**kwargs)
        self._pt_dismissed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close the palette, unless it is already closing or no longer on top."""
        if self._pt_dismissed or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._pt_dismissed = True
        return super().dismiss(result)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        """Textual's search, ending quietly if the palette closed while it ran."""
        try:
            await _gather(self, search_value)
        except NoMatches:
            return

    def _action_command_list(self, action: str) -> None:
        """Textual's, stepping one command when its list cannot page yet (see
        :mod:`game.tui.widgets.optionlist`)."""
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):
            step = {"page_down": "cursor_down", "page_up": "cursor_up"}.get(action)
            if step is not None:
                super()._action_command_list(step)
