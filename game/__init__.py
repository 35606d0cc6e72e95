"""Parallel Tracks: Japan's two-track North Korea policy, 2014-2016, as a terminal game.

Packages, in the one direction their imports flow:
``game.model`` (the light runtime: records, expressions, content)
-> ``game.loading`` (reading and checking content files) and ``game.engine`` (pure
rules; never imports ``game.loading``)
-> ``game.saves`` / ``game.sim`` / ``game.report`` / ``game.plain``
-> ``game.tui`` / ``game.cli``.
"""

__version__ = "0.1.0"
