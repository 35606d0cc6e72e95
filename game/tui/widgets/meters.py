"""The meters panel: one row per visible meter, with bar, trend arrow and sparkline.

Each row reads the engine's :class:`~game.engine.view.MeterView` (value, band,
description); the ▲/▼ mark is the change since the player's last answer, and
while an answer is highlighted a small arrow (↑ ↓ ↕) marks the meters it would
touch, in the spirit of Reigns' dots: direction only, never the size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widget import Widget

from game.tui.render import bar, delta_style, quality, sparkline, trend
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine.view import MeterView

#: A preview's direction as the meter row marks it.
PREVIEW_MARKS = {"+": "↑", "-": "↓", "±": "↕"}


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, or padded to it."""
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.ljust(width)


def preview_mark(direction: str, good: str | None) -> Content:
    """The arrow a highlighted answer puts on a meter it touches (or two blanks)."""
    mark = PREVIEW_MARKS.get(direction)
    if mark is None:
        return Content("  ")
    sign = {"+": 1.0, "-": -1.0}.get(direction, 0.0)
    style = delta_style(sign, good) if sign else "$text-accent"
    return Content.styled(mark, style + " bold").pad_left(1)


class MeterRow(Widget):
    """One meter. Two lines when there is room (name, value, trend / bar, sparkline),
    one line in a short window. Clicking it asks the log why the meter moved."""

    DEFAULT_CSS = """
    MeterRow { height: 2; }
    """

    class Picked(Message):
        """The player clicked this meter: show why it moved."""

        def __init__(self, meter_id: str) -> None:
            self.meter_id = meter_id
            super().__init__()

    def __init__(self, meter: Any, **kwargs: Any) -> None:
        """``meter`` is the content's Meter model (its id, label and bounds)."""
        super().__init__(id=f"meter-{meter.id}", **kwargs)
        self.meter = meter
        self.value = float(meter.min)
        self.series: list[float] = []
        self.delta = 0.0
        self.selected = False
        self.preview = ""
        self._key: tuple[Any, ...] = ()

    def set_values(self, view: MeterView, series: list[float], delta: float,
                   selected: bool, preview: str = "") -> None:
        """New figures from the player view; ``preview`` is the highlighted answer's
        direction on this meter (``+``, ``-``, ``±`` or ""). Repaints only on a change."""
        key = (view.value, view.band, tuple(series[-16:]), delta, selected, preview)
        if key == self._key:
            return
        self._key = key
        self.value, self.series, self.delta = view.value, series, delta
        self.selected, self.preview = selected, preview
        if selected != self.has_class("-selected"):
            self.set_class(selected, "-selected")
        tip = (f"{view.label}: {view.value:g}" + (f" ({view.band})" if view.band else "") +
               (f"\n{view.description.strip()}" if view.description else "") +
               "\n" + ui("meter.tip"))
        if self.mouse_hover:
            self.tooltip = tip  # the public setter also refreshes a tooltip on show
        else:
            # Not shown now: store it without the screen-wide tooltip update, which costs
            # more than the whole row when six rows change on every move.
            self._tooltip = tip
        self.refresh()

    def render(self) -> Content:
        """Lay the row out for the width it has."""
        m = self.meter
        width = max(10, self.size.width)
        style = quality(self.value, m.min, m.max, m.good)
        value = Content.styled(f"{self.value:>3g}", style + " bold")
        arrow = trend(self.delta, m.good)
        arrow = arrow.pad_right(max(0, 5 - arrow.cell_length))
        mark = "▶ " if self.selected else ""
        ahead = preview_mark(self.preview, m.good)
        if self.size.height < 2:  # the screen's -short breakpoint sets height 1
            # One line: the name matters more than the sparkline, which goes first.
            spark_w = min(10, max(0, width - 36))
            label_w = max(4, width - 2 - 3 - 1 - 5 - (spark_w + 1 if spark_w else 0))
            label = fit(mark + m.label, label_w)
            parts: list[Any] = [(label, "bold" if self.selected else ""), ahead, value, " ",
                                arrow]
            if spark_w:
                parts += [" ", (sparkline(self.series, m.min, m.max, spark_w), "$text-accent")]
            return Content.assemble(*parts)
        label_w = max(4, width - 2 - 4 - 5)
        label = fit(mark + m.label, label_w)
        line1 = Content.assemble((label, "bold"), ahead, value, " ", arrow)
        spark_w = min(16, max(4, width // 3))
        bar_w = max(3, width - spark_w - 1)
        line2 = Content.assemble(bar(self.value, m.min, m.max, bar_w, style), " ",
                                 (sparkline(self.series, m.min, m.max, spark_w),
                                  "$text-accent"))
        return Content("\n").join([line1, line2])

    def on_click(self, event: Click) -> None:
        """Ask for this meter's history of changes."""
        event.stop()
        self.post_message(self.Picked(self.meter.id))


