"""The words a scenario gives the player's screens, with their generic defaults.

Pure: reads the content only. Every front end gets these through the
:class:`~game.engine.view.PlayerView` (``view.words``, ``view.has_ledger``,
``view.has_levers``), never from the scenario file directly.
"""

from __future__ import annotations

from typing import Any

from game.model.calendars import date_label
from game.model.content import Content
from game.model.twins import encode

_LEDGER_KINDS = frozenset({"ConcessionEffect", "DeliverableEffect"})


def _mentions(data: Any) -> bool:
    if isinstance(data, dict):
        return data.get("@") in _LEDGER_KINDS or any(_mentions(v) for v in data.values())
    if isinstance(data, list):
        return any(_mentions(v) for v in data)
    return False


_BOOKS: dict[str, bool] = {}  # content digest -> can it book the ledger


def _books_ledger(content: Content) -> bool:
    known = _BOOKS.get(content.digest)
    if known is None:
        known = _BOOKS[content.digest] = _scan(content)
    return known


def _scan(content: Content) -> bool:
    sc = content.scenario
    if any(lv.worth for lv in sc.levers):
        return True
    return _mentions(encode(sc)) or any(_mentions(encode(c)) for c in content.cards.values()) \
        or any(_mentions(encode(r)) for r in content.reactions)


def has_ledger(content: Content) -> bool:
    """Whether the reciprocity ledger is shown: the scenario says, or it can book anything."""
    told = content.scenario.words.ledger
    return bool(told) if told is not None else _books_ledger(content)


def words(content: Content) -> dict[str, str]:
    """The scenario's words with defaults filled in, for :func:`game.ui_text.ui`."""
    sc = content.scenario
    w = sc.words
    cal = sc.calendar
    visible = [m.id for m in sc.meters if not m.hidden]
    subtitle = w.subtitle or (f"{date_label(cal.start, cal.unit)} – "
                              f"{date_label(cal.end, cal.unit)}")
    return {
        "subtitle": subtitle,
        "player": w.player,
        "role": w.role,
        "lever": w.lever,
        "levers": w.levers,
        "counterpart": w.counterpart,
        "example_meter": w.example_meter or (visible[0] if visible else "NAME"),
        "situation": w.situation or "the situation at the start",
        "unit": cal.unit,
    }


def has_signs(content: Content) -> bool:
    """Whether the scenario shows signs of intent: an estimate or reactions tagged as signals."""
    return content.scenario.estimate is not None or any(r.signal for r in content.reactions)


def ledger_page(content: Content) -> bool:
    """Whether the ledger page (the ledger and the signs of intent) has anything to show."""
    return has_ledger(content) or has_signs(content)
