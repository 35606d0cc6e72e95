"""A class's games side by side, as data: endings, decision splits, paths, outliers.

Saves are grouped by class code and never mixed: a save whose code was made
for other content, or whose seed and difficulty are not the ones its code
fixes, is kept apart and named; damaged saves are named and skipped.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from game.classroom.classcode import ClassCode, ClassCodeError
from game.engine import Game
from game.model.content import Content
from game.report.records import Damaged, PlayRecord
from game.report.reference import historical_game


@dataclass(frozen=True, slots=True)
class ChoiceCount:
    """How many students took one choice at one card."""

    choice_id: str
    label: str
    count: int
    historical: bool


@dataclass(frozen=True, slots=True)
class CardSplit:
    """One card: how many students met it, how many answered, and how they split."""

    card_id: str
    title: str
    first_turn: int
    seen: int
    answered: int
    choices: list[ChoiceCount]

    def pct(self, count: int) -> int:
        """A count as a whole percentage of the students who answered."""
        return round(100 * count / self.answered) if self.answered else 0

    def headline(self) -> str:
        """'63% chose “Ease the travel ban” at “The Stockholm talks”'."""
        if not self.answered:
            return f"Nobody answered “{self.title}”."
        top = max(self.choices, key=lambda c: c.count)
        return f"{self.pct(top.count)}% chose “{top.label}” at “{self.title}”."


@dataclass(frozen=True, slots=True)
class Stat:
    """Median, mean and range of one score across a group."""

    label: str
    median: float
    mean: float
    low: float
    high: float
    reference: float | None


@dataclass
class ClassGroup:
    """The games played with one class code (or with none)."""

    code: ClassCode | None
    code_text: str | None
    records: list[PlayRecord]
    content: Content
    note: str = ""
    endings: list[tuple[str, str, str, int]] = field(default_factory=list)  # id, title, tone, n
    unfinished: int = 0
    stats: list[Stat] = field(default_factory=list)
    splits: list[CardSplit] = field(default_factory=list)
    levers: list[tuple[str, int]] = field(default_factory=list)  # lever label, students lifting
    outliers: list[tuple[str, str]] = field(default_factory=list)  # who, why
    reference: Game | None = None

    @property
    def title(self) -> str:
        """How the report names this group."""
        return f"Class code {self.code_text}" if self.code_text else "Games without a class code"


@dataclass
class ClassReport:
    """Every group, and the saves that were kept apart or could not be read."""

    groups: list[ClassGroup]
    apart: list[tuple[PlayRecord, str]]
    damaged: list[Damaged]
    total: int


def who(rec: PlayRecord) -> str:
    """A student's name, or the save's file name when they gave none."""
    return rec.player or rec.path.rsplit("/", 1)[-1]


def build_class_report(content: Content, items: list[PlayRecord | Damaged],
                       only_code: str | None = None) -> ClassReport:
    """Group saves by class code, check each against its code, and count everything."""
    damaged = [i for i in items if isinstance(i, Damaged)]
    records = [i for i in items if isinstance(i, PlayRecord)]
    apart: list[tuple[PlayRecord, str]] = []
    by_code: dict[str | None, list[PlayRecord]] = {}
    codes: dict[str, ClassCode] = {}
    wanted = None
    if only_code is not None:
        wanted = ClassCode.parse(only_code, content).text  # raises for a bad --class
    for rec in records:
        text = rec.class_code.strip().upper() if rec.class_code else None
        if text is not None:
            try:
                code = codes[text] if text in codes else ClassCode.parse(text, content)
            except ClassCodeError as exc:
                apart.append((rec, f"class code {text}: {exc}"))
                continue
            codes[text] = code
            text = code.text
            if (rec.game.seed, rec.game.difficulty) != (code.seed, code.difficulty):
                apart.append((rec, f"played with seed {rec.game.seed}, difficulty "
                                   f"{rec.game.difficulty}, but {code.text} fixes seed "
                                   f"{code.seed}, difficulty {code.difficulty}"))
                continue
        if wanted is not None and text != wanted:
            apart.append((rec, f"another class code ({text or 'none'})"))
            continue
        by_code.setdefault(text, []).append(rec)
    groups = []
    for text in sorted(by_code, key=lambda t: (t is None, t or "")):
        group = ClassGroup(codes.get(text) if text else None, text, by_code[text], content)
        if text is None:
            seeds = {r.game.seed for r in group.records}
            group.note = ("These games were played without a class code" +
                          (f", with {len(seeds)} different seeds: they did not meet the same "
                           "events, so compare them with care." if len(seeds) > 1 else "."))
        _fill(group)
        groups.append(group)
    return ClassReport(groups, apart, damaged, len(items))


def _fill(group: ClassGroup) -> None:
    content = group.content
    sc = content.scenario
    games = [r.game for r in group.records]
    # Endings, in content order, then unfinished games.
    counts = Counter(g.ending_id for g in games)
    group.endings = [(e.id, e.title, e.tone, counts[e.id]) for e in content.endings
                     if counts.get(e.id)]
    group.unfinished = counts.get(None, 0)
    # The historical path with the group's dice (only when they all share them).
    shared = {(g.seed, g.difficulty) for g in games}
    if len(shared) == 1:
        seed, diff = shared.pop()
        group.reference = historical_game(content, seed, diff)
    ref_scores = group.reference.scores() if group.reference else None
    scores = [g.scores() for g in games]
    labels = [(t.id, t.label) for t in sc.tracks] + [("score", "Joint score")]
    for key, label in labels:
        vals = [s[key] for s in scores]
        group.stats.append(Stat(label, statistics.median(vals), statistics.fmean(vals),
                                min(vals), max(vals),
                                ref_scores[key] if ref_scores else None))
    # Decision splits per card, in the order cards first came up.
    seen: Counter[str] = Counter()
    first: dict[str, int] = {}
    picked: dict[str, Counter[str]] = {}
    for g in games:
        for cid, turns in g.seen.items():
            seen[cid] += 1
            first[cid] = min(first.get(cid, 999), turns[0])
        done: set[str] = set()
        for _t, cid, ch in g.picks:
            if cid in done:  # a repeatable card counts once per student: the first answer
                continue
            done.add(cid)
            picked.setdefault(cid, Counter())[ch] += 1
    for cid in sorted(seen, key=lambda c: (first[c], c)):
        card = content.cards.get(cid)
        if card is None:
            continue
        got = picked.get(cid, Counter())
        group.splits.append(CardSplit(
            cid, card.title, first[cid], seen[cid], sum(got.values()),
            [ChoiceCount(c.id, c.label, got.get(c.id, 0), c.historical) for c in card.choices]))
    # Levers: how many students lifted each at least once.
    for lv in sc.levers:
        n = sum(1 for g in games if any(d.kind == "lever" and d.target == lv.id and
                                        d.value == "lifted" for d in g.decisions))
        group.levers.append((lv.label, n))
    group.outliers = _outliers(group)


def _outliers(group: ClassGroup) -> list[tuple[str, str]]:
    """Scores outside Tukey's fences, games ended early, and choices only one student made."""
    out: list[tuple[str, str]] = []
    recs = group.records
    joint = [(r, r.game.scores()["score"]) for r in recs]
    if len(joint) >= 4:
        q1, _q2, q3 = statistics.quantiles([s for _r, s in joint], n=4, method="inclusive")
        lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        for r, s in joint:
            if s < lo:
                out.append((who(r), f"joint score {s:.0f}, far below the class (middle half "
                                    f"{q1:.0f}-{q3:.0f})"))
            elif s > hi:
                out.append((who(r), f"joint score {s:.0f}, far above the class (middle half "
                                    f"{q1:.0f}-{q3:.0f})"))
    total = group.content.total_turns
    for r in recs:
        g = r.game
        if g.over and g.ending and not g.ending.final and g.turn < total:
            out.append((who(r), f"the game ended early, in turn {g.turn}: {g.ending.title}"))
    if len(recs) >= 5:
        for split in group.splits:
            for c in split.choices:
                if c.count == 1 and split.answered >= 5:
                    r = next(r for r in recs if any(cid == split.card_id and ch == c.choice_id
                                                    for _t, cid, ch in r.game.picks))
                    out.append((who(r), f"the only one to choose “{c.label}” at "
                                        f"{split.title}"))
    return out
