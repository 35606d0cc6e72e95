"""Broken content: each fixture in tests/fixtures/broken is dropped into a copy of the
mini scenario, and ``check`` must report exactly the problems its ``# expect:`` lines
name, at the file, line and column given."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.loading.loader import check_content

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted((FIXTURES / "broken").glob("*.yaml"))


def _header(path: Path) -> tuple[str, list[str]]:
    target, expects = "", []
    for line in path.read_text().splitlines():
        if line.startswith("# target: "):
            target = line.removeprefix("# target: ")
        elif line.startswith("# expect: "):
            expects.append(line.removeprefix("# expect: "))
    return target, expects


def _install(case: Path, tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", root)
    target, _ = _header(case)
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    (root / target).write_text(case.read_text())
    return root, target


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_broken_fixture_reports_exact_place_and_message(case: Path, tmp_path: Path) -> None:
    root, target = _install(case, tmp_path)
    _, expects = _header(case)
    result = check_content([root])
    assert result.content is None
    errors = [p for p in result.problems if p.severity == "error"]
    lines = [p.format().split(str(root / target) + ":", 1)[-1] for p in errors
             if p.path.endswith(target)]
    assert len(errors) == len(expects), "\n".join(p.format() for p in errors)
    for want in expects:
        assert any(got.startswith(want) for got in lines), (
            f"expected {target}:{want}\ngot:\n" + "\n".join(lines))


def test_check_command_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    root, target = _install(FIXTURES / "broken" / "several-errors.yaml", tmp_path)
    run = subprocess.run([sys.executable, "-m", "game", "check", "--alone", str(root)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout.count(f"{target}:") == 4
    assert "4 error(s)" in run.stdout


def test_check_json_shape(tmp_path: Path) -> None:
    import json

    run = subprocess.run([sys.executable, "-m", "game", "check", "--alone", "--json",
                          str(FIXTURES / "mini")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    data = json.loads(run.stdout)
    assert data["errors"] == []
    assert data["stats"]["cards"] == 4 and data["stats"]["endings"] == 3
    assert data["stats"]["meters"] == 3


def test_shipped_content_passes_check() -> None:
    run = subprocess.run([sys.executable, "-m", "game", "check"], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 error(s)" in run.stdout
