"""Replay a save from its seed and decisions and compare with its snapshot: :func:`verify_save`.

The comparison walks the records in the order things happened (the change log
first, then news, the ledger, the meter history, the cards drawn), so the
difference reported is the earliest one a player would recognise: "turn 4:
Seoul's confidence 50 -> 44 in the save, 50 -> 47 on replay".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import game as game_pkg
from game.engine import Decision, Game, IllegalMove
from game.model.calendars import date_label
from game.model.content import Content
from game.saves.errors import short
from game.saves.files import read_document


@dataclass
class VerifyResult:
    """The outcome of replaying a save.

    ``ok`` is True when the replay reproduces the snapshot exactly; otherwise
    ``difference`` says, in words, the first thing that differs. ``game`` is the
    replayed game (None if the decisions could not all be replayed) and
    ``turns[i]`` the turn on which decision ``i`` was made.
    """

    ok: bool
    difference: str | None
    decisions: list[Decision]
    turns: list[int]
    game: Game | None
    saved_digest: str
    replayed_digest: str | None
    warnings: list[str] = field(default_factory=list)


def verify_save(path: Path, content: Content) -> VerifyResult:
    """Replay ``path`` from its seed and decisions on ``content``; SaveError if it is damaged."""
    path = Path(path)
    decoded = read_document(path)
    doc = decoded.doc
    snap = doc["snapshot"]
    warnings = list(decoded.warnings)
    if doc["content_digest"] != content.digest:
        warnings.append(f"{path.name} was made with different content (digest "
                        f"{doc['content_digest']}, now {content.digest}); a replay on this "
                        "content is not expected to match")
    if doc["game_version"] != game_pkg.__version__:
        warnings.append(f"{path.name} was saved by Parallel Tracks {doc['game_version']}; "
                        f"this is {game_pkg.__version__}, whose rules may differ")
    saved_text = _canon(snap)
    saved_digest = _digest(saved_text)
    decisions: list[Decision] = []
    turns: list[int] = []
    if doc["scenario"] != content.scenario.id:
        return VerifyResult(False, f"the save is a game of the scenario {doc['scenario']!r}, "
                            f"but the scenario loaded is {content.scenario.id!r}",
                            decisions, turns, None, saved_digest, None, warnings)
    try:
        replayed = Game.new(content, doc["seed"], doc["difficulty"],
                            lesson=snap.get("lesson"))
    except Exception as exc:
        return VerifyResult(False, f"the game cannot be started again: {short(str(exc), 200)}",
                            decisions, turns, None, saved_digest, None, warnings)
    for n, text in enumerate(doc["decisions"], 1):
        try:
            decision = Decision.parse(text)
        except ValueError:
            return VerifyResult(False, f"decision {n} is {short(text)}, which is not a move",
                                decisions, turns, None, saved_digest, None, warnings)
        turn = replayed.turn
        try:
            replayed.apply(decision)
        except IllegalMove as exc:
            return VerifyResult(False, f"decision {n} ({decision}, turn {turn}) cannot be "
                                f"replayed: {exc}", decisions, turns, None, saved_digest,
                                None, warnings)
        except Exception as exc:  # an engine failure is a difference too, not a crash
            return VerifyResult(False, f"decision {n} ({decision}, turn {turn}) failed on "
                                f"replay: {type(exc).__name__}: {short(str(exc), 200)}",
                                decisions, turns, None, saved_digest, None, warnings)
        decisions.append(decision)
        turns.append(turn)
    again = replayed.snapshot()
    again_text = _canon(again)
    difference = None if again_text == saved_text else first_difference(snap, again, replayed)
    return VerifyResult(difference is None, difference, decisions, turns, replayed,
                        saved_digest, _digest(again_text), warnings)


def _digest(canonical_text: str) -> str:
    """The same short hash as :meth:`Game.digest`, from the canonical snapshot text."""
    return hashlib.sha256(canonical_text.encode()).hexdigest()[:16]


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


# Records in the order events happen; the first that differs is the one reported.
_ORDERED = ("log", "messages", "ledger", "picks", "history")


def first_difference(saved: dict[str, Any], replayed: dict[str, Any],
                     game: Game | None = None) -> str | None:
    """The earliest difference between two snapshots, in words; None when they are equal."""
    if _canon(saved) == _canon(replayed):
        return None
    for key in _ORDERED:
        a, b = saved.get(key), replayed.get(key)
        if _canon(a) == _canon(b) or not isinstance(a, list) or not isinstance(b, list):
            continue
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else None
            y = b[i] if i < len(b) else None
            if _canon(x) != _canon(y):
                return _describe(key, i, x, y, game)
    for key in sorted(set(saved) | set(replayed)):
        if _canon(saved.get(key)) != _canon(replayed.get(key)):
            where, x, y = _deep(saved.get(key), replayed.get(key), key)
            return (f"{where}: the save has {short(x, 80)}, the replay gives "
                    f"{short(y, 80)}")
    return "the snapshots differ"  # unreachable: some key differed above


def _deep(a: Any, b: Any, where: str) -> tuple[str, Any, Any]:
    """Descend to the first differing leaf."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if _canon(a.get(k)) != _canon(b.get(k)):
                return _deep(a.get(k), b.get(k), f"{where}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if _canon(x) != _canon(y):
                return _deep(x, y, f"{where}[{i}]")
    return where, a, b


def _label(name: str, game: Game | None) -> str:
    if game is not None:
        meter = game.content.meters.get(name)
        if meter is not None:
            return meter.label
        lever = game.content.levers.get(name)
        if lever is not None:
            return lever.label
    return name


def _change_words(c: dict[str, Any] | None, game: Game | None) -> str:
    if not isinstance(c, dict):
        return "nothing"
    cause = c.get("cause") or {}
    return (f"{_label(str(c.get('name')), game)} {c.get('before')} -> {c.get('after')} "
            f"because {short(cause.get('label'), 80)}")


def _describe(key: str, i: int, saved: Any, replayed: Any, game: Game | None) -> str:
    turn = next((x.get("turn") for x in (saved, replayed) if isinstance(x, dict)), None)
    if key == "history":
        turn = next((x[0] for x in (saved, replayed) if isinstance(x, list) and x), None)
    at = f"turn {turn}: " if turn is not None else ""
    if key == "log":
        return (f"{at}change {i + 1} differs: the save has {_change_words(saved, game)}; "
                f"the replay has {_change_words(replayed, game)}")
    if key == "messages":
        return (f"{at}news item {i + 1} differs: the save has "
                f"{short((saved or {}).get('text'), 80)}; the replay has "
                f"{short((replayed or {}).get('text'), 80)}")
    if key == "ledger":
        return (f"{at}ledger entry {i + 1} differs: the save has {short(saved, 100)}; the "
                f"replay has {short(replayed, 100)}")
    if key == "picks":
        return (f"card answer {i + 1} differs: the save has {short(saved)}; the replay has "
                f"{short(replayed)}")
    a = saved[1] if isinstance(saved, list) and len(saved) > 1 else {}
    b = replayed[1] if isinstance(replayed, list) and len(replayed) > 1 else {}
    if isinstance(a, dict) and isinstance(b, dict):
        for name in sorted(set(a) | set(b)):
            if _canon(a.get(name)) != _canon(b.get(name)):
                return (f"{at}the meters recorded differ: {_label(name, game)} is "
                        f"{short(a.get(name))} in the save, {short(b.get(name))} on replay")
    where, x, y = _deep(saved, replayed, f"history[{i}]")
    return f"{at}the meters differ at {where}: the save has {short(x)}, the replay {short(y)}"


def replay_account(result: VerifyResult) -> list[str]:
    """The replayed game, turn by turn, as lines of text (for ``parallel-tracks replay``)."""
    g = result.game
    if g is None:
        return []
    content = g.content
    picks = {(t, c): ch for t, c, ch in g.picks}
    lines: list[str] = []
    by_turn: dict[int, list[Decision]] = {}
    for turn, d in zip(result.turns, result.decisions, strict=True):
        by_turn.setdefault(turn, []).append(d)
    cards_by_turn = {t: c for c, ts in g.seen.items() for t in ts}
    for turn in sorted(set(by_turn) | set(cards_by_turn)):
        card_id = cards_by_turn.get(turn)
        head = f"Turn {turn}"
        if card_id:
            card = content.cards[card_id]
            choice = picks.get((turn, card_id))
            label = next((c.label for c in card.choices if c.id == choice), None)
            head += f": {card.title}" + (f" -> {label}" if label else " (unanswered)")
        else:
            head += f": a quiet {content.scenario.calendar.unit}"
        lines.append(head)
        for d in by_turn.get(turn, []):
            if d.kind == "act":
                a = content.actions.get(d.target)
                lines.append(f"  action: {a.label if a else d.target}")
            elif d.kind == "lever":
                lv = content.levers.get(d.target)
                lines.append(f"  lever: {lv.label if lv else d.target} {d.value}")
    when = date_label(g.date, g.content.scenario.calendar.unit)
    lines.append(f"Reached turn {g.turn} ({when}) after {len(result.decisions)} decisions.")
    if g.ending is not None:
        lines.append(f"Ending: {g.ending.title}")
    meters = ", ".join(f"{m.label} {v:g}" for m, v in g.meters())
    lines.append(f"Meters: {meters}")
    return lines
