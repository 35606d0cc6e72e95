"""Inline SVG line charts: self-contained, printable, readable in grey.

Lines are told apart by dash pattern and width as well as by colour, so a
chart printed on a black-and-white printer still reads. Every chart has a
``<title>`` and ``<desc>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.report.safe import html as escape

#: Colours that stay distinct for the common colour-vision deficiencies (Okabe-Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "6 3", "2 2", "8 3 2 3", "1 3", "10 4")


@dataclass(frozen=True, slots=True)
class Line:
    """One path on a chart: (turn, value) points and how to draw them."""

    label: str
    points: Sequence[tuple[int, float]]
    color: str = PALETTE[0]
    dash: str = ""
    width: float = 2.0
    opacity: float = 1.0


def line_chart(title: str, lines: Sequence[Line], lo: float, hi: float, turns: int,
               width: int = 320, height: int = 150, marks: Sequence[tuple[float, str]] = (),
               x_labels: tuple[str, str] = ("", ""), desc: str = "") -> str:
    """An SVG chart of ``lines`` over turns 0..``turns``, values ``lo``..``hi``.

    ``marks`` draws thin horizontal reference lines (e.g. a pass mark).
    """
    left, right, top, bottom = 30, 8, 20, 22
    pw, ph = width - left - right, height - top - bottom
    span = max(1, turns)

    def x(t: float) -> float:
        return left + pw * t / span

    def y(v: float) -> float:
        v = min(hi, max(lo, v))
        return top + ph * (1 - (v - lo) / (hi - lo if hi > lo else 1))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" class="chart">',
           f"<title>{escape(title)}</title>"]
    if desc:
        out.append(f"<desc>{escape(desc)}</desc>")
    out.append(f'<text x="{left}" y="13" class="ct">{escape(title)}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" '
               'stroke="#999" stroke-width="0.6"/>')
    for v in (lo, (lo + hi) / 2, hi):
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   'stroke="#ddd" stroke-width="0.5"/>')
        out.append(f'<text x="{left - 3}" y="{y(v) + 3:.1f}" text-anchor="end" '
                   f'class="ax">{v:g}</text>')
    for v, label in marks:
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   'stroke="#777" stroke-width="0.8" stroke-dasharray="3 3"/>')
        out.append(f'<text x="{left + pw - 2}" y="{y(v) - 2:.1f}" text-anchor="end" '
                   f'class="ax">{escape(label)}</text>')
    first, last = x_labels
    out.append(f'<text x="{left}" y="{height - 6}" class="ax">{escape(first)}</text>')
    out.append(f'<text x="{left + pw}" y="{height - 6}" text-anchor="end" '
               f'class="ax">{escape(last)}</text>')
    for ln in lines:
        if not ln.points:
            continue
        pts = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in ln.points)
        dash = f' stroke-dasharray="{ln.dash}"' if ln.dash else ""
        op = f' stroke-opacity="{ln.opacity:g}"' if ln.opacity < 1 else ""
        out.append(f'<polyline fill="none" stroke="{ln.color}" stroke-width="{ln.width:g}"'
                   f'{dash}{op} stroke-linejoin="round" points="{pts}">'
                   f"<title>{escape(ln.label)}</title></polyline>")
        if len(ln.points) == 1:
            (t, v), = ln.points
            out.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="2.5" fill="{ln.color}"/>')
    out.append("</svg>")
    return "".join(out)
