"""The shape of a save document (format 2) and of the engine snapshot inside it.

Validation here is about types and sizes only: every field has the JSON type the
writer produces, so nothing downstream meets a string where it expects a number.
Whether the values make sense for the content is checked when the game is
rebuilt (:mod:`game.saves.loading`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from game.saves.errors import short
from game.saves.records import FORMAT as FORMAT  # what a save's ``format`` field says

Text = Annotated[StrictStr, Field(max_length=200_000)]
Word = Annotated[StrictStr, Field(max_length=200)]
# Bounds far beyond any real value, so a huge number is refused here, not met in play.
Number = Annotated[StrictFloat, Field(ge=-1e15, le=1e15)]
Integer = Annotated[StrictInt, Field(gt=-(2**64), lt=2**64)]
Scalar = Number | StrictBool | Text
Count = Annotated[StrictInt, Field(ge=0, le=1_000_000)]
U64 = Annotated[StrictInt, Field(ge=0, lt=2**64)]
# Letters of any script (a class game's id holds the student's name), digits and dashes.
GameId = Annotated[StrictStr, Field(pattern=r"^[^\W_](?:[^\W_]|-){0,39}$")]


def _iso_time(text: str) -> str:
    datetime.fromisoformat(text)  # raises ValueError, which pydantic reports
    return text


Timestamp = Annotated[StrictStr, Field(max_length=40), AfterValidator(_iso_time)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Summary(_Model):
    """What a list of saves shows, written with the save so listing needs no content."""

    turn: Count
    date: Word
    total_turns: Count
    meters: dict[Word, Number]
    tracks: dict[Word, Number]
    ending: Word | None
    ending_title: Text | None
    card: Text | None


class Meta(_Model):
    """Who saved and why (see :class:`game.saves.records.SaveMeta`)."""

    player: Text | None
    class_code: Word | None
    name: Text | None
    extra: dict[Word, Any]
    game_id: GameId | None
    autosave: StrictBool
    saved_at: Timestamp | None


class Cause(_Model):
    """A change's cause, as the engine writes it."""

    kind: Word
    ref: Text
    label: Text


class Change(_Model):
    """One logged change."""

    turn: Count
    name: Word
    before: Number | StrictBool
    after: Number | StrictBool
    cause: Cause


class LedgerEntry(_Model):
    """A concession or deliverable."""

    turn: Count
    kind: Literal["concession", "deliverable"]
    what: Text
    value: Number
    preemptive: StrictBool
    cause: Cause


class Message(_Model):
    """A line of news."""

    turn: Count
    actor: Word | None
    text: Text
    cause: Cause


class Pending(_Model):
    """Work due on a later turn."""

    kind: Literal["card", "effects", "ongoing"]
    due: Count
    cause: Cause
    note: Text
    card: Word | None
    effects: list[dict[Word, Any]]
    target: Word | None
    amount: Number
    turns_left: Count


class Snapshot(BaseModel):
    """The engine's snapshot (its version 1). Unknown keys are left to the round-trip check."""

    model_config = ConfigDict(extra="allow")

    version: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    scenario: Word
    seed: Integer
    difficulty: Word
    turn: Count
    rng: U64
    capital: Annotated[StrictInt, Field(ge=-1_000_000, le=1_000_000)]
    values: dict[Word, Scalar]
    used: dict[Word, Count]
    seen: dict[Word, list[Count]]
    picks: list[tuple[Count, Word, Word]]
    card: Word | None
    pending: list[Pending]
    fired: list[Text]
    reaction_last: dict[Word, Count]
    log: list[Change]
    ledger: list[LedgerEntry]
    messages: list[Message]
    history: list[tuple[Count, dict[Word, Number]]]
    decisions: list[Word]
    ending: Word | None


class Document(_Model):
    """A whole save, format 2, as read from its file."""

    format: Literal["parallel-tracks-save"]
    format_version: Literal[2]
    game_version: Word
    scenario: Word
    content_digest: Word
    content_layers: list[Word]
    seed: Integer
    difficulty: Word
    rng_state: U64
    decisions: list[Word]
    summary: Summary
    meta: Meta
    snapshot: Snapshot
    checksum: Word


def first_problem(exc: ValidationError) -> str:
    """The first validation error of a document, in words: where, what was found, what fits."""
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"] if not _is_union_tag(p)) or "the top level"
    found = err.get("input")
    what = err["msg"][0].lower() + err["msg"][1:]
    extra = f" ({len(exc.errors())} problems in all)" if len(exc.errors()) > 1 else ""
    return f"the field '{where}' is wrong: {what}, found {short(found)}{extra}"


def _is_union_tag(part: object) -> bool:
    # pydantic names the branch of a union it tried ("float", "bool") in the location
    return isinstance(part, str) and part in {"float", "bool", "str", "int", "none"}
