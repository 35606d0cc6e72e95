"""JSON Schemas of the content files, for editors (completion, hover help, checking).

One schema per kind of file, generated from the pydantic models in
:mod:`game.loading.schema` and :mod:`game.loading.mods`, so they never drift from
what the loader accepts:

============== ===================================================
``scenario.json``  ``scenario.yaml`` (a whole scenario, or a mod's ``patch: true``)
``card.json``      ``cards/*.yaml``: cards, and a mod's patch/remove entries
``reaction.json``  ``reactions/*.yaml``
``ending.json``    ``endings/*.yaml``
``mod.json``       a mod's ``mod.yaml``
============== ===================================================

A content file names its schema in its first line, for the YAML language server
(VS Code's YAML extension, Neovim, Helix, ...)::

    # yaml-language-server: $schema=../../schema/card.json

``parallel-tracks schema --out DIR`` writes them; ``content/schema`` holds the
committed copies, and a test keeps those up to date.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from game.loading.mods import Manifest
from game.loading.schema import Card, Ending, Reaction, Scenario

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Which schema file each kind of content file uses.
KIND_FILES: dict[str, str] = {
    "scenario": "scenario.json",
    "cards": "card.json",
    "reactions": "reaction.json",
    "endings": "ending.json",
    "manifest": "mod.json",
}

_TITLES = {
    "scenario.json": "Parallel Tracks scenario (scenario.yaml)",
    "card.json": "Parallel Tracks cards (cards/*.yaml)",
    "reaction.json": "Parallel Tracks reactions (reactions/*.yaml)",
    "ending.json": "Parallel Tracks endings (endings/*.yaml)",
    "mod.json": "Parallel Tracks mod manifest (mod.yaml)",
}

_PATCH = {"const": True, "description": "Change only the fields listed here of the entry "
          "with this id in a layer below (a mod's patch)."}
_REMOVE = {"const": True, "description": "Remove the entry with this id from the layers "
           "below (a mod's removal)."}


def _model_schema(model: type[BaseModel] | Any, many: bool) -> dict[str, Any]:
    target = list[model] if many else model  # type: ignore[valid-type]
    return TypeAdapter(target).json_schema(by_alias=True, mode="validation")


def _patch_of(entry: dict[str, Any], description: str) -> dict[str, Any]:
    """A schema for a patch entry: every field optional, plus ``patch: true``."""
    patch = copy.deepcopy(entry)
    patch["title"] = f"{entry.get('title', 'Entry')} patch"
    patch["description"] = description
    patch["properties"] = {**patch.get("properties", {}), "patch": _PATCH}
    patch["required"] = ["id", "patch"] if "id" in patch["properties"] else ["patch"]
    return patch


def _removal(what: str) -> dict[str, Any]:
    return {
        "title": f"{what} removal",
        "description": f"A mod's entry that removes the {what.lower()} with this id.",
        "type": "object",
        "properties": {
            "id": {"type": "string", "description": f"The id of the {what.lower()} to remove."},
            "remove": _REMOVE,
        },
        "required": ["id", "remove"],
        "additionalProperties": False,
    }


def _list_schema(model: type[BaseModel], what: str) -> dict[str, Any]:
    """A list file's schema: entries, patches of entries, removals."""
    base = _model_schema(model, many=True)
    defs = base.pop("$defs", {})
    name = model.__name__
    entry = defs[name]
    patch = _patch_of(entry, f"A mod's patch of a {what.lower()}: the fields listed "
                             "replace those of the entry with this id.")
    if model is Card:
        # A card patch's choices merge by id: each needs only its id.
        choice = copy.deepcopy(defs["Choice"])
        choice["required"] = ["id"]
        choice["properties"] = {**choice["properties"], "remove": _REMOVE}
        choice["description"] = ("A choice in a card patch: one with a new id is added; "
                                 "one with an existing id changes the fields listed; "
                                 "'remove: true' removes it.")
        defs["ChoicePatch"] = choice
        patch["properties"]["choices"] = {
            "type": "array", "items": {"$ref": "#/$defs/ChoicePatch"},
            "description": "Choices to add, change (by id) or remove.",
        }
        patch["properties"]["advisors"] = {
            "type": "object", "additionalProperties": {"type": ["string", "null"]},
            "description": "Advisors' comments to add or change; null removes one.",
        }
    defs[f"{name}Patch"] = patch
    defs[f"{name}Removal"] = _removal(what)
    return {
        "type": "array",
        "description": f"A list of {what.lower()}s (mods may also patch or remove them by id).",
        "items": {"anyOf": [{"$ref": f"#/$defs/{name}"}, {"$ref": f"#/$defs/{name}Patch"},
                            {"$ref": f"#/$defs/{name}Removal"}]},
        "$defs": defs,
    }


def _scenario_schema() -> dict[str, Any]:
    base = _model_schema(Scenario, many=False)
    defs = base.pop("$defs", {})
    defs["Scenario"] = base
    patch = _patch_of(base, "A mod's changes to the scenario under it: lists with ids "
                            "(meters, levers, actions, actors, advisors, tracks, "
                            "difficulties) merge by id, other fields replace.")
    patch["required"] = ["patch"]
    for key in ("meters", "levers", "actions", "actors", "advisors", "tracks",
                "difficulties"):
        prop = patch["properties"].get(key)
        if prop is None:
            continue
        patch["properties"][key] = {
            "type": "array",
            "description": (prop.get("description", key) + " In a patch: an entry with a "
                            "new id is added; 'patch: true' changes the fields listed of "
                            "an existing one; 'remove: true' removes it; otherwise the "
                            "same id replaces it."),
            "items": {"type": "object", "required": ["id"],
                      "properties": {"id": {"type": "string",
                                            "description": "The entry's id."},
                                     "patch": _PATCH, "remove": _REMOVE}},
        }
    defs["ScenarioPatch"] = patch
    return {
        "description": "A scenario: calendar, meters, levers, actions, actors, tracks and "
                       "score -- or, in a mod, 'patch: true' and the parts to change.",
        "anyOf": [{"$ref": "#/$defs/Scenario"}, {"$ref": "#/$defs/ScenarioPatch"}],
        "$defs": defs,
    }


def build_schemas() -> dict[str, dict[str, Any]]:
    """Every schema, by file name, ready to dump as JSON."""
    out = {
        "scenario.json": _scenario_schema(),
        "card.json": _list_schema(Card, "Card"),
        "reaction.json": _list_schema(Reaction, "Reaction"),
        "ending.json": _list_schema(Ending, "Ending"),
        "mod.json": _model_schema(Manifest, many=False),
    }
    for name, schema in out.items():
        schema.pop("title", None)
        out[name] = {"$schema": DIALECT, "title": _TITLES[name], **schema}
    return out


def missing_descriptions(schema: dict[str, Any]) -> list[str]:
    """Paths of object properties that have no description (a test keeps this empty)."""
    missing: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                for key, sub in props.items():
                    if not isinstance(sub, dict) or not sub.get("description"):
                        missing.append(f"{path}/properties/{key}")
            for key, sub in node.items():
                walk(sub, f"{path}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}/{i}")

    walk(schema, "#")
    return missing


def render(schema: dict[str, Any]) -> str:
    """The exact text written to a schema file (stable, so the files diff cleanly)."""
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def default_schema_dir() -> Path:
    """Where ``schema`` writes without ``--out``: ``content/schema`` in a source checkout
    (the committed copies); in an installed game, ``schema`` in the working directory
    (never inside the installed package)."""
    from game.loading.folders import base_content_dir

    base = base_content_dir()
    if base.parent.name == "_content":  # installed: game/_content/base
        return Path("schema")
    return base.parent / "schema"


def installed_schema_dir() -> Path:
    """The schemas shipped with the game (``content/schema``, or its installed copy)."""
    from game.loading.folders import base_content_dir

    return base_content_dir().parent / "schema"


def write_schemas(out: Path, dry_run: bool = False) -> list[str]:
    """Write every schema into ``out``; return the names that changed (all, if new).

    With ``dry_run``, write nothing and only report which files are out of date.
    """
    changed = []
    if not dry_run:
        out.mkdir(parents=True, exist_ok=True)
    for name, schema in build_schemas().items():
        path = out / name
        text = render(schema)
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            changed.append(name)
            if not dry_run:
                path.write_text(text, encoding="utf-8")
    return changed
