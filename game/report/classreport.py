"""A class's games side by side, as data: endings, decision splits, paths, outliers.

Saves are grouped by class code and never mixed: a save whose code was made
for other content, or whose seed, difficulty and lesson are not the ones its
code fixes, is kept apart and named; damaged saves are named and skipped.

Within a group, one game counts per student. What-if branches are shown on
their own and never counted as students; when one name has several games (a
restart, or two students with the same name) the game that went furthest is
counted and the others are flagged. Unfinished games are counted in the
endings and the decision splits, listed in the roster, and kept out of the
score statistics and score outliers. A card met more than once counts a
student's first answer in the split; the later answers are reported beside it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from game.classroom.classcode import ClassCode, ClassCodeError
from game.engine import Game
from game.model.content import Content
from game.report.records import Damaged, PlayRecord
from game.report.reference import historical_game
from game.report.safe import clean


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
    repeats: int = 0  # students who met the card more than once
    later: list[ChoiceCount] = field(default_factory=list)  # their answers after the first

    @property
    def gap(self) -> float:
        """Points between the two most chosen answers (100 when only one was chosen)."""
        shares = sorted((self.pct(c.count) for c in self.choices), reverse=True)
        return shares[0] - shares[1] if len(shares) > 1 else 100

    def pct(self, count: int) -> int:
        """A count as a whole percentage of the students who answered."""
        return round(100 * count / self.answered) if self.answered else 0

    def shares(self) -> list[tuple[int, str]]:
        """(percentage, label) of each answer someone gave, the most chosen first."""
        top = sorted(self.choices, key=lambda c: -c.count)
        return [(self.pct(c.count), c.label) for c in top if c.count]


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

    branches: list[PlayRecord] = field(default_factory=list)  # what-if branches, not counted
    extra_games: list[tuple[PlayRecord, str]] = field(default_factory=list)  # restarts: why
    roster: list[RosterRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        """How the report names this group."""
        return f"Class code {self.code_text}" if self.code_text else "Games without a class code"

    @property
    def finished(self) -> list[PlayRecord]:
        """The counted games that reached an ending: the only ones in the score statistics."""
        return [r for r in self.records if r.game.over]

    @property
    def closest(self) -> CardSplit | None:
        """The card where the class split most evenly (answered by at least two, and by at
        least half the class when any card was), for the debrief to start from."""
        answered = [s for s in self.splits if s.answered >= 2 and
                    sum(1 for c in s.choices if c.count) >= 2]
        half = [s for s in answered if s.answered * 2 >= len(self.records)]
        pool = half or answered
        return min(pool, key=lambda s: (s.gap, -s.answered, s.first_turn)) if pool else None


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One counted student: how their game stands."""

    name: str
    ending: str  # the ending's title, or "not finished"
    tracks: list[float]  # in the scenario's track order
    score: float
    skill: float | None  # share of the best this seed allowed, when the save holds it
    last_turn: int
    total_turns: int
    flags: list[str]  # e.g. "restarted: 2 other games"


@dataclass
class ClassReport:
    """Every group, and the saves that were kept apart or could not be read."""

    groups: list[ClassGroup]
    apart: list[tuple[PlayRecord, str]]
    damaged: list[Damaged]
    total: int


def who(rec: PlayRecord) -> str:
    """A student's name (cleaned of control characters), or the save's file name."""
    return clean(rec.player) or clean(rec.path.replace("\\", "/").rsplit("/", 1)[-1])


def name_key(name: str) -> str:
    """Names that are one student's: case, spacing and control characters aside."""
    return clean(name).casefold()


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
            if rec.game.lesson != code.lesson:
                apart.append((rec, f"played {_variant(rec.game.lesson)}, but {code.text} "
                                   f"fixes {_variant(code.lesson)}"))
                continue
        if wanted is not None and text != wanted:
            apart.append((rec, f"another class code ({text or 'none'})"))
            continue
        by_code.setdefault(text, []).append(rec)
    groups = []
    for text in sorted(by_code, key=lambda t: (t is None, t or "")):
        group = ClassGroup(codes.get(text) if text else None, text, [], content)
        _sort_out(group, by_code[text])
        if text is None:
            seeds = {r.game.seed for r in group.records}
            group.note = ("These games were played without a class code" +
                          (f", with {len(seeds)} different seeds: they did not meet the same "
                           "events, so compare them with care." if len(seeds) > 1 else "."))
        _fill(group)
        groups.append(group)
    return ClassReport(groups, apart, damaged, len(items))


def _variant(lesson: str | None) -> str:
    return f"the lesson {lesson!r}" if lesson else "the full game"


def _furthest(rec: PlayRecord) -> tuple[bool, int, str]:
    return (rec.game.over, len(rec.game.decisions), rec.saved_at or "")


def _sort_out(group: ClassGroup, records: list[PlayRecord]) -> None:
    """Branches aside; one game per name counted, the others flagged (see the module doc)."""
    by_name: dict[str, list[PlayRecord]] = {}
    for rec in records:
        if rec.whatif_turn is not None:
            group.branches.append(rec)
        else:
            key = name_key(rec.player) or f"\0{rec.path}"  # no name: one game per file
            by_name.setdefault(key, []).append(rec)
    for games in by_name.values():
        keep = max(games, key=_furthest)
        group.records.append(keep)
        for other in games:
            if other is not keep:
                group.extra_games.append((other, (
                    f"another game under the name {who(keep)!r} (a restart, or two students "
                    f"with one name): not counted; the game that went furthest, "
                    f"{keep.path.replace(chr(92), '/').rsplit('/', 1)[-1]}, is")))
    group.records.sort(key=lambda r: (_natural(name_key(who(r))), r.path))


def _natural(text: str) -> list[tuple[int, int | str]]:
    """A sort key that puts "Student 2" before "Student 10"."""
    return [(0, int(part)) if part.isdigit() else (1, part)
            for part in re.split(r"(\d+)", text) if part]


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
    shared = {(g.seed, g.difficulty, g.lesson) for g in games}
    if len(shared) == 1:
        seed, diff, lesson = shared.pop()
        group.reference = historical_game(content, seed, diff, lesson=lesson)
    ref_scores = group.reference.scores() if group.reference else None
    # Scores: finished games only (a game quit early is not the class's best or worst).
    scores = [r.game.scores() for r in group.finished]
    labels = [(t.id, t.label) for t in sc.tracks] + [("score", "Joint score")]
    for key, label in labels:
        vals = [s[key] for s in scores]
        if vals:
            group.stats.append(Stat(label, statistics.median(vals), statistics.fmean(vals),
                                    min(vals), max(vals),
                                    ref_scores[key] if ref_scores else None))
    group.roster = [_roster_row(group, r) for r in group.records]
    # Decision splits per card, in the order cards first came up.
    seen: Counter[str] = Counter()
    first: dict[str, int] = {}
    picked: dict[str, Counter[str]] = {}
    later: dict[str, Counter[str]] = {}
    repeats: Counter[str] = Counter()
    for g in games:
        for cid, turns in g.seen.items():
            seen[cid] += 1
            first[cid] = min(first.get(cid, 999), turns[0])
            if len(turns) > 1:
                repeats[cid] += 1
        done: set[str] = set()
        for _t, cid, ch in g.picks:
            if cid in done:  # a card met again: the first answer is the split, later ones aside
                later.setdefault(cid, Counter())[ch] += 1
                continue
            done.add(cid)
            picked.setdefault(cid, Counter())[ch] += 1
    for cid in sorted(seen, key=lambda c: (first[c], c)):
        card = content.cards.get(cid)
        if card is None:
            continue
        got = picked.get(cid, Counter())
        again = later.get(cid, Counter())
        group.splits.append(CardSplit(
            cid, card.title, first[cid], seen[cid], sum(got.values()),
            [ChoiceCount(c.id, c.label, got.get(c.id, 0), c.historical) for c in card.choices],
            repeats[cid],
            [ChoiceCount(c.id, c.label, again[c.id], c.historical) for c in card.choices
             if again.get(c.id)]))
    # Levers: how many students lifted each at least once.
    for lv in sc.levers:
        n = sum(1 for g in games if any(d.kind == "lever" and d.target == lv.id and
                                        d.value == "lifted" for d in g.decisions))
        group.levers.append((lv.label, n))
    group.outliers = _outliers(group)


def _roster_row(group: ClassGroup, rec: PlayRecord) -> RosterRow:
    g = rec.game
    s = g.scores()
    flags = [f"{n} other game(s) under this name" for n in
             [sum(1 for o, _w in group.extra_games if name_key(o.player) == name_key(rec.player)
                  and name_key(rec.player))] if n]
    branches = sum(1 for b in group.branches if name_key(b.player) == name_key(rec.player)
                   and name_key(rec.player))
    if branches:
        flags.append(f"{branches} what-if branch(es)")
    return RosterRow(who(rec), g.ending.title if g.ending else "not finished",
                     [s.get(t.id, 0.0) for t in group.content.scenario.tracks], s["score"],
                     rec.skill, g.turn, g.total_turns, flags)


def _outliers(group: ClassGroup) -> list[tuple[str, str]]:
    """Scores outside Tukey's fences, games ended early, and choices only one student made."""
    out: list[tuple[str, str]] = []
    recs = group.records
    joint = [(r, r.game.scores()["score"]) for r in group.finished]
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
    for r in recs:
        g = r.game
        if g.over and g.ending and not g.ending.final and g.turn < g.total_turns:
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
