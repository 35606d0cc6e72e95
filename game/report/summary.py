"""A one-page student summary: the game on a sheet of paper, for the debrief or a folder.

``parallel-tracks report SAVE --summary`` writes it as HTML (print it from a
browser). Where the full debrief walks through every turn with every change
and its cause (many pages), the summary keeps what a student and teacher
discuss: the ending, the scores, the meters against history's path, one line
per decision (the student's answer and history's), the hidden values
revealed, and one question to write about. Its print style fits one or two A4
or Letter sheets.
"""

from __future__ import annotations

from game.engine.vocabulary import has_ledger, words
from game.model.calendars import date_label
from game.report.debrief import Debrief
from game.report.htmlpage import page
from game.report.safe import html
from game.report.svgchart import Line, line_chart
from game.report.words import num
from game.ui_text import ui

_CSS = """
body { max-width: 48rem; }
.summary h1 { font-size: 1.35rem; }
.summary h2 { font-size: 1.05rem; margin: .9rem 0 .3rem; }
.summary table { font-size: .86rem; margin: .3rem 0 .6rem; }
.summary td, .summary th { padding: .12rem .35rem; }
.summary .charts { gap: .3rem; }
.summary .write { border: 1px solid var(--rule); min-height: 5.5rem; padding: .3rem .5rem; }
@media print {
  @page { size: A4; margin: 11mm 12mm; }
  body { font-size: 9pt; }
  .summary h1 { font-size: 14pt; }
  .summary h2 { font-size: 10.5pt; margin: .5rem 0 .2rem; }
  .summary table { font-size: 8pt; }
  .summary table.decisions { break-inside: auto; page-break-inside: auto; }
  .summary tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _charts(d: Debrief) -> str:
    g = d.game
    start = date_label(g.content.scenario.calendar.start, g.content.scenario.calendar.unit)
    last = d.turns[-1].date if d.turns else start
    from game.report.reference import historical_game

    hist = historical_game(g.content, g.seed, g.difficulty, record=False, lesson=g.lesson)
    out = []
    for m in d.meters:
        lines = [Line("you", d.series.get(m.id, []), "#0072B2", "", 1.8)]
        lines.append(Line("history", [(t, float(v[m.id])) for t, v in hist.history
                                      if m.id in v], "#000000", "4 3", 1.4))
        out.append(line_chart(m.label, lines, m.min, m.max, g.total_turns, width=200,
                              height=105, x_labels=(start, last),
                              desc=f"{m.label}: yours and history's path"))
    return ('<p class="legend">Blue: your game. Dashed black: history\'s choices with the '
            f'same events.</p><div class="charts">{"".join(out)}</div>')


def _decisions(d: Debrief) -> str:
    rows = []
    for rec in d.turns:
        if rec.card is None:
            continue
        mine = rec.choice.label if rec.choice else "(not answered)"
        hist = rec.historical.label if rec.historical else "—"
        same = " class=same" if rec.as_history else ""
        rows.append(f"<tr><td class=n>{rec.turn}</td><td>{html(rec.date)}</td>"
                    f"<td>{html(rec.card.title)}</td><td{same}>{html(mine)}</td>"
                    f"<td>{html(hist)}</td></tr>")
    if not rows:
        return "<p>No card was answered.</p>"
    return ("<table class=decisions><tr><th class=n>Turn</th><th>Date</th><th>Card</th>"
            f"<th>Your answer</th><th>History's answer</th></tr>{''.join(rows)}</table>")


def summary_html(d: Debrief, skill: float | None = None) -> str:
    """The one-page summary of one game (``skill``: the share of the best this seed allowed,
    when the save holds it)."""
    g = d.game
    who = html(d.player) if d.player else "(no name)"
    bits = [f"Student: <b>{who}</b>"]
    if d.class_code:
        bits.append(f"class code <b>{html(d.class_code)}</b>")
    bits.append(f"seed {g.seed}, {html(g.difficulty)}"
                + (f", lesson {html(g.lesson)}" if g.lesson else ""))
    bits.append(f"turn {g.turn} of {g.total_turns}" + ("" if g.over else ", not finished"))
    ending = (f"<h2>Ending: {html(d.ending.title)}</h2>" if d.ending else
              "<h2>No ending yet</h2><p>The game stopped before an ending.</p>")
    scores = "".join(f"<td class=n>{score:.0f} <small>(pass {mark:g})</small></td>"
                     for _i, _label, score, mark in d.tracks)
    heads = "".join(f"<th class=n>{html(label)}</th>" for _i, label, _s, _m in d.tracks)
    share = "—" if skill is None else f"{round(100 * skill)}%"
    hits, total = d.matches
    hidden = "; ".join(f"{html(m.label)}: {num(v)}" + (f" ({html(w)})" if w else "")
                       for m, v, w in d.hidden)
    conceded, delivered, pre = g.ledger_totals()
    totals = ui("ledger.totals", words(g.content), conceded=num(conceded),
                delivered=num(delivered))
    ledger = (f"Ledger: {html(totals)}"
              + (f"; {pre} concession(s) before anything was received" if pre else "")
              + ". ") if has_ledger(g.content) else ""
    question = d.questions[0][1] if d.questions else (
        "Which decision would you take back, and what would you expect to change?")
    body = [
        '<div class="summary">',
        f"<h1>{html(d.title)}</h1>",
        f'<p class="meta">{" · ".join(bits)}</p>',
        ending,
        f"<table><tr>{heads}<th class=n>Joint score</th>"
        f"<th class=n>Share of the best this seed allowed</th></tr><tr>{scores}"
        f"<td class=n><b>{d.scores['score']:.0f}</b></td><td class=n>{share}</td></tr></table>",
        f"<p>{ledger}"
        + (f"You chose as history did at {hits} of {total} cards. " if total else "")
        + (f"Revealed: {hidden}." if hidden else "") + "</p>",
        "<h2>The meters</h2>", _charts(d),
        "<h2>Your decisions</h2>", _decisions(d),
        "<h2>To write about</h2>", f"<p>{html(question)}</p>", '<div class="write"></div>',
        "</div>",
    ]
    text = page(f"Summary: {d.player or d.title}", "\n".join(body))
    return text.replace("</style>", _CSS + "</style>", 1)
