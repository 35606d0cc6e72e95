"""The class report as Markdown: readable in a terminal, printable as text."""

from __future__ import annotations

from game.report.classreport import ClassGroup, ClassReport, who
from game.report.textchart import sparkline
from game.report.words import month_words, num


def _bar(n: int, total: int, width: int = 20) -> str:
    filled = round(width * n / total) if total else 0
    return "█" * filled + "·" * (width - filled)


def _group(g: ClassGroup) -> list[str]:
    sc = g.content.scenario
    n = len(g.records)
    out = [f"## {g.title}", ""]
    if g.code:
        out.append(f"{n} game(s); seed {g.code.seed}, difficulty {g.code.difficulty}, "
                   f"discussion stops {'on' if g.code.stops else 'off'}.")
    else:
        out.append(f"{n} game(s).")
    if g.note:
        out += ["", f"**Note:** {g.note}"]
    out += ["", "### Endings", "", "| Ending | Games | Share |", "|---|---:|---|"]
    for _id, title, tone, count in g.endings:
        out.append(f"| {title} ({tone}) | {count} | {_bar(count, n)} {round(100 * count / n)}% |")
    if g.unfinished:
        out.append(f"| not finished | {g.unfinished} | {_bar(g.unfinished, n)} "
                   f"{round(100 * g.unfinished / n)}% |")
    if g.reference and g.reference.ending:
        out += ["", f"On the historical path (history's choice at every card, same seed) the "
                    f"game ends: **{g.reference.ending.title}**."]
    out += ["", "### Scores", "", "| | Median | Mean | Lowest | Highest | Historical path |",
            "|---|---:|---:|---:|---:|---:|"]
    for s in g.stats:
        ref = f"{s.reference:.0f}" if s.reference is not None else "—"
        out.append(f"| {s.label} | {s.median:.0f} | {s.mean:.1f} | {s.low:.0f} | "
                   f"{s.high:.0f} | {ref} |")
    out += ["", "### Decisions, card by card", ""]
    for split in g.splits:
        out.append(f"**{split.title}** (first came in turn {split.first_turn}; "
                   f"{split.seen} met it, {split.answered} answered). {split.headline()}")
        out.append("")
        for c in split.choices:
            mark = " ← history" if c.historical else ""
            out.append(f"- {_bar(c.count, split.answered, 10)} {split.pct(c.count):>3}% "
                       f"({c.count}) {c.label}{mark}")
        out.append("")
    if g.levers:
        out += ["### Levers lifted", ""]
        out += [f"- {label}: {count} of {n} ({round(100 * count / n)}%)"
                for label, count in g.levers]
        out.append("")
    meters = [m for m in sc.meters if not m.hidden]
    out += ["### Meter paths side by side", "",
            "Each row is one game, start to end; ▁ is the bottom of the meter, █ the top.", "",
            "```text"]
    names = [who(r) for r in g.records] + (["HISTORY"] if g.reference else [])
    width = min(24, max(len(x) for x in names))
    heads = "  ".join(f"{m.label[:14]:<14}" for m in meters)
    out.append(f"{'':<{width}}  {heads}")
    rows = [(who(r), r.game) for r in g.records]
    if g.reference:
        rows.append(("HISTORY", g.reference))
    for name, game in rows:
        cells = []
        for m in meters:
            vals = [v[m.id] for _t, v in game.history if m.id in v]
            line = sparkline(vals, m.min, m.max)
            cells.append(f"{line[:10]:<10} {num(vals[-1]):>3}" if vals else " " * 14)
        out.append(f"{name[:width]:<{width}}  " + "  ".join(cells))
    out += ["```", ""]
    out += ["### Outliers", ""]
    if g.outliers:
        out += [f"- **{name}**: {why}" for name, why in g.outliers]
    else:
        out.append("None: every game sits within the class's spread.")
    out.append("")
    return out


def class_markdown(report: ClassReport) -> str:
    """The whole class report as Markdown."""
    counted = sum(len(g.records) for g in report.groups)
    first = report.groups[0].content if report.groups else None
    title = first.scenario.title if first else "no games"
    out = [f"# Class report: {title}", ""]
    if first:
        cal = first.scenario.calendar
        out.append(f"{report.total} save(s) read: {counted} counted in "
                   f"{len(report.groups)} group(s), {len(report.apart)} kept apart, "
                   f"{len(report.damaged)} damaged. The game runs from "
                   f"{month_words(cal.start)} to {month_words(cal.end)}.")
    else:
        out.append(f"{report.total} save(s) read; none could be counted.")
    if len(report.groups) > 1:
        out += ["", "Each class code is reported on its own: games from different codes are "
                    "never mixed."]
    out.append("")
    for g in report.groups:
        out += _group(g)
    if report.apart:
        out += ["## Kept apart (not counted)", ""]
        out += [f"- `{r.path}` ({who(r)}): {why}" for r, why in report.apart]
        out.append("")
    if report.damaged:
        out += ["## Damaged saves (skipped)", ""]
        out += [f"- `{d.path}`: {d.reason}" for d in report.damaged]
        out.append("")
    return "\n".join(out)
