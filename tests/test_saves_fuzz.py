"""Damaged saves: every one is refused with a clear SaveError and left byte-for-byte as it was.

Mutations of real saves, in two families:

- *damage* (the checksum is not fixed): truncation, bit flips, garbage bytes,
  wrong types, deep nesting, huge numbers, enormous texts, wrong checksums, files
  that are not saves at all. Each must be refused, except a change that leaves the
  JSON data identical (flipping ``e`` to ``E`` in an exponent): that one must load
  the same game.
- *hand edits* (the checksum recomputed, as a determined editor would): wrong
  types anywhere outside the free-form ``meta.extra``, huge numbers, enormous
  texts, deep nesting, and values that contradict the rest of the save or the
  content. Each must be refused too.

Default size 600 cases; ``--full`` runs 12,000 and prints the figures.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_saves_support import play_random

from game.saves import SaveError, SaveMeta, list_saves, load_save, read_save_info, write_save
from game.saves.document import MAX_BYTES, checksum

LABEL = "case.json"
NUMBER = re.compile(rb"(?<=[:\[,])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
STRING = re.compile(rb'(?<=: )"[^"\\]*"|(?<=,)"[^"\\]*"(?=[,\]])')


# ---------------------------------------------------------------- originals


def originals(mini_content, base_content, tmp_path: Path) -> list[tuple[bytes, Any]]:
    """Real saves to damage: mini games at several stages, and one base-scenario game."""
    out = []
    for seed, moves in ((1, 0), (2, 3), (3, 9), (4, 400), (5, 6)):
        game = play_random(mini_content, seed, max_moves=moves)
        meta = SaveMeta(player="Aiko", class_code="TEST-1", extra={"k": [1, 2]})
        out.append((write_save(game, tmp_path / f"o{seed}.json", meta).read_bytes(),
                    mini_content))
    game = play_random(base_content, 6, max_moves=40)
    out.append((write_save(game, tmp_path / "base.json").read_bytes(), base_content))
    return out


# ---------------------------------------------------------------- raw damage


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: int(rng.random() * len(data))]


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(1 + int(rng.random() * 8)):
        i = int(rng.random() * len(buf))
        buf[i] ^= 1 << int(rng.random() * 8)
    return bytes(buf)


def garbage(data: bytes, rng: random.Random) -> bytes:
    i = int(rng.random() * len(data))
    n = 1 + int(rng.random() * 64)
    return data[:i] + bytes(int(rng.random() * 256) for _ in range(n)) + data[i + n:]


def _replace_token(data: bytes, pattern: re.Pattern[bytes], new: bytes,
                   rng: random.Random) -> bytes:
    spots = list(pattern.finditer(data))
    m = spots[int(rng.random() * len(spots))]
    return data[: m.start()] + new + data[m.end():]


def raw_huge_number(data: bytes, rng: random.Random) -> bytes:
    new = [b"1e400", b"-1e999", b"9" * 5000, b"1" + b"0" * 40, b"NaN", b"Infinity"]
    return _replace_token(data, NUMBER, new[int(rng.random() * len(new))], rng)


def raw_deep(data: bytes, rng: random.Random) -> bytes:
    depth = [60, 900, 5000, 200_000][int(rng.random() * 4)]
    return _replace_token(data, NUMBER, b"[" * depth + b"]" * depth, rng)


def raw_enormous_string(data: bytes, rng: random.Random) -> bytes:
    return _replace_token(data, STRING, b'"' + b"x" * 300_000 + b'"', rng)


def raw_wrong_type(data: bytes, rng: random.Random) -> bytes:
    new = [b'"12"', b"[]", b"{}", b"true", b"null"][int(rng.random() * 5)]
    return _replace_token(data, NUMBER if rng.random() < 0.5 else STRING, new, rng)


def wrong_checksum(data: bytes, rng: random.Random) -> bytes:
    doc = json.loads(data)
    choice = int(rng.random() * 5)
    if choice == 0:
        doc["checksum"] = "sha256:" + "".join("0123456789abcdef"[int(rng.random() * 16)]
                                              for _ in range(64))
    elif choice == 1:
        del doc["checksum"]
    elif choice == 2:
        doc["checksum"] = 12345
    elif choice == 3:
        doc["checksum"] = doc["checksum"].upper()
    else:  # a real edit with the old checksum kept
        doc["snapshot"]["capital"] += 1
    return json.dumps(doc).encode()


def not_a_save(data: bytes, rng: random.Random) -> bytes:
    options = [b"", b"   \n", b"[]", b"42", b'"save"', b"null", b"true", b"\xff\xfe\x00\x01",
               data.decode().encode("utf-16"), b'{"format": "something-else"}',
               b'{"format": "parallel-tracks-save"}', b"\x00" * 100,
               b'{"format": "parallel-tracks-save", "format_version": "2"}',
               b'{"format": "parallel-tracks-save", "format_version": 0}',
               b"{" * 3000, b"#!/bin/sh\nrm -rf /\n", b"\x80\x04\x95 pickle-like"]
    return options[int(rng.random() * len(options))]


# ---------------------------------------------------------------- hand edits


def _paths(value: Any, where: tuple = ()) -> list[tuple]:
    out = [where] if where else []
    if where[:2] == ("meta", "extra") or where == ("checksum",):
        return []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*where, i))
    return out


def _set(doc: Any, where: tuple, value: Any) -> None:
    for part in where[:-1]:
        doc = doc[part]
    doc[where[-1]] = value


def _get(doc: Any, where: tuple) -> Any:
    for part in where:
        doc = doc[part]
    return doc


def _other_type(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool):
        pool = ["true", 1, [], {}]
    elif isinstance(value, int | float):
        pool = [str(value), [], {}, True]
    elif isinstance(value, str):
        pool = [7, [value], {}, False]
    elif isinstance(value, list):
        pool = ["list", 3, {}]
    elif isinstance(value, dict):
        pool = ["dict", 3, []]
    else:  # None
        pool = [5, [], {}]
    return pool[int(rng.random() * len(pool))]


def edit_wrong_type(doc: dict, rng: random.Random) -> None:
    paths = _paths(doc)
    where = paths[int(rng.random() * len(paths))]
    _set(doc, where, _other_type(_get(doc, where), rng))


def _numbers(doc: Any) -> list[tuple]:
    return [p for p in _paths(doc) if isinstance(_get(doc, p), int | float)
            and not isinstance(_get(doc, p), bool)]


def edit_huge_number(doc: dict, rng: random.Random) -> None:
    spots = _numbers(doc)
    big = [10**30, -(10**30), 2**64, 1e300, -1e16, 10**4000][int(rng.random() * 6)]
    _set(doc, spots[int(rng.random() * len(spots))], big)


def edit_enormous_string(doc: dict, rng: random.Random) -> None:
    spots = [p for p in _paths(doc) if isinstance(_get(doc, p), str)]
    _set(doc, spots[int(rng.random() * len(spots))], "y" * 250_000)


def edit_deep(doc: dict, rng: random.Random) -> None:
    deep: Any = 1
    for _ in range([49, 80, 400][int(rng.random() * 3)]):
        deep = [deep]
    where = [("meta", "extra", "k"), ("snapshot", "pending")]
    spots = [p for p in _paths(doc)] + where
    _set(doc, spots[int(rng.random() * len(spots))], deep)


def edit_contradiction(doc: dict, rng: random.Random) -> None:
    snap = doc["snapshot"]
    meter = next(iter(doc["summary"]["meters"]))
    edits = [
        lambda: doc.update(seed=doc["seed"] + 1),
        lambda: doc.update(difficulty="hard"),
        lambda: doc.update(rng_state=(doc["rng_state"] + 1) % 2**64),
        lambda: doc.update(decisions=[*doc["decisions"], "pass"]),
        lambda: doc["decisions"].__setitem__(slice(None), ["jump:x"])
        or snap["decisions"].__setitem__(slice(None), ["jump:x"]),
        lambda: doc.update(format_version=[0, -1, 3, 99][int(rng.random() * 4)]),
        lambda: doc.update(format="parallel-tracks-game"),
        lambda: doc.update(scenario="another"),
        lambda: snap.update(turn=999) or doc["summary"].update(turn=999),
        lambda: snap.update(version=2),
        lambda: snap["values"].update({meter: 1e6}),
        lambda: snap["values"].update(seen=True),
        lambda: snap["values"].update(not_a_name=1.0),
        lambda: snap.update(card="no-such-card"),
        lambda: snap.update(ending="no-such-ending") or doc["summary"].update(
            ending="no-such-ending"),
        lambda: snap["seen"].update({"no-such-card": [1]}),
        lambda: snap["pending"].append({
            "kind": "effects", "due": 99, "cause": {"kind": "x", "ref": "x", "label": "x"},
            "note": "", "card": None, "effects": [{"meter": "nowhere", "add": 1}],
            "target": None, "amount": 0.0, "turns_left": 0}),
        lambda: snap["pending"].append({
            "kind": "effects", "due": 99, "cause": {"kind": "x", "ref": "x", "label": "x"},
            "note": "", "card": None, "effects": [{"meter": meter, "add": "1 + 1"}],
            "target": None, "amount": 0.0, "turns_left": 0}),
        lambda: snap.update(capital=-5),
        lambda: snap.update(extra_field=1),
        lambda: doc.update(extra_field=1),
        lambda: snap.pop("log"),
    ]
    edits[int(rng.random() * len(edits))]()


RAW = {"truncated": truncate, "bit-flipped": bit_flips, "garbage bytes": garbage,
       "huge number": raw_huge_number, "deep nesting": raw_deep,
       "enormous text": raw_enormous_string, "wrong type": raw_wrong_type,
       "wrong checksum": wrong_checksum, "not a save": not_a_save}
EDITS = {"edited: wrong type": edit_wrong_type, "edited: huge number": edit_huge_number,
         "edited: enormous text": edit_enormous_string, "edited: deep nesting": edit_deep,
         "edited: contradiction": edit_contradiction}


def damaged(original: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One damaged version of a save, and the kind of damage."""
    kinds = list(RAW) + list(EDITS)
    weights = [3, 3, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 3]  # raw damage, then edits
    kind = rng.choices(kinds, weights)[0]
    if kind in RAW:
        return kind, RAW[kind](original, rng)
    doc = copy.deepcopy(json.loads(original))
    EDITS[kind](doc, rng)
    doc["checksum"] = checksum(doc)
    return kind, json.dumps(doc).encode()


def _same_data(a: bytes, b: bytes) -> bool:
    try:
        return json.loads(a) == json.loads(b)
    except (ValueError, RecursionError):
        return False


def run_fuzz(cases: int, mini_content, base_content, tmp_path: Path) -> Counter:
    sources = originals(mini_content, base_content, tmp_path)
    folder = tmp_path / "cases"
    folder.mkdir()
    path = folder / LABEL
    tally: Counter = Counter()
    for n in range(cases):
        rng = random.Random(n)
        original, content = sources[n % len(sources)]
        kind, data = damaged(original, rng)
        if n % 3000 == 2999:  # now and then, a file far too large to be a save
            kind, data = "too large", original[:-3] + b" " * (MAX_BYTES + 10) + b"}\n"
        path.write_bytes(data)
        stamp = os.stat(path).st_mtime_ns
        where = f"case {n} ({kind}); reproduce with random.Random({n})"
        try:
            loaded = load_save(path, content)
        except SaveError as exc:
            message = str(exc)
            assert message.startswith(LABEL + " "), where + ": " + message
            assert 20 < len(message) < 700, where + ": " + message
            tally[kind] += 1
        except Exception as exc:  # the one thing that must never happen
            pytest.fail(f"{where}: {type(exc).__name__}: {exc}")
        else:
            # Only a change that leaves the data identical may load, as the same game.
            assert _same_data(data, original), f"{where}: a damaged save loaded"
            assert loaded.game.snapshot() == json.loads(original)["snapshot"], where
            tally["harmless change, loaded"] += 1
        with contextlib.suppress(SaveError):
            read_save_info(path)
        assert path.read_bytes() == data, f"{where}: the file was changed"
        assert os.stat(path).st_mtime_ns == stamp, f"{where}: the file was touched"
        if n % 500 == 0:
            assert len(list_saves(folder)) == 1  # listed (as damaged), never a crash
    return tally


def _report(tally: Counter, cases: int) -> None:
    refused = sum(v for k, v in tally.items() if k != "harmless change, loaded")
    print(f"\n{cases} damaged saves: {refused} refused with a SaveError, "
          f"{tally['harmless change, loaded']} harmless (identical data) loaded, "
          "0 other exceptions, 0 files changed")
    for kind, count in sorted(tally.items(), key=lambda kv: -kv[1]):
        print(f"  {count:6d}  {kind}")


def test_damaged_saves_are_refused_cleanly(mini_content, base_content, tmp_path):
    tally = run_fuzz(600, mini_content, base_content, tmp_path)
    _report(tally, 600)
    assert sum(tally.values()) == 600


@pytest.mark.full
def test_damaged_saves_are_refused_cleanly_full(mini_content, base_content, tmp_path):
    tally = run_fuzz(12_000, mini_content, base_content, tmp_path)
    _report(tally, 12_000)
    assert sum(tally.values()) == 12_000
