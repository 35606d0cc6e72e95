"""HTML debriefs: one self-contained, printable file with SVG meter charts."""

from __future__ import annotations

from game.engine.vocabulary import has_ledger
from game.engine.vocabulary import words as scenario_words
from game.model.calendars import date_label
from game.report.debrief import Debrief, TurnRecord
from game.report.htmlpage import legend, link, page, para
from game.report.markdown import first_divergence
from game.report.safe import html as escape
from game.report.svgchart import DASHES, PALETTE, Line, line_chart
from game.report.words import cause_words, change_words, num
from game.ui_text import ui


def _meta(d: Debrief) -> str:
    g = d.game
    bits = [f"Player: <b>{escape(d.player)}</b>" if d.player else "Player: (no name)"]
    if d.class_code:
        bits.append(f"class code <b>{escape(d.class_code)}</b>")
    bits.append(f"seed {g.seed}, difficulty {escape(g.difficulty)}")
    bits.append(f"ended in turn {g.turn} of {g.total_turns}" if g.over else
                f"stopped in turn {g.turn} of {g.total_turns}, not finished")
    return f'<p class="meta">{" · ".join(bits)}</p>'


def _scores(d: Debrief) -> str:
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td class=n>{score:.0f}</td><td class=n>{mark:g}</td>"
        f"<td>{'yes' if score >= mark else '<span class=diff>no</span>'}</td></tr>"
        for _i, label, score, mark in d.tracks)
    hits, total = d.matches
    match = (f"<p>You chose as history did at {hits} of {total} cards that have a historical "
             "choice.</p>") if total else ""
    return ("<h2>Score</h2><table><tr><th>Track</th><th class=n>Score</th>"
            f"<th class=n>Pass mark</th><th>Held</th></tr>{rows}</table>"
            f"<p>Joint score: <b>{d.scores['score']:.0f}</b></p>{match}"
            + (f"<p><b>Skill:</b> {escape(d.skill.line)}</p>" if d.skill else ""))


def _ending(d: Debrief) -> str:
    if d.ending is None:
        return ("<h2>No ending yet</h2><p>The game stopped before an ending; the scores below "
                "are where it stood.</p>")
    out = f"<h2>Ending: {escape(d.ending.title)}</h2>{para(d.ending.epilogue)}"
    if d.ending.history:
        out += f'<div class="history"><b>What really happened.</b> {para(d.ending.history)}</div>'
    return out


def meter_charts(debriefs: list[tuple[str, Debrief]], dashes: bool = True) -> str:
    """Small multiples: one chart per visible meter, one line per debrief."""
    first = debriefs[0][1]
    game = first.game
    turns = game.content.total_turns
    cal = game.content.scenario.calendar
    start, end = date_label(cal.start, cal.unit), date_label(cal.end, cal.unit)
    charts = []
    for m in first.meters:
        lines = []
        for i, (name, d) in enumerate(debriefs):
            lines.append(Line(name, d.series.get(m.id, []), PALETTE[i % len(PALETTE)],
                              DASHES[i % len(DASHES)] if dashes else ""))
        values = ", ".join(f"{name}: {num(d.series[m.id][0][1])} to "
                           f"{num(d.series[m.id][-1][1])}" for name, d in debriefs
                           if d.series.get(m.id))
        charts.append(line_chart(m.label, lines, m.min, m.max, turns, x_labels=(start, end),
                                 desc=f"{m.label} over the game; {values}"))
    for m, _v, _w in first.hidden:
        lines = [Line(name, d.series.get(m.id, []), "#777", DASHES[i % len(DASHES)])
                 for i, (name, d) in enumerate(debriefs)]
        charts.append(line_chart(f"{m.label} (hidden)", lines, m.min, m.max, turns,
                                 x_labels=(start, end), desc=f"{m.label}, hidden during play"))
    out = ""
    if len(debriefs) > 1:
        out += legend([(n, PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)] if dashes else "")
                       for i, (n, _d) in enumerate(debriefs)])
    return out + f'<div class="charts">{"".join(charts)}</div>'


def _hidden(d: Debrief) -> str:
    if not d.hidden:
        return ""
    items = []
    for m, value, words in d.hidden:
        start = d.series[m.id][0][1] if d.series.get(m.id) else value
        text = f"<b>{escape(m.label)}</b>: {num(value)}" + (f" ({escape(words)})" if words else "")
        if start != value:
            text += f", started at {num(start)}"
        if m.description:
            text += ". " + escape(" ".join(m.description.split()))
        moves = "".join(f"<li>turn {c.turn}: {escape(change_words(c, d.label_of))} "
                        f"<span class=because>because: {escape(cause_words(c.cause))}</span></li>"
                        for c in d.game.changes(m.id))
        items.append(f"<li>{text}{f'<ul class=effects>{moves}</ul>' if moves else ''}</li>")
    return f"<h2>Hidden variables, revealed</h2><ul>{''.join(items)}</ul>"


def _turn(rec: TurnRecord, labels: dict[str, str],
          vocab: dict[str, str] | None = None) -> str:
    unit = (vocab or {}).get("unit", "turn")
    title = rec.card.title if rec.card else f"A quiet {unit}"
    out = [f'<section class="turn"><h3>Turn {rec.turn}, {escape(rec.date)}: '
           f"{escape(title)}</h3>"]
    if rec.card is not None:
        if rec.choice is not None:
            out.append(f"<p>You chose: <b>{escape(rec.choice.label)}</b>.")
        else:
            out.append("<p>You did not answer this card (the game ended or stopped).")
        hist = rec.historical
        if hist is not None:
            tag = ('<span class=same>as you did</span>' if rec.as_history else
                   '<span class=diff>not what you did</span>')
            out.append(f" History chose: <b>{escape(hist.label)}</b> ({tag}).")
        out.append("</p>")
        if rec.card.history:
            h = rec.card.history
            srcs = " ".join(link(s) for s in (h.source, *h.more_sources))
            out.append(f'<div class="history"><b>What really happened ({escape(h.date)}).</b> '
                       f'{escape(" ".join(h.note.split()))}<div class="src">Source: {srcs}'
                       "</div></div>")
    items = []
    for step in rec.steps:
        eff = [escape(change_words(c, labels)) for c in step.effects]
        eff += [f"later, turn {c.turn}: {escape(change_words(c, labels))}" for c in step.later]
        if not eff and step.decision.kind != "pass":
            eff = ["no value moved"]
        sub = "".join(f"<li>{e}</li>" for e in eff)
        items.append(f"<li>{escape(step.label)}"
                     f"{f'<ul class=effects>{sub}</ul>' if sub else ''}</li>")
    if rec.others:
        sub = "".join(f"<li>{escape(change_words(c, labels))} <span class=because>because: "
                      f"{escape(cause_words(c.cause))}</span></li>" for c in rec.others)
        items.append(f"<li>Also this turn<ul class=effects>{sub}</ul></li>")
    for e in rec.ledger:
        side = ui("ledger.gave" if e.kind == "concession" else "ledger.delivered", vocab)
        mark = f" (preemptive: {ui('ledger.preemptive', vocab)})" if e.preemptive else ""
        items.append(f"<li>Ledger: {side} {escape(e.what)}, worth {num(e.value)}{mark}</li>")
    if rec.news:
        sub = "".join(f"<li>{escape(' '.join(m.text.split()))}</li>" for m in rec.news)
        items.append(f"<li>News<ul class=effects>{sub}</ul></li>")
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    out.append("</section>")
    return "".join(out)


def _questions(d: Debrief) -> str:
    if not d.questions:
        return ""
    items = "".join(f"<li><i>{escape(t)}</i>: {escape(' '.join(q.split()))}</li>"
                    for t, q in d.questions)
    return f'<h2 class="newpage">Questions for discussion</h2><ol class="questions">{items}</ol>'


def debrief_html(d: Debrief) -> str:
    """The whole debrief of one game as a self-contained HTML page."""
    g = d.game
    labels = d.label_of
    conceded, delivered, pre = g.ledger_totals()
    vocab = scenario_words(g.content)
    body = [f"<h1>Debrief: {escape(d.title)}</h1>", _meta(d), _ending(d), _scores(d),
            "<h2>The meters over time</h2>", meter_charts([(d.player or "this game", d)]),
            _hidden(d),
            ("<h2>Reciprocity ledger</h2><p>" + escape(
                ui("ledger.totals", vocab, conceded=num(conceded), delivered=num(delivered))
                + (f"; {pre} concession(s) were preemptive: {ui('ledger.preemptive', vocab)}."
                   if pre else ".")) + "</p>") if has_ledger(g.content) else "",
            '<h2 class="newpage">Turn by turn</h2>']
    if d.start_changes:
        sub = "".join(f"<li>{escape(change_words(c, labels))} <span class=because>because: "
                      f"{escape(cause_words(c.cause))}</span></li>" for c in d.start_changes)
        body.append(f"<p>Before the first turn:</p><ul class=effects>{sub}</ul>")
    body += [_turn(rec, labels, vocab) for rec in d.turns]
    body.append(_questions(d))
    body.append(f"<footer>Content {g.content.digest}, game digest {g.digest()}. Replay this game "
                "with the same seed and decisions to check it.</footer>")
    return page(f"Debrief: {d.title} — {d.player or 'game'}", "\n".join(body))


def compare_html(a: Debrief, b: Debrief, names: tuple[str, str] = ("A", "B")) -> str:
    """Two paths side by side as one HTML page."""
    na, nb = names
    ga, gb = a.game, b.game
    unit = ga.content.scenario.calendar.unit
    split = first_divergence(a, b)
    body = [f"<h1>What if: two paths through {escape(a.title)}</h1><ul>"]
    for n, d in ((na, a), (nb, b)):
        body.append(f"<li><b>{escape(n)}</b>: {escape(d.player or 'no name')}, seed "
                    f"{d.game.seed}, {escape(d.game.difficulty)}"
                    + (f", class code {escape(d.class_code)}" if d.class_code else "") + "</li>")
    body.append("</ul>")
    if (ga.seed, ga.difficulty, ga.content.digest) != (gb.seed, gb.difficulty, gb.content.digest):
        body.append('<p class="flag">The two games do not share seed, difficulty and content, '
                    "so the world did not roll the same dice; differences are not only the "
                    "choices'.</p>")
    parted = (f"The paths part at turn {split}." if split else
              "The two games made the same decisions.")
    body.append(f"<p>{parted}</p>")
    rows = [f"<tr><th></th><th>{escape(na)}</th><th>{escape(nb)}</th></tr>",
            f"<tr><td>Ending</td><td>{escape(a.ending.title if a.ending else '(none yet)')}</td>"
            f"<td>{escape(b.ending.title if b.ending else '(none yet)')}</td></tr>"]
    for (_i, label, sa, _m), (_j, _l, sb, _n) in zip(a.tracks, b.tracks, strict=False):
        rows.append(f"<tr><td>{escape(label)}</td><td class=n>{sa:.0f}</td>"
                    f"<td class=n>{sb:.0f}</td></tr>")
    rows.append(f"<tr><td>Joint score</td><td class=n>{a.scores['score']:.0f}</td>"
                f"<td class=n>{b.scores['score']:.0f}</td></tr>")
    body.append(f"<table>{''.join(rows)}</table>")
    body += ["<h2>Meters</h2>", meter_charts([(na, a), (nb, b)])]
    body.append("<h2>Decisions, turn by turn</h2><table><tr><th>Turn</th><th>Card</th>"
                f"<th>{escape(na)}</th><th>{escape(nb)}</th></tr>")
    for i in range(max(len(a.turns), len(b.turns))):
        ta = a.turns[i] if i < len(a.turns) else None
        tb = b.turns[i] if i < len(b.turns) else None
        ref = ta or tb
        assert ref is not None
        card = " / ".join(dict.fromkeys(t.card.title if t.card else f"quiet {unit}"
                                        for t in (ta, tb) if t))
        cells = []
        for t in (ta, tb):
            cells.append("<br>".join(escape(s.label) for s in t.steps) if t else "(game over)")
        mark = ' <span class="diff">◆ paths part</span>' if split == ref.turn else ""
        body.append(f"<tr><td>{ref.turn}{mark}</td><td>{escape(card)}</td><td>{cells[0]}</td>"
                    f"<td>{cells[1]}</td></tr>")
    body.append("</table>")
    return page(f"What if: {a.title}", "\n".join(body))
