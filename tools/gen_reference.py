"""Write docs/CONTENT-REFERENCE.md: every field of every content file, from the JSON Schemas.

Run: ``python tools/gen_reference.py`` (``--check`` exits 1 if the file is out of
date, which a test runs). The schemas come from :mod:`game.loading.jsonschema`,
itself generated from the pydantic models, so this page cannot drift from what
the loader accepts. The expression language's section comes from the
docstring of :mod:`game.model.expr` and the built-in names of
:mod:`game.model.content`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.loading.jsonschema import KIND_FILES, build_schemas  # noqa: E402
from game.model.content import BUILTIN_NAMES  # noqa: E402

OUT = ROOT / "docs" / "CONTENT-REFERENCE.md"

_FILES = [
    ("scenario.json", "scenario.yaml", "The scenario: one per content folder (or a mod's patch)."),
    ("card.json", "cards/*.yaml", "A list of event cards."),
    ("reaction.json", "reactions/*.yaml", "A list of the other capitals' rules."),
    ("ending.json", "endings/*.yaml", "A list of endings, checked in order."),
    ("mod.json", "mod.yaml", "A mod's manifest."),
]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(node: dict[str, Any]) -> str:
    """A short, readable type for a schema node."""
    if "$ref" in node:
        name = _ref_name(node["$ref"])
        return f"[{name}](#{name.lower()})"
    if "const" in node:
        return f"`{node['const']!r}`".replace("True", "true")
    if "enum" in node:
        return " or ".join(f"`{v}`" for v in node["enum"])
    refs = [_ref_name(p.get("$ref", "")) for p in node.get("oneOf", [])]
    if refs and all(r.endswith("Effect") for r in refs):
        return "[effect](#effects)"
    for key in ("anyOf", "oneOf"):
        if key in node:
            parts = [type_of(p) for p in node[key]]
            parts = [p for p in parts if p != "null"]
            return " or ".join(dict.fromkeys(parts)) or "null"
    t = node.get("type")
    if t == "array":
        items = node.get("items", {})
        if "prefixItems" in node:
            inner = ", ".join(type_of(p) for p in node["prefixItems"])
            return f"[{inner}]"
        return f"list of {type_of(items)}" if items else "list"
    if t == "object":
        extra = node.get("additionalProperties")
        if not isinstance(extra, dict) and node.get("patternProperties"):
            extra = next(iter(node["patternProperties"].values()))
        if isinstance(extra, dict):
            return f"map of name to {type_of(extra)}"
        return "mapping"
    if isinstance(t, list):
        return " or ".join(x for x in t if x != "null")
    names = {"string": "text", "integer": "whole number", "number": "number",
             "boolean": "true/false", "null": "null"}
    return names.get(str(t), str(t or "any"))


def _limits(node: dict[str, Any]) -> str:
    bits = []
    for key, word in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="),
                      ("exclusiveMaximum", "<"), ("minItems", "at least"),
                      ("maxLength", "at most")):
        if key in node:
            unit = " items" if key == "minItems" else " characters" if key == "maxLength" else ""
            bits.append(f"{word} {node[key]}{unit}")
    if "pattern" in node:
        bits.append(f"pattern `{node['pattern']}`")
    for sub in node.get("anyOf", []):
        if isinstance(sub, dict) and sub.get("type") != "null":
            inner = _limits(sub)
            if inner:
                bits.append(inner)
    return "; ".join(bits)


def _default(node: dict[str, Any]) -> str:
    if "default" not in node:
        return ""
    value = node["default"]
    if value is None:
        return "none"
    if value is True or value is False:
        return str(value).lower()
    if value == [] or value == {}:
        return "empty"
    if isinstance(value, str):
        return f'"{value}"' if value else '""'
    return str(value)


def _cell(text: str) -> str:
    """Text for one table cell: one line, pipes escaped, reST ``code`` as Markdown `code`."""
    return " ".join(text.replace("``", "`").replace("|", "\\|").split())


def render_object(name: str, node: dict[str, Any]) -> list[str]:
    """One section per object: its description and a table of its fields."""
    lines = [f"### {name}", ""]
    if node.get("description"):
        lines += [_cell(node["description"]), ""]
    props = node.get("properties", {})
    if not props:
        return lines
    required = set(node.get("required", []))
    lines += ["| field | type | required | default | what it is |",
              "|---|---|---|---|---|"]
    for key, sub in props.items():
        limits = _limits(sub)
        desc = sub.get("description", "")
        if limits:
            desc += f" ({limits})"
        lines.append(f"| `{key}` | {_cell(type_of(sub))} | "
                     f"{'yes' if key in required else ''} | {_cell(_default(sub))} | "
                     f"{_cell(desc)} |")
    if node.get("additionalProperties") is False:
        lines += ["", "Any other field is an error (a misspelt field is reported with a "
                  "suggestion)."]
    return [*lines, ""]


def _expression_section() -> list[str]:
    import game.model.expr as expr

    doc = expr.__doc__ or ""
    part = doc.split("For modders\n===========", 1)[-1].strip()
    lines = ["## Expressions", "",
             "Conditions (`when:`, `if:`) and formulas (`add:`, `set:`, `weight:`, a track's "
             "`formula:`, `score:`) are written in one small language:", "", "```text",
             *part.splitlines(), "```", "", "### Built-in names", "",
             "Besides the scenario's own meters, levers, tracks, flags and counters, every "
             "expression can read:", "", "| name | value |", "|---|---|"]
    lines += [f"| `{k}` | {_cell(v)} |" for k, v in BUILTIN_NAMES.items()]
    lines += _limits_section()
    return [*lines, ""]


def _limits_section() -> list[str]:
    """The limits on numbers, from game.model.exprtypes (one place for them)."""
    from game.loading.yamlsource import ALIAS_GROWTH
    from game.model.expr import MAX_LENGTH, MAX_POWER
    from game.model.exprtypes import COUNTER_LIMIT, FORMULA_LIMIT, SIGNATURES, VALUE_LIMIT

    rows = [
        ("a number written in content, an amount (add, set, value, weight, a track, "
         "the score)", f"-{VALUE_LIMIT:,} to {VALUE_LIMIT:,}"),
        ("any part of a formula (checked on its range)", f"{FORMULA_LIMIT:,} in size"),
        ("a counter, `conceded`, `delivered`, `preemptive` (the engine keeps them within)",
         f"-{COUNTER_LIMIT:,} to {COUNTER_LIMIT:,}"),
        ("the exponent of `**` (a number written in the formula)",
         f"-{MAX_POWER} to {MAX_POWER}"),
        ("an expression's length", f"{MAX_LENGTH} characters"),
        ("what YAML aliases (`*name`) may add to a file",
         f"{ALIAS_GROWTH:,} values, or four times the file's own size if larger"),
    ]
    lines = ["", "### Function signatures", "", "| function | takes and gives |", "|---|---|"]
    lines += [f"| `{name}` | `{sig}` |" for name, sig in SIGNATURES.items()]
    lines += ["", "### Limits", "",
              "Checked by `check`, each refusal located at its `file:line:col`. Numbers "
              "must be finite (`.nan`, `.inf` are refused). Text may not hold control "
              "characters (tab and line feed excepted), line separators or bidirectional "
              "overrides, and no file or folder of a content folder may be a link (a "
              "link in the mods folder is not loaded, with a warning).", "",
              "| what | limit |", "|---|---|"]
    lines += [f"| {what} | {limit} |" for what, limit in rows]
    return lines


def render() -> str:
    """The whole reference page."""
    schemas = build_schemas()
    lines = [
        "# Content reference",
        "",
        "<!-- Generated by tools/gen_reference.py from the JSON Schemas; do not edit. -->",
        "",
        "Every field of every content file. The tutorial is [MODDING.md](MODDING.md). "
        "Editors that speak the YAML language server complete and check these fields "
        "when a file starts with its schema line, e.g. "
        "`# yaml-language-server: $schema=../../schema/card.json`.",
        "",
        "| file | schema | what it holds |",
        "|---|---|---|",
    ]
    for schema_name, pattern, what in _FILES:
        lines.append(f"| `{pattern}` | `content/schema/{schema_name}` | {what} |")
    lines += [
        "",
        "## Effects",
        "",
        "Wherever a field takes a list of effects (a choice's `effects`, a reaction's, a "
        "lever's `on_lift`...), each entry is one of these, told apart by its first key:",
        "",
        "| key | effect |",
        "|---|---|",
    ]
    card_defs = schemas["card.json"]["$defs"]
    for key, name in (("meter", "MeterEffect"), ("flag", "FlagEffect"),
                      ("counter", "CounterEffect"), ("lever", "LeverEffect"),
                      ("concession", "ConcessionEffect"), ("deliverable", "DeliverableEffect"),
                      ("schedule", "ScheduleEffect"), ("after", "DelayEffect"),
                      ("random", "RandomEffect"), ("if", "IfEffect"), ("end", "EndEffect"),
                      ("message", "MessageEffect")):
        desc = _cell(card_defs[name].get("description", "").split("\n")[0])
        lines.append(f"| `{key}:` | [{name}](#{name.lower()}): {desc} |")
    lines.append("")
    seen: set[str] = set()
    for schema_name, pattern, _what in _FILES:
        schema = schemas[schema_name]
        lines += [f"## `{pattern}`", "", f"Schema: `content/schema/{schema_name}`.", ""]
        if "properties" in schema:  # mod.json: the object itself
            lines += render_object("Manifest", schema)
        elif schema.get("description"):
            lines += [_cell(schema["description"]), ""]
        for name, node in schema.get("$defs", {}).items():
            if name in seen:
                continue
            seen.add(name)
            lines += render_object(name, node)
    lines += _expression_section()
    assert set(KIND_FILES.values()) == {f for f, _p, _w in _FILES}
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    """Write the page, or with ``--check`` say whether it is up to date."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the page is out of date")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    text = render()
    current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
    if args.check:
        if current != text:
            print(f"{args.out} is out of date: run python tools/gen_reference.py")
            return 1
        return 0
    if current != text:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
