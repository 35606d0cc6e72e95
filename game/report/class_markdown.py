"""The class report as Markdown: readable in a terminal, printable as text.

Every text from a student or a mod goes through :mod:`game.report.safe`, so a
name or a title can add no row, heading, link, raw HTML or terminal escape.
"""

from __future__ import annotations

from game.model.calendars import date_label
from game.report.classreport import CardSplit, ClassGroup, ClassReport, RosterRow, who
from game.report.safe import md, md_code
from game.report.textchart import sparkline
from game.report.words import num


def _bar(n: int, total: int, width: int = 20) -> str:
    filled = round(width * n / total) if total else 0
    return "█" * filled + "·" * (width - filled)


def share_words(skill: float | None) -> str:
    """The share of the best this seed allowed, as a percentage, or a dash."""
    return "—" if skill is None else f"{round(100 * skill)}%"


def _file(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _roster(g: ClassGroup) -> list[str]:
    tracks = [t.label for t in g.content.scenario.tracks]
    out = ["### Roster", "",
           "One row per student (one game each). Scores of unfinished games are where they "
           "stopped; they are not in the statistics.", "",
           "| Student | Ending | " + " | ".join(md(t) for t in tracks)
           + " | Joint score | Share of the best this seed allowed | Last turn |",
           "|---|---|" + "---:|" * len(tracks) + "---:|---:|---:|"]
    for row in g.roster:
        out.append(_roster_line(row))
    return [*out, ""]


def _roster_line(row: RosterRow) -> str:
    flags = f" ({md('; '.join(row.flags))})" if row.flags else ""
    return (f"| {md(row.name)}{flags} | {md(row.ending)} | "
            + " | ".join(f"{v:.0f}" for v in row.tracks)
            + f" | {row.score:.0f} | {share_words(row.skill)} | "
              f"{row.last_turn} of {row.total_turns} |")


def _others(g: ClassGroup) -> list[str]:
    out: list[str] = []
    if g.branches:
        out += ["### What-if branches (not counted)", "",
                "Games a student went back into to choose otherwise. They are not students "
                "and are in no figure above.", ""]
        for r in g.branches:
            back = f"back at turn {r.whatif_turn}" if r.whatif_turn else "a what-if branch"
            end = r.game.ending.title if r.game.ending else "not finished"
            out.append(f"- **{md(who(r))}**, {back}: {md(end)}, joint score "
                       f"{r.game.scores()['score']:.0f} ({md(_file(r.path))})")
        out.append("")
    if g.extra_games:
        out += ["### Restarts and repeated names (not counted)", ""]
        out += [f"- **{md(who(r))}** ({md(_file(r.path))}, turn {r.game.turn}): {md(why)}"
                for r, why in g.extra_games]
        out.append("")
    return out


def _group(g: ClassGroup) -> list[str]:
    sc = g.content.scenario
    n = len(g.records)
    out = [f"## {md(g.title)}", ""]
    lesson = f", lesson {md(g.code.lesson)}" if g.code and g.code.lesson else ""
    if g.code:
        out.append(f"{n} student(s), {len(g.finished)} finished; seed {g.code.seed}, difficulty "
                   f"{md(g.code.difficulty)}, discussion stops "
                   f"{'on' if g.code.stops else 'off'}{lesson}.")
    else:
        out.append(f"{n} student(s), {len(g.finished)} finished.")
    if g.branches or g.extra_games:
        out.append(f"Not counted: {len(g.branches)} what-if branch(es), "
                   f"{len(g.extra_games)} restart(s) or repeated name(s) (listed below).")
    if g.note:
        out += ["", f"**Note:** {md(g.note)}"]
    closest = g.closest
    if closest:
        out += ["", f"**Closest split:** {_split_words(closest)} Start the discussion there."]
    out += ["", "### Endings", "", "| Ending | Games | Share |", "|---|---:|---|"]
    for _id, title, tone, count in g.endings:
        out.append(f"| {md(title)} ({md(tone)}) | {count} | {_bar(count, n)} "
                   f"{round(100 * count / n)}% |")
    if g.unfinished:
        out.append(f"| not finished | {g.unfinished} | {_bar(g.unfinished, n)} "
                   f"{round(100 * g.unfinished / n)}% |")
    if g.reference and g.reference.ending:
        out += ["", f"On the historical path (history's choice at every card, same seed) the "
                    f"game ends: **{md(g.reference.ending.title)}**."]
    out += ["", "### Scores", ""]
    if g.stats:
        out += [f"Finished games only ({len(g.finished)} of {n}).", "",
                "| | Median | Mean | Lowest | Highest | Historical path |",
                "|---|---:|---:|---:|---:|---:|"]
        for s in g.stats:
            ref = f"{s.reference:.0f}" if s.reference is not None else "—"
            out.append(f"| {md(s.label)} | {s.median:.0f} | {s.mean:.1f} | {s.low:.0f} | "
                       f"{s.high:.0f} | {ref} |")
    else:
        out.append("No game has finished yet: no score statistics.")
    out.append("")
    out += _roster(g)
    out += ["### Decisions, card by card", ""]
    for split in g.splits:
        out.append(f"**{md(split.title)}** (first came in turn {split.first_turn}; "
                   f"{split.seen} met it, {split.answered} answered). {_split_words(split)}")
        out.append("")
        for c in split.choices:
            mark = " ← history" if c.historical else ""
            out.append(f"- {_bar(c.count, split.answered, 10)} {split.pct(c.count):>3}% "
                       f"({c.count}) {md(c.label)}{mark}")
        if split.repeats:
            again = ", ".join(f"{md(c.label)} {c.count}" for c in split.later) or "none yet"
            out.append(f"- Met again by {split.repeats} student(s); the split counts each "
                       f"student's first answer. Later answers: {again}.")
        out.append("")
    if g.levers:
        out += ["### Levers lifted", ""]
        out += [f"- {md(label)}: {count} of {n} ({round(100 * count / n)}%)"
                for label, count in g.levers]
        out.append("")
    meters = [m for m in sc.meters if not m.hidden]
    out += ["### Meter paths side by side", "",
            "Each row is one game, start to end; ▁ is the bottom of the meter, █ the top.", "",
            "```text"]
    names = [md_code(who(r)) for r in g.records] + (["HISTORY"] if g.reference else [])
    width = min(24, max((len(x) for x in names), default=8))
    heads = "  ".join(f"{md_code(m.label)[:14]:<14}" for m in meters)
    out.append(f"{'':<{width}}  {heads}")
    rows = [(md_code(who(r)), r.game) for r in g.records]
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
        out += [f"- **{md(name)}**: {md(why)}" for name, why in g.outliers]
    else:
        out.append("None: every game sits within the class's spread.")
    out.append("")
    out += _others(g)
    return out


def _split_words(split: CardSplit) -> str:
    if not split.answered:
        return f"Nobody answered “{md(split.title)}”."
    words = ", ".join(f"{pct}% “{md(label)}”" for pct, label in split.shares())
    return f"At “{md(split.title)}”: {words}."


def class_markdown(report: ClassReport) -> str:
    """The whole class report as Markdown."""
    counted = sum(len(g.records) for g in report.groups)
    first = report.groups[0].content if report.groups else None
    title = md(first.scenario.title) if first else "no games"
    out = [f"# Class report: {title}", ""]
    if first:
        cal = first.scenario.calendar
        out.append(f"{report.total} save(s) read: {counted} student(s) counted in "
                   f"{len(report.groups)} group(s), {len(report.apart)} kept apart, "
                   f"{len(report.damaged)} damaged. The game runs from "
                   f"{date_label(cal.start, cal.unit)} to {date_label(cal.end, cal.unit)}.")
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
        out += [f"- {md(r.path)} ({md(who(r))}): {md(why)}" for r, why in report.apart]
        out.append("")
    if report.damaged:
        out += ["## Damaged saves (skipped)", ""]
        out += [f"- {md(d.path)}: {md(d.reason)}" for d in report.damaged]
        out.append("")
    return "\n".join(out)
