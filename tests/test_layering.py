"""The package layout holds: the runtime never reaches for the loading pipeline.

``game.model`` (records, expressions, content) and ``game.engine`` (rules) are
what a game runs on; ``game.loading`` (YAML, pydantic, mods, analysis, cache)
only reads and checks files. A game restored from the content cache starts
without YAML or pydantic, and the engine stays pure, only while the first two
never import the third.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).parents[1]
GAME = ROOT / "game"
RUNTIME_PACKAGES = ("model", "engine")
#: What the runtime packages must never import, at any level, even for type checking.
LOADING_ONLY = ("game.loading", "pydantic", "pydantic_core", "yaml", "yaml_rs")
#: Nor anything above them.
ABOVE = ("game.saves", "game.sim", "game.report", "game.tui", "game.classroom",
         "game.plain", "game.cli", "game.reload", "textual", "rich")


def _imports(path: Path, typing_only: bool = True) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in ``path``, nested ones included;
    without ``typing_only``, those under ``if TYPE_CHECKING:`` are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not typing_only:
        for node in ast.walk(tree):
            if (isinstance(node, ast.If) and isinstance(node.test, ast.Name)
                    and node.test.id == "TYPE_CHECKING"):
                node.body = []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, [a.name for a in node.names]))
    return found


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_importing_the_runtime_loads_no_loading_pipeline_yaml_or_pydantic() -> None:
    code = ("import sys, importlib, pkgutil\n"
            f"for pkg in {RUNTIME_PACKAGES!r}:\n"
            "    mod = importlib.import_module('game.' + pkg)\n"
            "    for m in pkgutil.iter_modules(mod.__path__):\n"
            "        importlib.import_module(f'game.{pkg}.{m.name}')\n"
            "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert "game.engine.game" in out and "game.model.expr" in out  # it did import them
    assert [m for m in out if _within(m, LOADING_ONLY + ABOVE)] == []


def test_runtime_source_never_imports_the_loading_pipeline() -> None:
    # The subprocess test sees only what runs; this also catches imports inside
    # functions and under TYPE_CHECKING.
    bad = []
    for pkg in RUNTIME_PACKAGES:
        for path in sorted((GAME / pkg).glob("*.py")):
            for line, module, _names in _imports(path):
                if _within(module, LOADING_ONLY + ABOVE):
                    bad.append(f"game/{pkg}/{path.name}:{line} imports {module}")
    assert bad == []


def test_no_private_name_is_imported_from_another_module() -> None:
    bad = []
    for path in sorted(GAME.rglob("*.py")):
        for line, module, names in _imports(path):
            if module.startswith("game"):
                bad += [f"{path.relative_to(ROOT)}:{line} imports {module}.{n}"
                        for n in names if n.startswith("_")]
    assert bad == []


def test_the_loading_modules_import_each_other_without_cycles() -> None:
    # Function-level imports count too: a cycle hidden in a function is still a cycle.
    # Imports for type checking only do not run, so they are left out.
    graph: dict[str, set[str]] = {}
    for path in (GAME / "loading").glob("*.py"):
        name = f"game.loading.{path.stem}"
        graph[name] = set()
        for _line, module, names in _imports(path, typing_only=False):
            if module == "game.loading":
                graph[name] |= {f"game.loading.{n}" for n in names}
            elif module.startswith("game.loading."):
                graph[name].add(module)
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert seen.get(nxt) != 1, "import cycle: " + " -> ".join([*path, node, nxt])
            if nxt not in seen:
                visit(nxt, [*path, node])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [])
    assert "game.loading.mods" in graph and "game.loading.loader" in graph


#: A class name may be written twice only as a record and its checked file form.
TWIN_FILES = [{"game/model/runtime.py", "game/loading/schema.py"},
              {"game/engine/records.py", "game/saves/schema.py"}]


def test_each_class_name_means_one_thing() -> None:
    where: dict[str, set[str]] = defaultdict(set)
    for path in sorted(GAME.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                where[node.name].add(path.relative_to(ROOT).as_posix())
    clashes = {name: files for name, files in where.items()
               if len(files) > 1 and files not in TWIN_FILES}
    assert clashes == {}
    assert "Plan" in where and "LoadOrder" in where  # the engine's plan, the mods' order
