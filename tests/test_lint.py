"""The runtime and loading packages stay lint-clean and strictly type-clean, as CI checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_ruff_is_clean_on_model_and_engine() -> None:
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "game/model", "game/engine",
                          "game/loading"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_is_clean_on_model_and_engine() -> None:
    # The files and the strict settings come from [tool.mypy] in pyproject.toml.
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
