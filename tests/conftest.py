"""Shared fixtures; ``--full`` turns on the full-size fuzzing, crash and simulation runs."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# The content cache goes to a folder of this test run's own (the game's, and every
# game process a test starts, inherit it), never to the user's cache.
if "PARALLEL_TRACKS_CACHE" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="pt-test-cache-")
    os.environ["PARALLEL_TRACKS_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--full", action="store_true",
                     help="run the full-size fuzzing, crash and simulation tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--full"):
        return
    skip = pytest.mark.skip(reason="full-size run: use --full")
    for item in items:
        if "full" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def full(request: pytest.FixtureRequest) -> bool:
    """True when the full-size runs were asked for."""
    return bool(request.config.getoption("--full"))


@pytest.fixture(scope="session")
def mini_content():
    """The tiny engine-test scenario in tests/fixtures/mini."""
    from game.loading.loader import load_content

    return load_content([FIXTURES / "mini"])


@pytest.fixture(scope="session")
def base_content():
    """The shipped scenario."""
    from game.loading.loader import load_content

    return load_content()
