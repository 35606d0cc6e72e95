"""Problems found in content files, reported as ``path:line:col: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a content file, located as precisely as we can.

    ``line`` and ``col`` are 1-based; 0 means "unknown" (the whole file).
    ``hint`` says what the author can do about it.
    """

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"
    hint: str = ""

    def format(self) -> str:
        """Return the one-line ``path:line:col: severity: message (hint)`` form."""
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        """The JSON form used by ``check --json``."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class ContentError(Exception):
    """Raised when content cannot be loaded; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        return "\n".join(p.format() for p in errors) or "content could not be loaded"


def format_problems(problems: Iterable[Problem]) -> str:
    """One line per problem, errors before warnings."""
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line, p.col))
    return "\n".join(p.format() for p in ordered)


def suggest(name: str, options: Iterable[str]) -> str:
    """A hint naming the closest of ``options`` to ``name`` ("did you mean ...?"), or ""."""
    match = difflib.get_close_matches(name, list(options), n=1)
    return f"did you mean {match[0]!r}?" if match else ""
