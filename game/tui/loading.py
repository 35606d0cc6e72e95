"""Loading the content off the UI thread, started as early as it is known to be needed.

Reading the scenario is the slow part of start-up (unless the content cache,
:mod:`game.loading.cache`, serves it); the title screen does not need it. :class:`ContentLoader`
runs it in a thread and hands the result to the app on the app's own thread,
whether it finishes before or after the app is running.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


class ContentLoader:
    """Loads ``content_dirs`` (or the base game, the ``--mod`` folders and the mods folder)."""

    def __init__(self, content_dirs: Sequence[Path] | None, mods: Sequence[str],
                 use_mod_folder: bool) -> None:
        """Nothing happens until :meth:`start`."""
        self.content_dirs = list(content_dirs) if content_dirs else None
        self.mods = list(mods)
        self.use_mod_folder = use_mod_folder
        self.result: Any = None
        """The LoadResult, once loaded."""
        self.error: str | None = None
        """Why loading failed outright (a broken install, an unreadable folder)."""
        self._lock = threading.Lock()
        self._done = False
        self._deliver: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start loading in the background (once)."""
        if self._thread is None:
            # Not a daemon: a daemon thread killed mid-import at exit can abort the
            # interpreter. Quitting while it runs waits for it (a fraction of a second).
            self._thread = threading.Thread(target=self._run, name="content-loader")
            self._thread.start()

    def _run(self) -> None:
        try:
            from game.loading.cache import cached_check

            if self.content_dirs:
                result = cached_check(self.content_dirs)
            else:
                from game.loading.folders import stack_dirs

                dirs, folder, _warnings = stack_dirs(self.mods, self.use_mod_folder)
                result = cached_check(dirs, optional=folder)
            # Warm the engine import here too, off the UI thread.
            import game.engine  # noqa: F401
        except Exception as exc:  # shown on the title screen, not raised in a thread
            self.error = f"{type(exc).__name__}: {exc}"
            result = None
        with self._lock:
            self.result = result
            self._done = True
            deliver = self._deliver
        if deliver is not None:
            deliver()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the load to finish; True if it has."""
        if self._thread is not None:
            self._thread.join(timeout)
        with self._lock:
            return self._done

    def when_done(self, deliver: Callable[[], None]) -> None:
        """Call ``deliver`` (from the loading thread, or now if already loaded) once."""
        with self._lock:
            if not self._done:
                self._deliver = deliver
                return
        deliver()
