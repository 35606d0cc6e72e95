"""The player view: everything a player can see, made by the engine, in one object.

:func:`player_view` turns a :class:`~game.engine.game.Game` into a
:class:`PlayerView`. The Textual game, the line mode and the ``reader``
simulation policy read this object and nothing else, so

- every rule shown on screen has one source (this module and the content), and
- a bot that reads the view can never see more than a player: hidden meters,
  the dice and the engine's fork are not in it.

The view is plain frozen data (tuples, strings, numbers), made fresh after each
move; it holds no reference to the game. Building one costs a walk over the
current card's and the standing rules' effects (see :mod:`game.engine.preview`).

Words and numbers: values a player sees as numbers on screen today (visible
meters, tracks, capital, the ledger's worths) are here as numbers; what the
player must only judge (Pyongyang's intent) is here as a band of words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.engine.conditions import condition_words
from game.engine.preview import EffectWalker, Touches
from game.engine.vocabulary import has_ledger, ledger_page, words
from game.model.calendars import date_label
from game.ui_text import ui

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.game import Game
    from game.model.runtime import Band

#: Direction marks used in previews and rule texts.
UP, DOWN, BOTH = "+", "-", "±"


# ---------------------------------------------------------------------- pieces


@dataclass(frozen=True, slots=True)
class MeterView:
    """A visible meter.

    ``delta`` is the change since the end of the previous turn (what the
    ▲/▼ marks show; made from the game's history, so it is the same after a
    save is loaded). ``good`` is "high", "low" or None (neutral).
    """

    id: str
    label: str
    description: str
    value: float
    band: str
    delta: float
    good: str | None
    track: str | None
    min: float
    max: float


@dataclass(frozen=True, slots=True)
class TrackView:
    """A scoring track: its value, its pass mark and how it is computed, in words."""

    id: str
    label: str
    description: str
    value: float
    pass_mark: float


@dataclass(frozen=True, slots=True)
class Touch:
    """One meter a move touches, and the direction: ``+``, ``-`` or ``±`` (either way).

    ``sure`` is False when it moves only on some dice or depending on what the
    player cannot see (Pyongyang's intent): "may".
    """

    meter: str
    label: str
    direction: str
    sure: bool = True


@dataclass(frozen=True, slots=True)
class Preview:
    """What a move touches, sizes and delays hidden.

    ``touches``: visible meters with their direction; ``gives``: Tokyo books a
    concession; ``receives``: Pyongyang delivers something; ``levers``: (lever
    label, "imposed"/"lifted") it changes.
    """

    touches: tuple[Touch, ...]
    gives: bool = False
    receives: bool = False
    levers: tuple[tuple[str, str], ...] = ()
    gives_sure: bool = True
    receives_sure: bool = True

    @property
    def empty(self) -> bool:
        """True when the move would move nothing a player can see."""
        return not (self.touches or self.gives or self.receives or self.levers)

    def words(self, vocab: dict[str, str] | None = None) -> str:
        """One line for a screen or a screen reader: ``Washington's confidence +, ...``.

        ``vocab``: the scenario's words (``PlayerView.words``) naming the ledger's sides.
        """
        parts = [f"{t.label} {t.direction}" + ("" if t.sure else " (maybe)")
                 for t in self.touches]
        if self.gives:
            parts.append(ui("preview.gives" if self.gives_sure else "preview.may_give", vocab))
        if self.receives:
            parts.append(ui("preview.receives" if self.receives_sure else "preview.may_receive",
                            vocab))
        parts += [f"{label} {state}" for label, state in self.levers]
        return ", ".join(parts) if parts else "moves nothing you can see"


@dataclass(frozen=True, slots=True)
class AnswerView:
    """An answer on the card: open or locked (with the reason), and its preview.

    ``preview`` is None when this difficulty hides previews (see
    :attr:`PlayerView.previews_shown`).
    """

    id: str
    label: str
    available: bool
    reason: str
    preview: Preview | None


@dataclass(frozen=True, slots=True)
class CardOnTable:
    """The card on the table: its text with state-dependent passages resolved."""

    id: str
    title: str
    body: str
    actor: str | None
    advisors: tuple[tuple[str, str, str], ...]  # (advisor name, role, words)
    history_date: str | None
    history_note: str | None
    choices: tuple[AnswerView, ...]


@dataclass(frozen=True, slots=True)
class ActionRule:
    """A standing action, its full rule and whether it can (and would) do anything now.

    ``conditions``: when it can be taken, in words ("" if always).
    ``reach``: every meter it can move in some state, with direction.
    ``now``: what it would move if taken now (``now.empty``: it would do nothing).
    ``idle``: a sentence saying it would do nothing now, or "".
    ``answers``: the concerns (their labels) it would settle now.
    """

    id: str
    label: str
    description: str
    cost: int
    limit: int
    used: int
    conditions: str
    reach: Preview
    now: Preview
    available: bool
    reason: str
    idle: str
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeverRule:
    """A lever (in the base game, a sanctions measure): state, cost, worth, what each way
    moves."""

    id: str
    label: str
    description: str
    imposed: bool
    cost: int
    worth: float
    on_lift: Preview
    on_impose: Preview
    available: bool
    reason: str
    source: str | None


@dataclass(frozen=True, slots=True)
class PendingView:
    """Something already set in motion: a delayed or continuing effect, or a card to come.

    ``turns_left`` is 0 when it comes due at the start of the next turn. A continuing
    effect on a visible meter also has the meter's ``label``, the ``amount`` a turn
    and the turns it still ``repeats`` (what the pending panel always showed).
    """

    kind: str  # "effects", "ongoing", "card"
    note: str
    cause: str
    turns_left: int
    label: str = ""
    amount: float = 0.0
    repeats: int = 1


@dataclass(frozen=True, slots=True)
class ConcernView:
    """An ally's open concern ("consult us first"), from the scenario's ``concerns``.

    ``turns_left``: turns left to settle it cheaply, this one included (1:
    this turn is the last). ``answer``: the standing action that settles it.
    """

    id: str
    actor: str
    label: str
    description: str
    turns_left: int
    answer: str | None
    answer_label: str | None


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One line of the reciprocity ledger, always told from the player's side."""

    turn: int
    date: str
    kind: str  # "concession" or "deliverable"
    what: str
    value: float
    preemptive: bool
    cause: str
    text: str


@dataclass(frozen=True, slots=True)
class EstimateBand:
    """The intelligence estimate of a hidden meter: a band of words, never a number.

    ``low``/``high`` are the band's label at each end of the estimate's range;
    ``words`` joins them ("probably stalling", "between stalling and unclear").
    ``reports``: how many assessments it rests on; ``sharpness``: "none",
    "rough", "fair" or "sharp".
    """

    label: str
    description: str
    words: str
    low: str
    high: str
    reports: int
    sharpness: str


@dataclass(frozen=True, slots=True)
class Signal:
    """A visible sign of intent: a delivery, a stall, or the tone of a statement.

    ``lean`` is +1 (reads as sincere), -1 (reads as stalling) or 0.
    """

    turn: int
    kind: str  # "delivery", "stall", "tone"
    text: str
    lean: int


@dataclass(frozen=True, slots=True)
class Signals:
    """Everything visible about the other side's intent."""

    estimate: EstimateBand | None
    signals: tuple[Signal, ...]

    @property
    def lean(self) -> int:
        """The sum of the signals' leans (a crude tally a player can make too)."""
        return sum(s.lean for s in self.signals)


@dataclass(frozen=True, slots=True)
class NewsLine:
    """A message of this turn or the last, with who says it and why."""

    turn: int
    actor: str | None
    text: str
    cause: str


@dataclass(frozen=True, slots=True)
class PlayerView:
    """Everything a player can see at one moment of one game.

    Made by :func:`player_view`; read by the UI, the line mode and the
    ``reader`` policy. See ``docs/ENGINE.md`` ("The player view").
    """

    scenario: str
    date: str
    turn: int
    turns_total: int
    difficulty: str
    over: bool
    ending: str | None
    capital: int
    capital_rule: str
    capital_max: int
    meters: tuple[MeterView, ...]
    tracks: tuple[TrackView, ...]
    score: float
    score_rule: str
    card: CardOnTable | None
    previews_shown: bool
    actions: tuple[ActionRule, ...]
    levers: tuple[LeverRule, ...]
    pending: tuple[PendingView, ...]
    concerns: tuple[ConcernView, ...]
    ledger: tuple[LedgerLine, ...]
    conceded: float
    delivered: float
    preemptive: int
    ledger_rule: str
    signals: Signals
    news: tuple[NewsLine, ...]
    #: The scenario's words (player, counterpart, levers, subtitle...) for ui_text.ui().
    words: dict[str, str] = field(default_factory=dict)
    #: Whether the ledger and levers screens have anything to show (else: not offered).
    has_ledger: bool = True
    has_levers: bool = True
    #: Whether the ledger page has anything at all (the ledger, or signs of intent).
    has_ledger_page: bool = True
    unit: str = "month"

    def meter(self, meter_id: str) -> MeterView:
        """The visible meter ``meter_id`` (KeyError if hidden or unknown)."""
        for m in self.meters:
            if m.id == meter_id:
                return m
        raise KeyError(meter_id)

    def action(self, action_id: str) -> ActionRule:
        """The standing action ``action_id`` (KeyError if unknown)."""
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def lever(self, lever_id: str) -> LeverRule:
        """The lever ``lever_id`` (KeyError if unknown)."""
        for lv in self.levers:
            if lv.id == lever_id:
                return lv
        raise KeyError(lever_id)


# ---------------------------------------------------------------------- making it


def band_label(bands: list[Band], value: float) -> str:
    """The label of the band ``value`` falls in ("" without bands); a value below the
    lowest band (an estimate's spread can reach past the meter's bounds) is in it."""
    label = min(bands, key=lambda b: b.from_).label if bands else ""
    for b in bands:
        if value >= b.from_:
            label = b.label
    return label


def _preview(walker: EffectWalker, touches: Touches) -> Preview:
    meters = walker.visible
    order = list(meters)
    items = []
    for mid in sorted(touches.meters, key=order.index):
        signs = touches.meters[mid]
        direction = BOTH if len(signs) > 1 else (UP if 1 in signs else DOWN)
        items.append(Touch(mid, meters[mid].label, direction,
                           f"meter:{mid}" not in touches.maybe))
    levers = walker.game.content.levers
    return Preview(tuple(items), touches.gives, touches.receives,
                   tuple((levers[k].label, v) for k, v in touches.levers.items()),
                   "gives" not in touches.maybe, "receives" not in touches.maybe)


def _capital_rule(game: Game) -> str:
    budget = game.content.scenario.capital
    per = budget.per_turn + game._capital_bonus
    unit = game.content.scenario.calendar.unit
    if budget.carry_over:
        return (f"You get {per} political capital a {unit}. Unspent capital carries over, "
                f"but you can never hold more than {budget.max}: capital above "
                f"{budget.max} is lost.")
    return f"You get {per} political capital a {unit}; unspent capital is lost."


def player_view(game: Game, *, news_turns: int = 1) -> PlayerView:
    """What the player can see now (see :class:`PlayerView`).

    ``news_turns``: how many turns of messages to include (1: this turn's).
    """
    content = game.content
    sc = content.scenario
    walker = EffectWalker(game)
    env = game.env
    last = game.history[-1][1] if game.history else {}
    meters = tuple(
        MeterView(m.id, m.label, m.description, float(env[m.id]),
                  band_label(m.bands, float(env[m.id])),
                  float(env[m.id]) - float(last.get(m.id, env[m.id])),
                  m.good, m.track, m.min, m.max)
        for m in sc.meters if not m.hidden)
    scores = game.scores()
    tracks = tuple(TrackView(t.id, t.label, t.description, scores[t.id], t.pass_mark)
                   for t in sc.tracks)
    diff = next(d for d in sc.difficulties if d.id == game.difficulty)
    previews_shown = diff.previews
    concerns = _concerns(game)
    vocab = words(game.content)
    return PlayerView(
        scenario=sc.title,
        date=game.date,
        turn=game.turn,
        turns_total=game.total_turns,
        difficulty=game.difficulty,
        over=game.over,
        ending=game.ending_id,
        capital=game.capital,
        capital_rule=_capital_rule(game),
        capital_max=sc.capital.max,
        meters=meters,
        tracks=tracks,
        score=scores["score"],
        score_rule=_score_rule(game),
        card=_card(game, walker, previews_shown),
        previews_shown=previews_shown,
        actions=tuple(_action(game, walker, a, concerns) for a in sc.actions),
        levers=tuple(_lever(game, walker, lv) for lv in sc.levers),
        pending=tuple(_pending(game, p) for p in game.pending),
        concerns=concerns,
        ledger=tuple(_ledger_line(game, e) for e in game.ledger),
        conceded=game.ledger_totals()[0],
        delivered=game.ledger_totals()[1],
        preemptive=game.ledger_totals()[2],
        ledger_rule=ui("ledger.rule", vocab),
        signals=_signals(game),
        words=vocab,
        has_ledger=has_ledger(game.content),
        has_ledger_page=ledger_page(game.content),
        has_levers=bool(sc.levers),
        unit=sc.calendar.unit,
        news=tuple(NewsLine(m.turn, m.actor, m.text, m.cause.label) for m in game.messages
                   if m.turn > game.turn - news_turns),
    )


def _pending(game: Game, p: Any) -> PendingView:
    wait = max(0, p.due - game.turn - 1)
    meter = game.content.meters.get(p.target or "")
    if p.kind == "ongoing" and meter is not None and not meter.hidden:
        return PendingView(p.kind, p.note, p.cause.label, wait, meter.label, float(p.amount),
                           int(p.turns_left))
    return PendingView(p.kind, p.note, p.cause.label, wait)


def _score_rule(game: Game) -> str:
    score = game.content.scenario.score
    if isinstance(score, str) and score.replace(" ", "").startswith("min("):
        return "Your score is the lower of the tracks: one cannot carry the other."
    return f"Your score is {score}."


def _card(game: Game, walker: EffectWalker, previews_shown: bool) -> CardOnTable | None:
    card = game.card
    if card is None or game.over:
        return None
    advisors = {a.id: a for a in game.content.scenario.advisors}
    choices = []
    for cv in game.choices():
        preview = _preview(walker, walker.walk(cv.choice.effects, now=True)) \
            if previews_shown else None
        choices.append(AnswerView(cv.choice.id, cv.choice.label, cv.available, cv.reason,
                                  preview))
    adv = tuple((advisors[k].name if k in advisors else k,
                 advisors[k].role if k in advisors else "", v.strip())
                for k, v in card.advisors.items())
    return CardOnTable(card.id, card.title, game.card_text(), card.actor, adv,
                    card.history.date if card.history else None,
                    card.history.note.strip() if card.history else None,
                    tuple(choices))


def _action(game: Game, walker: EffectWalker, a: Any,
            concerns: tuple[ConcernView, ...]) -> ActionRule:
    av = game._action_view(a)
    now = _preview(walker, walker.walk(a.effects, now=True))
    reach = _preview(walker, walker.walk(a.effects, now=False, all_branches=True))
    answers = tuple(c.label for c in concerns if c.answer == a.id)
    idle = ""
    touched = walker.walk(a.effects, now=True)
    if now.empty and not answers and not ((touched.counters | touched.flags)
                                          & names_read(game.content)):
        idle = f"{a.label} would change nothing now."
    conditions = (a.locked or condition_words(a.when, game.content)) if a.when else ""
    return ActionRule(a.id, a.label, " ".join(a.description.split()), a.cost, a.limit,
                      av.used, conditions, reach, now, av.available, av.reason, idle, answers)


_READ: dict[int, tuple[Any, frozenset[str]]] = {}


def names_read(content: Any) -> frozenset[str]:
    """Every name some condition or formula of the content reads.

    A flag or counter nothing reads is bookkeeping; one that something reads
    (a later reaction, a card's condition, the estimate) makes a move count
    even when no meter moves now: consulting before a step heads a concern
    off; a fourth meeting with the families is remembered.
    """
    known = _READ.get(id(content))
    if known is not None and known[0] is content:
        return known[1]
    names = frozenset().union(*(c.names for c in content.exprs.values()))
    _READ[id(content)] = (content, names)
    return names


def estimate_inputs(game: Game) -> set[str]:
    """The names the scenario's intelligence estimate is worked out from."""
    est = game.content.scenario.estimate
    if est is None:
        return set()
    names: set[str] = set()
    for src in (est.value, est.spread, est.reports):
        if isinstance(src, str):
            names |= set(game.content.exprs[src].names)
    return names


def _lever(game: Game, walker: EffectWalker, lv: Any) -> LeverRule:
    view = game._lever_view(lv)
    lift = walker.walk(lv.on_lift, now=False, all_branches=True)
    if lv.worth > 0:
        lift.gives = True
    impose = walker.walk(lv.on_impose, now=False, all_branches=True)
    return LeverRule(lv.id, lv.label, " ".join(lv.description.split()), view.imposed, lv.cost,
                     lv.worth, _preview(walker, lift), _preview(walker, impose),
                     view.available, view.reason, lv.source)


def _concerns(game: Game) -> tuple[ConcernView, ...]:
    """The scenario's concerns that are open now, with the turns left to settle them."""
    defs = game.content.scenario.concerns
    actions = game.content.actions
    actors = {a.id: a.name for a in game.content.scenario.actors}
    out = []
    for c in defs:
        if not game.eval(c.when):
            continue
        left = int(game.eval(c.turns_left))
        if left < 1:
            continue
        out.append(ConcernView(c.id, actors.get(c.actor, c.actor), c.label,
                               " ".join(c.description.split()), left, c.answer,
                               actions[c.answer].label if c.answer in actions else None))
    return tuple(out)


def _ledger_line(game: Game, e: Any) -> LedgerLine:
    vocab = words(game.content)
    date = game.date_of(e.turn)
    when = date_label(date, game.content.scenario.calendar.unit, short=True)
    worth = f"{e.value:g}"
    if e.kind == "concession":
        text = f"{when}: {ui('ledger.gave', vocab)} {e.what} (worth {worth})"
        if e.preemptive:
            text += f", on credit: {ui('ledger.preemptive', vocab)}"
    else:
        text = f"{when}: {ui('ledger.delivered', vocab)} {e.what} (worth {worth})"
    return LedgerLine(e.turn, date, e.kind, e.what, e.value, e.preemptive, e.cause.label,
                      text + ".")


def _signals(game: Game) -> Signals:
    """Deliveries from the ledger, tones of tagged reactions, and the estimate."""
    vocab = words(game.content)
    reactions = {r.id: (1 if r.signal == "sincere" else -1)
                 for r in game.content.reactions if r.signal}
    out: list[Signal] = []
    for e in game.ledger:
        if e.kind == "deliverable":
            out.append(Signal(e.turn, "delivery", ui("signal.delivered", vocab, what=e.what), 1))
    for m in game.messages:
        tone = reactions.get(m.cause.ref) if m.cause.kind == "reaction" else None
        if tone:
            kind = "stall" if tone < 0 else "tone"
            out.append(Signal(m.turn, kind, m.text, tone))
    out.sort(key=lambda s: s.turn)
    return Signals(_estimate(game), tuple(out))


def _estimate(game: Game) -> EstimateBand | None:
    est = game.content.scenario.estimate
    if est is None:
        return None
    reports = int(game.eval(est.reports))
    centre = float(game.eval(est.value))
    spread = float(game.eval(est.spread))
    lo_label = band_label(est.bands, centre - spread)
    hi_label = band_label(est.bands, centre + spread)
    words = lo_label if lo_label == hi_label else f"between {lo_label} and {hi_label}"
    sharp = "none" if reports == 0 else ("rough" if spread > 15 else
                                          "fair" if spread > 9 else "sharp")
    return EstimateBand(est.label, " ".join(est.description.split()), words, lo_label, hi_label,
                    reports, sharp)
