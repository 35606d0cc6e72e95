"""The class report as one self-contained, printable HTML page with SVG charts."""

from __future__ import annotations

from game.model.calendars import date_label
from game.report.class_markdown import share_words
from game.report.classreport import CardSplit, ClassGroup, ClassReport, who
from game.report.htmlpage import legend, page
from game.report.safe import html
from game.report.svgchart import PALETTE, Line, line_chart
from game.report.words import num

_BAR = ('<svg width="{w}" height="10" aria-hidden="true"><rect width="{w}" height="10" '
        'fill="#eee"/><rect width="{f}" height="10" fill="{c}"/></svg>')


def _bar(n: int, total: int, color: str = "#0072B2", width: int = 120) -> str:
    f = round(width * n / total) if total else 0
    return _BAR.format(w=width, f=f, c=color)


def _charts(g: ClassGroup) -> str:
    content = g.content
    sc = content.scenario
    start, end = (date_label(sc.calendar.start, sc.calendar.unit),
                  date_label(sc.calendar.end, sc.calendar.unit))
    charts = []
    # Many students: thin, half-transparent lines show the spread; history stands out.
    many = len(g.records) > 7
    for m in (m for m in sc.meters if not m.hidden):
        lines = [Line(who(r), [(t, float(v[m.id])) for t, v in r.game.history if m.id in v],
                      PALETTE[i % (len(PALETTE) - 1)], "", 1.0 if many else 1.6,
                      0.45 if many else 0.9)
                 for i, r in enumerate(g.records)]
        if g.reference:
            lines.append(Line("history", [(t, float(v[m.id])) for t, v in g.reference.history
                                          if m.id in v], "#000000", "5 3", 2.6))
        finals = sorted(float(r.game.value(m.id)) for r in g.records)
        mid = finals[len(finals) // 2] if finals else 0
        turns = max((r.game.total_turns for r in g.records), default=content.total_turns)
        charts.append(line_chart(m.label, lines, m.min, m.max, turns,
                                 width=300, height=150, x_labels=(start, end),
                                 desc=f"{m.label}: {len(finals)} games, final values from "
                                      f"{num(finals[0]) if finals else '-'} to "
                                      f"{num(finals[-1]) if finals else '-'}, median "
                                      f"{num(mid)}"))
    key = [("each line: one student's game", PALETTE[0], "")]
    if g.reference:
        key.append(("historical path (history's choices, same seed)", "#000000", "5 3"))
    return legend(key) + f'<div class="charts">{"".join(charts)}</div>'


def _split_words(split: CardSplit) -> str:
    if not split.answered:
        return f"Nobody answered “{html(split.title)}”."
    words = ", ".join(f"{pct}% “{html(label)}”" for pct, label in split.shares())
    return f"At “{html(split.title)}”: {words}."


def _roster(g: ClassGroup) -> str:
    tracks = [t.label for t in g.content.scenario.tracks]
    head = ("<tr><th>Student</th><th>Ending</th>"
            + "".join(f"<th class=n>{html(t)}</th>" for t in tracks)
            + "<th class=n>Joint score</th><th class=n>Share of the best this seed allowed</th>"
              "<th class=n>Last turn</th></tr>")
    rows = "".join(
        f"<tr><td>{html(r.name)}"
        + (f' <small class="flag">({html("; ".join(r.flags))})</small>' if r.flags else "")
        + f"</td><td>{html(r.ending)}</td>"
        + "".join(f"<td class=n>{v:.0f}</td>" for v in r.tracks)
        + f"<td class=n>{r.score:.0f}</td><td class=n>{share_words(r.skill)}</td>"
          f"<td class=n>{r.last_turn} of {r.total_turns}</td></tr>"
        for r in g.roster)
    return ("<h3>Roster</h3><p>One row per student (one game each). Scores of unfinished "
            f"games are where they stopped; they are not in the statistics.</p>"
            f"<table>{head}{rows}</table>")


def _others(g: ClassGroup) -> str:
    out = []
    if g.branches:
        items = "".join(
            f"<li><b>{html(who(r))}</b>, "
            + (f"back at turn {r.whatif_turn}" if r.whatif_turn else "a what-if branch")
            + f": {html(r.game.ending.title if r.game.ending else 'not finished')}, joint score "
              f"{r.game.scores()['score']:.0f}</li>" for r in g.branches)
        out.append("<h3>What-if branches (not counted)</h3><p>Games a student went back into "
                   f"to choose otherwise. They are not students and are in no figure above."
                   f"</p><ul>{items}</ul>")
    if g.extra_games:
        items = "".join(f"<li><b>{html(who(r))}</b> (turn {r.game.turn}): {html(why)}</li>"
                        for r, why in g.extra_games)
        out.append(f'<h3>Restarts and repeated names (not counted)</h3><ul class="flag">'
                   f"{items}</ul>")
    return "".join(out)


def _group(g: ClassGroup) -> str:
    n = len(g.records)
    out = [f'<h2 class="newpage">{html(g.title)}</h2>']
    lesson = f", lesson {html(g.code.lesson)}" if g.code and g.code.lesson else ""
    if g.code:
        out.append(f'<p class="meta">{n} student(s), {len(g.finished)} finished; seed '
                   f"{g.code.seed}, difficulty {html(g.code.difficulty)}, discussion stops "
                   f"{'on' if g.code.stops else 'off'}{lesson}.</p>")
    else:
        out.append(f'<p class="meta">{n} student(s), {len(g.finished)} finished.</p>')
    if g.branches or g.extra_games:
        out.append(f"<p>Not counted: {len(g.branches)} what-if branch(es), "
                   f"{len(g.extra_games)} restart(s) or repeated name(s) (listed below).</p>")
    if g.note:
        out.append(f'<p class="flag">{html(g.note)}</p>')
    if g.closest:
        out.append(f"<p><b>Closest split:</b> {_split_words(g.closest)} Start the discussion "
                   "there.</p>")
    rows = "".join(f"<tr><td>{html(t)} <small>({html(tone)})</small></td><td class=n>{c}</td>"
                   f"<td>{_bar(c, n)} {round(100 * c / n)}%</td></tr>"
                   for _i, t, tone, c in g.endings)
    if g.unfinished:
        rows += (f"<tr><td>not finished</td><td class=n>{g.unfinished}</td><td>"
                 f"{_bar(g.unfinished, n, '#999')} {round(100 * g.unfinished / n)}%</td></tr>")
    out.append("<h3>Endings</h3><table><tr><th>Ending</th><th class=n>Games</th>"
               f"<th>Share</th></tr>{rows}</table>")
    if g.reference and g.reference.ending:
        out.append(f"<p>On the historical path (history's choice at every card, same seed) the "
                   f"game ends: <b>{html(g.reference.ending.title)}</b>.</p>")
    rows = "".join(
        f"<tr><td>{html(s.label)}</td><td class=n>{s.median:.0f}</td>"
        f"<td class=n>{s.mean:.1f}</td><td class=n>{s.low:.0f}</td><td class=n>{s.high:.0f}</td>"
        f"<td class=n>{'—' if s.reference is None else f'{s.reference:.0f}'}</td></tr>"
        for s in g.stats)
    out.append(f"<h3>Scores</h3><p>Finished games only ({len(g.finished)} of {n}).</p>"
               "<table><tr><th></th><th class=n>Median</th><th class=n>Mean</th>"
               "<th class=n>Lowest</th><th class=n>Highest</th><th class=n>Historical path</th>"
               f"</tr>{rows}</table>" if g.stats else
               "<h3>Scores</h3><p>No game has finished yet: no score statistics.</p>")
    out.append(_roster(g))
    out.append("<h3>Meter paths side by side</h3>" + _charts(g))
    out.append("<h3>Decisions, card by card</h3>")
    for split in g.splits:
        rows = "".join(
            f"<tr><td>{html(c.label)}{' <b>(history)</b>' if c.historical else ''}</td>"
            f"<td class=n>{c.count}</td><td>{_bar(c.count, split.answered)} "
            f"{split.pct(c.count)}%</td></tr>" for c in split.choices)
        out.append(f'<figure style="margin:0"><p><b>{html(split.title)}</b> '
                   f"<small>(first in turn {split.first_turn}; {split.seen} met it, "
                   f"{split.answered} answered)</small><br>{_split_words(split)}</p>"
                   f"<table>{rows}</table>"
                   + (f"<p><small>Met again by {split.repeats} student(s); the split counts "
                      "each student's first answer. Later answers: "
                      + (", ".join(f"{html(c.label)} {c.count}" for c in split.later)
                         or "none yet") + ".</small></p>" if split.repeats else "")
                   + "</figure>")
    if g.levers:
        items = "".join(f"<li>{html(label)}: {count} of {n} "
                        f"({round(100 * count / n)}%)</li>" for label, count in g.levers)
        out.append(f"<h3>Levers lifted</h3><ul>{items}</ul>")
    out.append("<h3>Outliers</h3>")
    if g.outliers:
        out.append("<ul>" + "".join(f"<li><b>{html(name)}</b>: {html(why)}</li>"
                                    for name, why in g.outliers) + "</ul>")
    else:
        out.append("<p>None: every game sits within the class's spread.</p>")
    out.append(_others(g))
    return "".join(out)


def class_html(report: ClassReport) -> str:
    """The whole class report as a self-contained HTML page."""
    counted = sum(len(g.records) for g in report.groups)
    title = report.groups[0].content.scenario.title if report.groups else "no games"
    body = [f"<h1>Class report: {html(title)}</h1>",
            f'<p class="meta">{report.total} save(s) read: {counted} student(s) counted in '
            f"{len(report.groups)} group(s), {len(report.apart)} kept apart, "
            f"{len(report.damaged)} damaged.</p>"]
    if len(report.groups) > 1:
        body.append("<p>Each class code is reported on its own: games from different codes "
                    "are never mixed.</p>")
    body += [_group(g) for g in report.groups]
    if report.apart:
        items = "".join(f"<li><code>{html(r.path)}</code> ({html(who(r))}): {html(why)}"
                        "</li>" for r, why in report.apart)
        body.append(f'<h2>Kept apart (not counted)</h2><ul class="flag">{items}</ul>')
    if report.damaged:
        items = "".join(f"<li><code>{html(d.path)}</code>: {html(d.reason)}</li>"
                        for d in report.damaged)
        body.append(f"<h2>Damaged saves (skipped)</h2><ul>{items}</ul>")
    return page(f"Class report: {title}", "\n".join(body))
