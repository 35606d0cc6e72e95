"""Class codes: a short code on the board that fixes the game every student plays.

A class code such as ``KOBE-4271`` fixes the seed, the difficulty and whether
discussion stops are on, and carries a check on the content digest, so that a
student whose game has other content (another version, other mods) is told so
instead of silently playing a different game.

Encoding (docs/CLASSROOM.md explains it for teachers)::

    WORD-DDDC     WORD: one of 2,5xx two-syllable words (KOBE, NARA, SORA, ...)
                  DDD:  three digits
                  C:    a Damm check digit over the word's number and DDD

The word's index and ``DDD`` form a number ``V`` in ``[0, words * 1000)``.
``V`` is an affine scramble (so that neighbouring seeds get unlike codes) of::

    ((seed * 2 + stops) * len(difficulties) + difficulty_index) * 1024 + check

where ``check`` is 10 bits of SHA-256 over the content digest, scenario id,
seed, stops and difficulty -- and, for a *lesson code*, the id of the lesson
variant (a fixed card per turn: ``lessons:`` in the scenario). A lesson code
has the same form as any other: the reader tries the plain check first, then
each lesson's, so every code made before lessons existed reads as it always
did. A lesson code whose check would equal the plain code's (or another
lesson's) of the same settings is never made (1 seed in about 1,000). So:

- a mistyped digit (or two swapped digits) is always caught by the check digit,
  and reported as a typing mistake;
- a code made for other content passes the content check only 1 time in 1024;
  otherwise it is refused as "made for other content";
- the seed is a small number (0 up to a few hundred, depending on the number of
  difficulties) that ``play --seed`` also accepts, so a teacher can reproduce
  any student's game without the code.

The word list and the constants below are part of the format: changing them
would break every code already written on a board (a test pins them).
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass

from game.model.content import Content

_CONSONANTS = "kstnhmrgdb"
_VOWELS = "aiueo"
# Words that are rude or slurs in Japanese or English: never printed on a board.
_BLOCKED = frozenset({
    "baka", "kuso", "debu", "busu", "kasu", "hage", "gesu", "homo", "kike", "dago",
    "niga", "nige", "nigu", "nego", "mara", "dame", "buta", "gebi", "kusu", "kaka",
    "baba", "sine", "dasa", "kimo",
})
#: Every code word, in a fixed order (the index is part of the code).
WORDS: tuple[str, ...] = tuple(
    w for w in (a + b + c + d for a in _CONSONANTS for b in _VOWELS
                for c in _CONSONANTS for d in _VOWELS)
    if w not in _BLOCKED
)
_INDEX = {w: i for i, w in enumerate(WORDS)}
_SPACE = len(WORDS) * 1000
_CHECK = 1024
_MUL = 1_000_003  # a prime that divides neither 1000 nor len(WORDS): the scramble is a bijection
_ADD = 7_919_113
assert math.gcd(_MUL, _SPACE) == 1
_UNMUL = pow(_MUL, -1, _SPACE)

# Damm's quasigroup of order 10: detects every single-digit error and every
# swap of two adjacent digits (H. M. Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_SHAPE = re.compile(r"^([a-z]{4})-?(\d{4})$")
EXAMPLE = "KOBE-4271"


class ClassCodeError(ValueError):
    """A class code that cannot be used; the message says why and what to do."""


def _damm(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def _content_check(content: Content, seed: int, stops: bool, difficulty: str,
                   lesson: str | None = None) -> int:
    text = f"{content.digest}|{content.scenario.id}|{seed}|{int(stops)}|{difficulty}"
    if lesson is not None:
        text += f"|lesson:{lesson}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") % _CHECK


def seed_capacity(content: Content) -> int:
    """How many seeds (0 to this minus 1) a class code can carry for this content."""
    return _SPACE // (_CHECK * 2 * len(content.scenario.difficulties))


def normalize(text: str) -> str:
    """Tidy what a student typed: case, spaces, dashes, O for 0 and I/L for 1 in the digits."""
    raw = re.sub(r"[\s_.]+", "", text.strip().lower()).replace("—", "-").replace("–", "-")
    word, dash, digits = raw.partition("-")
    if not dash and len(raw) == 8:
        word, digits = raw[:4], raw[4:]
    digits = digits.translate(str.maketrans("oilz", "0112"))
    return f"{word}-{digits}"


@dataclass(frozen=True, slots=True)
class ClassCode:
    """A decoded class code: what every game started with it shares."""

    text: str
    seed: int
    difficulty: str
    stops: bool
    scenario: str
    digest: str
    lesson: str | None = None  # the lesson variant (a fixed card per turn), if any

    def describe(self) -> str:
        """One line for a teacher: what the code fixes."""
        lesson = f", lesson {self.lesson}" if self.lesson else ", the full game"
        return (f"{self.text}: scenario {self.scenario}, seed {self.seed}, difficulty "
                f"{self.difficulty}, discussion stops {'on' if self.stops else 'off'}{lesson} "
                f"(content {self.digest})")

    @classmethod
    def make(cls, content: Content, seed: int | None = None, difficulty: str | None = None,
             stops: bool = False, lesson: str | None = None) -> ClassCode:
        """Make the code for these settings; a random seed when ``seed`` is None (and the
        scenario's first difficulty when ``difficulty`` is None).

        ``lesson`` asks for that lesson variant of the scenario (see the module doc).
        """
        diffs = [d.id for d in content.scenario.difficulties]
        if difficulty is None and diffs:
            difficulty = diffs[0]
        if difficulty not in diffs:
            raise ClassCodeError(f"unknown difficulty {difficulty!r}; choose one of: "
                                 f"{', '.join(diffs)}")
        lessons = [x.id for x in content.scenario.lessons]
        if lesson is not None and lesson not in lessons:
            raise ClassCodeError(f"unknown lesson {lesson!r}; this scenario has: "
                                 f"{', '.join(lessons) or 'no lessons'}")
        cap = seed_capacity(content)
        random_seed = seed is None
        if seed is None:
            seed = secrets.randbelow(cap)
        if not 0 <= seed < cap:
            raise ClassCodeError(f"a class code carries a seed from 0 to {cap - 1}, not {seed}")
        while lesson is not None and _ambiguous(content, seed, stops, difficulty, lesson):
            if not random_seed:
                raise ClassCodeError(f"seed {seed} cannot carry a code for lesson {lesson!r} "
                                     "with these settings (its code would read as another "
                                     f"game's); choose another seed, e.g. {(seed + 1) % cap}")
            seed = secrets.randbelow(cap)
        check = _content_check(content, seed, stops, difficulty, lesson)
        plain = (((seed * 2 + int(stops)) * len(diffs) + diffs.index(difficulty)) * _CHECK
                 + check)
        value = (plain * _MUL + _ADD) % _SPACE
        word, ddd = divmod(value, 1000)
        damm = _damm(f"{word:04d}{ddd:03d}")
        text = f"{WORDS[word].upper()}-{ddd:03d}{damm}"
        return cls(text, seed, difficulty, stops, content.scenario.id, content.digest, lesson)

    @classmethod
    def parse(cls, text: str, content: Content) -> ClassCode:
        """Read a code typed by a student and check it against this content.

        Raises :class:`ClassCodeError` with a message for the student: a typing
        mistake, or a code made for other content.
        """
        shown = text.strip().upper() or "''"
        norm = normalize(text)
        m = _SHAPE.match(norm)
        if not m:
            raise ClassCodeError(f"{shown} is not a class code: a class code is a word of four "
                                 f"letters and four digits, like {EXAMPLE}")
        word, digits = m.groups()
        if word not in _INDEX:
            raise ClassCodeError(f"{shown}: {word.upper()!r} is not a class-code word; check "
                                 "the spelling on the board")
        widx = _INDEX[word]
        if _damm(f"{widx:04d}{digits}") != 0:
            raise ClassCodeError(f"{shown} has a typing mistake: its last digit does not match "
                                 "the rest. Check the code on the board")
        value = widx * 1000 + int(digits[:3])
        plain = (value - _ADD) * _UNMUL % _SPACE
        check = plain % _CHECK
        rest = plain // _CHECK
        diffs = [d.id for d in content.scenario.difficulties]
        rest, dindex = divmod(rest, len(diffs))
        seed, stops = divmod(rest, 2)
        canonical = f"{word.upper()}-{digits}"
        lesson = _which_variant(content, seed, bool(stops), diffs[dindex], check) \
            if seed < seed_capacity(content) else False
        if lesson is False:
            raise ClassCodeError(
                f"{canonical} was made for other game content. This game is "
                f"{content.scenario.title!r} (content {content.digest}"
                + (f", mods: {', '.join(content.layers[1:])}" if len(content.layers) > 1 else "")
                + "). Everyone in the class needs the same version of the game and the same "
                "mods as the teacher who made the code")
        return cls(canonical, seed, diffs[dindex], bool(stops), content.scenario.id,
                   content.digest, lesson or None)


def _which_variant(content: Content, seed: int, stops: bool, difficulty: str,
                   check: int) -> str | bool | None:
    """None for the full game, a lesson id, or False when no variant has this check."""
    if check == _content_check(content, seed, stops, difficulty):
        return None
    for lesson in content.scenario.lessons:
        if check == _content_check(content, seed, stops, difficulty, lesson.id):
            return lesson.id
    return False


def _ambiguous(content: Content, seed: int, stops: bool, difficulty: str, lesson: str) -> bool:
    """True when this lesson's code would read as the full game's or an earlier lesson's."""
    return _which_variant(content, seed, stops, difficulty,
                          _content_check(content, seed, stops, difficulty, lesson)) != lesson
