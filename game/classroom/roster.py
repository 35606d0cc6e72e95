"""The class folder of ``serve --class``: who joined, their private saves, the teacher's hold.

Everything the class server knows lives in one folder, so the teacher view,
``class-report`` and a restarted server all read the same state::

    CLASS/                      the class folder (``serve --saves-dir``)
      .hold.json                present while the teacher holds the class (see Hold)
      aiko-3f9a1c2e/            one folder per student: their saves only
        .student.json           name, and hashes of the personal code and of the token
        autosave-….json         their game (written by their own game process)

A student's folder name is derived from the name (so a second "Aiko" finds the
first one's folder: a duplicate), never from anything else the student types.
Files starting with a dot are not saves: ``class-report`` skips them.
Names, codes and tokens come from strangers: names are tidied and bounded,
codes and tokens are compared by their hashes in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STUDENT_FILE = ".student.json"
HOLD_FILE = ".hold.json"
NAME_MAX = 40
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a screen
CODE_LENGTH = 6
RECORD_MAX_BYTES = 4096


class RosterError(ValueError):
    """A join that cannot go ahead; the message is for the student."""


def tidy_name(raw: str) -> str:
    """A name as it is shown: NFKC, spaces collapsed; raises RosterError when unusable."""
    name = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    if not name:
        raise RosterError("Type your name to join the class.")
    if len(name) > NAME_MAX:
        raise RosterError(f"That name is too long: at most {NAME_MAX} characters, please.")
    if any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise RosterError("A name cannot contain control characters.")
    return name


def name_key(name: str) -> str:
    """What makes two names the same name: case and width folded (``Aiko`` = ``AIKO``)."""
    return tidy_name(name).casefold()


def folder_name(name: str) -> str:
    """The student's folder: an ASCII slug of the name (readable for the teacher) and a
    hash of the whole name (so names in any script get distinct, safe folder names)."""
    key = name_key(name)
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", key)
                  .encode("ascii", "ignore").decode().lower()).strip("-")[:20] or "student"
    return f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def _hash(secret: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()


def new_code() -> str:
    """A short personal code, e.g. ``K7M-2QP``: shown once at joining, typed to resume."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:3]}-{raw[3:]}"


def tidy_code(raw: str) -> str:
    """A typed personal code in the form it was shown (case, spaces and dash forgiven)."""
    text = re.sub(r"[\s\-_.]", "", (raw or "").upper())
    return f"{text[:3]}-{text[3:]}" if len(text) == CODE_LENGTH else text


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write a small JSON file so that a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path, limit: int = RECORD_MAX_BYTES) -> dict[str, Any] | None:
    """A small JSON object from a file, or None when it is missing, too big or not one."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        return None
    if len(data) > limit:
        return None
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


@dataclass
class Student:
    """One student of the class, as their ``.student.json`` records them."""

    name: str
    folder: Path
    salt: str
    code_hash: str
    token_hash: str
    joined: float

    def code_matches(self, code: str) -> bool:
        """True when ``code`` is this student's personal code."""
        return hmac.compare_digest(_hash(tidy_code(code), self.salt), self.code_hash)

    def token_matches(self, token: str) -> bool:
        """True when ``token`` is the one this student's browser holds now."""
        return hmac.compare_digest(_hash(token, self.salt), self.token_hash)

    def save(self) -> None:
        """Write the record (atomically) into the student's folder."""
        write_json_atomic(self.folder / STUDENT_FILE, {
            "name": self.name, "salt": self.salt, "code_hash": self.code_hash,
            "token_hash": self.token_hash, "joined": self.joined})

    @classmethod
    def read(cls, folder: Path) -> Student | None:
        """The record in ``folder``, or None when there is none or it is damaged."""
        doc = read_json(folder / STUDENT_FILE)
        if doc is None:
            return None
        fields = ("name", "salt", "code_hash", "token_hash")
        if not all(isinstance(doc.get(f), str) for f in fields):
            return None
        try:
            if folder_name(doc["name"]) != folder.name:
                return None  # a record copied into another student's folder
        except RosterError:
            return None
        joined = doc.get("joined")
        return cls(doc["name"], folder, doc["salt"], doc["code_hash"], doc["token_hash"],
                   float(joined) if isinstance(joined, (int, float)) else 0.0)


@dataclass(frozen=True)
class Joined:
    """The outcome of a join: the student, the browser's new token, and the personal
    code when it was just made (shown once, on the welcome page)."""

    student: Student
    token: str
    new_code: str | None


class Roster:
    """The students of one class folder: join, resume, and find a student by token.

    Attempts at a name's code are limited (``MAX_TRIES`` per ``LOCK_SECONDS``), so a
    six-character code cannot be guessed by trying.
    """

    MAX_TRIES = 5
    LOCK_SECONDS = 60.0

    def __init__(self, folder: Path, max_students: int = 120) -> None:
        """The roster of ``folder`` (created if missing); at most ``max_students`` join."""
        self.folder = folder
        self.max_students = max_students
        folder.mkdir(parents=True, exist_ok=True)
        self._failures: dict[str, list[float]] = {}
        self._tokens: dict[str, str] = {}  # token -> folder name: no scan per request

    def students(self) -> list[Student]:
        """Everyone who has joined, in the order they joined."""
        found = []
        for sub in self.folder.iterdir():
            if sub.is_dir() and not sub.name.startswith("."):
                st = Student.read(sub)
                if st is not None:
                    found.append(st)
        return sorted(found, key=lambda s: (s.joined, s.name))

    def find(self, name: str) -> Student | None:
        """The student who joined with this name (any case), if any."""
        return Student.read(self.folder / folder_name(name))

    def by_token(self, token: str) -> Student | None:
        """The student whose browser holds ``token``; None for an unknown token."""
        if not token or len(token) > 100:
            return None
        known = self._tokens.get(token)
        if known is not None:
            st = Student.read(self.folder / known)
            if st is not None and st.token_matches(token):
                return st
            self._tokens.pop(token, None)  # signed out by a join from another device
        for st in self.students():  # a token from before a restart of the server
            if st.token_matches(token):
                self._tokens[token] = st.folder.name
                return st
        return None

    def join(self, raw_name: str, raw_code: str = "") -> Joined:
        """Join with a new name, or come back with a name and its personal code.

        Raises RosterError (for the join page) for an unusable name, a name already
        taken (without its code, or with a wrong one), or a full class.
        """
        name = tidy_name(raw_name)
        key = name_key(name)
        existing = self.find(name)
        token = secrets.token_urlsafe(32)
        if existing is not None:
            if not raw_code.strip():
                raise RosterError(
                    f"The name {existing.name!r} is already taken in this class. If it is "
                    "yours, type your personal code below to go back to your game. If not, "
                    "add something to tell you apart (an initial: \"Aiko T.\").")
            now = time.monotonic()
            tries = [t for t in self._failures.get(key, []) if now - t < self.LOCK_SECONDS]
            if len(tries) >= self.MAX_TRIES:
                raise RosterError("Too many wrong codes for this name: wait a minute, then "
                                  "try again, or ask your teacher.")
            if not existing.code_matches(raw_code):
                self._failures[key] = [*tries, now]
                raise RosterError(f"That is not the personal code of {existing.name!r}. "
                                  "Check the code you wrote down when you joined.")
            self._failures.pop(key, None)
            existing.token_hash = _hash(token, existing.salt)  # the old browser is signed out
            existing.save()
            self._tokens[token] = existing.folder.name
            return Joined(existing, token, None)
        if len(self.students()) >= self.max_students:
            raise RosterError("This class is full. Ask your teacher.")
        code = new_code()
        salt = secrets.token_hex(8)
        student = Student(name, self.folder / folder_name(name), salt, _hash(code, salt),
                          _hash(token, salt), time.time())
        student.save()
        self._tokens[token] = student.folder.name
        return Joined(student, token, code)


@dataclass(frozen=True)
class Hold:
    """The teacher holds the class: every student at ``turn`` or later waits (their game
    shows a notice and takes no moves) until the teacher releases it (the file goes)."""

    turn: int
    note: str = ""

    @classmethod
    def read(cls, folder: Path) -> Hold | None:
        """The hold in force for the class in ``folder``, or None."""
        return cls.read_file(folder / HOLD_FILE)

    @classmethod
    def read_file(cls, path: Path) -> Hold | None:
        """The hold in the file ``path``, or None (no file, or not a hold)."""
        doc = read_json(path)
        if doc is None or not isinstance(doc.get("turn"), int) or isinstance(doc["turn"], bool):
            return None
        note = doc.get("note")
        return cls(doc["turn"], note[:500] if isinstance(note, str) else "")

    def write(self, folder: Path) -> None:
        """Put the hold in force."""
        write_json_atomic(folder / HOLD_FILE, {"turn": self.turn, "note": self.note})

    @staticmethod
    def release(folder: Path) -> None:
        """Release the class: every held game goes on."""
        (folder / HOLD_FILE).unlink(missing_ok=True)
