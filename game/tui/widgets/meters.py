"""The meters panel: one row per visible meter, with bar, trend arrow and sparkline."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widget import Widget

from game.tui.render import bar, quality, sparkline, trend


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, or padded to it."""
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.ljust(width)


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
        """``meter`` is the content's Meter model."""
        super().__init__(id=f"meter-{meter.id}", **kwargs)
        self.meter = meter
        self.value = float(meter.min)
        self.series: list[float] = []
        self.delta = 0.0
        self.selected = False
        self._key: tuple[Any, ...] = ()

    def set_values(self, value: float, series: list[float], delta: float,
                   selected: bool) -> None:
        """New figures; repaints only if something the player sees has changed."""
        key = (value, tuple(series[-16:]), delta, selected)
        if key == self._key:
            return
        self._key = key
        self.value, self.series, self.delta, self.selected = value, series, delta, selected
        if selected != self.has_class("-selected"):
            self.set_class(selected, "-selected")
        band = self.meter.band_at(value)
        tip = (f"{self.meter.label}: {value:g}" + (f" ({band})" if band else "") +
               (f"\n{self.meter.description.strip()}" if self.meter.description else "") +
               "\nClick (or press w) to see why it moved.")
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
        mark = "▶ " if self.selected else ""
        if self.size.height < 2:  # the screen's -short breakpoint sets height 1
            # One line: the name matters more than the sparkline, which goes first.
            spark_w = min(10, max(0, width - 34))
            label_w = max(4, width - 3 - 1 - 5 - (spark_w + 1 if spark_w else 0))
            label = fit(mark + m.label, label_w)
            parts: list[Any] = [(label, "bold" if self.selected else ""), value, " ",
                                arrow.pad_right(max(0, 5 - arrow.cell_length))]
            if spark_w:
                parts += [" ", (sparkline(self.series, m.min, m.max, spark_w), "$text-accent")]
            return Content.assemble(*parts)
        label_w = max(4, width - 4 - 6)
        label = fit(mark + m.label, label_w)
        line1 = Content.assemble((label, "bold"), value, " ", arrow)
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
