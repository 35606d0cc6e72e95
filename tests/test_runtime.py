"""The runtime twins of the content models: generated, faithful, and pydantic-free."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from game.loading import schema
from game.model.content import Content, walk_effects
from game.model.runtime import CLASSES, DelayEffect, Meter, MeterEffect
from game.model.twins import decode_object, encode, from_data

ROOT = Path(__file__).resolve().parents[1]
_EFFECTS = TypeAdapter(list[schema.Effect])


def all_effect_lists(content: Content) -> list[list[object]]:
    sc = content.scenario
    lists: list[list[object]] = [sc.start_effects]
    lists += [lv.on_lift for lv in sc.levers] + [lv.on_impose for lv in sc.levers]
    lists += [a.effects for a in sc.actions] + [d.effects for d in sc.difficulties]
    lists += [t.effects for m in sc.meters for t in m.thresholds]
    lists += [ch.effects for c in content.cards.values() for ch in c.choices]
    lists += [r.effects for r in content.reactions]
    return lists


def test_runtime_module_is_generated_from_the_schema() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_runtime.py"), "--check"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_model_has_a_twin_with_its_fields_names_and_defaults() -> None:
    models = {n: c for n, c in vars(schema).items()
              if isinstance(c, type) and issubclass(c, schema.Strict) and c is not schema.Strict}
    assert set(models) == set(CLASSES)
    for name, model in models.items():
        twin = CLASSES[name]
        assert [f for f, _a, _d in twin.FIELDS] == list(model.model_fields)
        for field, alias, _default in twin.FIELDS:
            assert alias == (model.model_fields[field].alias or field)


def test_loaded_content_is_runtime_objects_not_models(base_content: Content) -> None:
    card = next(iter(base_content.cards.values()))
    assert type(card).__module__ == "game.model.runtime"
    assert type(base_content.scenario.meters[0]) is Meter
    effects = [e for lst in all_effect_lists(base_content) for e, _l in walk_effects(lst, ())]
    assert effects and all(type(e).__module__ == "game.model.runtime" for e in effects)


def test_runtime_effects_dump_exactly_as_pydantic_would(base_content: Content) -> None:
    # Saves hold delayed effects as this data: the two forms must never differ.
    for effects in all_effect_lists(base_content):
        data = [e.to_data() for e in effects]  # type: ignore[attr-defined]
        assert data == _EFFECTS.dump_python(_EFFECTS.validate_python(data), by_alias=True,
                                            exclude_defaults=True, mode="json")
        assert from_data("Effect", data) == effects


def test_cache_encoding_round_trips_the_whole_content(base_content: Content) -> None:
    parts = {"scenario": base_content.scenario, "cards": base_content.cards,
             "reactions": base_content.reactions, "endings": base_content.endings}
    back = json.loads(json.dumps(encode(parts)), object_hook=decode_object)
    assert back == parts
    ranged = [m for m in base_content.scenario.meters if isinstance(m.start, tuple)]
    assert ranged, "the base game has a hidden meter with a start range"
    by_id = {m.id: m for m in back["scenario"].meters}
    assert all(by_id[m.id].start == m.start and isinstance(by_id[m.id].start, tuple)
               for m in ranged)


def test_decoding_refuses_data_it_did_not_write() -> None:
    with pytest.raises(KeyError):
        json.loads('{"@": "os.system", "x": 1}', object_hook=decode_object)
    with pytest.raises(KeyError):
        json.loads('{"@": "MeterEffect", "meter": "x"}', object_hook=decode_object)


def test_twins_compare_and_print_like_the_models() -> None:
    a = MeterEffect(meter="public", add=3)
    assert a == MeterEffect(meter="public", add=3) and a != MeterEffect(meter="public", add=4)
    assert repr(a) == "MeterEffect(meter='public', add=3)"
    delay = DelayEffect(after=2, effects=[a])
    assert delay.to_data() == {"after": 2, "effects": [{"meter": "public", "add": 3}]}
    assert delay.note is None
