"""What reading content gives back: the files as read and the result of a load or check.

Kept apart from :mod:`game.loading.loader` (which imports YAML and pydantic) so
that the game can hold a result served by the content cache without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.loading.problems import Problem, Severity
from game.model.content import Content, Loc
from game.model.safetext import describe_char, find_control

if TYPE_CHECKING:
    from game.loading.mods import LoadOrder, Merged
    from game.loading.yamlsource import SourceMap


@dataclass
class SourceFile:
    """One content file as read: its kind, text and parsed data."""

    path: Path
    display: str
    kind: str
    layer: str
    text: str
    data: Any = None
    _source: SourceMap | None = None

    def source(self) -> SourceMap:
        """The line-tracking map, built on first use (only when reporting a problem)."""
        if self._source is None:
            from game.loading.yamlsource import SourceMap

            self._source = SourceMap.build(self.text)
        return self._source


@dataclass
class LoadResult:
    """What a load or check found: the content (when usable) and every problem."""

    content: Content | None
    problems: list[Problem]
    files: list[SourceFile] = field(default_factory=list)
    #: The load order (scenario, then mods) and what was left out: see game.loading.mods.
    load_order: LoadOrder | None = None

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the content from loading."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth fixing that do not stop loading."""
        return [p for p in self.problems if p.severity == "warning"]


class Checker:
    """Collects problems for one run, locating each in its file only when needed."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Mods' patches: a part of the merged content is reported where it was written.
        self.merged: Merged | None = None

    def at(self, file: SourceFile, loc: Loc, message: str, hint: str = "",
           severity: Severity = "error", col_offset: int = 0) -> None:
        if self.merged is not None:
            file, loc = self.merged.locate(file, loc)
        line, col = file.source().position(loc) if file.text else (0, 0)
        self.problems.append(
            Problem(file.display, line, col + col_offset, message, severity, hint)
        )


def control_problems(file: SourceFile, raw: Any, problems: list[Problem]) -> bool:
    """Refuse control characters (ESC and the like, bidirectional overrides) in any
    text of a file, each located; True if there was one. Tab and line feed are fine.

    YAML itself refuses most of them written raw, but a quoted "\\e" or "\\x1b"
    makes one; the line mode would write it to the player's terminal.
    """
    text = file.text
    if "\\" not in text and find_control(text) < 0:
        return False  # no escape and no such character written raw: nothing to find
    found = False
    stack: list[tuple[Any, Loc]] = [(raw, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                stack.append((v, (*loc, k)))
                if isinstance(k, str) and find_control(k) >= 0:
                    stack.append((k, (*loc, k)))
        elif isinstance(value, list):
            stack.extend((v, (*loc, i)) for i, v in enumerate(value))
        elif isinstance(value, str):
            i = find_control(value)
            if i >= 0:
                found = True
                line, col = file.source().position(loc)
                problems.append(Problem(
                    file.display, line, col,
                    f"the control character {describe_char(value[i])} is not allowed in "
                    f"content text (character {i + 1} of this text)",
                    hint="delete it: control characters change what a terminal shows"))
    return found
