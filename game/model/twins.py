"""Moving content between its three forms: pydantic models, runtime objects, cache JSON.

- :func:`from_model`: validated pydantic models -> the runtime classes of
  :mod:`game.model.runtime` (matched by class name, so this module never
  imports pydantic);
- :func:`from_data`: content data as a file (or a save's pending effects)
  holds it -> runtime objects, for data that pydantic has already checked;
- :func:`encode` / :func:`decode_object`: runtime objects <-> JSON-ready data for the
  content cache. A runtime object becomes ``{"@": "ClassName", field: ...}``
  and a tuple ``{"@t": [...]}``; no content name can start with ``@``, so the
  tags never meet real keys. Decoding builds only the classes in
  :data:`~game.model.runtime.CLASSES`: the cache holds data, never code.
"""

from __future__ import annotations

from typing import Any

from game.model.methods import EFFECT_KINDS, Record
from game.model.runtime import CLASSES

#: class name -> (runtime class, the fields to recurse into), for the converters.
_KINDS: dict[str, tuple[type[Record], tuple[str, ...]]] = {
    name: (cls, tuple(field for field, _kind in cls.NESTED)) for name, cls in CLASSES.items()
}


def from_model(value: Any) -> Any:
    """The runtime form of ``value``: models become runtime objects, lists and dicts
    are copied, anything else is returned as it is.

    Called on every record of a large mod: a model's ``__dict__`` (every field,
    defaults filled in by pydantic) gives the runtime object's fields, and only the
    fields that can hold other models are walked.
    """
    kind = type(value)
    if kind is list:
        return [from_model(v) for v in value]
    if kind is dict:
        return {k: from_model(v) for k, v in value.items()}
    if kind is tuple:
        return tuple(from_model(v) for v in value)
    if _spec(kind) is None:
        return value
    return _twin(value)


#: pydantic model class -> (runtime class, nested fields), filled on first meeting.
_SPECS: dict[type, tuple[type[Record], tuple[str, ...]]] = {}


def _spec(kind: type) -> tuple[type[Record], tuple[str, ...]] | None:
    spec = _SPECS.get(kind)
    if spec is None:
        known = _KINDS.get(kind.__name__)
        if known is None or kind.__module__ != "game.loading.schema":
            return None
        spec = _SPECS[kind] = known
    return spec


def _twin(model: Any) -> Any:
    """One model's twin. A field that holds records holds a list of them, one, or None."""
    spec = _SPECS.get(type(model)) or _spec(type(model))
    assert spec is not None
    cls, nested = spec
    data = model.__dict__
    if nested:
        data = data.copy()
        for name in nested:
            held = data[name]
            if type(held) is list:
                data[name] = [_twin(item) for item in held]
            elif held is not None:
                data[name] = _twin(held)
    return cls(**data)


def from_data(kind: str, data: Any) -> Any:
    """Runtime objects from checked data: names as written in files, defaults left out.

    ``kind`` is a runtime class name or ``"Effect"`` (picked by its key, as the
    schema does); lists are mapped. Data that was not checked against the schema
    may raise ``KeyError``, ``TypeError`` or ``ValueError``.
    """
    if type(data) is list:
        return [from_data(kind, item) for item in data]
    if kind == "Effect":
        kind = next((cls for key, cls in EFFECT_KINDS.items() if key in data), "")
    cls = CLASSES[kind]
    nested = dict(cls.NESTED)
    values: dict[str, Any] = {}
    for name, alias, default in cls.FIELDS:
        if alias in data:
            value = data[alias]
            values[name] = from_data(nested[name], value) if name in nested else value
        elif default is Record.REQUIRED:
            raise ValueError(f"{kind} needs {alias!r}")
        else:
            values[name] = type(default)(default) if type(default) in (list, dict) else default
    return cls(**values)


def encode(value: Any) -> Any:
    """Runtime objects (and plain data) as JSON-ready data with class tags."""
    if isinstance(value, Record):
        out: dict[str, Any] = {"@": type(value).__name__}
        for name, _alias, _default in value.FIELDS:
            out[name] = encode(getattr(value, name))
        return out
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"@t": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode_object(data: dict[str, Any]) -> Any:
    """``json.loads``'s ``object_hook``: a tagged mapping back into its runtime object.

    Raises ``KeyError``/``TypeError`` on data that is not what :func:`encode` wrote
    (the cache treats that as a miss).
    """
    tag = data.pop("@", None)
    if tag is not None:
        cls = CLASSES[tag]
        if len(data) != len(cls.FIELDS):
            raise KeyError(f"{tag}: expected {len(cls.FIELDS)} fields, got {len(data)}")
        return cls(**data)
    if "@t" in data:
        return tuple(data["@t"])
    return data
