"""Measurement hooks for the benchmarks; inert unless their environment variables are set.

- ``PARALLEL_TRACKS_READY_FILE=FILE``: after the first refresh of the title or game
  screen, or of the end screen with all its sections, append ``<screen> <wall-clock
  time>`` to FILE.
- ``PARALLEL_TRACKS_EXIT_WHEN=title|game``: exit right after that screen's first
  refresh (``benchmarks/startup.py`` times process start to that point).
- ``PARALLEL_TRACKS_LATENCY_LOG=FILE``: for every move made by a key, append the
  milliseconds from the key's handler to the refreshed screen (a
  ``call_after_refresh`` callback) to FILE (``benchmarks/ui_latency.py``).

Reading two environment variables at import is the whole cost when unused.
"""

from __future__ import annotations

import os
import time
from typing import Any

EXIT_WHEN = os.environ.get("PARALLEL_TRACKS_EXIT_WHEN", "")
READY_FILE = os.environ.get("PARALLEL_TRACKS_READY_FILE", "")
LATENCY_LOG = os.environ.get("PARALLEL_TRACKS_LATENCY_LOG", "")


def screen_ready(app: Any, name: str) -> None:
    """A screen has mounted. After its first refresh, note it in the ready file (if one
    is set), and exit if a benchmark asked to stop at this screen."""
    if not READY_FILE and name != EXIT_WHEN:
        return

    def ready() -> None:
        if READY_FILE:
            with open(READY_FILE, "a", encoding="utf-8") as fh:
                fh.write(f"{name} {time.time()!r}\n")
        if name == EXIT_WHEN:
            app.exit()

    app.call_after_refresh(ready)


def key_started() -> float | None:
    """Mark the start of handling a key; returns a token for :func:`key_done`."""
    return time.perf_counter() if LATENCY_LOG else None


def key_done(widget: Any, token: float | None, what: str) -> None:
    """Record the time to the refreshed screen once the refresh has happened."""
    if token is None:
        return

    def done() -> None:
        ms = (time.perf_counter() - token) * 1000
        with open(LATENCY_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{what}\t{ms:.3f}\n")

    widget.call_after_refresh(done)
