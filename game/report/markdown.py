"""Markdown debriefs: one game, or two paths side by side.

The output is plain Markdown with text charts in fenced blocks, so it reads
well in a terminal (``parallel-tracks report SAVE``), in a text editor, and
rendered on a web page.
"""

from __future__ import annotations

from game.engine.vocabulary import has_ledger
from game.engine.vocabulary import words as scenario_words
from game.model.calendars import date_label
from game.report.debrief import Debrief, TurnRecord
from game.report.safe import md, md_block, md_code, md_url
from game.report.textchart import block_plot, sparkline
from game.report.words import cause_words, change_words, num
from game.ui_text import ui


def _header(d: Debrief) -> list[str]:
    g = d.game
    who = [f"Player: **{md(d.player)}**" if d.player else "Player: (no name)"]
    if d.class_code:
        who.append(f"class code **{md(d.class_code)}**")
    who.append(f"seed {g.seed}, difficulty {md(g.difficulty)}"
               + (f", lesson {md(g.lesson)}" if g.lesson else ""))
    where = (f"ended in turn {g.turn} of {g.total_turns}" if g.over
             else f"stopped in turn {g.turn} of {g.total_turns}, not finished")
    who.append(where)
    return [f"# Debrief: {md(d.title)}", "", " · ".join(who), ""]


def _ending(d: Debrief) -> list[str]:
    out = []
    if d.ending:
        out += [f"## Ending: {md(d.ending.title)}", "", md_block(d.ending.epilogue), ""]
        if d.ending.history:
            out += ["**What really happened:** " + md_block(d.ending.history), ""]
    else:
        out += ["## No ending yet", "", "The game stopped before an ending; the scores "
                "below are where it stood.", ""]
    out += ["## Score", "", "| Track | Score | Pass mark | Held |", "|---|---:|---:|---|"]
    for _id, label, score, mark in d.tracks:
        out.append(f"| {md(label)} | {score:.0f} | {mark:g} | "
                   f"{'yes' if score >= mark else 'no'} |")
    out += ["", f"Joint score: **{d.scores['score']:.0f}**", ""]
    if d.skill is not None:
        out += ["**Skill:** " + md(d.skill.line), ""]
    hits, total = d.matches
    if total:
        out += [f"You chose as history did at {hits} of {total} cards that have a "
                "historical choice.", ""]
    return out


def _charts(d: Debrief) -> list[str]:
    g = d.game
    out = ["## The meters over time", "", "```text"]
    first = date_label(g.content.scenario.calendar.start, g.content.scenario.calendar.unit)
    for m in d.meters:
        pts = d.series[m.id]
        values = [v for _t, v in pts]
        out.append(f"{md_code(m.label)}: {num(values[0])} → {num(values[-1])}")
        out += block_plot(values, m.min, m.max, height=4, width_per=2, first=first,
                          last=d.turns[-1].date if d.turns else "")
        out.append("")
    out += ["```", ""]
    return out


def _hidden(d: Debrief) -> list[str]:
    if not d.hidden:
        return []
    out = ["## Hidden variables, revealed", ""]
    for m, value, words in d.hidden:
        start = d.series[m.id][0][1] if d.series.get(m.id) else value
        line = f"- **{md(m.label)}**: {num(value)}" + (f" ({md(words)})" if words else "")
        if start != value:
            line += f", started at {num(start)}"
        if m.description:
            line += f". {md(m.description)}"
        out.append(line)
        for c in d.game.changes(m.id):
            out.append(f"  - turn {c.turn}: {md(change_words(c, d.label_of))}, because: "
                       f"{md(cause_words(c.cause))}")
    return [*out, ""]


def _ledger(d: Debrief) -> list[str]:
    g = d.game
    if not has_ledger(g.content):
        return []
    vocab = scenario_words(g.content)
    conceded, delivered, pre = g.ledger_totals()
    out = ["## Reciprocity ledger", "",
           ui("ledger.totals", vocab, conceded=num(conceded), delivered=num(delivered))
           + (f"; {pre} concession(s) were preemptive: {ui('ledger.preemptive', vocab)}."
              if pre else "."), ""]
    return out


def _turn(rec: TurnRecord, labels: dict[str, str],
          vocab: dict[str, str] | None = None) -> list[str]:
    unit = (vocab or {}).get("unit", "turn")
    title = rec.card.title if rec.card else f"A quiet {unit}"
    out = [f"### Turn {rec.turn}, {rec.date}: {md(title)}", ""]
    if rec.card is not None:
        if rec.choice is not None:
            out.append(f"You chose: **{md(rec.choice.label)}**.")
        else:
            out.append("You did not answer this card (the game ended or stopped).")
        hist = rec.historical
        if hist is not None:
            same = " (as you did)" if rec.as_history else ""
            out.append(f"History chose: **{md(hist.label)}**{same}.")
        if rec.card.history:
            h = rec.card.history
            out += ["", f"> **What really happened ({md(h.date)}):** {md(h.note)}",
                    f"> Source: {md_url(h.source)}"]
            out += [f"> Also: {md_url(s)}" for s in h.more_sources]
        out.append("")
    for step in rec.steps:
        out.append(f"- {md(step.label)}")
        for c in step.effects:
            out.append(f"  - {md(change_words(c, labels))}")
        for c in step.later:
            out.append(f"  - later, turn {c.turn}: {md(change_words(c, labels))}")
        if not step.effects and not step.later and step.decision.kind != "pass":
            out.append("  - no value moved")
    if rec.others:
        out.append(f"- Also this {unit}:")
        for c in rec.others:
            out.append(f"  - {md(change_words(c, labels))}, because: "
                       f"{md(cause_words(c.cause))}")
    for e in rec.ledger:
        side = ui("ledger.gave" if e.kind == "concession" else "ledger.delivered", vocab)
        mark = f" (preemptive: {ui('ledger.preemptive', vocab)})" if e.preemptive else ""
        out.append(f"- Ledger: {side} {md(e.what)}, worth {num(e.value)}{mark}")
    if rec.news:
        out.append("- News:")
        out += [f"  - {md(m.text)}" for m in rec.news]
    out.append("")
    return out


def _questions(d: Debrief) -> list[str]:
    if not d.questions:
        return []
    out = ["## Questions for discussion", ""]
    for n, (title, q) in enumerate(d.questions, 1):
        out.append(f"{n}. *{md(title)}*: {md(q)}")
    return [*out, ""]


def debrief_markdown(d: Debrief) -> str:
    """The whole debrief of one game as Markdown."""
    labels = d.label_of
    out = _header(d) + _ending(d) + _charts(d) + _hidden(d) + _ledger(d)
    out += ["## Turn by turn", ""]
    if d.start_changes:
        out.append("Before the first turn:")
        out += [f"- {md(change_words(c, labels))}, because: {md(cause_words(c.cause))}"
                for c in d.start_changes]
        out.append("")
    for rec in d.turns:
        out += _turn(rec, labels, scenario_words(d.game.content))
    out += _questions(d)
    g = d.game
    out.append(f"*Content {g.content.digest}, game digest {g.digest()}. Replay this game with "
               f"the same seed and decisions to check it.*")
    return "\n".join(out) + "\n"


def first_divergence(a: Debrief, b: Debrief) -> int | None:
    """The first turn where the two games' decisions differ (None if they never do)."""
    for ta, tb in zip(a.turns, b.turns, strict=False):
        if [str(s.decision) for s in ta.steps] != [str(s.decision) for s in tb.steps]:
            return ta.turn
    if len(a.turns) != len(b.turns):
        return min(len(a.turns), len(b.turns)) + 1
    return None


def compare_markdown(a: Debrief, b: Debrief, names: tuple[str, str] = ("A", "B")) -> str:
    """Two paths side by side: endings, scores, meters and decisions, turn by turn."""
    na, nb = md(names[0]), md(names[1])
    ga, gb = a.game, b.game
    unit = ga.content.scenario.calendar.unit
    out = [f"# What if: two paths through {md(a.title)}", ""]
    out.append(f"- **{na}**: {md(a.player or 'no name')}, seed {ga.seed}, {md(ga.difficulty)}"
               + (f", class code {md(a.class_code)}" if a.class_code else ""))
    out.append(f"- **{nb}**: {md(b.player or 'no name')}, seed {gb.seed}, {md(gb.difficulty)}"
               + (f", class code {md(b.class_code)}" if b.class_code else ""))
    if (ga.seed, ga.difficulty, ga.content.digest) != (gb.seed, gb.difficulty, gb.content.digest):
        out.append("")
        out.append("Note: the two games do not share seed, difficulty and content, so the "
                   "world did not roll the same dice; differences are not only the choices'.")
    split = first_divergence(a, b)
    out += ["", (f"The paths part at turn {split}." if split else
                 "The two games made the same decisions."), ""]
    out += ["| | " + na + " | " + nb + " |", "|---|---|---|"]
    out.append(f"| Ending | {md(a.ending.title) if a.ending else '(none yet)'} | "
               f"{md(b.ending.title) if b.ending else '(none yet)'} |")
    for (_i, label, sa, _m), (_j, _l, sb, _n) in zip(a.tracks, b.tracks, strict=False):
        out.append(f"| {md(label)} | {sa:.0f} | {sb:.0f} |")
    out.append(f"| Joint score | {a.scores['score']:.0f} | {b.scores['score']:.0f} |")
    out += ["", "## Meters", "", "```text"]
    width = max(len(md_code(m.label)) for m in a.meters) if a.meters else 0
    ca, cb = md_code(names[0]), md_code(names[1])
    for m in a.meters:
        va = [v for _t, v in a.series[m.id]]
        vb = [v for _t, v in b.series.get(m.id, [])]
        out.append(f"{md_code(m.label):<{width}}  {ca} {sparkline(va, m.min, m.max)} "
                   f"{num(va[-1])}")
        out.append(f"{'':<{width}}  {cb} {sparkline(vb, m.min, m.max)} "
                   f"{num(vb[-1]) if vb else ''}")
    out += ["```", "", "## Decisions, turn by turn", "",
            f"| Turn | Card | {na} | {nb} |", "|---|---|---|---|"]
    turns = max(len(a.turns), len(b.turns))
    for i in range(turns):
        ta = a.turns[i] if i < len(a.turns) else None
        tb = b.turns[i] if i < len(b.turns) else None
        ref = ta or tb
        assert ref is not None
        card = " / ".join(dict.fromkeys(
            md(t.card.title) if t.card else f"quiet {unit}" for t in (ta, tb) if t))
        cell_a = "; ".join(md(s.label) for s in ta.steps) if ta else "(game over)"
        cell_b = "; ".join(md(s.label) for s in tb.steps) if tb else "(game over)"
        mark = " ◆" if split == ref.turn else ""
        out.append(f"| {ref.turn}{mark} | {card} | {cell_a or '—'} | {cell_b or '—'} |")
    out.append("")
    if split:
        out.append("◆ marks the turn where the paths part.")
    return "\n".join(out) + "\n"
