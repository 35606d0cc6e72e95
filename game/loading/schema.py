"""pydantic v2 schemas for every kind of content file.

A content folder (the base game, or a mod) holds:

- ``scenario.yaml`` -- one :class:`Scenario`: calendar, meters (visible and
  hidden), levers, standing actions, actors, advisors, scoring tracks, endings'
  shared settings, difficulties, briefing;
- ``cards/*.yaml`` -- each a list of :class:`Card`;
- ``reactions/*.yaml`` -- each a list of :class:`Reaction` (the other capitals'
  rules, evaluated every turn);
- ``endings/*.yaml`` -- each a list of :class:`Ending`, checked in order.

Every model forbids unknown keys so that a typo (``wieght:``) is an error, not
a silently ignored line. Expressions (conditions, formulas) are kept here as
plain strings; :mod:`game.loading.loader` compiles and name-checks them once all
files are read, because a card may name a flag that another file sets.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from game.model.calendars import date_index
from game.model.exprtypes import VALUE_LIMIT
from game.model.methods import MeterMethods

#: Ids of cards, choices, endings, reactions: lower case, digits, ``-`` and ``_``.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80),
    Field(description="An id: lower-case letters, digits, '-' and '_'."),
]
#: Names that expressions can read (meters, levers, flags, counters, tracks):
#: they must be valid identifiers, so no ``-``.
Name = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60),
    Field(description="A name usable in expressions: lower-case letters, digits and '_'."),
]
#: A date in the calendar's unit (checked against the unit by the calendar and
#: the cross-checks): ``YYYY-MM-DD`` (day, week), ``YYYY-MM``, ``YYYY-Qn``, ``YYYY``.
DateText = Annotated[
    str,
    Field(description=("A date in the calendar's unit: YYYY-MM-DD for days and weeks, "
                       "YYYY-MM for months (e.g. 2014-05), YYYY-Qn for quarters, "
                       "YYYY for years."), max_length=10),
]
#: A condition written in the expression language (see docs/MODDING.md).
Condition = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    Field(description="A condition in the expression language, e.g. 'progress >= 40'."),
]
#: A number, or a formula in the expression language that gives one.
Amount = Annotated[
    int | float | str,
    Field(description="A number, or a formula such as '5 if sincerity >= 50 else 2'."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
#: A number written in content (a meter's bounds, a threshold, a lever's worth...).
Value = Annotated[float, Field(ge=-VALUE_LIMIT, le=VALUE_LIMIT, allow_inf_nan=False)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LeverState = Literal["imposed", "lifted"]


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, values immutable."""

    # Numbers are finite: '.nan' and '.inf' are refused wherever a number goes.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              allow_inf_nan=False)


# --------------------------------------------------------------------------- effects


class MeterEffect(Strict):
    """Change a meter: ``{meter: seoul, add: -6, over: 3}`` or ``{meter: x, set: 50}``."""

    meter: Name = Field(description="The meter (visible or hidden) to change.")
    add: Amount | None = Field(None, description="How much to add (negative to take away).")
    set: Amount | None = Field(None, description="The value to set it to.")
    over: int = Field(
        1, ge=1, le=24,
        description="Spread an 'add' over this many turns, starting this turn.",
    )

    @model_validator(mode="after")
    def _one_of_add_set(self) -> MeterEffect:
        if (self.add is None) == (self.set is None):
            raise ValueError("a meter effect needs exactly one of 'add' or 'set'")
        if self.set is not None and self.over != 1:
            raise ValueError("'over' spreads an 'add'; it cannot be used with 'set'")
        return self


class FlagEffect(Strict):
    """Set or clear a flag: ``{flag: committee_started}`` or ``{flag: x, set: false}``."""

    flag: Name = Field(description="The flag's name; flags start false.")
    set: bool = Field(True, description="true to raise the flag, false to clear it.")


class CounterEffect(Strict):
    """Change a counter: ``{counter: tests_condemned, add: 1}``."""

    counter: Name = Field(description="The counter's name; counters start at 0.")
    add: Amount | None = Field(None, description="How much to add.")
    set: Amount | None = Field(None, description="The value to set it to.")

    @model_validator(mode="after")
    def _one_of_add_set(self) -> CounterEffect:
        if (self.add is None) == (self.set is None):
            raise ValueError("a counter effect needs exactly one of 'add' or 'set'")
        return self


class LeverEffect(Strict):
    """Move a lever (a standing policy): ``{lever: travel_ban, set: lifted}``.

    Unlike the player's own lever change, this costs no political capital and
    does not run the lever's ``on_lift``/``on_impose`` effects.
    """

    lever: Name = Field(description="The lever to move.")
    set: LeverState = Field(description="'imposed' or 'lifted'.")


class ConcessionEffect(Strict):
    """Record something the player gave the other side in the reciprocity ledger."""

    concession: Label = Field(description="What was given, in a few words.")
    value: Amount = Field(description="How much it is worth.")
    preemptive: bool | None = Field(
        None,
        description="Force the 'preemptive' mark; left out, the engine marks a "
        "concession preemptive when the other side had so far delivered no more than the "
        "player had already given (nothing delivered was left unpaid for).",
    )


class DeliverableEffect(Strict):
    """Record something the other side delivered in the reciprocity ledger."""

    deliverable: Label = Field(description="What was delivered, in a few words.")
    value: Amount = Field(description="How much it is worth; may depend on hidden intent.")


class ScheduleEffect(Strict):
    """Draw a card N turns from now: ``{schedule: committee-report, in: 3}``."""

    schedule: Id = Field(description="The card to draw.")
    in_: int = Field(alias="in", ge=1, le=48, description="How many turns from now.")


class DelayEffect(Strict):
    """Apply effects N turns from now: ``{after: 2, effects: [...]}``."""

    after: int = Field(ge=1, le=48, description="How many turns from now.")
    note: Label | None = Field(None, description="What the pending panel shows.")
    effects: list[Effect] = Field(min_length=1, description="The effects to apply then.")


class Outcome(Strict):
    """One branch of a random effect."""

    chance: float = Field(gt=0, le=1, description="Its probability, 0 to 1.")
    label: Label | None = Field(None, description="What the log says happened.")
    effects: list[Effect] = Field(default_factory=list, description="The effects of this outcome.")


class RandomEffect(Strict):
    """Random outcomes with stated chances, which must add up to 1."""

    random: list[Outcome] = Field(min_length=2, description="The possible outcomes.")

    @field_validator("random")
    @classmethod
    def _sum_to_one(cls, value: list[Outcome]) -> list[Outcome]:
        total = sum(o.chance for o in value)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"the chances add up to {total:g}, not 1")
        return value


class IfEffect(Strict):
    """Apply ``then`` when a condition holds, otherwise ``else``."""

    if_: Condition = Field(alias="if", description="The condition to test.")
    then: list[Effect] = Field(default_factory=list, description="Effects when it holds.")
    else_: list[Effect] = Field(default_factory=list, alias="else",
        description="Effects when it does not.")


class EndEffect(Strict):
    """End the game at once with the named ending."""

    end: Id = Field(description="The ending's id.")


class MessageEffect(Strict):
    """Add a line to the turn's news, e.g. what an actor said."""

    message: Text = Field(description="The line of news, in Markdown.")
    actor: Name | None = Field(None, description="Who says it (an actor id).")


_EFFECT_KEYS = (
    "meter", "flag", "counter", "lever", "concession", "deliverable",
    "schedule", "after", "random", "if", "end", "message",
)


#: The keys that say which kind an effect is (for did-you-mean hints).
EFFECT_KEYS: tuple[str, ...] = tuple(_EFFECT_KEYS)


def _effect_kind(value: Any) -> str | None:
    """Pick the effect model by the key present: the first key of ``_EFFECT_KEYS``."""
    if isinstance(value, dict):
        for key in _EFFECT_KEYS:
            if key in value:
                return key
        return None
    for key, attr in (("if", "if_"),):
        if hasattr(value, attr):
            return key
    for key in _EFFECT_KEYS:
        if hasattr(value, key):
            return key
    return None


Effect = Annotated[
    Annotated[MeterEffect, Tag("meter")]
    | Annotated[FlagEffect, Tag("flag")]
    | Annotated[CounterEffect, Tag("counter")]
    | Annotated[LeverEffect, Tag("lever")]
    | Annotated[ConcessionEffect, Tag("concession")]
    | Annotated[DeliverableEffect, Tag("deliverable")]
    | Annotated[ScheduleEffect, Tag("schedule")]
    | Annotated[DelayEffect, Tag("after")]
    | Annotated[RandomEffect, Tag("random")]
    | Annotated[IfEffect, Tag("if")]
    | Annotated[EndEffect, Tag("end")]
    | Annotated[MessageEffect, Tag("message")],
    Discriminator(
        _effect_kind,
        custom_error_type="effect_kind",
        custom_error_message="an effect needs one of: " + ", ".join(_EFFECT_KEYS),
    ),
]

DelayEffect.model_rebuild()
Outcome.model_rebuild()
IfEffect.model_rebuild()


# --------------------------------------------------------------------------- scenario


class Threshold(Strict):
    """What happens when a meter crosses a value (once, or every time)."""

    below: Value | None = Field(None, description="Fires when the meter falls below this.")
    above: Value | None = Field(None, description="Fires when the meter rises above this.")
    message: Text | None = Field(None, description="What the news says.")
    effects: list[Effect] = Field(default_factory=list, description="What happens when it fires.")
    once: bool = Field(True, description="Fire only the first time.")

    @model_validator(mode="after")
    def _one_side(self) -> Threshold:
        if (self.below is None) == (self.above is None):
            raise ValueError("a threshold needs exactly one of 'below' or 'above'")
        return self


class Band(Strict):
    """A named range of a meter, used to describe its value in words."""

    from_: Value = Field(alias="from", description="Lowest value of the band.")
    label: Label = Field(description="The words for this range, e.g. 'talking'.")


class Meter(MeterMethods, Strict):
    """A bounded number: visible (the six on screen) or hidden (revealed in the debrief)."""

    id: Name
    label: Label = Field(description="The name the player sees.")
    description: Text = Field("", description="What it measures, for the help screen.")
    min: Value = Field(0, description="Lowest value; changes stop there.")
    max: Value = Field(100, description="Highest value; changes stop there.")
    start: Value | tuple[Value, Value] = Field(
        description="Start value, or [low, high] to draw it from the seed."
    )
    hidden: bool = Field(False, description="Hidden from the player until the debrief.")
    good: Literal["high", "low"] | None = Field(
        "high", description="Which end is good for the player; null if neither."
    )
    track: Name | None = Field(None, description="The scoring track this meter belongs to.")
    bands: list[Band] = Field(default_factory=list, description="Words for ranges of value.")
    thresholds: list[Threshold] = Field(default_factory=list,
        description="What happens when it crosses values.")

    @model_validator(mode="after")
    def _bounds(self) -> Meter:
        if self.min >= self.max:
            raise ValueError("'min' must be below 'max'")
        lo, hi = (self.start, self.start) if isinstance(self.start, int | float) else self.start
        if lo > hi:
            raise ValueError("the start range must be [low, high]")
        if lo < self.min or hi > self.max:
            raise ValueError("'start' must lie within 'min' and 'max'")
        return self


class Lever(Strict):
    """A standing policy, e.g. one sanctions measure, that the player can lift or impose."""

    id: Name
    label: Label = Field(description="The name the player sees.")
    description: Text = Field("", description="What the measure is, for the help screen.")
    start: LeverState = Field("imposed",
        description="Its state at the start: 'imposed' or 'lifted'.")
    worth: Value = Field(0, description="Leverage it represents while imposed: a whole "
        "number (the ledger counts in whole numbers).")
    watchers: list[Name] = Field(default_factory=list, description="Actors who watch it.")
    cost: int = Field(1, ge=0, le=10, description="Political capital to change it.")
    on_lift: list[Effect] = Field(default_factory=list, description="When the player lifts it.")
    on_impose: list[Effect] = Field(
        default_factory=list, description="When the player imposes it again."
    )
    source: str | None = Field(None, description="Where the real measure is documented.")


class Action(Strict):
    """A standing action the player may take on any turn for political capital."""

    id: Name
    label: Label = Field(description="The name the player sees.")
    description: Text = Field("", description="What it does, for the help screen.")
    cost: int = Field(1, ge=0, le=10, description="Political capital it costs.")
    when: Condition | None = Field(None, description="Available only when this holds.")
    locked: Label | None = Field(None, description="Why it is unavailable, in words.")
    limit: int = Field(1, ge=1, le=10, description="How often per turn.")
    effects: list[Effect] = Field(default_factory=list, description="What taking it does.")


class Actor(Strict):
    """A capital (or other party) whose reactions follow rules."""

    id: Name
    name: Label = Field(description="The name the player sees, e.g. 'Washington'.")
    description: Text = Field("", description="Who they are, for the help screen.")


class Advisor(Strict):
    """Someone who comments on cards."""

    id: Name
    name: Label = Field(description="The name shown with their comments.")
    role: Label = Field("", description="Their post, e.g. 'MOFA Asian Affairs'.")


class Track(Strict):
    """One of the scored tracks; the score is a formula over the final state, 0-100."""

    id: Name
    label: Label = Field(description="The name the player sees.")
    description: Text = Field("", description="What holding this track means.")
    formula: Amount = Field(description="The score, 0-100, as a formula over the final state.")
    pass_mark: Value = Field(50, description="The score that counts as holding this track.")


class Calendar(Strict):
    """Turns of one unit (a month unless told) from ``start`` to ``end``, with an
    optional uncertain end."""

    unit: Literal["day", "week", "month", "quarter", "year"] = Field(
        "month", description="How long a turn is; dates are written in this unit's form.")
    start: DateText
    end: DateText
    uncertain_from: DateText | None = Field(
        None, description="From this date on, the game may end early each turn."
    )
    uncertain_chance: float = Field(
        0.0, ge=0, le=1, description="The chance per turn of an early end."
    )

    @model_validator(mode="after")
    def _order(self) -> Calendar:
        for key in ("start", "end", "uncertain_from"):
            text = getattr(self, key)
            if text is not None:
                try:
                    date_index(text, self.unit)
                except ValueError as exc:
                    raise ValueError(f"'{key}': {exc}") from None
        if date_index(self.end, self.unit) < date_index(self.start, self.unit):
            raise ValueError("'end' comes before 'start'")
        if self.uncertain_from and not (
                date_index(self.start, self.unit) <= date_index(self.uncertain_from, self.unit)
                <= date_index(self.end, self.unit)):
            raise ValueError("'uncertain_from' must fall within the calendar")
        return self


class Words(Strict):
    """What the scenario calls things: every scenario-specific word the player reads.

    Engine words (keys, screens, help, notices, the line mode's commands and
    messages) live in one catalogue, ``game/ui_text.py``, whose templates these
    words fill in: a translator starts from that file and the scenario's own.
    These are the words that depend on the story. Each has a generic default.
    """

    subtitle: Label = Field("", description=(
        "The line under the title on the title screen and in --help "
        "(default: the calendar's first and last dates)."))
    player: Label = Field("your side", description=(
        "Who the player is, as others name them in the ledger and previews, e.g. 'Tokyo'."))
    role: Label = Field("the government", description=(
        "The player's role, e.g. 'Japan's government'."))
    lever: Label = Field("lever", description=(
        "What one lever is called, e.g. 'sanctions measure'."))
    levers: Label = Field("levers", description="What levers are called, plural.")
    ledger: bool | None = Field(None, description=(
        "Whether the reciprocity ledger is shown. Unset: shown when the content can "
        "record a concession or a deliverable (a lever worth more than 0, or such an effect)."))
    counterpart: Label = Field("the other side", description=(
        "The other side of the ledger: who delivers, e.g. 'Pyongyang'."))
    example_meter: str = Field("", description=(
        "The meter named in line-mode help's 'why' example (default: the first visible meter)."))
    situation: Label = Field("", description=(
        "How help names the opening situation, e.g. 'the situation in spring 2014' "
        "(default: 'the situation at the start')."))
    tour: list[Text] = Field(default_factory=list, description=(
        "The guided tour's scenario-specific lines (how a turn goes, what levers are, how "
        "the score works), one paragraph each."))
    help: list[Text] = Field(default_factory=list, description=(
        "Scenario-specific paragraphs for the help screen and line-mode help."))


class Budget(Strict):
    """Political capital: granted each turn, spent on actions and levers."""

    per_turn: int = Field(2, ge=0, le=20, description="Capital granted each turn.")
    carry_over: bool = Field(False, description="Unspent capital carries to next turn.")
    max: int = Field(6, ge=0, le=50, description="The most capital the player can hold.")


class Difficulty(Strict):
    """A difficulty level: extra capital and starting effects."""

    id: Name
    label: Label = Field(description="The name the player sees.")
    description: Text = Field("", description="What changes at this level.")
    capital: int = Field(0, ge=-5, le=5, description="Change to capital per turn.")
    effects: list[Effect] = Field(default_factory=list, description="Effects applied at the start.")
    previews: bool = Field(True, description=(
        "Show which meters each answer touches, and in which direction (sizes and "
        "delays stay hidden)."))


class Concern(Strict):
    """An ally's open concern ("consult us first"): listed with the turns left to settle it."""

    id: Name
    actor: Name = Field(description="Whose concern it is (an actor id).")
    label: Label = Field(description="What the concern is, in a line.")
    description: Text = Field("", description="How it is settled and what happens if not.")
    when: Condition = Field(description="The concern is open while this holds.")
    turns_left: Amount = Field(description=(
        "Turns left to settle it, this one included (below 1: not listed)."))
    answer: Name | None = Field(None, description="The standing action that settles it.")


class Estimate(Strict):
    """An intelligence estimate of something hidden: shown as a band of words, never a number."""

    label: Label = Field(description="Its name on screen, e.g. 'Intelligence estimate'.")
    description: Text = Field("", description="What it rests on, for the help screen.")
    value: Amount = Field(description="The estimate's centre, a formula over visible names.")
    spread: Amount = Field(description="Half the width of the estimate's range (its noise).")
    reports: Amount = Field(0, description="How many assessments it rests on.")
    bands: list[Band] = Field(min_length=1, description="Words for ranges of the estimate.")


class Lesson(Strict):
    """A lesson variant: one fixed card (or card family) per turn for the whole class.

    A class code can ask for it, so every student meets the same event in the same
    turn; the full game stays as it is (for homework).
    """

    id: Name
    label: Label = Field(description="The name a teacher sees, e.g. 'One 45-minute lesson'.")
    description: Text = Field("", description="What the lesson covers, for the teacher.")
    turns: list[Id | list[Id] | None] = Field(
        min_length=1, max_length=600,
        description="The card of each turn, from the first: a card id; a family (a list of "
                    "ids: the first whose condition holds, else the last); or null for a quiet "
                    "turn. The lesson ends after its last turn (no uncertain end).")


class Scenario(Strict):
    """The scenario file: everything that is not a card, reaction or ending."""

    yaml_schema: str | None = Field(None, alias="$schema", exclude=True,
        description="This file's JSON Schema (for editors; ignored by the game).")
    id: Name = Field(description="The scenario's id; saves and mods name it.")
    title: Label = Field(description="The title on the title screen.")
    version: str = Field("1",
        description="The scenario's version; mods name the versions they fit.")
    description: Text = Field("", description="A paragraph for the title screen.")
    briefing: Text = Field("", description="Markdown shown before the first turn.")
    assumptions: Text = Field("", description="Markdown: what the model simplifies and why.")
    calendar: Calendar = Field(description="The turns the game runs.")
    words: Words = Field(default_factory=Words, description=(
        "What the scenario calls things: subtitle, the player's role, levers, the ledger's "
        "two sides, the tour's and help's own lines."))
    capital: Budget = Field(Budget(), description="Political capital per turn.")
    meters: list[Meter] = Field(min_length=1,
        description="The numbers that move: visible and hidden.")
    levers: list[Lever] = Field(default_factory=list,
        description="Standing policies the player can lift or impose.")
    actions: list[Action] = Field(default_factory=list,
        description="What the player may do every turn for capital.")
    actors: list[Actor] = Field(default_factory=list,
        description="The other capitals whose reactions follow rules.")
    advisors: list[Advisor] = Field(default_factory=list, description="Who comments on cards.")
    tracks: list[Track] = Field(min_length=1, description="The scored tracks.")
    score: Amount = Field(description="The joint final score; e.g. 'min(bilateral, alliance)'.")
    difficulties: list[Difficulty] = Field(
        default_factory=lambda: [Difficulty(id="normal", label="Normal")],
        description="The difficulty levels; the first is the default.",
    )
    start_effects: list[Effect] = Field(default_factory=list,
        description="Effects applied before the first turn.")
    lessons: list[Lesson] = Field(default_factory=list,
        description="Lesson variants for a class (see docs/CLASSROOM.md).")
    concerns: list[Concern] = Field(default_factory=list,
        description="The allies' open concerns a player is shown, with the turns left.")
    estimate: Estimate | None = Field(None,
        description="An intelligence estimate of a hidden value, shown as a band of words.")


# --------------------------------------------------------------------------- cards


class HistoryNote(Strict):
    """What really happened, with the source a reader can check."""

    date: str = Field(description="When it happened, e.g. '29 May 2014'.")
    note: Text = Field(description="What happened, in a few sentences.")
    source: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] = Field(
        description="The address of the source."
    )
    more_sources: list[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]] = Field(
        default_factory=list, description="Further sources, as addresses."
    )


class Choice(Strict):
    """One answer to a card."""

    id: Id
    label: Label = Field(description="The choice as the player reads it.")
    when: Condition | None = Field(None, description="Available only when this holds.")
    locked: Label | None = Field(None, description="Why it is locked, in words.")
    historical: bool = Field(False, description=(
        "What was really done; the card then needs a 'history' note saying so, with a "
        "source."))
    outcome: Text | None = Field(None, description="What the player reads after choosing.")
    effects: list[Effect] = Field(default_factory=list, description="What choosing it does.")


class Variant(Strict):
    """A state-dependent version of a card's text: used when its condition holds."""

    when: Condition = Field(description="This text is shown when this holds.")
    body: Text = Field(description="The situation, in Markdown, for that state.")


class Card(Strict):
    """An event card: a situation, advisors' comments and two or more choices."""

    id: Id
    title: Label = Field(description="The card's title.")
    from_: DateText | None = Field(None, alias="from", description="First date it can come.")
    until: DateText | None = Field(None, description="Last date it can come.")
    when: Condition | None = Field(None, description="Drawn only when this holds.")
    weight: Amount = Field(10, description="Relative chance in the weighted draw.")
    anchor: bool = Field(
        False, description="A historical anchor: drawn first, as soon as it is eligible."
    )
    repeatable: bool = Field(False, description="It can come again (after its cooldown).")
    cooldown: int = Field(0, ge=0, le=48, description="Turns before it can come again.")
    actor: Name | None = Field(None, description="Who drives this event.")
    tags: list[Name] = Field(default_factory=list,
        description="Free labels for filters and reports.")
    body: Text = Field(description="The situation, in Markdown.")
    variants: list[Variant] = Field(default_factory=list, description=(
        "Other versions of the body for states where it would not be true; the first "
        "whose 'when' holds is shown, else 'body'."))
    history: HistoryNote | None = Field(None, description="What really happened, with a source.")
    advisors: dict[Name, Text] = Field(default_factory=dict,
        description="Advisors' comments, by advisor id.")
    discussion: Text | None = Field(
        None, description="A prompt for class discussion; pauses the game if stops are on."
    )
    choices: list[Choice] = Field(min_length=2, description="Two or more answers.")

    @model_validator(mode="after")
    def _check(self) -> Card:
        if self.from_ and self.until and self.until < self.from_:
            raise ValueError("'until' comes before 'from'")
        ids = [c.id for c in self.choices]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate choice id {dupes[0]!r}")
        marked = [c.id for c in self.choices if c.historical]
        if len(marked) > 1:
            raise ValueError("only one choice can be marked historical")
        return self


# --------------------------------------------------------------------------- reactions, endings


class Reaction(Strict):
    """A rule for another capital, checked every turn: condition -> effects and a message."""

    id: Id
    actor: Name
    when: Condition
    message: Text | None = Field(None, description="What the news says when it fires.")
    effects: list[Effect] = Field(default_factory=list, description="What it does when it fires.")
    once: bool = Field(False, description="Fire at most once a game.")
    cooldown: int = Field(0, ge=0, le=48, description="Turns before it can fire again.")
    chance: float = Field(1.0, gt=0, le=1, description="Chance it fires when its condition holds.")
    cause: Label | None = Field(None, description=(
        "The cause the player reads for its changes (default: '<actor> reacts'); say it "
        "when the rule moves another actor's meter, or the actor's name is plural."))
    signal: Literal["sincere", "stalling"] | None = Field(None, description=(
        "What its news tells a careful reader about the actor's intent (listed among "
        "the signals)."))


class Ending(Strict):
    """An ending, checked in file order; ``final`` ones only when the calendar runs out."""

    id: Id
    title: Label = Field(description="The ending's title.")
    when: Condition | None = Field(None, description=(
        "Left out on a final ending: always (the fallback). Left out on an ending that "
        "is not final: it is never checked, and comes only through an 'end:' effect."))
    final: bool = Field(
        False, description="Checked only at the end of the calendar, not every turn."
    )
    tone: Literal["good", "mixed", "bad"] = Field("mixed",
        description="How it reads: good, mixed or bad.")
    epilogue: Text = Field(description="What the player reads at the end, in Markdown.")
    history: Text = Field("", description="How this compares with what really happened.")


CONTENT_KINDS: dict[str, type[BaseModel]] = {
    "scenario": Scenario,
    "cards": Card,
    "reactions": Reaction,
    "endings": Ending,
}
