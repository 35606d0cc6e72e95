"""Content errors met while a game runs: named by card and file, never a traceback.

``check`` refuses content that could fail in play (see game.model.exprtypes), so
nothing here should ever be needed. Should a content error slip through all the
same, the game, the line mode and the simulator turn it into a
:class:`ContentFault` with :func:`content_fault`: one clear message naming the
turn, the card on the table and where the failing expression is written, which
they show before stopping with a non-zero exit code.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from game.model.content import walk_effects

if TYPE_CHECKING:
    from game.model.content import Content

__all__ = ["ContentFault", "content_fault", "where_written"]

_SHOWN = 120  # how much of an expression or error text a message quotes


class ContentFault(Exception):
    """A content error met while playing; ``str()`` is the whole message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __rich__(self) -> str:
        # Textual shows an exception that has __rich__ as this text, without a
        # traceback, when it stops the app. Escaped: content text is not markup.
        return self.message.replace("[", "\\[")


def _cut(text: str, limit: int = _SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _expressions(effects: Sequence[Any]) -> Iterator[str]:
    for eff, _loc in walk_effects(effects, ()):
        for key in ("add", "set", "value", "if_"):
            value = getattr(eff, key, None)
            if isinstance(value, str):
                yield value


def where_written(content: Content, source: str, most: int = 3) -> list[str]:
    """Where an expression is written: 'file (card ID)' and the like, at most ``most``."""
    found: list[str] = []
    origins = content.origins

    def at(key: str, what: str) -> None:
        origin = origins.get(key)
        found.append(f"{origin.path} ({what})" if origin else what)

    sc = content.scenario
    for card in content.cards.values():
        texts = [card.when, card.weight]
        for ch in card.choices:
            texts.append(ch.when)
            texts.extend(_expressions(ch.effects))
        if source in texts:
            at(card.id, f"card {card.id!r}")
    for r in content.reactions:
        if source == r.when or source in _expressions(r.effects):
            at(f"reaction:{r.id}", f"reaction {r.id!r}")
    for e in content.endings:
        if source == e.when:
            at(f"ending:{e.id}", f"ending {e.id!r}")
    scenario_texts = [sc.score, *(t.formula for t in sc.tracks),
                      *(a.when for a in sc.actions), *_expressions(sc.start_effects)]
    for a in sc.actions:
        scenario_texts.extend(_expressions(a.effects))
    for lv in sc.levers:
        scenario_texts.extend(_expressions([*lv.on_lift, *lv.on_impose]))
    for m in sc.meters:
        for t in m.thresholds:
            scenario_texts.extend(_expressions(t.effects))
    for d in sc.difficulties:
        scenario_texts.extend(_expressions(d.effects))
    if source in scenario_texts:
        at("scenario", "the scenario")
    return found[:most]


def content_fault(content: Content, exc: BaseException, card_id: str | None = None,
                  turn: int | None = None, date: str = "") -> ContentFault:
    """The :class:`ContentFault` for ``exc``, raised while playing ``content``.

    ``card_id``, ``turn`` and ``date`` say where the game was (the card on the table).
    """
    if isinstance(exc, ContentFault):
        return exc
    parts = ["The content has an error that 'parallel-tracks check' did not catch"]
    if turn is not None:
        parts[0] += f", met on turn {turn}" + (f" ({date})" if date else "")
    if card_id is not None:
        origin = content.origins.get(card_id)
        parts[0] += f" with card {card_id!r}" + (f" ({origin.path})" if origin else "")
    detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    parts.append(f"{type(exc).__name__}: {_cut(str(detail), 300)}")
    source = getattr(exc, "source", "")
    if source:
        places = where_written(content, source)
        if places:
            parts.append(f"The expression {_cut(source)!r} is written in " +
                         "; ".join(places) + ".")
    parts.append("The game cannot go on. Please report this to the content's author, "
                 "with the mod and this message.")
    return ContentFault("\n".join(parts))


def game_fault(game: Any, exc: BaseException) -> ContentFault:
    """:func:`content_fault` for a game (its content, turn, date and card)."""
    return content_fault(game.content, exc, getattr(game, "card_id", None),
                         getattr(game, "turn", None), str(getattr(game, "date", "") or ""))
