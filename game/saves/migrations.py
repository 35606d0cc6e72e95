"""The migration chain: each older save format is brought up one version at a time.

``MIGRATIONS[n]`` turns a format-``n`` document (already checked with format
``n``'s own checksum rule) into a format-``n+1`` document. Loading applies them in
order, once each, and never writes the result back: the file on disk stays as it
was until the player saves again, in the current format.

Format history:

1. The first format: flat, with ``version``, ``digest``, ``player`` and
   ``class_code`` at the top level and the checksum in ``sha256`` (bare hex).
2. The current format: ``format_version``, ``content_digest`` and
   ``content_layers``, the generator's state as ``rng_state``, a ``summary`` for
   save lists, who-and-why in ``meta``, and ``checksum`` as ``sha256:<hex>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]


def _v1_to_v2(doc: Doc) -> Doc:
    """Format 1 to 2: regroup the player's details under ``meta``, add ``summary``."""
    snap = doc.get("snapshot")
    if not isinstance(snap, dict):
        raise ValueError("format 1 save has no snapshot object")
    values = snap.get("values")
    values = values if isinstance(values, dict) else {}
    turn = snap.get("turn", 0)
    left = values.get("turns_left", 0)
    return {
        "format": doc.get("format"),
        "format_version": 2,
        "game_version": doc.get("game_version"),
        "scenario": doc.get("scenario"),
        "content_digest": doc.get("digest"),
        "content_layers": [],  # format 1 did not record them
        "seed": doc.get("seed"),
        "difficulty": doc.get("difficulty"),
        "rng_state": snap.get("rng"),
        "decisions": doc.get("decisions"),
        "summary": {
            "turn": turn,
            "date": values.get("date", ""),
            "total_turns": turn + left if isinstance(turn, int) and isinstance(left, int)
            else 0,
            # Format 1 kept no list of visible meters; an empty summary never leaks a
            # hidden one. The next save writes the full summary.
            "meters": {},
            "tracks": {},
            "ending": snap.get("ending"),
            "ending_title": None,
            "card": None,
        },
        "meta": {
            "player": doc.get("player"),
            "class_code": doc.get("class_code"),
            "name": None,
            "extra": {},
            "game_id": None,
            "autosave": False,
            "saved_at": None,
        },
        "snapshot": snap,
        "checksum": "",  # checked under format 1's rule before migrating
    }


#: from-version -> function producing the next version's document.
MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {1: _v1_to_v2}
