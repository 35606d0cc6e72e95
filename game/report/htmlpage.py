"""The page shell shared by HTML debriefs and class reports: one self-contained file.

No scripts, no web fonts, no external images: the file opens offline, can be
mailed, and prints on A4 or Letter with page breaks between sections, never
inside a decision or a chart.
"""

from __future__ import annotations

from game.report.safe import html as escape

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #ccc; --accent: #0072B2; --bad: #b3261e; }
* { box-sizing: border-box; }
body { font: 15px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--ink); padding-bottom: .15rem;
     margin-top: 1.8rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .3rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: .6rem; }
.chart { border: 1px solid #eee; }
.chart .ct { font-size: 11px; font-weight: bold; fill: var(--ink); }
.chart .ax { font-size: 9px; fill: var(--muted); }
.legend { font-size: .85rem; color: var(--muted); margin: .3rem 0 .8rem; }
.legend span { margin-right: 1rem; white-space: nowrap; }
.legend svg { vertical-align: middle; }
.turn { border-left: 3px solid var(--rule); padding: .1rem 0 .1rem .8rem; margin: .8rem 0; }
.turn.split { border-left-color: var(--bad); }
.history { background: #f6f6f2; border: 1px solid #e2e2d8; padding: .4rem .6rem;
           margin: .4rem 0; font-size: .92rem; }
.history .src { font-size: .8rem; word-break: break-all; color: var(--muted); }
ul { margin: .2rem 0 .4rem; padding-left: 1.3rem; }
li { margin: .1rem 0; }
.effects { color: #333; font-size: .92rem; }
.because { color: var(--muted); }
.same { color: #1b6e3a; font-weight: bold; }
.diff { color: var(--bad); font-weight: bold; }
.flag { background: #fff4e5; border: 1px solid #e6a23c; padding: .4rem .6rem; }
.questions li { margin: .35rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
@media print {
  @page { margin: 15mm 14mm; }
  body { font-size: 10.5pt; max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .turn, .chart, table, .history, .flag, figure { break-inside: avoid; page-break-inside: avoid; }
  .newpage { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  .history .src a::after { content: ""; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .chart { border: none; }
}
"""


def page(title: str, body: str) -> str:
    """A whole HTML document around ``body``."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


def para(text: str) -> str:
    """Content text (plain, Markdown-ish) as escaped paragraphs."""
    paras = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in paras)


def link(url: str) -> str:
    """A source address as a link that prints as its text."""
    u = escape(url)
    return f'<a href="{u}">{u}</a>'


def legend(items: list[tuple[str, str, str]]) -> str:
    """A chart legend: (label, colour, dash) per line."""
    out = ['<div class="legend">']
    for label, color, dash in items:
        d = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<span><svg width="26" height="8" aria-hidden="true"><line x1="0" y1="4" '
                   f'x2="26" y2="4" stroke="{color}" stroke-width="2.5"{d}/></svg> '
                   f"{escape(label)}</span>")
    out.append("</div>")
    return "".join(out)
