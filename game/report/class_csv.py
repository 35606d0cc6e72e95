"""The class report as CSV: one row per save, for a spreadsheet.

Every save read gets a row, with a ``status`` column: ``counted`` (one game
per student), ``what-if branch`` and ``restart or repeated name`` (shown, not
counted), ``kept apart`` (another class code, or not the game its code
fixes) or ``damaged``; the ``note`` column says why. Columns are headed with
labels and card columns hold the label of the answer taken (the first answer,
for a card met again), as a teacher reads them; figures are rounded. The text
starts with a UTF-8 byte-order mark, so spreadsheet programs read the names'
letters right, and every cell goes through :func:`game.report.safe.csv_cell`
(no formulas, no control characters).
"""

from __future__ import annotations

import csv
import io

from game.report.classreport import ClassReport, who
from game.report.records import PlayRecord
from game.report.safe import csv_cell

BOM = "\ufeff"


def _round(x: float) -> float | int:
    """A figure for a spreadsheet: whole numbers as such, others to one decimal."""
    r = round(float(x), 1)
    return int(r) if r == int(r) else r


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def class_csv(report: ClassReport) -> str:
    """CSV text (a byte-order mark, then a header row) for every save in the report."""
    content = report.groups[0].content if report.groups else None
    if content is None and report.apart:
        content = report.apart[0][0].game.content
    sc = content.scenario if content else None
    tracks = list(sc.tracks) if sc else []
    meters = [m for m in sc.meters if not m.hidden] if sc else []
    hidden = [m for m in sc.meters if m.hidden] if sc else []
    cards = list(content.cards.values()) if content else []
    head = ["Student", "File", "Class code", "Status", "Note", "Seed", "Difficulty", "Lesson",
            "Last turn", "Turns", "Finished", "Ending", *(t.label for t in tracks),
            "Joint score", "Share of the best this seed allowed (%)",
            *(f"Final: {m.label}" for m in meters), *(f"Hidden: {m.label}" for m in hidden),
            "Given", "Received", "Given before anything was received",
            *_unique([c.title for c in cards])]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([csv_cell(h) for h in head])
    rows: list[tuple[PlayRecord, str, str]] = []
    for g in report.groups:
        rows += [(r, "counted", g.title) for r in g.records]
        rows += [(r, "what-if branch", f"{g.title}; back at turn {r.whatif_turn}"
                  if r.whatif_turn else g.title) for r in g.branches]
        rows += [(r, "restart or repeated name", why) for r, why in g.extra_games]
    rows += [(r, "kept apart", why) for r, why in report.apart]
    for rec, status, note in rows:
        g = rec.game
        s = g.scores()
        picks: dict[str, str] = {}
        for _t, cid, ch in g.picks:
            picks.setdefault(cid, ch)
        conceded, delivered, pre = g.ledger_totals()
        labels = {c.id: {ch.id: ch.label for ch in c.choices} for c in cards}
        row = [who(rec), rec.path, rec.class_code or "", status, note, g.seed, g.difficulty,
               g.lesson or "", g.turn, g.total_turns, "yes" if g.over else "no",
               g.ending.title if g.ending else "",
               *(_round(s.get(t.id, 0)) for t in tracks), _round(s["score"]),
               "" if rec.skill is None else round(100 * rec.skill),
               *(_round(g.value(m.id)) for m in meters),
               *(_round(g.value(m.id)) for m in hidden),
               _round(conceded), _round(delivered), pre,
               *(labels[c.id].get(picks[c.id], picks[c.id]) if c.id in picks else ""
                 for c in cards)]
        w.writerow([csv_cell(v) for v in row])
    blanks = [""] * (len(head) - 5)
    for d in report.damaged:
        w.writerow([csv_cell(v) for v in ["", d.path, "", "damaged", d.reason, *blanks]])
    return BOM + buf.getvalue()
