"""What the content models and their runtime twins share: behaviour, not data.

The pydantic models (:mod:`game.loading.schema`) and the plain classes the game
runs on (:mod:`game.model.runtime`, generated from them) both inherit these,
so a method is written once. Nothing here imports pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

#: The key that tells what kind an effect is, in order of precedence, and its class.
EFFECT_KINDS: dict[str, str] = {
    "meter": "MeterEffect",
    "flag": "FlagEffect",
    "counter": "CounterEffect",
    "lever": "LeverEffect",
    "concession": "ConcessionEffect",
    "deliverable": "DeliverableEffect",
    "schedule": "ScheduleEffect",
    "after": "DelayEffect",
    "random": "RandomEffect",
    "if": "IfEffect",
    "end": "EndEffect",
    "message": "MessageEffect",
}


class _Required:
    """The marker for a field with no default."""

    def __repr__(self) -> str:
        return "REQUIRED"


class Record:
    """Base of the runtime classes: equality, repr and dumping from ``FIELDS``.

    ``FIELDS`` lists ``(attribute, name in the file, default)`` per field, the
    default being :attr:`REQUIRED` when there is none (see tools/gen_runtime.py).
    """

    # The subclasses are frozen, slotted dataclasses (tools/gen_runtime.py) that
    # keep this equality, hash and repr, which go by FIELDS.
    __slots__ = ()
    REQUIRED: ClassVar[Any] = _Required()
    FIELDS: ClassVar[tuple[tuple[str, str, Any], ...]] = ()
    NESTED: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n, _a, _d in self.FIELDS)

    def __hash__(self) -> int:
        # As a frozen pydantic model: hashable when every value is (lists are not).
        return hash((type(self).__name__, *(getattr(self, n) for n, _a, _d in self.FIELDS)))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n, _a, d in self.FIELDS
                          if getattr(self, n) != d)
        return f"{type(self).__name__}({inner})"

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data as a content file would hold it: names as written in files,
        defaults left out (pydantic's ``by_alias=True, exclude_defaults=True``)."""
        out: dict[str, Any] = {}
        for name, alias, default in self.FIELDS:
            value = getattr(self, name)
            if value is not default and value != default:
                out[alias] = _data(value)
        return out


def _data(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_data()
    if isinstance(value, list | tuple):
        return [_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    return value


class MeterMethods:
    """What a meter can say about its value (shared by the model and its twin)."""

    __slots__ = ()
    if TYPE_CHECKING:  # declared by the classes that use this (not a field of its own)
        bands: list[Any]

    def band_at(self, value: float) -> str:
        """The words for ``value``: the label of the highest band that starts at or
        below it (``talking``, ``steady``), or '' when no band does."""
        best: Any = None
        for b in self.bands:
            if value >= b.from_ and (best is None or b.from_ >= best.from_):
                best = b
        return best.label if best else ""
