"""``play --class CODE --name NAME`` and ``play --load SAVE --branch TURN`` in the line mode.

:func:`prepare` turns those options into what the CLI needs: the game to play
(a new one with the code's seed and difficulty, or a branch of a saved game),
a hook that pauses at discussion stops, and a hook that saves after every move
with the student's name and class code in the save, so the teacher can
collect the files afterwards.
"""

from __future__ import annotations

import argparse
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from game.classroom.classcode import ClassCode, ClassCodeError
from game.classroom.stops import plain_stop
from game.classroom.whatif import BranchError, branch
from game.engine import Game
from game.model.content import Content

if TYPE_CHECKING:
    from game.plain import PlainSession
    from game.saves.records import SaveMeta


class ClassroomError(ValueError):
    """A classroom option that cannot be used; the message says why."""


@dataclass
class ClassPlay:
    """What ``play`` needs for a class game or a what-if branch."""

    game: Game | None
    player: str
    code: ClassCode | None
    stops: bool
    save_folder: Path | None = None
    game_id: str | None = None
    note: str = ""
    saved_to: Path | None = None
    whatif_turn: int | None = None  # a branch: the turn it went back to (the report shows it)

    @property
    def on_card(self) -> Callable[[PlainSession], None] | None:
        """The discussion-stop hook, when the class code turned stops on."""
        return plain_stop if self.stops else None

    def meta(self) -> SaveMeta:
        """What every save of this game carries: the student's name and the class code."""
        from game.saves.records import SaveMeta

        return SaveMeta(player=self.player or None,
                        class_code=self.code.text if self.code else None,
                        game_id=self.game_id,
                        extra={} if self.whatif_turn is None
                        else {"whatif_turn": self.whatif_turn})

    def on_turn(self, game: Game) -> None:
        """Save after every move, with the student's name and the class code in the save."""
        if self.save_folder is None:
            return
        from game.saves.files import autosave

        self.saved_to = autosave(game, self.save_folder, self.meta())


def _slug(text: str) -> str:
    """A name for a file name: letters of any script and digits, the rest dashes.

    Only Unicode letters (L*) and decimal digits (Nd) are kept: both the writer's
    check and the save schema's pattern accept exactly those, and none is a path
    separator, a control or an invisible character.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch if unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "Nd"
                   else "-" for ch in text)
    return re.sub(r"-+", "-", kept).strip("-")[:16].strip("-") or "player"


def class_game_id(class_code: str | None, player: str, whatif: bool = False) -> str | None:
    """The game id of a class game, so that its autosave file names the code and the student
    (``autosave-kobe-4271-aiko-tanaka-1f3a.json``); None (a random id) for other games."""
    stem = "-".join(p for p in ((class_code or "").lower(), _slug(player) if player else "",
                                "whatif" if whatif else "") if p)
    return f"{stem}-{secrets.token_hex(2)}" if stem else None


def _ask_name(inp: IO[str], out: IO[str]) -> str:
    if not inp.isatty():
        raise ClassroomError("a class game needs the student's name: add --name \"Your Name\"")
    out.write("Your name (it goes in your save, for your teacher): ")
    out.flush()
    name = inp.readline().strip()
    if not name:
        raise ClassroomError("a class game needs the student's name")
    return name


def apply_code(args: argparse.Namespace, content: Content) -> ClassCode:
    """Check ``--class`` against the content and put its seed and difficulty into ``args``.

    Raises ClassroomError for a bad code, or a ``--seed``/``--difficulty`` that
    contradicts it. The Textual UI then starts the code's game like any other.
    """
    try:
        code = ClassCode.parse(args.class_code, content)
    except ClassCodeError as exc:
        raise ClassroomError(str(exc)) from None
    if args.seed is not None and args.seed != code.seed:
        raise ClassroomError(f"--seed {args.seed} does not match class code {code.text} "
                             f"(seed {code.seed}); leave out --seed")
    if args.difficulty not in (None, code.difficulty):
        raise ClassroomError(f"--difficulty {args.difficulty} does not match class code "
                             f"{code.text} ({code.difficulty}); leave out --difficulty")
    args.seed, args.difficulty = code.seed, code.difficulty
    args.class_code, args.lesson = code.text, code.lesson
    return code


def prepare(args: argparse.Namespace, content: Content, inp: IO[str],
            out: IO[str]) -> ClassPlay:
    """Read ``--class``, ``--name`` and ``--branch`` (with ``--load``); raise ClassroomError."""
    from game.saves.errors import SaveError
    from game.saves.files import saves_dir

    folder = saves_dir(getattr(args, "saves_dir", None))
    name = (args.name or "").strip()
    code: ClassCode | None = None
    game: Game | None = None
    note = ""
    if args.branch is not None:
        load = getattr(args, "load", None)
        if not load:
            raise ClassroomError("--branch TURN needs --load SAVE: the game to go back into")
        if args.class_code:
            raise ClassroomError("--branch keeps the saved game's class code; leave out --class")
        from game.saves.files import find_save
        from game.saves.loading import load_save

        try:
            loaded = load_save(find_save(load, folder), content)
        except SaveError as exc:
            raise ClassroomError(str(exc)) from None
        try:
            game = branch(loaded.game, args.branch)
        except BranchError as exc:
            raise ClassroomError(str(exc)) from None
        name = name or (loaded.meta.player or "")
        if loaded.meta.class_code:
            try:
                code = ClassCode.parse(loaded.meta.class_code, content)
            except ClassCodeError:
                code = None  # the branch is still playable; the report will flag the code
        note = (f"What if: back at turn {args.branch} of {Path(load).name}, with the same "
                "seed. This branch saves to a new file; the original save is untouched.")
    elif args.class_code:
        code = apply_code(args, content)
        if not name:
            name = _ask_name(inp, out)
        game = Game.new(content, code.seed, code.difficulty, lesson=code.lesson)
        note = (f"Class code {code.text}: seed {code.seed}, difficulty {code.difficulty}, "
                f"discussion stops {'on' if code.stops else 'off'}"
                + (f", lesson {code.lesson} ({game.total_turns} turns)." if code.lesson
                   else "."))
    from game.saves.files import new_game_id

    game_id = class_game_id(code.text if code else None, name, args.branch is not None) \
        or new_game_id()
    return ClassPlay(game, name, code, bool(code and code.stops), folder, game_id, note,
                     whatif_turn=args.branch)
