"""Text building blocks for the screens: bars, sparklines, trends, causes, charts.

Pure functions from numbers and engine records to :class:`textual.content.Content`
(styled text). No widgets here, so each piece is cheap to build, easy to test,
and the same in every screen. Colours are theme variables (``$text-success``),
so the light and dark themes both read well; every colour is backed by a
symbol (``▲``/``▼``, the bar's length), so ``NO_COLOR`` loses no meaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from game.model.calendars import date_label

if TYPE_CHECKING:
    from game.engine import Game
    from game.engine.records import Cause, Change

SPARKS = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉"
GOOD = "$text-success"
BAD = "$text-error"
MIDDLING = "$text-warning"
MUTED = "$text-muted"
ACCENT = "$text-accent"


def turn_date(game: Game, turn: int, short: bool = True) -> str:
    """The date of a turn of this game as the player reads it, in its calendar's unit:
    ``Jun 2014``, ``16 Oct 1962``, ``week of 3 Mar 1962`` (long: ``June 2014``...)."""
    return date_label(game.date_of(turn), game.content.scenario.calendar.unit, short)


def num(x: float | bool) -> str:
    """A value as a player reads it: ``42``, ``3.5``, ``imposed``/``lifted``."""
    if isinstance(x, bool):
        return "imposed" if x else "lifted"
    return f"{x:g}"


def quality(value: float, lo: float, hi: float, good: str | None) -> str:
    """The colour of a meter's value: good, middling or bad for the player."""
    if good is None or hi <= lo:
        return ACCENT
    frac = (value - lo) / (hi - lo)
    if good == "low":
        frac = 1 - frac
    return BAD if frac < 0.3 else MIDDLING if frac < 0.55 else GOOD


def delta_style(delta: float, good: str | None) -> str:
    """Green when a move helps the player, red when it hurts, neutral when neither."""
    if delta == 0 or good is None:
        return MUTED
    helps = delta > 0 if good == "high" else delta < 0
    return GOOD if helps else BAD


def bar(value: float, lo: float, hi: float, width: int, style: str) -> Content:
    """A horizontal bar ``width`` cells wide, filled to the value in eighths of a cell."""
    if width <= 0:
        return Content("")
    frac = 0.0 if hi <= lo else max(0.0, min(1.0, (value - lo) / (hi - lo)))
    eighths = round(frac * width * 8)
    full, part = divmod(eighths, 8)
    filled = "█" * full + (EIGHTHS[part] if part and full < width else "")
    rest = width - len(filled)
    return Content.assemble((filled, style), ("·" * rest, MUTED))


def sparkline(values: Sequence[float], lo: float, hi: float, width: int) -> str:
    """The last ``width`` values as block characters, on the meter's own scale.

    Scaling to the meter's bounds (not to the data) keeps a flat line flat and
    makes two meters' sparklines comparable at a glance.
    """
    if width <= 0 or not values:
        return ""
    span = hi - lo if hi > lo else 1.0
    out = []
    for v in values[-width:]:
        frac = max(0.0, min(1.0, (v - lo) / span))
        out.append(SPARKS[min(7, int(frac * 8))])
    return "".join(out)


def trend(delta: float, good: str | None) -> Content:
    """``▲+4`` or ``▼-2`` (or ``·`` when still), coloured by whether it helps the player."""
    if abs(delta) < 1e-9:
        return Content.styled(" ·", MUTED)
    arrow = "▲" if delta > 0 else "▼"
    return Content.styled(f"{arrow}{delta:+g}", delta_style(delta, good) + " bold")


def meter_series(game: Game, meter_id: str) -> list[float]:
    """A meter's value at the end of each turn so far, then its value now."""
    series = [float(values.get(meter_id, 0.0)) for _turn, values in game.history]
    series.append(float(game.value(meter_id)))
    return series


def cause_words(cause: Cause) -> str:
    """A cause as a short phrase: ``delayed effect of Talks: Accept``."""
    if cause.kind == "ongoing" and "continuing" not in cause.label:
        return "continuing: " + cause.label
    if cause.kind == "scheduled":
        return "delayed: " + cause.label
    return cause.label


def value_label(game: Game, name: str) -> str:
    """The label of a meter or lever (or the bare name of a flag or counter)."""
    content = game.content
    if name in content.meters:
        return str(content.meters[name].label)
    if name in content.levers:
        return str(content.levers[name].label)
    return name


def is_visible(game: Game, name: str) -> bool:
    """Visible meters and levers are shown to the player; hidden meters, flags are not."""
    meters = game.content.meters
    return (name in meters and not meters[name].hidden) or name in game.content.levers


def change_line(game: Game, change: Change, with_turn: bool = False,
                with_label: bool = True, with_cause: bool = True) -> Content:
    """One change and its cause: ``Seoul's confidence 52 → 46 (-6)  ← Talks: Sign now``."""
    parts: list[str | Content | tuple[str, str]] = []
    if with_turn:
        parts.append((f"{turn_date(game, change.turn)}  ", MUTED))
    label = value_label(game, change.name)
    if isinstance(change.after, bool):
        if with_label:
            parts += [(label, "bold"), " "]
        parts.append(("imposed" if change.after else "lifted", ACCENT))
    else:
        meter = game.content.meters.get(change.name)
        good = meter.good if meter else None
        if with_label:
            parts += [(label, "bold"), " "]
        parts += [f"{num(change.before)} → {num(change.after)} ",
                  (f"({change.delta:+g})", delta_style(change.delta, good))]
    if with_cause:
        parts += [("  ← ", MUTED), cause_words(change.cause)]
    return Content.assemble(*parts)


def grouped_changes(game: Game, changes: Sequence[Change]) -> list[Content]:
    """Changes grouped under their causes, in the order they happened:

    ``← The Hague: Postpone Beijing`` then one indented line per value it moved.
    """
    lines: list[Content] = []
    last: tuple[str, str] | None = None
    for c in changes:
        key = (c.cause.kind, c.cause.label)
        if key != last:
            lines.append(Content.assemble(("← ", MUTED), (cause_words(c.cause), "italic")))
            last = key
        lines.append(Content.assemble("  ", change_line(game, c, with_cause=False)))
    return lines


def chart_rows(series: Sequence[float], lo: float, hi: float, height: int,
               width: int) -> list[str]:
    """A block chart of a whole series, ``height`` rows tall and at most ``width`` wide.

    Each turn gets the same number of columns; when there are more turns than
    columns, neighbouring turns are averaged. Rows run top to bottom.
    """
    if not series or height <= 0 or width <= 0:
        return [""] * max(height, 0)
    points = list(series)
    if len(points) > width:
        buckets = []
        for i in range(width):
            a = i * len(points) // width
            b = max(a + 1, (i + 1) * len(points) // width)
            chunk = points[a:b]
            buckets.append(sum(chunk) / len(chunk))
        points = buckets
    repeat = max(1, width // len(points))
    span = hi - lo if hi > lo else 1.0
    levels = [max(0.0, min(1.0, (v - lo) / span)) * height * 8 for v in points]
    rows = []
    for r in range(height - 1, -1, -1):
        base = r * 8
        row = []
        for lv in levels:
            fill = lv - base
            ch = "█" if fill >= 8 else (SPARKS[int(fill) - 1] if fill >= 1 else
                                        ("▁" if r == 0 else " "))
            row.append(ch * repeat)
        rows.append("".join(row))
    return rows


def join_lines(lines: Iterable[Content]) -> Content:
    """Lines of content joined with newlines."""
    return Content("\n").join(lines)
