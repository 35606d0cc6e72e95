"""Live reload: re-read the content and replay the current game onto it, as Inky does.

A modder edits a card while a game runs, presses a key (or a file watcher
notices), and the game goes on with the new content, at the same point, as far
as the decisions made so far still fit:

    result = reload_game(dirs, game.seed, game.difficulty, game.decisions)
    if result.game is not None:      # the content loaded: play on with result.game
        ...
    show(result.summary())           # what changed, what stopped the replay, or errors

Nothing is lost: when the new content has errors, ``result.game`` is ``None``
and ``result.problems`` says why; the caller keeps the old game. When a decision
no longer fits (its card, choice or action changed or went), the replay stops
just before it and ``result.stopped`` says which decision and why; the game
continues from there.

It sits beside the saves and the simulator, above both the loader and the engine
(imports point model -> engine -> this). No UI here: the line mode's ``reload``
command and the Textual app call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from game.loading.loader import check_content
from game.loading.problems import Problem, format_problems
from game.model.content import Content
from game.model.expr import ExprError

if TYPE_CHECKING:
    from game.engine import Decision, Game


@dataclass
class ReloadResult:
    """What a reload found: the new game (if the content loaded) and how far it replayed."""

    game: Game | None
    content: Content | None
    problems: list[Problem] = field(default_factory=list)
    replayed: int = 0
    total: int = 0
    stopped: str = ""
    stopped_at: Decision | None = None

    @property
    def loaded(self) -> bool:
        """True when the new content loaded (the game can go on with it)."""
        return self.game is not None

    @property
    def complete(self) -> bool:
        """True when every decision was replayed."""
        return self.loaded and self.replayed == self.total and not self.stopped

    @property
    def errors(self) -> list[Problem]:
        """The problems that kept the content from loading."""
        return [p for p in self.problems if p.severity == "error"]

    def summary(self) -> str:
        """What happened, in a few lines a player or modder can act on."""
        if self.game is None:
            head = (f"The content has {len(self.errors)} error(s); the game goes on "
                    "unchanged with the content it had.")
            return head + "\n" + format_problems(self.errors)
        warnings = [p for p in self.problems if p.severity == "warning"]
        lines = []
        if self.complete:
            lines.append(f"Content reloaded; all {self.total} decision(s) replayed, "
                         f"now at turn {self.game.turn}.")
        else:
            lines.append(f"Content reloaded; replayed {self.replayed} of {self.total} "
                         f"decision(s), now at turn {self.game.turn}.")
            lines.append(f"Stopped: {self.stopped}")
        if warnings:
            lines.append(f"{len(warnings)} warning(s) ('parallel-tracks check' lists them).")
        return "\n".join(lines)


def replay_onto(content: Content, seed: int, difficulty: str,
                decisions: Iterable[Decision | str], lesson: str | None = None) -> ReloadResult:
    """Start the game anew on ``content`` and replay ``decisions`` as far as they fit."""
    from game.engine import Decision, Game, IllegalMove

    todo = [d if isinstance(d, Decision) else Decision.parse(d) for d in decisions]
    result = ReloadResult(None, content, total=len(todo))
    try:
        game = Game.new(content, seed, difficulty, lesson=lesson)
    except IllegalMove as exc:  # e.g. the difficulty (or the lesson) is gone
        fallback = content.scenario.difficulties[0].id
        game = Game.new(content, seed, fallback)
        result.game = game
        result.stopped = f"{exc}; started at difficulty {fallback!r} with no decisions"
        return result
    result.game = game
    for n, d in enumerate(todo, 1):
        if game.over:
            result.stopped = (f"the game ended at turn {game.turn} "
                              f"({game.ending.title if game.ending else 'an ending'}) before "
                              f"decision {n} ({d})")
            result.stopped_at = d
            break
        try:
            game.apply(d)
        except IllegalMove as exc:
            result.stopped = f"decision {n} ({d}) at turn {game.turn} no longer fits: {exc}"
            result.stopped_at = d
            break
        except (ExprError, KeyError, ValueError, TypeError) as exc:
            # A content bug that shows only when evaluated: report it, keep the game so far.
            result.stopped = f"decision {n} ({d}) at turn {game.turn} failed: {exc}"
            result.stopped_at = d
            rebuilt = replay_onto(content, seed, difficulty, todo[:n - 1], lesson)
            result.game = rebuilt.game
            break
        result.replayed = n
    return result


def reload_game(dirs: Sequence[Path], seed: int, difficulty: str,
                decisions: Iterable[Decision | str], optional: Iterable[Path] = (),
                lesson: str | None = None) -> ReloadResult:
    """Load the content in ``dirs`` again and replay the game onto it (see module doc)."""
    loaded = check_content(dirs, optional=optional)
    if loaded.content is None:
        return ReloadResult(None, None, loaded.problems, total=len(list(decisions)))
    result = replay_onto(loaded.content, seed, difficulty, decisions, lesson)
    result.problems = loaded.problems
    return result


def reload_from(game: Game, dirs: Sequence[Path], optional: Iterable[Path] = ()
                ) -> ReloadResult:
    """:func:`reload_game` for a running game: its seed, difficulty, lesson and decisions."""
    return reload_game(dirs, game.seed, game.difficulty, list(game.decisions), optional,
                       game.lesson)
