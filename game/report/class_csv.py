"""The class report as CSV: one row per save, for a spreadsheet.

Every save read gets a row, with a ``status`` column: ``counted``, ``apart``
(another class code, or not the game its code fixes) or ``damaged``; the
``note`` column says why. Card columns hold the choice id taken at that card.
"""

from __future__ import annotations

import csv
import io

from game.report.classreport import ClassReport


def class_csv(report: ClassReport) -> str:
    """CSV text (with a header row) for every save in the report."""
    content = report.groups[0].content if report.groups else None
    if content is None and report.apart:
        content = report.apart[0][0].game.content
    tracks = [t.id for t in content.scenario.tracks] if content else []
    meters = [m.id for m in content.scenario.meters if not m.hidden] if content else []
    hidden = [m.id for m in content.scenario.meters if m.hidden] if content else []
    cards = list(content.cards) if content else []
    head = ["file", "player", "class_code", "status", "note", "seed", "difficulty", "turn",
            "finished", "ending", "ending_title", *tracks, "score",
            *(f"final_{m}" for m in meters), *(f"hidden_{m}" for m in hidden),
            "concessions", "deliverables", "preemptive",
            *(f"card_{c}" for c in cards)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    rows = [(r, "counted", g.title) for g in report.groups for r in g.records]
    rows += [(r, "apart", why) for r, why in report.apart]
    for rec, status, note in rows:
        g = rec.game
        s = g.scores()
        picks: dict[str, str] = {}
        for _t, cid, ch in g.picks:
            picks.setdefault(cid, ch)
        conceded, delivered, pre = g.ledger_totals()
        w.writerow([rec.path, rec.player, rec.class_code or "", status, note, g.seed,
                    g.difficulty, g.turn, "yes" if g.over else "no", g.ending_id or "",
                    g.ending.title if g.ending else "",
                    *(f"{s.get(t, 0):g}" for t in tracks), f"{s['score']:g}",
                    *(f"{float(g.value(m)):g}" for m in meters),
                    *(f"{float(g.value(m)):g}" for m in hidden),
                    f"{conceded:g}", f"{delivered:g}", pre,
                    *(picks.get(c, "") for c in cards)])
    blanks = [""] * (len(head) - 5)
    for d in report.damaged:
        w.writerow([d.path, "", "", "damaged", d.reason, *blanks])
    return buf.getvalue()
