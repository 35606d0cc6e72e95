"""JSON Schemas for editors: generated, committed, up to date, and true to the loader."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.loading.jsonschema import KIND_FILES, build_schemas, missing_descriptions, write_schemas

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "content" / "schema"
FIX = Path(__file__).parent / "fixtures"
HEADER = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _kind(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    if rel.parts[0] in ("cards", "reactions", "endings"):
        return rel.parts[0]
    return {"scenario.yaml": "scenario", "mod.yaml": "manifest"}[rel.name]


def _content_files() -> list[tuple[Path, Path]]:
    """Every shipped content file (base game and examples), with its content root."""
    roots = [ROOT / "content" / "base"]
    examples = ROOT / "examples" / "mods"
    if examples.is_dir():
        roots += sorted(p for p in examples.iterdir() if p.is_dir())
    return [(p, root) for root in roots for p in sorted(root.rglob("*.yaml"))]


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / KIND_FILES[kind]).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_committed_schemas_are_up_to_date() -> None:
    stale = write_schemas(SCHEMA_DIR, dry_run=True)
    assert stale == [], f"run 'parallel-tracks schema' to refresh: {stale}"


@pytest.mark.parametrize("name", sorted(KIND_FILES.values()))
def test_every_field_has_a_description(name: str) -> None:
    schema = build_schemas()[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert missing_descriptions(schema) == []


@pytest.mark.parametrize(("path", "root"), _content_files(),
                         ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v)
def test_shipped_content_validates_and_names_its_schema(path: Path, root: Path) -> None:
    kind = _kind(path, root)
    text = path.read_text(encoding="utf-8")
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
              for e in _validator(kind).iter_errors(yaml.safe_load(text))]
    assert errors == []
    first = text.splitlines()[0] if text else ""
    m = HEADER.match(first)
    assert m, f"{path.name} should start with '# yaml-language-server: $schema=...'"
    target = (path.parent / m.group(1)).resolve()
    if "examples" in path.parts:
        assert target.name == KIND_FILES[kind]  # points into the game's schema folder
    else:
        assert target == (SCHEMA_DIR / KIND_FILES[kind]).resolve()


def test_test_scenarios_validate_too() -> None:
    for root in (FIX / "mini", FIX / "mods" / "patcher", FIX / "mods" / "newworld",
                 FIX / "mods" / "quicktest"):
        for path in root.rglob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert not list(_validator(_kind(path, root)).iter_errors(data)), path


@pytest.mark.parametrize(("kind", "data"), [
    ("cards", [{"id": "x", "title": "X", "body": "B", "wieght": 3,
                "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}]),
    ("cards", [{"id": "x", "title": "X", "body": "B", "choices": [{"id": "a", "label": "A"}]}]),
    ("cards", [{"id": "x", "patch": True, "wieght": 3}]),
    ("cards", [{"id": "x", "remove": True, "title": "no"}]),
    ("cards", [{"id": "x", "title": "X", "body": "B", "choices": [
        {"id": "a", "label": "A", "effects": [{"meter": "m", "add": 1, "flag": "f"}]},
        {"id": "b", "label": "B"}]}]),
    ("endings", [{"id": "e", "title": "E", "epilogue": "x", "tone": "great"}]),
    ("scenario", {"id": "s", "title": "S"}),
    ("manifest", {"id": "m", "name": "M", "version": "one"}),
])
def test_schemas_refuse_what_the_loader_refuses(kind: str, data: object) -> None:
    assert list(_validator(kind).iter_errors(data))


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "game", "schema", *args], env=env,
                              capture_output=True, text=True, cwd=tmp_path, timeout=60)

    out = tmp_path / "schemas"
    first = run("--out", str(out))
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(KIND_FILES.values())
    assert run("--out", str(out), "--check").returncode == 0
    (out / "card.json").write_text("{}")
    stale = run("--out", str(out), "--check")
    assert stale.returncode == 1 and "card.json: out of date" in stale.stdout
