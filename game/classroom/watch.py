"""What the teacher sees of a class, read from the class folder (see :mod:`roster`).

:class:`ClassWatch` reads each student's newest save through the game's own
save loader (checked, never trusted) and keeps it until the file changes, so a
refresh every few seconds costs a few ``stat`` calls while nobody moves. The
browser teacher page (``serve``) and the terminal one (``class-watch``) show
the same :class:`ClassState`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from game.classroom.roster import Hold, Student, read_json

if TYPE_CHECKING:
    from game.engine import Game
    from game.model.content import Content


@dataclass(frozen=True)
class StudentRow:
    """One student's line: where their game is."""

    name: str
    folder: str
    turn: int = 0
    date: str = ""
    card: str = ""
    ending: str = ""
    joint: float | None = None
    problem: str = ""
    started: bool = False
    held: bool = False

    @property
    def finished(self) -> bool:
        """True once the student's game has reached an ending."""
        return bool(self.ending)


@dataclass(frozen=True)
class Split:
    """How the class answered one card: ``answers`` is (choice label, count) in the card's
    order; ``waiting`` students are on the card now and have not answered it yet."""

    card_id: str
    title: str
    turn: int
    answers: tuple[tuple[str, int], ...]
    waiting: int


@dataclass(frozen=True)
class ClassState:
    """The class at one moment."""

    students: tuple[StudentRow, ...]
    endings: tuple[tuple[str, int], ...]
    split: Split | None
    hold: Hold | None
    lead_turn: int
    total_turns: int
    playing: int = 0
    finished: int = 0
    answered: Split | None = None
    """The card most students have already answered (the one to discuss after a stop)."""
    unit: str = "month"
    """The calendar's unit, to write the students' dates in."""

    def to_json(self) -> dict[str, object]:
        """The state as plain JSON (the teacher page's ``state.json``)."""
        return {
            "students": [{"name": s.name, "turn": s.turn, "date": s.date, "card": s.card,
                          "ending": s.ending, "joint": s.joint, "problem": s.problem,
                          "started": s.started, "held": s.held} for s in self.students],
            "endings": [list(e) for e in self.endings],
            "split": None if self.split is None else {
                "card": self.split.card_id, "title": self.split.title,
                "turn": self.split.turn, "answers": [list(a) for a in self.split.answers],
                "waiting": self.split.waiting},
            "answered": None if self.answered is None else {
                "card": self.answered.card_id, "title": self.answered.title,
                "turn": self.answered.turn,
                "answers": [list(a) for a in self.answered.answers]},
            "hold": None if self.hold is None else {"turn": self.hold.turn},
            "lead_turn": self.lead_turn, "total_turns": self.total_turns,
            "playing": self.playing, "finished": self.finished,
        }


@dataclass
class _Cached:
    stamp: tuple[int, int]
    game: Game | None
    problem: str


@dataclass
class ClassWatch:
    """Reads the class folder on demand; unchanged saves are not read again."""

    folder: Path
    content: Content
    _cache: dict[Path, _Cached] = field(default_factory=dict)

    def _newest_save(self, sub: Path) -> Path | None:
        """The student's game: the newest ``*.json`` save in their folder (their autosave,
        or a named save made since)."""
        best: tuple[int, Path] | None = None
        for p in sub.glob("*.json"):
            if p.name.startswith("."):
                continue
            try:
                mtime = p.stat().st_mtime_ns
            except OSError:
                continue
            if best is None or mtime > best[0]:
                best = (mtime, p)
        return best[1] if best else None

    def _game(self, path: Path) -> tuple[Game | None, str]:
        from game.saves.errors import SaveError
        from game.saves.loading import load_save

        try:
            st = path.stat()
        except OSError as exc:
            return None, f"cannot be read: {exc.strerror or exc}"
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached.game, cached.problem
        try:
            game, problem = load_save(path, self.content).game, ""
        except SaveError as exc:
            game, problem = None, str(exc)
        except (OSError, ValueError) as exc:
            game, problem = None, f"cannot be read: {exc}"
        self._cache[path] = _Cached(stamp, game, problem)
        return game, problem

    def state(self) -> ClassState:
        """Everyone's game now, the endings so far, and the split on the class's card."""
        hold = Hold.read(self.folder)
        rows: list[StudentRow] = []
        games: list[Game] = []
        students = []
        try:
            subs = sorted(p for p in self.folder.iterdir()
                          if p.is_dir() and not p.name.startswith("."))
        except OSError:
            subs = []
        for sub in subs:
            st = Student.read(sub)
            if st is not None:
                students.append(st)
        students.sort(key=lambda s: (s.joined, s.name))
        for st in students:
            path = self._newest_save(st.folder)
            if path is None:
                rows.append(StudentRow(st.name, st.folder.name))
                continue
            game, problem = self._game(path)
            if game is None:
                rows.append(StudentRow(st.name, st.folder.name, problem=problem, started=True))
                continue
            games.append(game)
            card = game.card
            ending = game.ending
            joint = game.scores().get("score") if game.over else None
            rows.append(StudentRow(
                st.name, st.folder.name, game.turn, game.date,
                card.title if card is not None else "", ending.title if ending else "",
                round(joint, 1) if joint is not None else None, started=True,
                held=hold is not None and not game.over and game.turn >= hold.turn))
        endings = Counter(r.ending for r in rows if r.ending)
        playing = [g for g in games if not g.over]
        lead = max((g.turn for g in playing), default=0)
        return ClassState(tuple(rows), tuple(sorted(endings.items(), key=lambda e: -e[1])),
                          self._split(games), hold, lead, self.content.total_turns,
                          len(playing), sum(1 for g in games if g.over), self._answered(games),
                          unit=self.content.scenario.calendar.unit)

    def _split(self, games: list[Game]) -> Split | None:
        """The card most students still playing are on (ties: the earlier turn), with the
        answers of everyone who has already met it."""
        current = Counter((g.turn, g.card_id) for g in games if not g.over and g.card_id)
        if not current:
            return None
        (turn, card_id), waiting = min(current.items(), key=lambda kv: (-kv[1], kv[0][0]))
        assert card_id is not None
        card = self.content.cards[card_id]
        counts = Counter(choice for g in games for t, c, choice in g.picks
                         if c == card_id and t == turn)
        answers = tuple((ch.label, counts.get(ch.id, 0)) for ch in card.choices)
        return Split(card_id, card.title, turn, answers, waiting)


    def _answered(self, games: list[Game]) -> Split | None:
        """The card (at one turn) answered by the most students; ties: the later turn."""
        met = Counter((t, c) for g in games for t, c, _ch in g.picks)
        if not met:
            return None
        (turn, card_id), _n = max(met.items(), key=lambda kv: (kv[1], kv[0][0]))
        card = self.content.cards[card_id]
        counts = Counter(ch for g in games for t, c, ch in g.picks if (t, c) == (turn, card_id))
        return Split(card_id, card.title, turn,
                     tuple((ch.label, counts.get(ch.id, 0)) for ch in card.choices), 0)


def class_folder_of(saves_dir: str | None, class_code: str | None) -> Path:
    """The class folder ``serve`` uses: ``--saves-dir``, else ``saves/class-<code>``."""
    if saves_dir:
        return Path(saves_dir).expanduser().resolve()
    from game.saves.files import saves_dir as default_saves

    stem = f"class-{class_code.lower()}" if class_code else "class"
    return (default_saves(None) / stem).resolve()


def is_class_folder(folder: Path) -> bool:
    """True when ``folder`` looks like a class folder (a student record or a hold in it)."""
    if read_json(folder / ".hold.json") is not None:
        return True
    try:
        return any((p / ".student.json").is_file() for p in folder.iterdir() if p.is_dir())
    except OSError:
        return False
