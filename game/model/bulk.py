"""Building content: hundreds of thousands of objects made at once and kept.

Python's cyclic garbage collector starts by allocation counts, so while a load
makes the parsed YAML, the checked models and the runtime records (or reads
them back from the content cache, and compiles the expressions), and while the
engine builds its plan of the content, it walks the ever-growing heap again and
again, and finds nothing to free (reference counting frees what a build drops;
content holds no cycles worth collecting). On a 10,000-card mod that walking is
most of the time, so these builds hold the collector off; it runs as usual
afterwards. ``benchmarks/content_load.py`` prints the load with and without
this, and tests check both give the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector for the duration (as it was, after)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
