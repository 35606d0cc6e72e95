"""The adjustments game.tui.compat makes to the pinned Textual: still in place, and
behaving as what they replace."""

from __future__ import annotations

import random

from textual.cache import FIFOCache
from textual.strip import Strip

from game.tui import compat


def test_strips_use_the_light_caches_once_the_app_is_imported() -> None:
    import game.tui.app  # noqa: F401  (applies the adjustments)

    strip = Strip([])
    assert isinstance(strip._crop_cache, compat.StripCache)
    assert len(strip._crop_cache) == 0 and strip._crop_cache._cache is None  # no dict yet


def test_strip_cache_keeps_and_drops_what_fifo_cache_does() -> None:
    rng = random.Random(5)
    for maxsize in (1, 4, 16):
        mine, theirs = compat.StripCache(maxsize), FIFOCache(maxsize)
        for _ in range(2000):
            key = rng.randrange(30)
            if rng.random() < 0.5:
                value = rng.random()
                mine[key] = value
                theirs[key] = value
            else:
                assert mine.get(key) == theirs.get(key)
                assert mine.get(key, "none") == theirs.get(key, "none")
            assert len(mine) == len(theirs) <= maxsize
        mine.clear()
        assert len(mine) == 0 and mine.get(1) is None
