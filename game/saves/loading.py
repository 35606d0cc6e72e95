"""Rebuild a game from a save: :func:`load_save`.

The game is restored from the save's snapshot, exactly as it was when saved
(replaying the decisions is :mod:`game.saves.verify`'s job). Before the game is
handed over, the snapshot is checked against the content it will run on: every
name it uses must exist there and every value must have its kind and bounds, and
the engine's own restore must give back exactly the snapshot it was given. So a
loaded game never fails later in play because of what the file held.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from game.engine import Decision, Game
from game.loading.schema import (
    ConcessionEffect,
    CounterEffect,
    DeliverableEffect,
    Effect,
    EndEffect,
    FlagEffect,
    IfEffect,
    LeverEffect,
    MeterEffect,
    ScheduleEffect,
)
from game.model.content import BUILTIN_NAMES, Content, walk_effects
from game.saves.document import Decoded
from game.saves.errors import SaveError, short
from game.saves.files import read_document
from game.saves.records import SaveMeta

_EFFECTS = TypeAdapter(list[Effect])


@dataclass
class LoadedSave:
    """A loaded game with the save's details and anything the player should be told."""

    game: Game
    meta: SaveMeta
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None
    format_version: int = 0


def load_save(path: Path, content: Content) -> LoadedSave:
    """Load a save to play on; SaveError (file untouched) if it is damaged or does not fit.

    A save made with other content (its digest differs) still loads from its
    snapshot when everything it names exists, with a warning saying so.
    """
    path = Path(path)
    decoded = read_document(path)
    return restore(decoded, content, path)


def restore(decoded: Decoded, content: Content, path: Path) -> LoadedSave:
    """The game of a checked document, checked against ``content``."""
    doc = decoded.doc
    label = path.name
    warnings = list(decoded.warnings)
    snap = doc["snapshot"]
    _check_consistent(doc, label)
    if doc["scenario"] != content.scenario.id:
        raise SaveError(f"{label} is a game of the scenario {doc['scenario']!r}, but the "
                        f"scenario loaded is {content.scenario.id!r}")
    same_content = doc["content_digest"] == content.digest
    if not same_content:
        warnings.append(
            f"{label} was made with different content (content digest "
            f"{doc['content_digest']}, now {content.digest}"
            + (f"; it was saved with {' + '.join(doc['content_layers'])}"
               if doc["content_layers"] else "")
            + "). It is loaded as it was saved, but the rest of the game follows the "
            "content loaded now, and 'replay --verify' will not match.")
    if not same_content:
        snap, notes = _adapt(snap, content)
        if notes:
            warnings.append(f"To fit the content loaded now, {label} was adapted in memory "
                            f"(the file is unchanged): {'; '.join(notes)}.")
    try:
        _check_against_content(snap, content)
        game = Game.from_snapshot(content, snap)
    except SaveError as exc:
        hint = "" if same_content else " (the save was made with different content)"
        raise SaveError(f"{label} does not fit the content loaded: {exc.message}{hint}",
                        path) from None
    except Exception as exc:  # the engine refusing the snapshot, in its own words
        raise SaveError(f"{label} cannot be restored: {short(exc, 200, False)}", path) \
            from None
    _check_round_trip(game, snap, label, path)
    if not same_content:
        game.scores()  # recompute the tracks under the formulas loaded now
    try:
        # Everything a screen asks of a game at once; a broken state fails here, not in play.
        game.choices(), game.actions(), game.levers(), game.meters(hidden=True)
        _ = game.ending, game.card
    except Exception as exc:
        raise SaveError(f"{label} cannot be played on: {short(exc, 200, False)}", path) \
            from None
    meta = SaveMeta.from_dict(doc["meta"])
    return LoadedSave(game, meta, warnings, path, decoded.from_version)


def _adapt(snap: dict[str, Any], content: Content) -> tuple[dict[str, Any], list[str]]:
    """Fit a snapshot from other content: new names get their start values, gone ones go.

    Only plain values are adapted (meters, levers, flags, counters, tracks); a save
    that names a card, choice or ending the content no longer has is still refused.
    """
    sc = content.scenario
    defaults: dict[str, Any] = {}
    for m in sc.meters:
        start = m.start
        defaults[m.id] = round(sum(start) / 2) if isinstance(start, tuple) else start
    defaults.update({lv.id: lv.start == "imposed" for lv in sc.levers})
    defaults.update({f: False for f in content.flags})
    defaults.update({c: 0 for c in content.counters})
    defaults.update({t.id: 0.0 for t in sc.tracks})
    values = dict(snap["values"])
    added = [k for k in defaults if k not in values]
    dropped = [k for k in values if k not in defaults and k not in BUILTIN_NAMES]
    if not added and not dropped:
        return snap, []
    for k in added:
        values[k] = defaults[k]
    for k in dropped:
        del values[k]
    history = [[t, {**{m.id: values[m.id] for m in sc.meters if m.id not in v},
                    **{k: x for k, x in v.items() if k in content.meters}}]
               for t, v in snap["history"]]
    notes = []
    if added:
        notes.append("added " + ", ".join(f"{k} = {_word(defaults[k])}" for k in added))
    if dropped:
        notes.append("dropped " + ", ".join(dropped))
    return {**snap, "values": values, "history": history}, notes


def _word(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:g}"


def _check_consistent(doc: dict[str, Any], label: str) -> None:
    """The top-level copies of seed, difficulty, generator state, decisions and summary agree."""
    snap = doc["snapshot"]
    pairs = [("seed", doc["seed"], snap["seed"]),
             ("difficulty", doc["difficulty"], snap["difficulty"]),
             ("scenario", doc["scenario"], snap["scenario"]),
             ("generator state", doc["rng_state"], snap["rng"]),
             ("decisions", doc["decisions"], snap["decisions"]),
             ("turn", doc["summary"]["turn"], snap["turn"]),
             ("ending", doc["summary"]["ending"], snap["ending"])]
    for what, top, inner in pairs:
        if top != inner:
            raise SaveError(f"{label} is damaged: its {what} ({short(top)}) does not match "
                            f"the snapshot's ({short(inner)})")
    for n, text in enumerate(doc["decisions"], 1):
        try:
            Decision.parse(text)
        except ValueError:
            raise SaveError(f"{label} is damaged: decision {n} is {short(text)}, which is "
                            "not a move") from None


def _check_against_content(snap: dict[str, Any], content: Content) -> None:
    sc = content.scenario
    if not 1 <= snap["turn"] <= content.total_turns:
        raise SaveError(f"turn {snap['turn']} is outside the calendar "
                        f"(1 to {content.total_turns})")
    if snap["difficulty"] not in {d.id for d in sc.difficulties}:
        raise SaveError(f"there is no difficulty {short(snap['difficulty'])}")
    if not 0 <= snap["capital"] <= sc.capital.max:
        raise SaveError(f"political capital {snap['capital']} is out of range")
    values = snap["values"]
    kinds: dict[str, str] = {}
    kinds.update({m: "meter" for m in content.meters})
    kinds.update({lv: "lever" for lv in content.levers})
    kinds.update({f: "flag" for f in content.flags})
    kinds.update({c: "counter" for c in content.counters})
    kinds.update({t.id: "track" for t in sc.tracks})
    for name in kinds:
        if name not in values:
            raise SaveError(f"it has no value for the {kinds[name]} {name!r}")
    for name, value in values.items():
        kind = kinds.get(name) or ("builtin" if name in BUILTIN_NAMES else "")
        if not kind:
            raise SaveError(f"it holds a value for {short(name)}, which the content does "
                            "not define")
        _check_value(name, kind, value, content)
    for name in ("turn", "capital"):
        if name in values and values[name] != snap[name]:
            raise SaveError(f"its {name} is {snap[name]} but its values say {values[name]}")
    cards = content.cards
    if snap["card"] is not None and snap["card"] not in cards:
        raise SaveError(f"the current card {short(snap['card'])} is not in the content")
    for card in snap["seen"]:
        if card not in cards:
            raise SaveError(f"it has seen a card {short(card)} that the content lacks")
    for _turn, card, choice in snap["picks"]:
        if card not in cards or choice not in {c.id for c in cards[card].choices}:
            raise SaveError(f"it answered {short(card)} with {short(choice)}, which the "
                            "content lacks")
    if snap["ending"] is not None and snap["ending"] not in content.endings_by_id:
        raise SaveError(f"it ended with {short(snap['ending'])}, an ending the content lacks")
    for p in snap["pending"]:
        _check_pending(p, content)
    for n, change in enumerate(snap["log"], 1):
        name, both = change["name"], (change["before"], change["after"])
        if name in content.levers or name in content.flags:
            if not all(isinstance(v, bool) for v in both):
                raise SaveError(f"logged change {n} to {name!r} is not true/false")
        elif any(isinstance(v, bool) for v in both):
            raise SaveError(f"logged change {n} to {short(name)} is true/false, not a number")
    for entry in snap["history"]:
        for name in entry[1]:
            if name not in content.meters:
                raise SaveError(f"its history names a meter {short(name)} the content lacks")


def _check_value(name: str, kind: str, value: Any, content: Content) -> None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "meter":
        meter = content.meters[name]
        if not number or not meter.min <= value <= meter.max:
            raise SaveError(f"the meter {name!r} is {short(value)}, outside "
                            f"{meter.min:g} to {meter.max:g}")
    elif kind in ("lever", "flag"):
        if not isinstance(value, bool):
            raise SaveError(f"the {kind} {name!r} is {short(value)}, not true or false")
    elif kind in ("counter", "track"):
        if not number:
            raise SaveError(f"the {kind} {name!r} is {short(value)}, not a number")
    elif name in ("date", "difficulty"):
        if not isinstance(value, str):
            raise SaveError(f"{name!r} is {short(value)}, not text")
    elif not number:
        raise SaveError(f"{name!r} is {short(value)}, not a number")


def _check_pending(p: dict[str, Any], content: Content) -> None:
    if p["kind"] == "card" and p["card"] not in content.cards:
        raise SaveError(f"a card {short(p['card'])} is due that the content lacks")
    if p["kind"] == "ongoing" and p["target"] not in content.meters:
        raise SaveError(f"a continuing change to {short(p['target'])} is due, a meter the "
                        "content lacks")
    if p["kind"] != "effects":
        return
    try:
        effects = _EFFECTS.validate_python(p["effects"])
    except ValidationError as exc:
        raise SaveError(f"a delayed effect is malformed ({exc.error_count()} problems)") \
            from None
    for eff, _loc in walk_effects(effects, ()):
        _check_effect(eff, content)


def _check_effect(eff: Effect, content: Content) -> None:
    names: list[tuple[str, Any, Any]] = []  # (kind, name, known names)
    exprs: list[Any] = []
    if isinstance(eff, MeterEffect):
        names.append(("meter", eff.meter, content.meters))
        exprs += [eff.add, eff.set]
    elif isinstance(eff, FlagEffect):
        names.append(("flag", eff.flag, content.flags))
    elif isinstance(eff, CounterEffect):
        names.append(("counter", eff.counter, content.counters))
        exprs += [eff.add, eff.set]
    elif isinstance(eff, LeverEffect):
        names.append(("lever", eff.lever, content.levers))
    elif isinstance(eff, ConcessionEffect | DeliverableEffect):
        exprs.append(eff.value)
    elif isinstance(eff, ScheduleEffect):
        names.append(("card", eff.schedule, content.cards))
    elif isinstance(eff, EndEffect):
        names.append(("ending", eff.end, content.endings_by_id))
    elif isinstance(eff, IfEffect):
        exprs.append(eff.if_)
    for kind, name, known in names:
        if name not in known:
            raise SaveError(f"a delayed effect names the {kind} {short(name)}, which the "
                            "content lacks")
    for source in exprs:
        if isinstance(source, str) and source not in content.exprs:
            raise SaveError(f"a delayed effect uses the formula {short(source)}, which the "
                            "content does not have")


def _check_round_trip(game: Game, snap: dict[str, Any], label: str, path: Path) -> None:
    """The engine must give back exactly the snapshot it was given (no silent coercion)."""
    def canon(value: Any) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))

    again = game.snapshot()
    # The schema already fixed every field's type, so plain equality is exact enough
    # (it only equates 1 and 1.0) and much cheaper than comparing canonical texts.
    if again == snap:
        return
    for key in sorted(set(again) | set(snap)):
        if canon(again.get(key)) != canon(snap.get(key)):
            raise SaveError(f"{label} cannot be restored exactly: its snapshot's {key!r} "
                            "is not what the game would write (damaged or edited)", path)
    raise SaveError(f"{label} cannot be restored exactly", path)
