"""The player's own folders, where each system keeps them (via platformdirs).

Linux: ``~/.config/parallel-tracks`` and ``~/.cache/parallel-tracks`` (or under
``$XDG_CONFIG_HOME`` / ``$XDG_CACHE_HOME``); macOS: under ``~/Library``;
Windows: under ``%APPDATA%`` and ``%LOCALAPPDATA%``. An environment variable
names another folder for each.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "parallel-tracks"
#: The environment variable naming the settings folder.
CONFIG_ENV = "PARALLEL_TRACKS_CONFIG"
#: The environment variable naming the content cache folder (``off``: no cache).
CACHE_ENV = "PARALLEL_TRACKS_CACHE"


def config_dir() -> Path:
    """Where the player's settings live: ``$PARALLEL_TRACKS_CONFIG``, else the system's place."""
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else platformdirs.user_config_path(APP, appauthor=False)


def cache_dir() -> Path | None:
    """Where the content cache lives: ``$PARALLEL_TRACKS_CACHE`` (``off``: None, no
    cache), else the system's place for caches."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return None if env.strip().lower() == "off" else Path(env)
    return platformdirs.user_cache_path(APP, appauthor=False)
