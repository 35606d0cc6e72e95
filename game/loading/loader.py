"""Find, read, validate and cross-check content folders into one :class:`Content`.

The happy path is fast: PyYAML's C loader, then pydantic. Only when something
is wrong do we build a :class:`~game.loading.yamlsource.SourceMap` of the file
concerned (the slow, line-tracking parse) to report ``path:line:col``.

Every problem of a run is collected and reported together, so an author fixes
a file in one pass instead of one error per run.
"""

from __future__ import annotations

__all__ = [  # what other modules import from here (some now live in folders, problems, results)
    "LoadResult",
    "SourceFile",
    "base_content_dir",
    "check_content",
    "format_problems",
    "load_content",
]

import hashlib
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from game.loading.folders import base_content_dir, display_path, link_problem, read_regular
from game.loading.mods import (
    LoadOrder,
    check_targets,
    is_directive,
    merge_layers,
    plan_stack,
    validate_list,
    validate_scenario_patch,
)
from game.loading.problems import ContentError, Problem, format_problems, suggest
from game.loading.results import Checker, LoadResult, SourceFile, control_problems
from game.loading.schema import (
    Card,
    ConcessionEffect,
    CounterEffect,
    DelayEffect,
    DeliverableEffect,
    Effect,
    EndEffect,
    Ending,
    FlagEffect,
    IfEffect,
    LeverEffect,
    MessageEffect,
    MeterEffect,
    RandomEffect,
    Reaction,
    Scenario,
    ScheduleEffect,
)
from game.loading.yamlsource import YamlFileError, read_yaml, validation_problems
from game.model.bulk import collector_paused
from game.model.calendars import FORM_HINTS, date_index
from game.model.content import (
    BUILTIN_NAMES,
    Content,
    Loc,
    Origin,
    expression_types,
)
from game.model.expr import STATE_FUNCTIONS, Compiled, ExprError, compile_typed
from game.model.exprtypes import VALUE_LIMIT, Type
from game.model.twins import from_model

#: Content kinds by where a file sits in its folder.
LIST_KINDS: dict[str, type[BaseModel]] = {
    "cards": Card,
    "reactions": Reaction,
    "endings": Ending,
}
_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    kind: TypeAdapter(list[model]) for kind, model in LIST_KINDS.items()  # type: ignore[valid-type]
}


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """List the content files under ``root`` with their kind.

    Links, to a file or a folder, are refused (``rglob`` never goes through a
    linked folder, so nothing under one is listed): content never reads outside
    its own folder. The rest of the folder is read all the same.
    """
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            problems.append(link_problem(path))
            continue
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        rel = path.relative_to(root)
        top = rel.parts[0]
        if len(rel.parts) == 1 and rel.stem == "scenario":
            found.append(("scenario", path))
        elif len(rel.parts) > 1 and top in LIST_KINDS:
            found.append((top, path))
        elif len(rel.parts) == 1 and rel.stem == "mod":
            continue  # a mod's manifest, read by game.loading.mods
        else:
            problems.append(Problem(
                str(path), 0, 0, "not a content file: the game does not read it",
                severity="warning",
                hint="put cards in cards/, reactions in reactions/, endings in endings/",
            ))
    return found, problems


def read_files(dirs: Sequence[Path], layers: Sequence[str] | None = None,
               ) -> tuple[list[SourceFile], list[Problem]]:
    """Read and validate every file of the given folders (schema only, no cross-checks)."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    for n, root in enumerate(dirs):
        layer = layers[n] if layers else ("base" if n == 0 else root.name)
        if not root.is_dir():
            problems.append(Problem(str(root), 0, 0, "no such content folder",
                                    hint="give the folder that holds scenario.yaml or cards/"))
            continue
        found, more = discover(root)
        problems.extend(more)
        for kind, path in found:
            display = display_path(path)
            try:
                text = read_regular(path)
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(display, 0, 0, f"cannot read the file: {exc}",
                                        hint="save it as UTF-8 text"))
                continue
            file = SourceFile(path, display, kind, layer, text)
            try:
                raw = read_yaml(text, display)
            except YamlFileError as exc:
                problems.extend(exc.problems)
                continue
            if control_problems(file, raw, problems):
                continue
            file.data = _validate(file, raw, problems)
            if file.data is not None:
                files.append(file)
    return files, problems


def _validate(file: SourceFile, raw: Any, problems: list[Problem]) -> Any:
    """Validate one file's data against its kind's schema; ``None`` when invalid."""
    try:
        if file.kind == "scenario":
            if not isinstance(raw, dict):
                problems.append(Problem(file.display, 1, 1, "the scenario file must be a mapping",
                                        hint="start it with 'id: my-scenario'"))
                return None
            if "patch" in raw:  # a mod's changes to the scenario under it (game.loading.mods)
                return validate_scenario_patch(file, raw, problems)
            return Scenario.model_validate(raw)
        if raw is None:
            return []
        if not isinstance(raw, list):
            problems.append(Problem(
                file.display, 1, 1, f"this file must be a list of {file.kind}",
                hint=f"start each entry with '- id: ...' ({file.kind} go in a YAML list)",
            ))
            return None
        if any(is_directive(entry) for entry in raw):  # a mod's patch/remove entries
            return validate_list(file, raw, problems)
        return _ADAPTERS[file.kind].validate_python(raw)
    except ValidationError as exc:
        model: Any = Scenario if file.kind == "scenario" else _ADAPTERS[file.kind]
        problems.extend(validation_problems(exc, file.source(), file.display, model=model))
        return None


def load_content(dirs: Sequence[Path] | None = None, layers: Sequence[str] | None = None,
                 ) -> Content:
    """Load and check content; raise :class:`ContentError` listing every error."""
    result = check_content(dirs, layers)
    if result.content is None:
        raise ContentError(result.problems)
    return result.content


def check_content(dirs: Sequence[Path] | None = None, layers: Sequence[str] | None = None,
                  optional: Iterable[Path] = ()) -> LoadResult:
    """Read, validate and cross-check; the content is ``None`` if there is any error.

    ``dirs[0]`` is the scenario, the rest are mods layered over it in the order their
    manifests allow (see :mod:`game.loading.mods`); ``optional`` mods (from the mods
    folder) that target another scenario are skipped with a warning instead of an error.
    """
    with collector_paused():
        return _check_content(list(dirs) if dirs else [base_content_dir()], layers, optional)


def _check_content(dirs: list[Path], layers: Sequence[str] | None,
                   optional: Iterable[Path]) -> LoadResult:
    plan = plan_stack(dirs, layers, optional)
    problems = list(plan.problems)
    files, more = read_files(plan.dirs, plan.names)
    problems.extend(more)
    files = [layer.manifest_file for layer in plan.layers if layer.manifest_file] + files
    if any(p.severity == "error" for p in problems):
        return LoadResult(None, problems, files, plan)
    content, more = assemble(files, plan)
    problems.extend(more)
    if any(p.severity == "error" for p in problems):
        content = None
    return LoadResult(content, problems, files, plan)


def digest_files(files: Iterable[SourceFile]) -> str:
    """A short digest of every file's layer, name and text: saves and class codes use it."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: (f.layer, f.path.name, f.display)):
        h.update(f"{f.layer}\0{f.kind}\0{f.path.name}\0".encode())
        h.update(f.text.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def assemble(files: Sequence[SourceFile], plan: LoadOrder | None = None,
             ) -> tuple[Content | None, list[Problem]]:
    """Layer the files (add, replace, patch, remove: see game.loading.mods), then cross-check."""
    chk = Checker()
    root = next((f for f in files if f.kind == "scenario" and isinstance(f.data, Scenario)),
                None)
    if plan is not None and root is not None:
        chk.problems.extend(check_targets(plan, root.data))
        kept = set(plan.names)
        files = [f for f in files if f.layer in kept]
    merged = merge_layers(files, plan, chk)
    cards: dict[str, tuple[Card, SourceFile, Loc]] = merged.tables["cards"]
    reactions: dict[str, tuple[Reaction, SourceFile, Loc]] = merged.tables["reactions"]
    endings: dict[str, tuple[Ending, SourceFile, Loc]] = merged.tables["endings"]
    scenario_file = merged.scenario_file
    if scenario_file is None or merged.scenario is None:
        if scenario_file is None:
            patches = [f for f in files if f.kind == "manifest"
                       and getattr(f.data, "targets", None) is not None]
            if patches:
                f = patches[0]
                target = getattr(f.data.targets, "scenario", "its scenario")
                chk.problems.append(Problem(
                    f.display, 0, 0, f"this is a patch mod: it changes the scenario "
                    f"{target!r} and has no scenario of its own to check alone",
                    hint="check it over its base: leave out --alone (or give the base "
                    "scenario's folder first)"))
            else:
                chk.problems.append(Problem(
                    "(content)", 0, 0, "no scenario.yaml found",
                    hint="a content folder needs a scenario.yaml at its top"))
        return None, chk.problems
    if any(p.severity == "error" for p in chk.problems):
        return None, chk.problems
    sc: Scenario = merged.scenario
    chk.merged = merged
    xc = _CrossCheck(chk, sc, scenario_file, cards, reactions, endings)
    xc.run()
    chk.problems = merged.explain(chk.problems)  # "unknown" because a mod removed it?
    if any(p.severity == "error" for p in chk.problems):
        return None, chk.problems
    # Where each card (by id), reaction ('reaction:' id), ending ('ending:' id) and the
    # scenario ('scenario') came from: a content error met in play names the file.
    origins = {cid: Origin(f.display, loc, f.layer) for cid, (_c, f, loc) in cards.items()}
    origins.update({f"reaction:{rid}": Origin(f.display, loc, f.layer)
                    for rid, (_r, f, loc) in reactions.items()})
    origins.update({f"ending:{eid}": Origin(f.display, loc, f.layer)
                    for eid, (_e, f, loc) in endings.items()})
    origins["scenario"] = Origin(scenario_file.display, (), scenario_file.layer)
    layers = plan.names if plan is not None else list(dict.fromkeys(f.layer for f in files))
    content = Content(  # the game runs on the plain twins of the checked models
        scenario=from_model(sc),
        cards={cid: from_model(c) for cid, (c, _f, _l) in cards.items()},
        reactions=[from_model(r) for r, _f, _l in reactions.values()],
        endings=[from_model(e) for e, _f, _l in endings.values()],
        exprs=xc.compiled,
        flags=frozenset(xc.flags),
        counters=frozenset(xc.counters),
        digest=digest_files(files),
        layers=layers,
        origins=origins,
    )
    return content, chk.problems


_SHOWN = 80  # how much of a refused expression an error quotes
_WHOLE_WHY = {False: "a counter holds whole numbers",
              True: "the ledger counts in whole numbers"}


def _cut(source: str, limit: int = _SHOWN) -> str:
    """An expression as quoted in an error: cut to ``limit`` characters (a refused one
    may be megabytes long)."""
    if len(source) <= limit:
        return source
    return f"{source[:limit - 3]}... ({len(source):,} characters)"


def _digits(n: int) -> int:
    """How many digits a whole number has (str() refuses one of over 4,300 digits)."""
    return max(1, int(abs(n).bit_length() * 0.30103) + 1)


def _big(x: float) -> str:
    return f"{x:,.0f}" if abs(x) < 1e15 else f"{x:.3g}"


def _offset_in(f: SourceFile, loc: Loc, source: str, col: int, chk: Checker) -> int:
    """Columns from a YAML value's start to column ``col`` of its expression, when the
    expression is written on one line as it reads (plain or quoted); else 0."""
    if col <= 0 or "\n" in source or not f.text:
        return 0
    if chk.merged is not None:
        f, loc = chk.merged.locate(f, loc)
    line, start = f.source().position(loc)
    lines = f.text.splitlines()
    if not 0 < line <= len(lines):
        return 0
    rest = lines[line - 1][start - 1:]
    quote = 1 if rest[:1] in ("'", '"') else 0
    if not rest[quote:].startswith(source[:col]):
        return 0
    return quote + col - 1


class _CrossCheck:
    """Checks that need every file: names, references, expressions."""

    def __init__(self, chk: Checker, sc: Scenario, sc_file: SourceFile,
                 cards: dict[str, tuple[Card, SourceFile, Loc]],
                 reactions: dict[str, tuple[Reaction, SourceFile, Loc]],
                 endings: dict[str, tuple[Ending, SourceFile, Loc]]) -> None:
        self.chk, self.sc, self.sc_file = chk, sc, sc_file
        self.cards, self.reactions, self.endings = cards, reactions, endings
        self.flags: set[str] = set()
        self.counters: set[str] = set()
        self.compiled: dict[str, Compiled] = {}
        self.typed: dict[str, Type | None] = {}  # None: refused (already reported)
        self.meters = {m.id for m in sc.meters}
        self.levers = {lv.id for lv in sc.levers}
        self.actors = {a.id for a in sc.actors}
        self.advisors = {a.id for a in sc.advisors}
        self.tracks = {t.id for t in sc.tracks}

    # Every list of effects in the content, with the file and path it sits at.
    def effect_lists(self) -> Iterable[tuple[Sequence[Effect], SourceFile, Loc]]:
        sc, f = self.sc, self.sc_file
        yield sc.start_effects, f, ("start_effects",)
        for i, m in enumerate(sc.meters):
            for j, t in enumerate(m.thresholds):
                yield t.effects, f, ("meters", i, "thresholds", j, "effects")
        for i, lv in enumerate(sc.levers):
            yield lv.on_lift, f, ("levers", i, "on_lift")
            yield lv.on_impose, f, ("levers", i, "on_impose")
        for i, a in enumerate(sc.actions):
            yield a.effects, f, ("actions", i, "effects")
        for i, d in enumerate(sc.difficulties):
            yield d.effects, f, ("difficulties", i, "effects")
        for card, cf, loc in self.cards.values():
            for j, ch in enumerate(card.choices):
                yield ch.effects, cf, (*loc, "choices", j, "effects")
        for r, rf, loc in self.reactions.values():
            yield r.effects, rf, (*loc, "effects")

    def run(self) -> None:
        self.check_scenario_ids()
        self.check_lessons()
        for effects, _f, _loc in self.effect_lists():
            self.collect_names(effects)
        self.check_namespaces()
        self.types, self.funcs = expression_types(self.sc, self.flags, self.counters)
        self.track_types = {k: v for k, v in self.types.items() if k not in self.tracks}
        for effects, f, loc in self.effect_lists():
            self.check_effects(effects, f, loc)
        self.check_expressions()
        self.check_endings()
        self.check_card_dates()

    def check_card_dates(self) -> None:
        """A card's ``from`` and ``until`` are written in the calendar's unit; a card
        with a historical choice has a history note."""
        unit = self.sc.calendar.unit
        for card, cf, loc in self.cards.values():
            for j, ch in enumerate(card.choices):
                if ch.historical and card.history is None:
                    self.chk.at(cf, (*loc, "choices", j, "historical"),
                                f"choice {ch.id!r} is marked historical, but card {card.id!r} "
                                "has no 'history' note",
                                hint="add history: {date, note, source} to the card, saying "
                                "what really happened and where it is recorded, or drop "
                                "'historical: true'")
            for key, text in (("from", card.from_), ("until", card.until)):
                if text is None:
                    continue
                try:
                    date_index(text, unit)
                except ValueError as exc:
                    self.chk.at(cf, (*loc, key), f"{exc} (the calendar's unit is {unit})",
                                hint=f"write it as {FORM_HINTS[unit]}")

    def collect_names(self, effects: Sequence[Effect]) -> None:
        """The flags and counters that effects set, nested ones included.

        The same walk as :func:`walk_effects`, without the paths (a large mod has
        hundreds of thousands of effects, and no problem to locate here).
        """
        for eff in effects:
            if isinstance(eff, FlagEffect):
                self.flags.add(eff.flag)
            elif isinstance(eff, CounterEffect):
                self.counters.add(eff.counter)
            elif isinstance(eff, DelayEffect):
                self.collect_names(eff.effects)
            elif isinstance(eff, RandomEffect):
                for outcome in eff.random:
                    self.collect_names(outcome.effects)
            elif isinstance(eff, IfEffect):
                self.collect_names(eff.then)
                self.collect_names(eff.else_)

    def check_scenario_ids(self) -> None:
        sc, f = self.sc, self.sc_file
        groups: dict[str, Sequence[Any]] = {
            "meters": sc.meters, "levers": sc.levers, "actions": sc.actions,
            "actors": sc.actors, "advisors": sc.advisors, "tracks": sc.tracks,
            "difficulties": sc.difficulties,
        }
        for key, items in groups.items():
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if item.id in seen:
                    first = seen[item.id] + 1
                    self.chk.at(f, (key, i, "id"),
                                f"duplicate id {item.id!r} in {key} (first at entry {first})",
                                hint="give each one its own id")
                seen.setdefault(item.id, i)
        for i, m in enumerate(sc.meters):
            if m.track and m.track not in self.tracks:
                self.chk.at(f, ("meters", i, "track"), f"unknown track {m.track!r}",
                            hint=suggest(m.track, self.tracks) or "declare it under tracks:")
        for i, lv in enumerate(sc.levers):
            if not float(lv.worth).is_integer():
                self.chk.at(f, ("levers", i, "worth"), f"{lv.worth!r} is not a whole number: "
                            "a lever's worth goes into the ledger, which counts in whole "
                            "numbers", hint="drop the fraction")
            for j, w in enumerate(lv.watchers):
                if w not in self.actors:
                    self.chk.at(f, ("levers", i, "watchers", j), f"unknown actor {w!r}",
                                hint=suggest(w, self.actors) or "declare it under actors:")

    def check_lessons(self) -> None:
        """Every card a lesson names exists; a lesson is no longer than the calendar."""
        sc, f = self.sc, self.sc_file
        unit = sc.calendar.unit
        start, end = date_index(sc.calendar.start, unit), date_index(sc.calendar.end, unit)
        seen: set[str] = set()
        for i, lesson in enumerate(sc.lessons):
            if lesson.id in seen:
                self.chk.at(f, ("lessons", i, "id"), f"duplicate lesson id {lesson.id!r}",
                            hint="give each lesson its own id")
            seen.add(lesson.id)
            if len(lesson.turns) > end - start + 1:
                self.chk.at(f, ("lessons", i, "turns"),
                            f"lesson {lesson.id!r} has {len(lesson.turns)} turns, but the "
                            f"calendar has {end - start + 1} turns",
                            hint="a lesson is at most as long as the calendar")
            for t, entry in enumerate(lesson.turns):
                family = [entry] if isinstance(entry, str) else entry or []
                for j, card_id in enumerate(family):
                    if card_id not in self.cards:
                        loc = ("lessons", i, "turns", t) + ((j,) if isinstance(entry, list)
                                                            else ())
                        self.chk.at(f, loc, f"lesson {lesson.id!r}, turn {t + 1}: unknown card "
                                            f"{card_id!r}",
                                    hint=suggest(card_id, self.cards) or "no card has that id")

    def check_namespaces(self) -> None:
        kinds = {"meter": self.meters, "lever": self.levers, "track": self.tracks,
                 "built-in name": set(BUILTIN_NAMES)}
        seen: dict[str, str] = {}
        for kind, names in kinds.items():
            for name in sorted(names):
                if name in seen:
                    self.chk.problems.append(Problem(
                        self.sc_file.display, 0, 0,
                        f"{name!r} is both a {seen[name]} and a {kind}",
                        hint="expressions could not tell them apart: rename one"))
                seen.setdefault(name, kind)
        for name in sorted(self.flags & self.counters):
            self.chk.problems.append(Problem(
                self.sc_file.display, 0, 0, f"{name!r} is used both as a flag and as a counter",
                hint="use one kind for it"))
        for name in sorted((self.flags | self.counters) & set(seen)):
            self.chk.problems.append(Problem(
                self.sc_file.display, 0, 0,
                f"flag or counter {name!r} has the name of a {seen[name]}",
                hint="rename the flag or counter"))

    def check_effects(self, effects: Sequence[Effect], f: SourceFile, loc: Loc) -> None:
        """Check every effect of a list, nested ones included, in the order (and with
        the paths) of :func:`walk_effects`; a recursive loop is cheaper than its
        generator on a large mod."""
        for i, eff in enumerate(effects):
            here = (*loc, i)
            self.check_effect(eff, f, here)
            if isinstance(eff, DelayEffect):
                self.check_effects(eff.effects, f, (*here, "effects"))
            elif isinstance(eff, RandomEffect):
                for j, outcome in enumerate(eff.random):
                    self.check_effects(outcome.effects, f, (*here, "random", j, "effects"))
            elif isinstance(eff, IfEffect):
                self.check_effects(eff.then, f, (*here, "then"))
                self.check_effects(eff.else_, f, (*here, "else"))

    def check_effect(self, eff: Effect, f: SourceFile, loc: Loc) -> None:
        if isinstance(eff, FlagEffect):  # the commonest first: nothing to check in a flag
            return
        if isinstance(eff, MeterEffect):  # expressions first, then the meter's name
            for key in ("add", "set"):
                val = getattr(eff, key)
                if val is not None:
                    self.amount(val, f, (*loc, key), "number")
            if eff.meter not in self.meters:
                self.chk.at(f, (*loc, "meter"), f"unknown meter {eff.meter!r}",
                            hint=suggest(eff.meter, self.meters) or "no meter has that id")
            return
        ref_checks: list[tuple[str, set[str] | dict[str, Any], str, str]] = []
        if isinstance(eff, CounterEffect):
            for key in ("add", "set"):
                val = getattr(eff, key)
                if val is not None:
                    self.amount(val, f, (*loc, key), "whole")
        elif isinstance(eff, LeverEffect):
            ref_checks.append(("lever", self.levers, eff.lever, "lever"))
        elif isinstance(eff, ConcessionEffect | DeliverableEffect):
            # Whole, so that the ledger's totals are whole numbers too.
            self.amount(eff.value, f, (*loc, "value"), "whole")
        elif isinstance(eff, ScheduleEffect):
            ref_checks.append(("card", self.cards, eff.schedule, "schedule"))
        elif isinstance(eff, EndEffect):
            ref_checks.append(("ending", self.endings, eff.end, "end"))
        elif isinstance(eff, MessageEffect) and eff.actor:
            ref_checks.append(("actor", self.actors, eff.actor, "actor"))
        elif isinstance(eff, IfEffect):
            self.condition(eff.if_, f, (*loc, "if"))
        elif isinstance(eff, DelayEffect):
            pass
        for what, table, name, key in ref_checks:
            if name not in table:
                self.chk.at(f, (*loc, key), f"unknown {what} {name!r}",
                            hint=suggest(name, table) or f"no {what} has that id")

    def amount(self, value: int | float | str, f: SourceFile, loc: Loc, want: str,
               names: dict[str, Type] | None = None) -> None:
        """Check a number field: a written number, or a formula that gives one.

        ``want`` is "number" or "whole". The value (every value a formula can give)
        must lie within the value limit; weights may not be negative.
        """
        if isinstance(value, str):
            t = self.expression(value, f, loc, names)
            if t is None:
                return
            if not t.numeric:
                hint = {"bool": "write for example: 5 if flag else 0",
                        "text": "a number is written without quotes",
                        "date": "a date is not an amount; count turns with 'turn'"}[t.kind]
                self.chk.at(f, loc, f"in {_cut(value)!r}: this formula gives {t.words()}, "
                            "not a number", hint=hint)
                return
            lo, hi = t.lo, t.hi
            if want == "whole" and t.kind != "whole":
                self.chk.at(f, loc, f"in {_cut(value)!r}: {_WHOLE_WHY[loc[-1] == 'value']}, "
                            "and this formula can give a fraction",
                            hint=f"round it: round({_cut(value, 40)})")
                return
        else:
            if isinstance(value, int) and not isinstance(value, bool) and \
                    abs(value) > VALUE_LIMIT:  # (a 5,000-digit int has no float)
                self.chk.at(f, loc, f"this number has about {_digits(value):,} digits; "
                            f"amounts are limited to -{VALUE_LIMIT:,} to {VALUE_LIMIT:,}",
                            hint="a meter stops at its bounds anyway: use a smaller number")
                return
            if isinstance(value, bool) or not math.isfinite(value):
                self.chk.at(f, loc, f"{value!r} is not a number", hint="write a number")
                return
            lo = hi = float(value)
            if want == "whole" and not float(value).is_integer():
                self.chk.at(f, loc, f"{value!r} is not a whole number: "
                            f"{_WHOLE_WHY[loc[-1] == 'value']}", hint="drop the fraction")
                return
        if lo < -VALUE_LIMIT or hi > VALUE_LIMIT:
            worst = hi if abs(hi) >= abs(lo) else lo
            self.chk.at(f, loc, f"this amount can be {_big(worst)}; amounts are limited to "
                        f"-{VALUE_LIMIT:,} to {VALUE_LIMIT:,}",
                        hint="a meter stops at its bounds anyway: use a smaller number")
            return
        if loc and loc[-1] == "weight" and not isinstance(value, str) and lo < 0:
            self.chk.at(f, loc, f"a weight cannot be negative ({value!r})",
                        hint="use 0 for a card that is never drawn by chance")

    def condition(self, source: str, f: SourceFile, loc: Loc) -> None:
        """Check a condition: an expression that gives true or false."""
        t = self.expression(source, f, loc)
        if t is not None and t.kind != "bool":
            hint = "compare it, e.g. 'progress >= 40'"
            if t.kind == "date":
                hint = f"compare it, e.g. 'date >= \"{self.sc.calendar.start}\"'"
            self.chk.at(f, loc, f"in {_cut(source)!r}: a condition must be true or false, "
                        f"but this gives {t.words()}", hint=hint)

    def expression(self, source: str, f: SourceFile, loc: Loc,
                   names: dict[str, Type] | None = None) -> Type | None:
        """Compile and type one expression (once per distinct text) and check its card
        references; its type, or None when it is refused (the problem is reported)."""
        # The same text was already compiled against these names: reuse it. Large
        # mods repeat conditions a lot; compiling is most of the cross-check's cost.
        if names is None and source in self.typed:
            return self.typed[source]
        try:
            compiled, t = compile_typed(source, names if names is not None else self.types,
                                        self.funcs)
        except ExprError as exc:
            self.chk.at(f, loc, f"in {_cut(source)!r}: {exc.message}", hint=exc.hint,
                        col_offset=_offset_in(f, loc, source, exc.col, self.chk))
            if names is None:
                self.typed[source] = None
            return None
        if names is None:
            self.typed[source] = t
        self.compiled.setdefault(source, compiled)
        for fn, args in compiled.refs:
            if fn not in STATE_FUNCTIONS or not args:
                continue
            card_id = args[0]
            if card_id not in self.cards:
                self.chk.at(f, loc, f"in {_cut(source)!r}: unknown card {card_id!r}",
                            hint=suggest(card_id, self.cards) or "no card has that id")
            elif fn == "chose" and len(args) > 1:
                choices = {c.id for c in self.cards[card_id][0].choices}
                if args[1] not in choices:
                    self.chk.at(f, loc, f"in {_cut(source)!r}: card {card_id!r} has no choice "
                                f"{args[1]!r}", hint=suggest(args[1], choices))
        return t

    def check_expressions(self) -> None:
        sc, f = self.sc, self.sc_file
        for i, a in enumerate(sc.actions):
            if a.when:
                self.condition(a.when, f, ("actions", i, "when"))
        for i, t in enumerate(sc.tracks):
            # A track's formula may not read tracks (they are computed from it).
            self.amount(t.formula, f, ("tracks", i, "formula"), "number",
                        names=self.track_types)
        self.amount(sc.score, f, ("score",), "number")
        self.check_signals()
        for card, cf, loc in self.cards.values():
            if card.when:
                self.condition(card.when, cf, (*loc, "when"))
            for j, var in enumerate(card.variants):
                self.condition(var.when, cf, (*loc, "variants", j, "when"))
            self.amount(card.weight, cf, (*loc, "weight"), "number")
            for j, ch in enumerate(card.choices):
                if ch.when:
                    self.condition(ch.when, cf, (*loc, "choices", j, "when"))
            if card.actor and card.actor not in self.actors:
                self.chk.at(cf, (*loc, "actor"), f"unknown actor {card.actor!r}",
                            hint=suggest(card.actor, self.actors))
            for name in card.advisors:
                if name not in self.advisors:
                    self.chk.at(cf, (*loc, "advisors", name), f"unknown advisor {name!r}",
                                hint=suggest(name, self.advisors) or "declare it under advisors:")
        for r, rf, loc in self.reactions.values():
            self.condition(r.when, rf, (*loc, "when"))
            if r.actor not in self.actors:
                self.chk.at(rf, (*loc, "actor"), f"unknown actor {r.actor!r}",
                            hint=suggest(r.actor, self.actors))
        for e, ef, loc in self.endings.values():
            if e.when:
                self.condition(e.when, ef, (*loc, "when"))

    def check_signals(self) -> None:
        """The scenario's concerns and intelligence estimate: expressions and references."""
        sc, f = self.sc, self.sc_file
        actions = {a.id for a in sc.actions}
        # What a player is shown may not be worked out from hidden values.
        hidden = {m.id for m in sc.meters if m.hidden}
        visible = {k: v for k, v in self.types.items() if k not in hidden}
        for i, c in enumerate(sc.concerns):
            self.condition(c.when, f, ("concerns", i, "when"))
            self.amount(c.turns_left, f, ("concerns", i, "turns_left"), "number")
            if c.actor not in self.actors:
                self.chk.at(f, ("concerns", i, "actor"), f"unknown actor {c.actor!r}",
                            hint=suggest(c.actor, self.actors) or "declare it under actors:")
            if c.answer is not None and c.answer not in actions:
                self.chk.at(f, ("concerns", i, "answer"), f"unknown action {c.answer!r}",
                            hint=suggest(c.answer, actions) or "declare it under actions:")
        est = sc.estimate
        if est is not None:
            for key in ("value", "spread", "reports"):
                self.amount(getattr(est, key), f, ("estimate", key), "number", names=visible)

    def check_endings(self) -> None:
        finals = [e for e, _f, _l in self.endings.values() if e.final]
        if not finals:
            self.chk.problems.append(Problem(
                self.sc_file.display, 0, 0, "no final ending: a game that reaches the end of "
                "the calendar would have no outcome",
                hint="add an ending with 'final: true' and no 'when' as the fallback"))
        elif finals[-1].when is not None:
            e, ef, loc = next(v for v in self.endings.values() if v[0] is finals[-1])
            self.chk.at(ef, (*loc, "id"), f"the last final ending {e.id!r} has a condition, "
                        "so a game may match none", severity="warning",
                        hint="leave out 'when' on the last final ending to make it the fallback")
