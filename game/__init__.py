"""Parallel Tracks: Japan's two-track North Korea policy, 2014-2016, as a terminal game.

Packages, in the one direction their imports flow:
``game.model`` (content schemas and loading) -> ``game.engine`` (pure rules)
-> ``game.saves`` / ``game.sim`` / ``game.report`` / ``game.plain``
-> ``game.tui`` / ``game.cli``.
"""

__version__ = "0.1.0"
