"""Mods: folders of content layered over a scenario, with a manifest and a load order.

A mod is a folder with a ``mod.yaml`` manifest (:class:`Manifest`: id, name,
version, the scenario and versions it targets, load-order hints) and content
files laid out like the base game's (``cards/``, ``reactions/``, ``endings/``,
optionally ``scenario.yaml``).

What a mod's entries do, by id:

- an entry whose id is new **adds** it;
- an entry with the id of an existing one **replaces** it whole;
- an entry with ``patch: true`` **patches** it: only the fields it lists
  change (a card's ``choices`` are patched by choice id, its ``advisors`` by
  name; other fields are replaced);
- an entry ``{id: x, remove: true}``, or the id in the manifest's ``remove:``
  list, **removes** it.

A mod's ``scenario.yaml`` with ``patch: true`` changes the scenario the same
way (lists with ids -- meters, levers, actions, actors, advisors, tracks,
difficulties -- merge by id; other fields are replaced). A mod whose
``scenario.yaml`` is a whole scenario is a **new scenario**: the base game is
not loaded under it, and other mods may target it.

Load order: the scenario first, then the mods in the order given (``--mod``
flags first, then the mods folder by name), moved only as far as the
manifests' ``after:``/``before:`` hints require. When two mods change the same
id, the later one wins and ``check`` names both files -- unless the later one
says ``after:`` the earlier (or the earlier ``before:`` the later), which
marks the override as intended.

This module never imports the loader at module level (the loader imports it);
the few loader types it needs are imported inside functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, Field, TypeAdapter, ValidationError, field_validator

from game.loading import yamlsource
from game.loading.folders import MANIFEST, display_path, read_regular
from game.loading.problems import Problem, Severity, suggest
from game.loading.results import Checker, SourceFile, control_problems
from game.loading.schema import (
    Card,
    Ending,
    Id,
    Label,
    Name,
    Reaction,
    Scenario,
    Strict,
    Text,
)
from game.model.content import Loc

#: The environment variable naming the mods folder (default: ``mods`` in the working directory).

# --------------------------------------------------------------------------- versions

def version_range(spec: str) -> SpecifierSet:
    """Read a mod's range of scenario versions: ``"1"``, ``"1.*"``, ``">=1.0, <2"``, ``"*"``.

    The clauses are Python's version specifiers (PEP 440, read by ``packaging``),
    joined by commas; a bare version means ``==`` it, and ``*`` (or nothing) any
    version. Raises ValueError with a sentence an author can act on.
    """
    clauses = [c.strip() for c in spec.split(",")]
    if clauses in ([""], ["*"]):
        return SpecifierSet()
    try:
        if not all(clauses):
            raise InvalidSpecifier(spec)
        return SpecifierSet(",".join(c if c[0] in "=!<>~" else "==" + c for c in clauses))
    except InvalidSpecifier:
        raise ValueError(f"cannot read the version range {spec!r}; "
                         "write e.g. '1', '1.*' or '>=1.0, <2'") from None


def in_range(version: str, spec: str) -> bool:
    """True if the scenario ``version`` (e.g. ``"1.2"``) is in the range ``spec``
    (see :func:`version_range`); a version that is no number fits ``*`` or itself."""
    try:
        return Version(version) in version_range(spec)
    except InvalidVersion:
        return spec.strip() in ("", "*") or version.strip() == spec.strip()


# --------------------------------------------------------------------------- manifest


class Target(Strict):
    """The scenario a mod is made for."""

    scenario: Name = Field(description="The scenario's id, e.g. japan_2014.")
    version: str = Field(
        "*",
        description="The scenario versions it works with: '1', '1.*', '>=1.0, <2' or '*'.",
    )

    @field_validator("version")
    @classmethod
    def _range(cls, value: str) -> str:
        version_range(value)
        return value


class Manifest(Strict):
    """A mod's ``mod.yaml``: who it is, what it targets, where it goes in the load order."""

    yaml_schema: str | None = Field(None, alias="$schema", exclude=True,
                                    description="This file's JSON Schema (for editors).")
    id: Id = Field(description="The mod's id; other mods name it in after:/before:.")
    name: Label = Field(description="The mod's name as players see it.")
    version: str = Field(
        pattern=r"^\d+(\.\d+)*$", description="The mod's own version, e.g. 1.0.2."
    )
    description: Text = Field("", description="What the mod changes, in a sentence or two.")
    authors: list[Label] = Field(default_factory=list, description="Who made it.")
    targets: Target | None = Field(
        None,
        description="The scenario (and versions) it changes. Left out: it loads over "
        "any scenario. A mod that is a whole new scenario leaves it out.",
    )
    after: list[Id] = Field(
        default_factory=list,
        description="Mods this one loads after, when they are present (its changes win).",
    )
    before: list[Id] = Field(
        default_factory=list,
        description="Mods this one loads before, when they are present (their changes win).",
    )
    remove: list[Id] = Field(
        default_factory=list,
        description="Ids of cards, reactions or endings of the layers below to remove.",
    )


_MANIFEST_ADAPTER = TypeAdapter(Manifest)

# --------------------------------------------------------------------------- the stack


Source = Literal["base", "given", "folder"]


@dataclass
class Layer:
    """One folder in the load order, with its manifest (if any) and what it changed."""

    path: Path
    name: str
    source: Source
    manifest: Manifest | None = None
    manifest_file: SourceFile | None = None
    scenario: bool = False  # holds a whole scenario (the base, or a new-scenario mod)
    counts: dict[str, int] = field(default_factory=dict)
    note: str = ""

    def describe(self) -> str:
        """One line for ``check``: name, version, where from, what it changed."""
        m = self.manifest
        title = f"{self.name} {m.version}" if m else self.name
        what = {"base": "base game", "given": "--mod", "folder": "mods folder"}[self.source]
        if self.source == "base" and m is not None:
            what = "a whole scenario" if self.scenario else "a patch mod, without its base"
        elif self.scenario and self.source != "base":
            what += ", a whole scenario"
        order = ("added", "replaced", "patched", "removed", "scenario patched")
        counts = ", ".join(f"{self.counts[k]} {k}" for k in order if self.counts.get(k))
        text = f"{title} ({what}) {display_path(self.path)}"
        if counts:
            text += f": {counts}"
        if self.note:
            text += f" [{self.note}]"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``check --json``."""
        return {
            "name": self.name,
            "path": display_path(self.path),
            "source": self.source,
            "version": self.manifest.version if self.manifest else None,
            "scenario": self.scenario,
            "changes": dict(self.counts),
            "note": self.note,
        }


@dataclass
class LoadOrder:
    """The folders to load, in order, and what deciding that order found."""

    layers: list[Layer]
    skipped: list[Layer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def dirs(self) -> list[Path]:
        """The folders to read, in load order."""
        return [layer.path for layer in self.layers]

    @property
    def names(self) -> list[str]:
        """The layer names, in load order (used by the content digest)."""
        return [layer.name for layer in self.layers]

    def lines(self) -> list[str]:
        """The load order in words, numbered, then what was left out and why."""
        out = [f"{n}. {layer.describe()}" for n, layer in enumerate(self.layers, 1)]
        out += [f"-  {layer.describe()}" for layer in self.skipped]
        return out


def _read_manifest(layer: Layer, problems: list[Problem]) -> bool:
    """Read and validate a layer's ``mod.yaml``; False if it is broken."""
    from game.loading.yamlsource import YamlFileError, read_yaml, validation_problems

    path = layer.path / MANIFEST
    if not path.is_file() or path.is_symlink():
        return True  # none, or a link: never read; the loader's walk of the folder refuses it
    display = display_path(path)
    try:
        text = read_regular(path)
        raw = read_yaml(text, display)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(display, 0, 0, f"cannot read the file: {exc}"))
        return False
    except YamlFileError as exc:
        problems.extend(exc.problems)
        return False
    file = SourceFile(path, display, "manifest", layer.name, text, raw)
    if control_problems(file, raw, problems):
        return False
    if not isinstance(raw, dict):
        problems.append(Problem(display, 1, 1, "mod.yaml must be a mapping",
                                hint="start it with 'id: my-mod'"))
        return False
    try:
        layer.manifest = _MANIFEST_ADAPTER.validate_python(raw)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, file.source(), display, model=Manifest))
        return False
    file.data = layer.manifest
    layer.manifest_file = file
    layer.name = layer.manifest.id
    return True


def is_whole_scenario(root: Path) -> bool:
    """A folder holds a whole scenario if its scenario.yaml is not a patch (a cheap look)."""
    path = root / "scenario.yaml"
    if not path.is_file() or path.is_symlink():
        return False  # a link is reported by the loader, never read
    try:
        head = read_regular(path)
    except (OSError, UnicodeDecodeError):
        return True  # the loader reports it
    return not re.search(r"(?m)^patch:\s*(true|yes|on)\s*(#.*)?$", head)


def plan_stack(dirs: Sequence[Path], layers: Sequence[str] | None = None,
               optional: Iterable[Path] = ()) -> LoadOrder:
    """Decide what loads, in which order: the scenario, then mods ordered by their hints.

    ``dirs[0]`` is the base unless a later folder holds a whole scenario, which then
    replaces it. ``optional`` folders (from the mods folder) are skipped with a warning
    where a given one (``--mod``) would be an error.
    """
    optional_set = {Path(p).resolve() for p in optional}
    problems: list[Problem] = []
    all_layers: list[Layer] = []
    for n, root in enumerate(dirs):
        root = Path(root)
        name = layers[n] if layers else ("base" if n == 0 else root.name)
        source: Source = "base" if n == 0 else (
            "folder" if root.resolve() in optional_set else "given")
        layer = Layer(root, name, source)
        if n > 0 and root.is_dir():
            if not _read_manifest(layer, problems):
                continue
            layer.scenario = is_whole_scenario(root)
        else:
            layer.scenario = True
            if root.is_dir() and not layers:  # a new scenario checked on its own
                _read_manifest(layer, problems)
                layer.scenario = layer.manifest is None or is_whole_scenario(root)
        all_layers.append(layer)
    base, mods = all_layers[0] if all_layers else None, all_layers[1:]
    skipped: list[Layer] = []
    scen = [m for m in mods if m.scenario]
    if len(scen) > 1:
        problems.append(Problem(
            display_path(scen[1].path), 0, 0,
            f"two whole scenarios given: {scen[0].name!r} and {scen[1].name!r}",
            hint="load one scenario at a time; the other mods go over it"))
    root_layer = base
    if scen:
        root_layer = scen[0]
        mods = [m for m in mods if m is not root_layer]
        if base is not None:
            base.note = f"not loaded: {root_layer.name!r} is a whole scenario"
            skipped.append(base)
    # The same mod twice (a --mod that is also in the mods folder): keep the first.
    seen: dict[str, Layer] = {}
    unique = []
    for m in mods:
        if m.name in seen:
            if m.path.resolve() != seen[m.name].path.resolve():
                problems.append(Problem(
                    display_path(m.path / MANIFEST), 0, 0,
                    f"two mods have the id {m.name!r}: {display_path(seen[m.name].path)} and "
                    f"{display_path(m.path)}",
                    hint="give each mod its own id; only the first loads"))
            m.note = "not loaded: the same mod is already in the list"
            skipped.append(m)
            continue
        seen[m.name] = m
        unique.append(m)
    ordered = _order(unique, problems)
    return LoadOrder([root_layer, *ordered] if root_layer else ordered, skipped, problems)


def _order(mods: list[Layer], problems: list[Problem]) -> list[Layer]:
    """Order mods: the given order, moved only as far as after:/before: require."""
    import heapq

    index = {m.name: i for i, m in enumerate(mods)}
    preds: dict[str, set[str]] = {m.name: set() for m in mods}
    for m in mods:
        if m.manifest is None:
            continue
        for other in m.manifest.after:
            if other in index and other != m.name:
                preds[m.name].add(other)
        for other in m.manifest.before:
            if other in index and other != m.name:
                preds[other].add(m.name)
    waiting = {name: set(p) for name, p in preds.items()}
    ready = [index[n] for n, p in waiting.items() if not p]
    heapq.heapify(ready)
    out: list[Layer] = []
    while ready:
        m = mods[heapq.heappop(ready)]
        out.append(m)
        for name, p in waiting.items():
            if m.name in p:
                p.discard(m.name)
                if not p:
                    heapq.heappush(ready, index[name])
    if len(out) < len(mods):
        stuck = [m for m in mods if m not in out]
        names = ", ".join(m.name for m in stuck)
        problems.append(Problem(
            display_path(stuck[0].path / MANIFEST), 0, 0,
            f"the load-order hints go in a circle between: {names}",
            hint="remove one of the after:/before: entries that name each other"))
        out.extend(stuck)
    return out


def intended(earlier: Layer, later: Layer) -> bool:
    """True if the manifests say that ``later`` overrides ``earlier`` on purpose."""
    return bool((later.manifest and earlier.name in later.manifest.after)
                or (earlier.manifest and later.name in earlier.manifest.before))


def check_targets(plan: LoadOrder, scenario: Scenario) -> list[Problem]:
    """Drop mods made for another scenario or version: warn for the mods folder, else error."""
    problems = []
    keep = []
    for layer in plan.layers:
        t = layer.manifest.targets if layer.manifest else None
        if layer.scenario or t is None:
            keep.append(layer)
            continue
        why = ""
        if t.scenario != scenario.id:
            why = f"it is made for scenario {t.scenario!r}, not {scenario.id!r}"
        elif not in_range(scenario.version, t.version):
            why = (f"it is made for {t.scenario} version {t.version}, "
                   f"and this is version {scenario.version}")
        if not why:
            keep.append(layer)
            continue
        where = display_path(layer.path / MANIFEST)
        line = 0
        if layer.manifest_file is not None:
            line = layer.manifest_file.source().position(("targets",))[0]
        if layer.source == "folder":
            layer.note = "not loaded: " + why
            plan.skipped.append(layer)
            problems.append(Problem(where, line, 1, f"mod {layer.name!r} not loaded: {why}",
                                    severity="warning",
                                    hint="move it out of the mods folder, or fix its targets"))
        else:
            keep.append(layer)
            problems.append(Problem(where, line, 1, f"mod {layer.name!r} does not fit: {why}",
                                    hint="load it over the scenario it targets, or fix targets"))
    plan.layers = keep
    return problems


# --------------------------------------------------------------------------- directives


@dataclass(frozen=True)
class Directive:
    """A ``patch: true`` or ``remove: true`` entry of a mod's list file (or scenario.yaml)."""

    action: Literal["patch", "remove"]
    id: str
    fields: dict[str, Any]


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LIST_MODELS: dict[str, type[BaseModel]] = {"cards": Card, "reactions": Reaction,
                                            "endings": Ending}
_KEYED_LISTS = ("meters", "levers", "actions", "actors", "advisors", "tracks", "difficulties")


def is_directive(raw: Any) -> bool:
    """True for an entry that patches or removes rather than defines."""
    return isinstance(raw, dict) and ("patch" in raw or "remove" in raw)


def _field_names(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
    return names


def read_directive(raw: dict[str, Any], model: type[BaseModel], where: Loc,
                   file: SourceFile, problems: list[Problem]) -> Directive | None:
    """Check a patch/remove entry's form (not yet its result, which needs the layers below)."""
    def bad(loc: Loc, message: str, hint: str = "", key: bool = False) -> None:
        line, col = file.source().position((*where, *loc), key=key)
        problems.append(Problem(file.display, line, col, message, hint=hint))

    patch, remove = raw.get("patch"), raw.get("remove")
    if patch is not None and remove is not None:
        bad(("remove",), "an entry cannot both patch and remove", key=True)
        return None
    action: Literal["patch", "remove"] = "patch" if patch is not None else "remove"
    flag = patch if patch is not None else remove
    if flag is not True:
        bad((action,), f"'{action}' must be true", hint=f"write '{action}: true' or leave it out")
        return None
    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID_RE.match(ident):
        bad(("id",), f"a {action} entry needs the 'id' of what it {action}es",
            hint="ids use lower-case letters, digits, '-' and '_'")
        return None
    rest = {k: v for k, v in raw.items() if k not in ("id", "patch", "remove")}
    if action == "remove" and rest:
        key = next(iter(rest))
        bad((key,), f"a removal takes only 'id' (found {key!r})", key=True,
            hint="to change fields, use 'patch: true' instead")
        return None
    if action == "patch":
        known = _field_names(model) - {"id", "$schema"}
        for key in rest:
            if key not in known:
                close = suggest(str(key), known)
                bad((key,), f"unknown field {key!r} in a patch" + (f" ({close})" if close else ""),
                    hint="allowed fields: " + ", ".join(sorted(known)), key=True)
                return None
        if not rest:
            bad(("patch",), "this patch changes nothing", key=True,
                hint="list the fields to change under the id")
    return Directive(action, ident, rest)


def validate_list(file: SourceFile, raw: list[Any], problems: list[Problem]) -> list[Any] | None:
    """Validate a list file that holds patch/remove entries besides ordinary ones.

    Returns the entries in file order: models for ordinary entries, :class:`Directive` for
    the others; ``None`` if anything was wrong.
    """
    from game.loading.yamlsource import validation_problems

    model = _LIST_MODELS[file.kind]
    adapter = TypeAdapter(model)
    out: list[Any] = []
    ok = True
    for i, entry in enumerate(raw):
        if is_directive(entry):
            d = read_directive(entry, model, (i,), file, problems)
            ok = ok and d is not None
            out.append(d)
            continue
        try:
            out.append(adapter.validate_python(entry))
        except ValidationError as exc:
            problems.extend(validation_problems(exc, file.source(), file.display, prefix=(i,),
                                                model=model))
            ok = False
    return out if ok else None


def validate_scenario_patch(file: SourceFile, raw: dict[str, Any], problems: list[Problem],
                            ) -> Directive | None:
    """A mod's ``scenario.yaml`` with ``patch: true``: checked for form here, merged later."""
    raw = {k: v for k, v in raw.items() if k != "$schema"}
    if "id" not in raw:
        raw = {"id": "scenario", **raw}  # the id is optional in a scenario patch
    d = read_directive(raw, Scenario, (), file, problems)
    if d is None:
        return None
    if d.action == "remove":
        problems.append(Problem(file.display, 1, 1, "a scenario cannot be removed",
                                hint="load another scenario instead (a mod with a whole "
                                     "scenario.yaml)"))
        return None
    for key in _KEYED_LISTS:
        val = d.fields.get(key)
        if val is not None and not (isinstance(val, list)
                                    and all(isinstance(x, dict) for x in val)):
            line, col = file.source().position((key,))
            problems.append(Problem(file.display, line, col,
                                    f"'{key}' in a scenario patch must be a list of entries"))
            return None
    return d


# --------------------------------------------------------------------------- merging


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(by_alias=True, exclude_unset=True, mode="python")


@dataclass
class _Origin:
    """Where a merged value came from: a file and the path inside it."""

    file: SourceFile
    loc: Loc


def _merge_by_id(base: list[dict[str, Any]], base_origin: list[_Origin],
                 patch: list[dict[str, Any]], file: SourceFile, loc: Loc,
                 problems: list[Problem], what: str, merge: bool = False,
                 ) -> tuple[list[dict[str, Any]], list[_Origin]]:
    """Merge a list of entries with ids: a new id appends; ``remove: true`` removes; the
    same id replaces, or changes only the listed fields with ``patch: true`` (always, when
    ``merge``: a card patch's choices)."""
    merged = [dict(x) for x in base]
    origins = list(base_origin)
    where = {x.get("id"): n for n, x in enumerate(merged)}
    for j, entry in enumerate(patch):
        ident = entry.get("id")
        here = (*loc, j)
        if not isinstance(ident, str):
            line, col = file.source().position(here)
            problems.append(Problem(file.display, line, col, f"each entry of {what} needs an id"))
            continue
        if entry.get("remove") is True:
            if ident in where:
                n = where.pop(ident)
                merged[n] = {}
            else:
                line, col = file.source().position((*here, "id"))
                problems.append(Problem(file.display, line, col,
                                        f"nothing to remove: no {what} entry {ident!r}",
                                        severity="warning"))
            continue
        fields = {k: v for k, v in entry.items() if k != "patch"}
        if ident in where:
            n = where[ident]
            merged[n] = {**merged[n], **fields} if merge or entry.get("patch") else fields
            origins[n] = _Origin(file, here)
        else:
            if entry.get("patch"):
                line, col = file.source().position((*here, "id"))
                problems.append(Problem(file.display, line, col,
                                        f"nothing to patch: no {what} entry {ident!r}",
                                        hint="leave out 'patch: true' to add it"))
                continue
            where[ident] = len(merged)
            merged.append(fields)
            origins.append(_Origin(file, here))
    keep = [n for n, x in enumerate(merged) if x]
    return [merged[n] for n in keep], [origins[n] for n in keep]


def _locate(err_loc: Loc, default: _Origin, lists: dict[str, list[_Origin]],
            patched: set[str], patch_origin: _Origin | None) -> tuple[SourceFile, Loc]:
    """Map a validation error's loc in a merged entry back to the file and path that wrote it."""
    if err_loc:
        key = err_loc[0]
        if isinstance(key, str) and key in lists and len(err_loc) > 1 and \
                isinstance(err_loc[1], int) and err_loc[1] < len(lists[key]):
            o = lists[key][err_loc[1]]
            return o.file, (*o.loc, *err_loc[2:])
        if patch_origin is not None and key in patched:
            return patch_origin.file, (*patch_origin.loc, *err_loc)
    return default.file, (*default.loc, *err_loc)


def _report(exc: ValidationError, default: _Origin, lists: dict[str, list[_Origin]],
            patched: set[str], patch_origin: _Origin | None, model: Any,
            problems: list[Problem], prefix: str) -> None:
    """Report each error of a merged entry at the line of the file that wrote that part."""
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        file, full = _locate(loc, default, lists, patched, patch_origin)
        kind = err["type"]
        line, col = file.source().position(full, key=kind == "extra_forbidden",
                                           missing=kind == "missing")
        try:
            message, hint = yamlsource.explain(err, loc, model)
        except Exception:  # the wording is a nicety; never lose the problem over it
            message, hint = str(err.get("msg", "invalid value")), ""
        problems.append(Problem(file.display, line, col, prefix + message, hint=hint))


def patch_card(card: Card, base: _Origin, d: Directive, here: _Origin,
               problems: list[Problem], where: EntryOrigins | None = None) -> Card | None:
    """Apply a card patch: listed fields replace; choices merge by id, advisors by name.

    ``where``, when given, is filled with which file wrote each part of the result.
    """
    data = _dump(card)
    lists: dict[str, list[_Origin]] = {}
    for key, value in d.fields.items():
        if key == "choices" and isinstance(value, list) and all(isinstance(c, dict) for c in value):
            base_choices = data.get("choices", [])
            origins = [_Origin(base.file, (*base.loc, "choices", j))
                       for j in range(len(base_choices))]
            data["choices"], lists["choices"] = _merge_by_id(
                base_choices, origins, value, here.file, (*here.loc, "choices"), problems,
                f"choice of card {card.id!r}", merge=True)
        elif key == "advisors" and isinstance(value, dict):
            adv = dict(data.get("advisors", {}))
            for name, text in value.items():
                if text is None:
                    adv.pop(name, None)
                else:
                    adv[name] = text
            data["advisors"] = adv
        else:
            data[key] = value
    try:
        new = Card.model_validate(data)
    except ValidationError as exc:
        _report(exc, base, lists, set(d.fields), here, Card, problems,
                f"after patching card {card.id!r}: ")
        return None
    if where is not None:
        where.base, where.lists = base, lists
        where.fields = {k: _Origin(here.file, (*here.loc, k)) for k in d.fields
                        if k not in lists}
    return new


@dataclass
class EntryOrigins:
    """Which file wrote each part of a patched card (its base entry, or the patch)."""

    base: _Origin | None = None
    lists: dict[str, list[_Origin]] = field(default_factory=dict)
    fields: dict[str, _Origin] = field(default_factory=dict)

    def locate(self, rel: Loc) -> tuple[SourceFile, Loc] | None:
        """The file and path for a path inside the merged entry."""
        if not rel or not isinstance(rel[0], str):
            return None
        key = rel[0]
        if key in self.lists and len(rel) > 1 and isinstance(rel[1], int) and \
                rel[1] < len(self.lists[key]):
            o = self.lists[key][rel[1]]
            return o.file, (*o.loc, *rel[2:])
        if key in self.fields:
            return None  # written by the patch itself, where the loc already points
        if self.base is not None:
            return self.base.file, (*self.base.loc, *rel)
        return None


def patch_entry(item: BaseModel, base: _Origin, d: Directive, here: _Origin,
                problems: list[Problem], where: EntryOrigins | None = None,
                ) -> BaseModel | None:
    """Apply a patch to a card (see :func:`patch_card`), a reaction or an ending."""
    if isinstance(item, Card):
        return patch_card(item, base, d, here, problems, where)
    if where is not None:
        where.base = base
        where.fields = {k: _Origin(here.file, (*here.loc, k)) for k in d.fields}
    model = type(item)
    data = {**_dump(item), **d.fields}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        _report(exc, base, {}, set(d.fields), here, model, problems,
                f"after patching {item.id!r}: ")  # type: ignore[attr-defined]
        return None


def patch_scenario(sc: Scenario, base: _Origin, d: Directive, here: _Origin,
                   problems: list[Problem], where: ScenarioOrigins | None = None,
                   ) -> Scenario | None:
    """Apply a scenario patch: id-keyed lists merge by id, other fields replace.

    ``where`` (updated in place when the patch applies) says which file wrote each
    top-level field and each entry of the id-keyed lists, so that later checks
    point at the mod's line, not the base file's.
    """
    data = _dump(sc)
    data.pop("$schema", None)
    where = where if where is not None else ScenarioOrigins()
    lists: dict[str, list[_Origin]] = {}
    for key, value in d.fields.items():
        if key in _KEYED_LISTS:
            cur = data.get(key, [])
            origins = where.lists.get(key) or [
                _Origin(base.file, (*base.loc, key, j)) for j in range(len(cur))]
            data[key], lists[key] = _merge_by_id(cur, origins, value, here.file,
                                                 (*here.loc, key), problems, key)
        else:
            data[key] = value
    try:
        new = Scenario.model_validate(data)
    except ValidationError as exc:
        _report(exc, base, lists, set(d.fields), here, Scenario, problems,
                "after patching the scenario: ")
        return None
    where.lists.update(lists)
    for key in d.fields:
        if key not in _KEYED_LISTS:
            where.fields[key] = _Origin(here.file, (*here.loc, key))
    return new


@dataclass
class ScenarioOrigins:
    """Which file wrote each part of a patched scenario (see :func:`patch_scenario`)."""

    lists: dict[str, list[_Origin]] = field(default_factory=dict)
    fields: dict[str, _Origin] = field(default_factory=dict)

    def locate(self, loc: Loc) -> tuple[SourceFile, Loc] | None:
        """The file and path for a path in the merged scenario, if a mod wrote it."""
        if not loc or not isinstance(loc[0], str):
            return None
        key = loc[0]
        if key in self.lists and len(loc) > 1 and isinstance(loc[1], int) and \
                loc[1] < len(self.lists[key]):
            o = self.lists[key][loc[1]]
            return o.file, (*o.loc, *loc[2:])
        if key in self.fields:
            o = self.fields[key]
            return o.file, (*o.loc, *loc[1:])
        return None


@dataclass
class _Touch:
    """One layer's change to one id, for conflict reports."""

    layer: Layer
    file: SourceFile
    loc: Loc
    action: str
    fields: frozenset[str]


@dataclass
class Merged:
    """The result of layering: the scenario and each table of entries by id."""

    scenario_file: SourceFile | None
    scenario: Scenario | None
    tables: dict[str, dict[str, tuple[Any, SourceFile, Loc]]]
    removed: dict[str, str] = field(default_factory=dict)
    scenario_origins: ScenarioOrigins = field(default_factory=ScenarioOrigins)
    #: Patched entries, by (id of the patch's file, index in it): where each part came from.
    entry_origins: dict[tuple[int, int], EntryOrigins] = field(default_factory=dict)
    #: What the mods removed: id -> (kind, the entry as it was).
    removed_items: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def explain(self, problems: list[Problem]) -> list[Problem]:
        """Add to "unknown card/name" problems the removal that caused them, if one did."""
        if not self.removed:
            return problems
        from game.loading.schema import CounterEffect, FlagEffect
        from game.model.content import walk_effects

        setters: dict[str, str] = {}
        for ident, (kind, item) in self.removed_items.items():
            lists = [c.effects for c in item.choices] if kind == "cards" else \
                [getattr(item, "effects", [])]
            for effects in lists:
                for eff, _loc in walk_effects(effects, ()):
                    if isinstance(eff, FlagEffect | CounterEffect):
                        name = eff.flag if isinstance(eff, FlagEffect) else eff.counter
                        setters.setdefault(name, f"{kind[:-1]} {ident!r}, which "
                                                 f"{self.removed[ident]} removes")
        out = []
        for p in problems:
            m = re.search(r"unknown (card|name) '([^']+)'", p.message)
            if m and m.group(1) == "card" and m.group(2) in self.removed:
                p = replace(p, hint=f"card {m.group(2)!r} was removed by "
                                    f"{self.removed[m.group(2)]}")
            elif m and m.group(1) == "name" and m.group(2) in setters:
                p = replace(p, hint=f"{m.group(2)!r} was set only by {setters[m.group(2)]}")
            out.append(p)
        return out

    def locate(self, file: SourceFile, loc: Loc) -> tuple[SourceFile, Loc]:
        """Where a path in the merged content was written (patches followed back)."""
        used: set[tuple[int, Any]] = set()
        for _ in range(16):  # a chain of patches over patches; never loops for ever
            key = (id(file), loc[0] if loc else None)
            if key in used:  # already in this entry's own coordinates
                break
            used.add(key)
            moved: tuple[SourceFile, Loc] | None = None
            if file is self.scenario_file:
                moved = self.scenario_origins.locate(loc)
            elif loc and isinstance(loc[0], int):
                origins = self.entry_origins.get((id(file), loc[0]))
                moved = origins.locate(loc[1:]) if origins is not None else None
            if moved is None:
                break
            file, loc = moved
        return file, loc


def merge_layers(files: Sequence[SourceFile], plan: LoadOrder | None, chk: Checker) -> Merged:
    """Layer the files in load order: add, replace, patch, remove; report conflicts."""
    by_name = {layer.name: layer for layer in (plan.layers if plan else [])}

    def layer_of(f: SourceFile) -> Layer:
        if f.layer not in by_name:
            by_name[f.layer] = Layer(f.path.parent, f.layer, "given")
        return by_name[f.layer]

    tables: dict[str, dict[str, tuple[Any, SourceFile, Loc]]] = {
        "cards": {}, "reactions": {}, "endings": {}}
    touches: dict[tuple[str, str], list[_Touch]] = {}
    removed: dict[str, str] = {}
    removed_items: dict[str, tuple[str, Any]] = {}
    entry_origins: dict[tuple[int, int], EntryOrigins] = {}
    scenario_file: SourceFile | None = None
    scenario: Scenario | None = None
    sc_patches: list[tuple[SourceFile, Directive]] = []

    def count(layer: Layer, what: str) -> None:
        layer.counts[what] = layer.counts.get(what, 0) + 1

    # Who adds each entry, so that a patch loaded before the mod that adds what it
    # patches can name that mod (a dependency in the wrong order, not a typo).
    adders: dict[tuple[str, str], tuple[SourceFile, int]] = {}
    for f in files:
        if f.kind in tables:
            for i, item in enumerate(f.data):
                if not isinstance(item, Directive):
                    adders.setdefault((f.kind, item.id), (f, i))

    for f in files:
        if f.kind == "manifest":
            continue
        if f.kind == "scenario":
            if isinstance(f.data, Directive):
                sc_patches.append((f, f.data))
                continue
            if scenario_file is not None and scenario_file.layer == f.layer:
                chk.at(f, (), f"a second scenario file in layer {f.layer!r}")
            scenario_file, scenario = f, f.data
            continue
        table = tables[f.kind]
        layer = layer_of(f)
        seen_here: dict[str, int] = {}
        for i, item in enumerate(f.data):
            ident = item.id
            if ident in seen_here:
                line, _ = f.source().position((seen_here[ident], "id"))
                chk.at(f, (i, "id"), f"duplicate {f.kind[:-1]} id {ident!r} "
                       f"(first in {f.display}:{line})", hint="give each one its own id")
                continue
            seen_here[ident] = i
            current = table.get(ident)
            if current is not None and current[1].layer == f.layer and \
                    not isinstance(item, Directive):
                _other, ofile, oloc = current
                line, _ = ofile.source().position((*oloc, "id"))
                chk.at(f, (i, "id"), f"duplicate {f.kind[:-1]} id {ident!r} "
                       f"(first in {ofile.display}:{line})", hint="give each one its own id")
                continue
            action = "add"
            fields: frozenset[str] = frozenset()
            if isinstance(item, Directive):
                if current is None:
                    verb = "patch" if item.action == "patch" else "remove"
                    sev: Severity = "error" if item.action == "patch" else "warning"
                    later = adders.get((f.kind, ident))
                    if later is not None and later[0].layer != f.layer:
                        afile, ai = later
                        aline = afile.source().position((ai, "id"))[0]
                        chk.at(f, (i, "id"),
                               f"nothing to {verb} yet: {f.kind[:-1]} {ident!r} is added by "
                               f"mod {afile.layer!r} ({afile.display}:{aline}), which loads "
                               f"after {f.layer!r}; {f.layer!r} needs {afile.layer!r} "
                               "loaded first",
                               hint=f"add 'after: [{afile.layer}]' to {f.layer}'s mod.yaml",
                               severity=sev)
                        continue
                    hint = suggest(ident, table) or f"no {f.kind[:-1]} has that id"
                    chk.at(f, (i, "id"), f"nothing to {verb}: no {f.kind[:-1]} {ident!r} "
                           "in the layers below", hint=hint, severity=sev)
                    continue
                if item.action == "remove":
                    action = "remove"
                    gone = table.pop(ident)[0]
                    removed[ident] = f"{f.display} (layer {f.layer})"
                    removed_items[ident] = (f.kind, gone)
                else:
                    action = "patch"
                    fields = frozenset(item.fields)
                    where = EntryOrigins()
                    new = patch_entry(current[0], _Origin(current[1], current[2]), item,
                                      _Origin(f, (i,)), chk.problems, where)
                    if new is None:
                        continue
                    table[ident] = (new, f, (i,))
                    entry_origins[(id(f), i)] = where
            else:
                if current is not None:
                    action = "replace"
                    table.pop(ident)  # a later layer replaces: move it to its new place
                table[ident] = (item, f, (i,))
            if plan is None or layer is not plan.layers[0]:
                count(layer, {"add": "added", "replace": "replaced", "patch": "patched",
                              "remove": "removed"}[action])
            touches.setdefault((f.kind, ident), []).append(
                _Touch(layer, f, (i,), action, fields))
    # Removals listed in manifests, in load order.
    for layer in plan.layers if plan else []:
        if layer.manifest is None or layer.manifest_file is None:
            continue
        for j, ident in enumerate(layer.manifest.remove):
            kinds = [k for k, t in tables.items() if ident in t]
            mf = layer.manifest_file
            if not kinds:
                chk.at(mf, ("remove", j), f"nothing to remove: no card, reaction or ending "
                       f"{ident!r}", severity="warning")
                continue
            if len(kinds) > 1:
                chk.at(mf, ("remove", j), f"{ident!r} is the id of a {kinds[0][:-1]} and of "
                       f"a {kinds[1][:-1]}", hint="remove it with a '{id: ..., remove: true}' "
                       "entry in the right folder instead")
                continue
            gone = tables[kinds[0]].pop(ident)[0]
            removed[ident] = f"{mf.display} (layer {layer.name})"
            removed_items[ident] = (kinds[0], gone)
            count(layer, "removed")
            touches.setdefault((kinds[0], ident), []).append(
                _Touch(layer, mf, ("remove", j), "remove", frozenset()))
    _report_conflicts(touches, chk)
    # Scenario patches, in load order, over the scenario they target.
    origins = ScenarioOrigins()
    if scenario is not None and scenario_file is not None:
        base_origin = _Origin(scenario_file, ())
        for f, d in sc_patches:
            new = patch_scenario(scenario, base_origin, d, _Origin(f, ()), chk.problems,
                                 origins)
            if new is not None:
                scenario = new
                count(layer_of(f), "scenario patched")
    elif sc_patches and scenario_file is None:
        f, _d = sc_patches[0]
        chk.at(f, (), "a scenario patch needs a scenario under it",
               hint="load this mod over the base game or the scenario it targets")
    return Merged(scenario_file, scenario, tables, removed, origins, entry_origins,
                  removed_items)


def _report_conflicts(touches: dict[tuple[str, str], list[_Touch]], chk: Checker) -> None:
    """Two mods changing one id: the later wins; say so, naming both files."""
    for (kind, ident), ts in touches.items():
        mod_ts = [t for t in ts if t.layer.source != "base"]
        for a_i, a in enumerate(mod_ts):
            for b in mod_ts[a_i + 1:]:
                if a.layer is b.layer or intended(a.layer, b.layer):
                    continue
                if a.action == "patch" and b.action == "patch" and not (a.fields & b.fields):
                    continue  # patches of different fields compose
                if a.action == "add" and b.action in ("add", "replace") and \
                        a.layer.source == "base":
                    continue
                a_line = a.file.source().position((*a.loc, "id") if a.file.kind != "manifest"
                                                  else a.loc)[0]
                what = kind[:-1]
                if a.action == "add" and b.action in ("patch", "remove"):
                    # Not a conflict: b builds on what a adds, so b needs a first.
                    chk.at(b.file, (*b.loc, "id") if b.file.kind != "manifest" else b.loc,
                           f"mod {b.layer.name!r} {b.action}s {what} {ident!r}, which mod "
                           f"{a.layer.name!r} adds ({a.file.display}:{a_line}): "
                           f"{b.layer.name!r} needs {a.layer.name!r} loaded first (it is)",
                           severity="warning",
                           hint=f"say so: add 'after: [{a.layer.name}]' to "
                                f"{b.layer.name}'s mod.yaml")
                    continue
                overlap = ""
                if a.action == "patch" and b.action == "patch":
                    overlap = " (both change " + ", ".join(sorted(a.fields & b.fields)) + ")"
                chk.at(b.file, (*b.loc, "id") if b.file.kind != "manifest" else b.loc,
                       f"conflict: mods {a.layer.name!r} and {b.layer.name!r} both "
                       f"{a.action if a.action == b.action else 'change'} {what} {ident!r}"
                       f"{overlap}; {b.layer.name!r} wins because it loads later "
                       f"(the other is {a.file.display}:{a_line})",
                       severity="warning",
                       hint=f"if that is intended, add 'after: [{a.layer.name}]' to "
                            f"{b.layer.name}'s mod.yaml")
