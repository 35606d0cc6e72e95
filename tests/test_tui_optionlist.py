"""PageUp/PageDown on a list that is not laid out yet: Textual's OptionList raises
KeyError; the game's lists step one option instead."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList

from game.tui.widgets.optionlist import SafeOptionList


class _Lists(App[None]):
    CSS = "OptionList { height: 0; }"  # never laid out: no lines to page through

    def __init__(self, kind: type[OptionList]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield self.kind(*[f"option {i}" for i in range(20)])

    def on_mount(self) -> None:
        lst = self.query_one(OptionList)
        lst.focus()
        lst.highlighted = 3


async def test_paging_an_empty_height_list_steps_one_option() -> None:
    app = _Lists(SafeOptionList)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.press("pagedown")
        assert app.query_one(OptionList).highlighted == 4
        await pilot.press("pageup", "pageup")
        assert app.query_one(OptionList).highlighted == 2

