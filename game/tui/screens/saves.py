"""Saving under a name, and the load screen listing every save."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Static

from game.model.calendars import date_label
from game.tui import keys
from game.tui.screens.base import DismissOnce
from game.tui.widgets.keybar import KeyBar
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine import Game
    from game.tui.app import ParallelTracksApp


def default_name(game: Game) -> str:
    """A save name a player would type: ``june-2014-turn-4``, ``16-october-1962-turn-1``."""
    from game.tui.render import turn_date

    return f"{turn_date(game, game.turn, short=False).lower().replace(' ', '-')}-turn-{game.turn}"


class SaveAsScreen(DismissOnce, ModalScreen[Path | None]):
    """A name field; Enter saves, Esc goes back. Errors are shown in the dialog."""

    BINDINGS = keys.SAVE_AS

    def __init__(self, game: Game) -> None:
        """Save ``game``."""
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        """The dialog."""
        with Vertical(id="save-box", classes="dialog"):
            yield Static(ui("save.title"), classes="dialog-title")
            yield Label(ui("save.name"))
            yield Input(default_name(self.game), id="save-name", max_length=60)
            yield Static("", id="save-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(ui("button.save"), variant="primary", id="save-ok")
                yield Button(ui("button.back"), id="save-back")

    def on_mount(self) -> None:
        """Cursor in the name field."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        self.query_one("#save-name").focus()

    def on_input_submitted(self) -> None:
        """Enter saves."""
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or Back."""
        if event.button.id == "save-ok":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Write the save, or show why it could not be written."""
        from game.tui.savebridge import SaveError

        app: ParallelTracksApp = self.app  # type: ignore[assignment]
        name = self.query_one("#save-name", Input).value.strip()
        try:
            path = app.save_as(name)
        except (SaveError, OSError) as exc:
            self.query_one("#save-error", Static).update(str(exc))
            return
        app.notify(ui("notify.saved", name=path.name, folder=path.parent), timeout=4)
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def saved_when(info: Any) -> str:
    """When a save was written, in local time (``2016-02-10 18:04``)."""
    from datetime import datetime

    stamp = getattr(info, "saved_at", None)
    if stamp:
        try:
            return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
        except (TypeError, ValueError):
            return str(stamp)
    modified = getattr(info, "modified", 0.0)
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(modified)) if modified else ""


class LoadScreen(DismissOnce, Screen[Path | None]):
    """Every save, newest first: name, scenario, date, turn, meters, ending, when saved."""

    BINDINGS = keys.LOAD

    def __init__(self, folder: Path) -> None:
        """List the saves in ``folder``."""
        super().__init__()
        self.folder = folder
        self.paths: list[Path] = []
        self.damaged: list[str | None] = []

    def compose(self) -> ComposeResult:
        """Heading, the table, the footer."""
        with Vertical(id="load-box", classes="page") as box:
            box.border_title = ui("load.title")
            yield Static(ui("load.folder", folder=self.folder), id="load-head")
            yield DataTable(id="load-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        """Read the folder and fill the table."""
        if not self.is_attached:
            return  # closed by a key before it was ever shown
        from game.tui.savebridge import list_saves

        table: DataTable[Any] = self.query_one("#load-table", DataTable)
        table.add_columns(ui("load.col.name"), ui("load.col.scenario"), ui("load.col.date"),
                          ui("load.col.turn"), ui("load.col.meters"), ui("load.col.ending"),
                          ui("load.col.player"), ui("load.col.saved"))
        try:
            infos = list_saves(self.folder)
        except OSError as exc:
            infos = []
            self.query_one("#load-head", Static).update(
                ui("load.unreadable", folder=self.folder, problem=exc))
        meters = self._meter_labels()
        content = getattr(self.app, "content", None)
        scenario = content.scenario.id if content is not None else None
        unit = content.scenario.calendar.unit if content is not None else "month"
        for info in infos:
            self.paths.append(Path(info.path))
            self.damaged.append(info.damaged)
            if info.damaged:
                table.add_row(info.name, ui("load.damaged", problem=info.damaged), "", "", "",
                              "", "",
                              saved_when(info))
                continue
            values = info.meters or {}
            shown = " ".join(f"{meters[k]} {v:g}" for k, v in values.items() if k in meters)
            date = str(info.date or "")
            # A save of the loaded scenario is written in its calendar; another's as saved.
            month = date_label(date, unit, short=True) if info.scenario == scenario else date
            turn = f"{info.turn}/{info.total_turns}" if info.total_turns else str(info.turn)
            ending = (info.ending_title or info.ending) if info.ending else "—"
            table.add_row(info.name, info.scenario, month, turn, shown or "—", ending,
                          info.player or "", saved_when(info))
        if not infos:
            self.query_one("#load-head", Static).update(ui("load.none", folder=self.folder))
        table.focus()

    def _meter_labels(self) -> dict[str, str]:
        """Short names of the visible meters, when the content is loaded."""
        content = getattr(self.app, "content", None)
        if content is None:
            return {}
        return {m.id: m.label.split()[0].removesuffix("'s").removesuffix("’s")[:10]
                for m in content.scenario.meters if not m.hidden}

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter or a click on a row loads it."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Load the highlighted save."""
        table: DataTable[Any] = self.query_one("#load-table", DataTable)
        if not self.paths:
            return
        row = table.cursor_row
        if 0 <= row < len(self.paths):
            if self.damaged[row]:
                self.notify(ui("load.cannot", name=self.paths[row].name,
                               problem=self.damaged[row]),
                            severity="error", timeout=6)
                return
            self.dismiss(self.paths[row])

    def action_cancel(self) -> None:
        """Back without loading."""
        self.dismiss(None)
