"""A save file's bytes <-> a checked, current-format document.

Writing: :func:`encode` turns a game into the bytes of a format-2 save, one
top-level field per line (the snapshot is one long line), ASCII only, with a
SHA-256 checksum of the canonical body (every field but ``checksum``, keys sorted,
no spaces). Reading: :func:`decode` refuses anything that is not exactly a save
with a :class:`~game.saves.errors.SaveError` that says why, in this order: size,
text, JSON, sizes and depths, format and version, checksum, migrations, types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

import game
from game.engine import Game
from game.saves.errors import SaveError, short
from game.saves.migrations import MIGRATIONS
from game.saves.records import FORMAT, SaveMeta, plainly_valid_meta

FORMAT_VERSION = 2
OLDEST_FORMAT = min(MIGRATIONS) if MIGRATIONS else FORMAT_VERSION

# Limits far above any real game (a 24-turn game is about 100 KB) that keep a
# hostile file from costing memory or time before it is refused.
MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 48
MAX_STRING = 200_000
MAX_NODES = 2_000_000
MAX_FLOAT = 1e15
MAX_INT = 2**64

#: Field order in the file, for people who open it: the identifying fields first.
FIELD_ORDER = ("format", "format_version", "game_version", "scenario", "content_digest",
               "content_layers", "seed", "difficulty", "rng_state", "meta", "summary",
               "decisions", "snapshot")


@dataclass
class Decoded:
    """A save document that passed every check, in the current format."""

    doc: dict[str, Any]
    from_version: int
    warnings: list[str] = field(default_factory=list)


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False)


def canonical(body: dict[str, Any]) -> str:
    """The text the checksum covers: keys sorted, no spaces, ASCII only."""
    return _dumps(body)


def checksum(body: dict[str, Any]) -> str:
    """``sha256:<hex>`` of the canonical body (``checksum`` itself left out)."""
    text = canonical({k: v for k, v in body.items() if k != "checksum"})
    return "sha256:" + sha256(text.encode("ascii")).hexdigest()


def summary_of(game_: Game) -> dict[str, Any]:
    """The listing fields of a save: turn, date, visible meters, tracks, ending, card."""
    ending = game_.ending
    card = game_.card
    return {
        "turn": game_.turn,
        "date": game_.date,
        "total_turns": game_.total_turns,
        "meters": {m.id: v for m, v in game_.meters()},
        "tracks": {t.id: game_.value(t.id) for t in game_.content.scenario.tracks},
        "ending": game_.ending_id,
        "ending_title": ending.title if ending else None,
        "card": card.title if card else None,
    }


def now_iso() -> str:
    """The current UTC time, to the second, ISO 8601."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def encode(game_: Game, meta: SaveMeta) -> bytes:
    """The bytes of a format-2 save of ``game_`` (raises SaveError if it cannot be saved)."""
    snapshot = game_.snapshot()
    body: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "game_version": game.__version__,
        "scenario": game_.content.scenario.id,
        "content_digest": game_.content.digest,
        "content_layers": list(game_.content.layers),
        "seed": game_.seed,
        "difficulty": game_.difficulty,
        "rng_state": snapshot["rng"],
        "meta": meta.to_dict(),
        "summary": summary_of(game_),
        "decisions": snapshot["decisions"],
        "snapshot": snapshot,
    }
    if not -MAX_INT < game_.seed < MAX_INT:
        raise SaveError(f"the seed {short(game_.seed)} is too large to save")
    # Never write what reading would refuse: the caller-supplied part is checked here.
    check_sizes(body["meta"], "the save's details")
    if not plainly_valid_meta(body["meta"]):  # the everyday save needs no pydantic
        from pydantic import ValidationError

        from game.saves.schema import Meta, first_problem

        try:
            Meta.model_validate(body["meta"])
        except ValidationError as exc:
            raise SaveError(f"the game cannot be saved: {first_problem(exc)}") from None
    try:
        dumped = {k: _dumps(v) for k, v in body.items()}
    except (TypeError, ValueError) as exc:  # meta.extra that is not plain JSON data
        raise SaveError(f"the game cannot be saved: {exc}") from exc
    # The canonical body is these same field texts, keys sorted (what checksum() hashes),
    # so the snapshot is dumped once, not twice.
    body_text = "{" + ",".join(f"{json.dumps(k)}:{dumped[k]}" for k in sorted(dumped)) + "}"
    digest = sha256(body_text.encode("ascii")).hexdigest()
    fields = [f"{json.dumps(k)}: {dumped[k]}" for k in FIELD_ORDER]
    fields.append(f'"checksum": "sha256:{digest}"')
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode("ascii")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save can hold")


def parse(data: bytes, label: str) -> Any:
    """Bytes to JSON data, or SaveError saying what is wrong, in words."""
    if not data.strip():
        raise SaveError(f"{label} is empty: it holds no saved game")
    try:
        text = data.decode("utf-8-sig")  # tolerate the BOM some Windows editors add
    except UnicodeDecodeError as exc:
        raise SaveError(f"{label} is not a text file: byte {exc.start} is not UTF-8, "
                        "so it is damaged or not a save") from None
    try:
        return json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Extra data"):
            raise SaveError(f"{label} is damaged: something was added after the end of the "
                            f"save (line {exc.lineno}, column {exc.colno})") from None
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise SaveError(f"{label} is cut short: it ends at line {exc.lineno}, column "
                            f"{exc.colno} in the middle of the data (an interrupted "
                            "copy or a full disk?)") from None
        raise SaveError(f"{label} is damaged: not valid JSON at line {exc.lineno}, "
                        f"column {exc.colno} ({exc.msg})") from None
    except RecursionError:
        raise SaveError(f"{label} is damaged: its data is nested too deeply") from None
    except ValueError as exc:  # NaN/Infinity, or an integer with thousands of digits
        raise SaveError(f"{label} is damaged: {exc}") from None


def check_sizes(value: Any, label: str, root: str = "") -> None:
    """Refuse data nested too deeply, with huge numbers or texts, or too many items."""
    stack: list[tuple[Any, int, str]] = [(value, 0, root)]
    nodes = 0
    while stack:
        item, depth, where = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise SaveError(f"{label} holds far more data than any save ({MAX_NODES:,} "
                            "items); it is not a save of this game")
        if depth > MAX_DEPTH:
            raise SaveError(f"{label} is damaged: data nested more than {MAX_DEPTH} levels "
                            f"deep at '{_at(where)}'")
        if isinstance(item, dict):
            for k, v in item.items():
                if len(k) > 200:
                    raise SaveError(f"{label} is damaged: a field name of {len(k):,} "
                                    f"characters at '{_at(where)}'")
                stack.append((v, depth + 1, f"{where}.{k}" if where else k))
        elif isinstance(item, list):
            for i, v in enumerate(item):
                stack.append((v, depth + 1, f"{where}[{i}]"))
        elif isinstance(item, str):
            if len(item) > MAX_STRING:
                raise SaveError(f"{label} is damaged: a text of {len(item):,} characters at "
                                f"'{_at(where)}' (the limit is {MAX_STRING:,})")
        elif isinstance(item, bool) or item is None:
            pass
        elif isinstance(item, int):
            if not -MAX_INT < item < MAX_INT:
                raise SaveError(f"{label} is damaged: the number at '{_at(where)}' is out "
                                f"of range ({short(item, 30)})")
        elif isinstance(item, float) and not -MAX_FLOAT <= item <= MAX_FLOAT:
            raise SaveError(f"{label} is damaged: the number at '{_at(where)}' is out of "
                            f"range ({short(item, 30)})")


def _at(where: str) -> str:
    """A place in the data, cut short (a deeply nested one would fill the screen)."""
    return short(where, 80, quote=False)


def _version_of(doc: dict[str, Any], label: str) -> int:
    if doc.get("format") != FORMAT:
        raise SaveError(f"{label} is not a Parallel Tracks save (its 'format' field is "
                        f"{short(doc.get('format'))}, not {FORMAT!r})")
    version = doc.get("format_version", doc.get("version"))
    if isinstance(version, bool) or not isinstance(version, int):
        raise SaveError(f"{label} is damaged: its format version is {short(version)}, "
                        "not a whole number")
    if not -1000 < version < 1000:
        raise SaveError(f"{label} is damaged: its format version {short(version, 30)} is "
                        "not one any version of the game has written")
    if version > FORMAT_VERSION:
        made_by = doc.get("game_version")
        by = f" by Parallel Tracks {made_by}" if isinstance(made_by, str) and \
            len(made_by) < 40 else ""
        raise SaveError(f"{label} was written in save format {version}{by}; this is "
                        f"Parallel Tracks {game.__version__}, which reads save formats "
                        f"{OLDEST_FORMAT} to {FORMAT_VERSION}. Update the game to load it.")
    if version < OLDEST_FORMAT:
        raise SaveError(f"{label} is in save format {version}, older than any this version "
                        f"reads ({OLDEST_FORMAT} to {FORMAT_VERSION})")
    return version


def _check_sum(doc: dict[str, Any], version: int, label: str) -> None:
    if version == 1:
        stored, key = doc.get("sha256"), "sha256"
        expected = checksum({k: v for k, v in doc.items() if k != "sha256"})[7:]
    else:
        stored, key = doc.get("checksum"), "checksum"
        expected = checksum(doc)
    if not isinstance(stored, str):
        raise SaveError(f"{label} is damaged: its checksum ({key!r}) is missing")
    if stored != expected:
        raise SaveError(f"{label} has changed since it was saved: its checksum does not "
                        "match its contents (damaged on disk, or edited by hand)")


def decode(data: bytes, label: str) -> Decoded:
    """Check and migrate the bytes of a save; SaveError (naming ``label``) on any problem."""
    doc = parse(data, label)
    if not isinstance(doc, dict):
        kind = {list: "a list", str: "a text", bool: "a true/false value",
                type(None): "null"}.get(type(doc), "a number")
        raise SaveError(f"{label} is not a Parallel Tracks save: it holds {kind}, not a save "
                        "record")
    version = _version_of(doc, label)
    try:
        _check_sum(doc, version, label)
    except (ValueError, RecursionError):  # NaN from an overflowing number, absurd nesting
        check_sizes(doc, label)  # says which, in words
        raise SaveError(f"{label} is damaged: it holds data no save contains") from None
    warnings: list[str] = []
    start = version
    while version < FORMAT_VERSION:
        try:
            doc = MIGRATIONS[version](doc)
        except Exception as exc:  # a migration meeting data it cannot read
            raise SaveError(f"{label} (save format {version}) could not be upgraded: "
                            f"{short(str(exc), 200)}") from None
        version += 1
    if start < FORMAT_VERSION:
        doc["checksum"] = checksum(doc)
        warnings.append(f"{label} was saved in an older save format ({start}); it will be "
                        f"saved in format {FORMAT_VERSION} from now on")
    # Typed fields are bounded by the schema; only the free-form parts need the walk.
    check_sizes(doc.get("meta", {}).get("extra") if isinstance(doc.get("meta"), dict)
                else None, label, "meta.extra")
    from pydantic import ValidationError  # reading checks every field: the full schema

    from game.saves.schema import Document, Snapshot, first_problem

    snap = doc.get("snapshot")
    if isinstance(snap, dict):
        free = {k: v for k, v in snap.items() if k not in Snapshot.model_fields}
        free["pending"] = snap.get("pending")
        check_sizes(free, label, "snapshot")
    try:
        Document.model_validate(doc)
    except ValidationError as exc:
        raise SaveError(f"{label} is damaged: {first_problem(exc)}") from None
    except RecursionError:
        raise SaveError(f"{label} is damaged: its data is nested too deeply") from None
    return Decoded(doc, start, warnings)
