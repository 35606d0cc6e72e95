"""Charts made of text: sparklines and small block plots for terminals and Markdown.

Only Unicode block elements, no colour and no control codes, so a chart reads
the same in a terminal, a Markdown file and a screen reader's braille line
(which reads the numbers printed beside it).
"""

from __future__ import annotations

from collections.abc import Sequence

_BLOCKS = " ▁▂▃▄▅▆▇█"
_SPARK = "▁▂▃▄▅▆▇█"


def _level(value: float, lo: float, hi: float, steps: int) -> int:
    if hi <= lo:
        return 0
    frac = (min(hi, max(lo, value)) - lo) / (hi - lo)
    return round(frac * steps)


def sparkline(values: Sequence[float], lo: float, hi: float) -> str:
    """One character per value, ▁ at ``lo`` up to █ at ``hi``."""
    return "".join(_SPARK[_level(v, lo, hi, len(_SPARK) - 1)] for v in values)


def block_plot(values: Sequence[float], lo: float, hi: float, height: int = 4,
               width_per: int = 1, first: str = "", last: str = "") -> list[str]:
    """A column chart ``height`` rows tall, with the scale on the left and labels below.

    Each value is ``width_per`` columns wide; each row holds eight steps, so a
    4-row plot shows 32 levels.
    """
    levels = [_level(v, lo, hi, height * 8) for v in values]
    lab_hi, lab_lo = f"{hi:g}", f"{lo:g}"
    pad = max(len(lab_hi), len(lab_lo))
    rows = []
    for r in range(height - 1, -1, -1):
        cells = []
        for lv in levels:
            part = max(0, min(8, lv - r * 8))
            cells.append(_BLOCKS[part] * width_per)
        label = lab_hi if r == height - 1 else (lab_lo if r == 0 else "")
        rows.append(f"{label:>{pad}} ┤{''.join(cells)}".rstrip())
    axis = "─" * (len(levels) * width_per)
    rows.append(f"{'':>{pad}} └{axis}")
    if first or last:
        span = len(levels) * width_per
        gap = max(1, span - len(first) - len(last))
        rows.append(f"{'':>{pad}}  {first}{' ' * gap}{last}")
    return rows
