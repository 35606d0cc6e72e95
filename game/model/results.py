"""What reading content gives back: the files as read and the result of a load or check.

Kept apart from :mod:`game.model.loader` (which imports YAML and pydantic) so
that the game can hold a result served by the content cache without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.model.content import Content
from game.model.problems import Problem

if TYPE_CHECKING:
    from game.model.mods import Plan
    from game.model.yamlsource import SourceMap


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
            from game.model.yamlsource import SourceMap

            self._source = SourceMap.build(self.text)
        return self._source


@dataclass
class LoadResult:
    """What a load or check found: the content (when usable) and every problem."""

    content: Content | None
    problems: list[Problem]
    files: list[SourceFile] = field(default_factory=list)
    #: The load order (scenario, then mods) and what was left out: see game.model.mods.
    plan: Plan | None = None

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the content from loading."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth fixing that do not stop loading."""
        return [p for p in self.problems if p.severity == "warning"]
