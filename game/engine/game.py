"""The rules: a game is its content, its seed, its difficulty and the player's decisions.

:class:`Game` holds the whole state and changes it only through four moves:
:meth:`Game.take_action`, :meth:`Game.set_lever`, :meth:`Game.choose` and
:meth:`Game.pass_turn` (all reachable through :meth:`Game.apply` with a
:class:`~game.engine.records.Decision`). Every value that moves is recorded as a
:class:`~game.engine.records.Change` tagged with its cause, so any screen can
answer "why did this meter move?".

Turn order (DESIGN section 2): time advances -> ongoing and scheduled effects
come due -> actors react -> a card is drawn (scheduled cards first, then
historical anchors, then a weighted draw) -> the player takes standing actions
and answers the card -> endings are checked.

No I/O here, and no clock: the same seed and decisions give the same game.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from game.engine.conditions import needs
from game.engine.lesson import LessonPlan, lesson_card, lesson_for
from game.engine.plan import Plan, plan_for
from game.engine.records import Cause, Change, Decision, LedgerEntry, Message, Pending
from game.engine.rng import Rng
from game.model.calendars import date_index, date_name, year_month
from game.model.content import Content
from game.model.exprtypes import COUNTER_LIMIT
from game.model.runtime import (
    Action,
    Card,
    Choice,
    ConcessionEffect,
    CounterEffect,
    DelayEffect,
    DeliverableEffect,
    Effect,
    EndEffect,
    Ending,
    FlagEffect,
    IfEffect,
    Lever,
    LeverEffect,
    MessageEffect,
    Meter,
    MeterEffect,
    RandomEffect,
    ScheduleEffect,
)
from game.model.twins import from_data

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.view import PlayerView

SNAPSHOT_VERSION = 1
_MAX_DEPTH = 8  # thresholds firing thresholds: stop runaway chains in bad content
NEVER = 999  # what since() says of a card never drawn
_LONG_AGO = float("-inf")  # when a reaction that never fired last fired


class IllegalMove(ValueError):
    """A move the rules do not allow now; the message says why, in words."""


@dataclass(frozen=True, slots=True)
class ChoiceView:
    """A choice as the player sees it: available, or locked with the reason."""

    choice: Choice
    available: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ActionView:
    """A standing action with whether it can be taken now, and why not."""

    action: Action
    available: bool
    reason: str = ""
    used: int = 0


@dataclass(frozen=True, slots=True)
class LeverView:
    """A lever's state and whether the player can change it now."""

    lever: Lever
    imposed: bool
    available: bool
    reason: str = ""


class Game:
    """One game in progress. Create with :meth:`new`, :meth:`replay` or :meth:`from_snapshot`."""

    def __init__(self, content: Content, seed: int, difficulty: str | None = None,
                 lesson: str | None = None) -> None:
        """Set up an empty state; use :meth:`new` to start a game properly.

        ``difficulty``: an id of the scenario's difficulties; None: its first.
        """
        diffs = {d.id: d for d in content.scenario.difficulties}
        if difficulty is None:
            difficulty = next(iter(diffs), "normal")
        if difficulty not in diffs:
            raise IllegalMove(
                f"unknown difficulty {difficulty!r}; choose one of: {', '.join(diffs)}"
            )
        self.content = content
        self.seed = seed
        self.difficulty = difficulty
        #: The lesson variant played (a fixed card per turn: game.engine.lesson), or None.
        self.lesson = lesson
        try:
            self._lesson: LessonPlan | None = lesson_for(content, lesson) if lesson else None
        except ValueError as exc:
            raise IllegalMove(str(exc)) from None
        self._capital_bonus = diffs[difficulty].capital
        self.rng = Rng(seed)
        self.turn = 1
        self.capital = 0
        self.env: dict[str, Any] = {}
        self.used: dict[str, int] = {}
        self.seen: dict[str, list[int]] = {}
        self.picks: list[tuple[int, str, str]] = []
        self.card_id: str | None = None
        self.pending: list[Pending] = []
        self.fired: set[str] = set()
        self.reaction_last: dict[str, int] = {}
        self.log: list[Change] = []
        self.ledger: list[LedgerEntry] = []
        self.messages: list[Message] = []
        self.history: list[tuple[int, dict[str, float]]] = []
        self.decisions: list[Decision] = []
        self.ending_id: str | None = None
        self._record = True  # keep log and messages (see new)
        self._conceded = 0.0
        self._delivered = 0.0
        self._preemptive = 0
        self._unit = content.scenario.calendar.unit
        self._start = date_index(content.scenario.calendar.start, self._unit)
        # The content's tables (see game.engine.plan). Never part of the state.
        self._plan = plan_for(content)
        self._fns = self._plan.fns
        self._total_turns = self._lesson.length if self._lesson else self._plan.total_turns
        # reaction_last by position, the same values (kept in step with it).
        self._reaction_last: list[float] = [_LONG_AGO] * len(self._plan.reactions)
        self._delayed: dict[int, tuple[Pending, list[Effect]]] = {}
        self._steps = self._plan.steps
        self._bind_functions()

    # ------------------------------------------------------------------ creation

    @classmethod
    def new(cls, content: Content, seed: int, difficulty: str | None = None, *,
            record: bool = True, lesson: str | None = None) -> Game:
        """Start a game: draw hidden values, apply start effects, draw the first card.

        ``record=False`` is for games nobody reads the story of (the simulator, the
        end screen's historical path): the game keeps no change log
        and no news messages (``log`` and ``messages`` stay empty, and moves
        return no changes); everything else -- values, draws, dice, ledger,
        history, picks, decisions, ending -- is exactly what a recording game
        has. Its snapshot is not a save: replay its decisions to get one.
        ``lesson`` plays that lesson variant of the scenario (see game.engine.lesson).
        """
        game = cls(content, seed, difficulty, lesson)
        game._record = record
        sc = content.scenario
        for m in sc.meters:
            if isinstance(m.start, tuple):
                game.env[m.id] = round(game.rng.uniform(*m.start))
            else:
                game.env[m.id] = m.start
        for lv in sc.levers:
            game.env[lv.id] = lv.start == "imposed"
        for name in content.flags:
            game.env[name] = False
        for name in content.counters:
            game.env[name] = 0
        game.env["difficulty"] = game.difficulty
        game._set_time()
        game._update_ledger_names()
        game._update_tracks()
        start = Cause("start", sc.id, "The situation in " + sc.calendar.start)
        game._apply(sc.start_effects, start)
        diff = next(d for d in sc.difficulties if d.id == game.difficulty)
        game._apply(diff.effects, Cause("difficulty", diff.id, f"Difficulty: {diff.label}"))
        game._update_tracks()
        game.history.append((0, game._meter_values()))
        game._begin_turn()
        return game

    @classmethod
    def replay(cls, content: Content, seed: int, difficulty: str,
               decisions: Iterable[Decision | str], lesson: str | None = None) -> Game:
        """Rebuild a game from its seed and decisions (raises IllegalMove if one does not fit)."""
        game = cls.new(content, seed, difficulty, lesson=lesson)
        for n, d in enumerate(decisions, 1):
            dec = d if isinstance(d, Decision) else Decision.parse(d)
            try:
                game.apply(dec)
            except IllegalMove as exc:
                raise IllegalMove(f"decision {n} ({dec}) cannot be replayed: {exc}") from exc
        return game

    def _bind_functions(self) -> None:
        """Put the state functions that expressions call into the environment.

        They reach the game through a weak proxy: a strong reference would make
        game -> env -> function -> game a cycle, which leaves every finished game
        (its whole log) for the cycle collector instead of freeing it at once
        (tests/test_engine_caches.py checks that it is freed at once).
        """
        seen = self.seen
        game = weakref.proxy(self)

        def f_seen(card: str) -> bool:
            return card in seen

        def f_count(card: str) -> int:
            return len(seen.get(card, ()))

        def f_since(card: str) -> int:
            turns = seen.get(card)
            return game.turn - turns[-1] if turns else NEVER

        def f_chose(card: str, choice: str) -> bool:
            return any(c == card and ch == choice for _t, c, ch in game.picks)

        self.env.update(seen=f_seen, count=f_count, since=f_since, chose=f_chose)

    # ------------------------------------------------------------------ reading

    @property
    def over(self) -> bool:
        """True once an ending has been reached."""
        return self.ending_id is not None

    @property
    def ending(self) -> Ending | None:
        """The ending reached, if any."""
        return self.content.endings_by_id[self.ending_id] if self.ending_id else None

    @property
    def card(self) -> Card | None:
        """The card to answer this turn, or None in a quiet turn or after the end."""
        return self.content.cards[self.card_id] if self.card_id else None

    @property
    def total_turns(self) -> int:
        """How many turns this game lasts at most: the calendar's, or its lesson's."""
        return self._total_turns

    @property
    def date(self) -> str:
        """The current date in the calendar's unit, as content writes it (``YYYY-MM`` for
        months, ``YYYY-MM-DD`` for days and weeks); players read it through date_label."""
        return date_name(self._start + self.turn - 1, self._unit)

    def date_of(self, turn: int) -> str:
        """The date of ``turn`` in the calendar's unit, as :attr:`date` writes it."""
        return date_name(self._start + turn - 1, self._unit)

    def card_text(self) -> str:
        """The current card's body as the player reads it ("" without a card)."""
        card = self.card
        if card is None:
            return ""
        # The first variant whose condition holds: the text that is true of this path.
        for var in card.variants:
            if self._fns[var.when](self.env):
                return var.body.strip()
        return card.body.strip()

    def view(self) -> PlayerView:
        """Everything the player can see now (see :mod:`game.engine.view`)."""
        from game.engine.view import player_view

        return player_view(self)

    def value(self, name: str) -> Any:
        """The current value of a meter, flag, counter, lever, track or built-in name."""
        return self.env[name]

    def meters(self, hidden: bool = False) -> list[tuple[Meter, float]]:
        """Meters with their values; visible ones only unless ``hidden``."""
        return [(m, self.env[m.id]) for m in self.content.scenario.meters
                if hidden or not m.hidden]

    def eval(self, source: str | int | float) -> Any:
        """Evaluate a content expression (or pass a number through)."""
        if isinstance(source, str):
            return self._fns[source](self.env)
        return source

    def choices(self) -> list[ChoiceView]:
        """The current card's choices, each available or locked with its reason."""
        card = self.card
        if card is None or self.ending_id is not None:
            return []
        views = []
        for ch in card.choices:
            if ch.when is None or self.eval(ch.when):
                views.append(ChoiceView(ch, True))
            else:
                views.append(ChoiceView(ch, False, ch.locked or needs(ch.when, self.content)))
        return views

    def actions(self) -> list[ActionView]:
        """The standing actions and whether each can be taken now."""
        return [self._action_view(a) for a in self.content.scenario.actions]

    def _action_view(self, a: Action) -> ActionView:
        used = self.used.get("act:" + a.id, 0)
        reason = ""
        if self.ending_id is not None:
            reason = "the game is over"
        elif used >= a.limit:
            reason = "already taken this turn" if a.limit == 1 else \
                f"taken {used} times this turn (limit {a.limit})"
        elif a.cost > self.capital:
            reason = f"costs {a.cost} capital; {self.capital} left"
        elif a.when and not self._fns[a.when](self.env):
            reason = a.locked or needs(a.when, self.content)
        return ActionView(a, not reason, reason, used)

    def _open_choice_ids(self) -> list[str]:
        """The ids of the available choices, as :meth:`choices` says, without the views.

        For bots, which ask every turn of thousands of games.
        """
        card = self.card
        if card is None or self.ending_id is not None:
            return []
        env, fns = self.env, self._fns
        return [ch.id for ch in card.choices if ch.when is None or fns[ch.when](env)]

    def _move_allowed(self, decision: Decision) -> bool:
        """Whether :meth:`apply` would accept a standing move (act or lever) now.

        The same checks as :meth:`take_action` and :meth:`set_lever`, in the same
        order, without building views or reasons: for bots trying many moves.
        """
        if self.ending_id is not None:
            return False
        kind = decision.kind
        if kind == "act":
            a = self.content.actions.get(decision.target)
            if a is None or self.used.get("act:" + a.id, 0) >= a.limit or \
                    a.cost > self.capital:
                return False
            return not a.when or bool(self._fns[a.when](self.env))
        if kind == "lever":
            state = decision.value
            lv = self.content.levers.get(decision.target)
            if state not in ("imposed", "lifted") or lv is None:
                return False
            if bool(self.env[lv.id]) == (state == "imposed"):
                return False
            return not self.used.get("lever:" + lv.id) and lv.cost <= self.capital
        raise ValueError(f"not a standing move: {decision}")

    def _try_move(self, decision: Decision) -> bool:
        """Make a standing move (act or lever) if the rules allow it now; say whether made.

        What :meth:`_move_allowed` and then :meth:`apply` do, checking once: for
        bots trying many moves. A refused move changes nothing.
        """
        if self.ending_id is not None:
            return False
        kind = decision.kind
        if kind == "act":
            a = self.content.actions.get(decision.target)
            if a is None:
                return False
            used = self.used.get("act:" + a.id, 0)
            if used >= a.limit or a.cost > self.capital or \
                    (a.when and not self._fns[a.when](self.env)):
                return False
            self._act(a, used)
            return True
        if kind == "lever":
            state = decision.value
            lv = self.content.levers.get(decision.target)
            if state not in ("imposed", "lifted") or lv is None:
                return False
            if bool(self.env[lv.id]) == (state == "imposed"):
                return False
            if self.used.get("lever:" + lv.id) or lv.cost > self.capital:
                return False
            self._lever(lv, state)
            return True
        raise ValueError(f"not a standing move: {decision}")

    def levers(self) -> list[LeverView]:
        """Every lever, its state and whether the player can change it now."""
        return [self._lever_view(lv) for lv in self.content.scenario.levers]

    def _lever_view(self, lv: Lever) -> LeverView:
        reason = ""
        if self.ending_id is not None:
            reason = "the game is over"
        elif self.used.get("lever:" + lv.id):
            reason = "already changed this turn"
        elif lv.cost > self.capital:
            reason = f"costs {lv.cost} capital; {self.capital} left"
        return LeverView(lv, bool(self.env[lv.id]), not reason, reason)

    def scores(self) -> dict[str, float]:
        """Each track's score (0-100) and the joint ``score``."""
        self._update_tracks()
        out = {t.id: float(self.env[t.id]) for t in self.content.scenario.tracks}
        out["score"] = float(self.eval(self.content.scenario.score))
        return out

    def changes(self, name: str | None = None, turn: int | None = None) -> list[Change]:
        """The recorded changes, filtered by value name and/or turn."""
        return [c for c in self.log
                if (name is None or c.name == name) and (turn is None or c.turn == turn)]

    def ledger_totals(self) -> tuple[float, float, int]:
        """(conceded, delivered, number of preemptive concessions)."""
        return self._conceded, self._delivered, self._preemptive

    # ------------------------------------------------------------------ moves

    def apply(self, decision: Decision) -> list[Change]:
        """Make one move; returns the changes it caused (the next turn's start included)."""
        kind = decision.kind
        if kind == "choose":
            return self.choose(decision.target)
        if kind == "act":
            return self.take_action(decision.target)
        if kind == "lever":
            return self.set_lever(decision.target, decision.value)
        if kind == "pass":
            return self.pass_turn()
        raise IllegalMove(f"unknown move {decision}")

    def take_action(self, action_id: str) -> list[Change]:
        """Spend capital on a standing action."""
        self._require_live()
        action = self.content.actions.get(action_id)
        if action is None:
            raise IllegalMove(f"no action {action_id!r}")
        a = action
        used = self.used.get("act:" + a.id, 0)
        # The checks of _action_view, in its order, without making the view; the
        # view (and its reason) is made only to say why a move is refused.
        if used >= a.limit or a.cost > self.capital or \
                (a.when and not self._fns[a.when](self.env)):
            view = self._action_view(action)
            raise IllegalMove(f"{view.action.label}: {view.reason}")
        mark = len(self.log)
        self._act(a, used)
        return self.log[mark:]

    def _say_if_idle(self, a: Action, changes: Sequence[Change]) -> None:
        """After an action that changed nothing that matters, say so in the news.

        What matters: a visible meter or a lever, or a flag or counter that some
        condition or formula reads (see :func:`game.engine.view.names_read`).
        """
        from game.engine.view import names_read

        shown = {m.id for m in self.content.scenario.meters if not m.hidden}
        shown |= {lv.id for lv in self.content.scenario.levers} | names_read(self.content)
        if any(c.name in shown for c in changes):
            return
        cause = self._plan.action_moves[a.id][1]
        self.messages.append(Message(self.turn, None, f"{a.label}: it changed nothing.",
                                     cause))

    def _act(self, a: Action, used: int) -> None:
        """Take action ``a`` (allowed: checked by the caller), used ``used`` times so far."""
        decision, cause = self._plan.action_moves[a.id]
        self.decisions.append(decision)
        self.used["act:" + a.id] = used + 1
        self._spend(a.cost)
        if not self._record:
            self._apply(a.effects, cause)
            self._after_move()
            return
        mark, ledger = len(self.log), len(self.ledger)
        self._apply(a.effects, cause)
        self._after_move()
        if self.ending_id is None and len(self.ledger) == ledger:
            self._say_if_idle(a, self.log[mark:])

    def set_lever(self, lever_id: str, state: str) -> list[Change]:
        """Lift or impose a lever; lifting records a concession worth the lever's ``worth``."""
        self._require_live()
        if state not in ("imposed", "lifted"):
            raise IllegalMove(f"a lever is 'imposed' or 'lifted', not {state!r}")
        lever = self.content.levers.get(lever_id)
        if lever is None:
            raise IllegalMove(f"no lever {lever_id!r}")
        lv = lever
        # The checks of _lever_view, without making the view unless refusing.
        if bool(self.env[lv.id]) == (state == "imposed"):
            raise IllegalMove(f"{lv.label} is already {state}")
        if self.used.get("lever:" + lv.id) or lv.cost > self.capital:
            raise IllegalMove(f"{lv.label}: {self._lever_view(lever).reason}")
        mark = len(self.log)
        self._lever(lv, state)
        return self.log[mark:]

    def _lever(self, lv: Lever, state: str) -> None:
        """Move lever ``lv`` to ``state`` (allowed: checked by the caller)."""
        decision, cause = self._plan.lever_moves[(lv.id, state)]
        self.decisions.append(decision)
        self.used["lever:" + lv.id] = 1
        self._spend(lv.cost)
        self._set_lever(lv.id, state == "imposed", cause)
        self._apply(lv.on_lift if state == "lifted" else lv.on_impose, cause)
        self._after_move()

    def choose(self, choice_id: str) -> list[Change]:
        """Answer the current card; this ends the turn."""
        self._require_live()
        card = self.card
        if card is None:
            raise IllegalMove("there is no card to answer this turn; pass the turn instead")
        row = self._plan.choices.get((card.id, choice_id))
        if row is None:
            raise IllegalMove(f"{card.title!r} has no choice {choice_id!r}")
        ch = row.choice
        if ch.when is not None and not self._fns[ch.when](self.env):
            # The same words as the locked choice's view in choices().
            why = ch.locked or needs(ch.when, self.content)
            raise IllegalMove(f"{ch.label}: locked ({why})")
        mark = len(self.log)
        self.decisions.append(row.decision)
        self.picks.append((self.turn, card.id, ch.id))
        cause = row.cause
        self._apply(ch.effects, cause)
        if row.outcome and self.ending_id is None and self._record:
            self.messages.append(Message(self.turn, None, row.outcome, cause))
        self._end_turn()
        return self.log[mark:]

    def pass_turn(self) -> list[Change]:
        """End a quiet turn (no card drawn) after any standing actions."""
        self._require_live()
        if self.card_id is not None:
            raise IllegalMove("answer the card first")
        mark = len(self.log)
        self.decisions.append(self._plan.pass_decision)
        self._end_turn()
        return self.log[mark:]

    def _require_live(self) -> None:
        if self.ending_id is not None:
            raise IllegalMove("the game is over")

    def _after_move(self) -> None:
        """Actions and levers can end the game too (a meter hits an ending's bound)."""
        self._update_tracks()
        self._check_endings()
        if self.ending_id is not None:
            self.card_id = None
            self._record_history()

    # ------------------------------------------------------------------ turn flow

    def _end_turn(self) -> None:
        self.card_id = None
        self._update_tracks()
        if self.ending_id is None:
            self._check_endings()
        self._record_history()
        if self.ending_id is not None:
            return
        cal = self.content.scenario.calendar
        if self.turn >= self._total_turns:
            self._final()
            return
        if cal.uncertain_from and self._lesson is None and \
                self._start + self.turn - 1 >= date_index(cal.uncertain_from, self._unit) and \
                self.rng.random() < cal.uncertain_chance:
            self._final()
            return
        self.turn += 1
        self._set_time()
        self._begin_turn()

    def _begin_turn(self) -> None:
        budget = self.content.scenario.capital
        carried = self.capital if budget.carry_over else 0
        self.capital = max(0, min(budget.max, carried + budget.per_turn + self._capital_bonus))
        self.env["capital"] = self.capital
        self.used = {}
        due_cards = self._run_pending()
        if self.ending_id is None:
            self._react()
        self._update_tracks()
        if self.ending_id is None:
            self._check_endings()
        if self.ending_id is not None:
            self._record_history()
            return
        if self._lesson is None:
            self.card_id = self._draw(due_cards)
        else:  # a lesson's schedule decides every card (cards due from effects lapse)
            self.card_id = lesson_card(self._lesson, self.turn, self.env)
        if self.card_id is not None:
            self.seen.setdefault(self.card_id, []).append(self.turn)

    def _run_pending(self) -> list[str]:
        """Apply what comes due this turn; return the scheduled cards due, in order."""
        due_cards: list[str] = []
        keep: list[Pending] = []
        due_now: list[Pending] = []
        for p in self.pending:
            (due_now if p.due <= self.turn else keep).append(p)
        self.pending = keep
        for p in due_now:
            if self.ending_id is not None:
                break
            if p.kind == "card" and p.card:
                due_cards.append(p.card)
            elif p.kind == "effects":
                known = self._delayed.pop(id(p), None)
                # The parsed effects are kept for pendings made in this game; a
                # restored game parses the stored plain data again.
                effects = known[1] if known is not None and known[0] is p else \
                    from_data("Effect", p.effects)
                self._apply(effects, Cause("scheduled", p.cause.ref, p.cause.label))
            elif p.kind == "ongoing" and p.target:
                cause = Cause("ongoing", p.cause.ref, p.cause.label + " (continuing)")
                self._set_meter(p.target, self.env[p.target] + p.amount, cause, 0)
                if p.turns_left > 1:
                    self.pending.append(Pending(
                        "ongoing", self.turn + 1, p.cause, p.note, target=p.target,
                        amount=p.amount, turns_left=p.turns_left - 1))
        return due_cards

    def _react(self) -> None:
        """Each actor's rules, in content order."""
        env = self.env
        fired = self.fired
        last_fired = self.reaction_last
        turn = self.turn
        # (Called only while the game runs; only a rule's effects can end it.)
        last_at = self._reaction_last
        rows = self._plan.reactions
        for rid, once, cooldown, when, j, i in self._plan.reaction_tuples:
            if once and rid in fired:
                continue
            # Never fired: minus infinity, which no cooldown reaches.
            if turn - last_at[i] <= cooldown or not when(env):
                continue
            row = rows[j]
            if row.chance < 1 and self.rng.random() >= row.chance:
                continue
            fired.add(rid)
            last_fired[rid] = last_at[i] = turn
            cause = row.cause
            if row.message and self._record:
                self.messages.append(_new(Message, (turn, row.actor, row.message, cause)))
            self._apply(row.effects, cause)
            if self.ending_id is not None:
                return

    def _draw(self, due_cards: Sequence[str]) -> str | None:
        """Scheduled first, then the earliest eligible anchor, then a weighted draw."""
        if due_cards:
            for extra in due_cards[1:]:  # one card a turn: the rest wait a turn
                self.pending.append(Pending("card", self.turn + 1,
                                            Cause("scheduled", extra, "scheduled"), card=extra))
            return due_cards[0]
        turn = self.turn
        when = self._start + turn - 1
        env = self.env
        seen = self.seen
        best: str | None = None
        best_lo = 0
        ids: list[str] = []
        weights: list[float] = []
        plan = self._plan
        bounded = plan.cards_bounded
        rows = plan.cards_by_date.get(when, ()) if bounded else plan.card_tuples
        for cid, lo, hi, repeatable, cooldown, condition, anchor, weight, wf in rows:
            # Eligible: inside its window, not drawn (or repeatable and past its
            # cooldown), and its condition holds -- checked cheapest first. (The
            # date's rows are the cards whose window holds it, by construction.)
            if not bounded and not lo <= when <= hi:
                continue
            turns = seen.get(cid)
            if turns and (not repeatable or turn - turns[-1] <= cooldown):
                continue
            if condition is not None and not condition(env):
                continue
            if anchor:
                if best is None or lo < best_lo:
                    best, best_lo = cid, lo
                continue
            w = float(wf(env)) if wf is not None else weight or 0.0
            if w > 0:
                ids.append(cid)
                weights.append(w)
        if best is not None:
            return best
        if not ids:
            return None
        return ids[self.rng.weighted_index(weights)]

    def _check_endings(self) -> None:
        env = self.env
        for e, when in self._plan.live_endings:
            if when(env):
                self._finish(e.id)
                return

    def _final(self) -> None:
        """The calendar has run out: the first final ending whose condition holds."""
        self._update_tracks()
        finals = [e for e in self.content.endings if e.final]
        for e in finals:
            if e.when is None or self._fns[e.when](self.env):
                self._finish(e.id)
                return
        self._finish(finals[-1].id)

    def _finish(self, ending_id: str) -> None:
        if self.ending_id is None:
            self.ending_id = ending_id
            self.card_id = None

    def _record_history(self) -> None:
        values = self._meter_values()
        if self.history and self.history[-1][0] == self.turn:
            self.history[-1] = (self.turn, values)
        else:
            self.history.append((self.turn, values))

    def _meter_values(self) -> dict[str, float]:
        plan = self._plan
        return dict(zip(plan.meter_ids, plan.meter_values(self.env), strict=True))

    def _set_time(self) -> None:
        when = self._start + self.turn - 1
        names = self._plan.date_names
        date = names.get(when)
        if date is None:
            date = names[when] = date_name(when, self._unit)
        year, month_of_year = year_month(when, self._unit)
        self.env.update(turn=self.turn, turns_left=self._total_turns - self.turn,
                        date=date, year=year, month=month_of_year)

    def _spend(self, cost: int) -> None:
        self.capital -= cost
        self.env["capital"] = self.capital

    def _update_tracks(self) -> None:
        env = self.env
        for t in self._plan.tracks:
            env[t.id] = max(0.0, min(100.0, float(t.fn(env))))

    def _update_ledger_names(self) -> None:
        self.env.update(conceded=self._conceded, delivered=self._delivered,
                        preemptive=self._preemptive)

    # ------------------------------------------------------------------ effects

    def _apply(self, effects: Sequence[Effect], cause: Cause, depth: int = 0) -> None:
        # Each effect list runs as its steps, compiled once per list (see _steps).
        known = self._steps.get(id(effects))
        steps = known[1] if known is not None and known[0] is effects else \
            _compile(self._plan, effects)
        for step in steps:
            if self.ending_id is not None:
                return
            step(self, cause, depth)

    def _apply_one(self, eff: Effect, cause: Cause, depth: int) -> None:
        env = self.env
        if isinstance(eff, MeterEffect):
            if eff.set is not None:
                self._set_meter(eff.meter, float(self.eval(eff.set)), cause, depth)
                return
            amount = float(self.eval(eff.add)) if eff.add is not None else 0.0
            if eff.over > 1:
                amount = amount / eff.over
                self.pending.append(Pending(
                    "ongoing", self.turn + 1, cause, f"{amount:+.1f} {eff.meter} a turn",
                    target=eff.meter, amount=amount, turns_left=eff.over - 1))
            self._set_meter(eff.meter, env[eff.meter] + amount, cause, depth)
        elif isinstance(eff, FlagEffect):
            self._set_plain(eff.flag, eff.set, cause)
        elif isinstance(eff, CounterEffect):
            if eff.set is not None:
                new = self.eval(eff.set)
            else:
                new = env[eff.counter] + self.eval(eff.add if eff.add is not None else 0)
            self._set_plain(eff.counter, _tally(float(new)), cause)
        elif isinstance(eff, LeverEffect):
            self._set_lever(eff.lever, eff.set == "imposed", cause)
        elif isinstance(eff, ConcessionEffect):
            self._concede(eff.concession, float(self.eval(eff.value)), eff.preemptive, cause)
        elif isinstance(eff, DeliverableEffect):
            value = float(self.eval(eff.value))
            self.ledger.append(LedgerEntry(self.turn, "deliverable", eff.deliverable, value,
                                           False, cause))
            self._delivered = _bounded(self._delivered + value)
            self._update_ledger_names()
        elif isinstance(eff, ScheduleEffect):
            title = self.content.cards[eff.schedule].title
            self.pending.append(Pending("card", self.turn + eff.in_, cause,
                                        f"Card: {title}", card=eff.schedule))
        elif isinstance(eff, DelayEffect):
            pending = Pending(
                "effects", self.turn + eff.after, cause, eff.note or "Delayed effects",
                effects=self._plan.delayed_data(eff))
            self.pending.append(pending)
            self._delayed[id(pending)] = (pending, eff.effects)
        elif isinstance(eff, RandomEffect):
            roll = self.rng.random()
            acc = 0.0
            chosen = eff.random[-1]
            for outcome in eff.random:
                acc += outcome.chance
                if roll < acc:
                    chosen = outcome
                    break
            if chosen.label and self._record:
                self.messages.append(Message(self.turn, None, chosen.label, cause))
            self._apply(chosen.effects, cause, depth)
        elif isinstance(eff, IfEffect):
            branch = eff.then if self.eval(eff.if_) else eff.else_
            self._apply(branch, cause, depth)
        elif isinstance(eff, EndEffect):
            self._finish(eff.end)
        elif isinstance(eff, MessageEffect) and self._record:
            self.messages.append(Message(self.turn, eff.actor, eff.message.strip(), cause))

    def _set_plain(self, name: str, new: Any, cause: Cause) -> None:
        old = self.env[name]
        if old != new:
            self.env[name] = new
            if self._record:
                self.log.append(_new(Change, (self.turn, name, old, new, cause)))

    def _set_lever(self, lever_id: str, imposed: bool, cause: Cause) -> None:
        was = bool(self.env[lever_id])
        if was == imposed:
            return
        self._set_plain(lever_id, imposed, cause)
        lv = self.content.levers[lever_id]
        if not imposed and lv.worth > 0:
            self._concede(f"{lv.label} lifted", lv.worth, None, cause)

    def _concede(self, what: str, value: float, preemptive: bool | None, cause: Cause) -> None:
        if preemptive is None:
            # Preemptive: given while Pyongyang has delivered no more than Tokyo already gave.
            preemptive = self._delivered <= self._conceded
        self.ledger.append(LedgerEntry(self.turn, "concession", what, value, preemptive, cause))
        self._conceded = _bounded(self._conceded + value)
        if preemptive:
            self._preemptive = min(self._preemptive + 1, COUNTER_LIMIT)
        self._update_ledger_names()

    def _set_meter(self, meter_id: str, new: float, cause: Cause, depth: int) -> None:
        lo, hi, thresholds = self._plan.meter_rows[meter_id]
        env = self.env
        old = env[meter_id]
        new = min(hi, max(lo, new))
        if new % 1.0 == 0.0:  # _tidy, inlined (see there)
            new = new + 0.0
        else:
            r = round(new, 3)
            new = float(int(r)) if r == int(r) else r
        if new == old:
            return
        env[meter_id] = new
        if self._record:
            self.log.append(_new(Change, (self.turn, meter_id, old, new, cause)))
        if thresholds and depth < _MAX_DEPTH:
            min_b, max_b, min_a, max_a = self._plan.threshold_gates[meter_id]
            if (new < max_b and old >= min_b) or (new > min_a and old <= max_a):
                self._thresholds(meter_id, old, new, depth)

    def _thresholds(self, meter_id: str, old: float, new: float, depth: int) -> None:
        for key, once, below, above, t, cause in self._plan.thresholds[meter_id]:
            if (below is not None and old >= below > new) or \
                    (above is not None and old <= above < new):
                if once and key in self.fired:
                    continue
            else:
                continue
            self.fired.add(key)
            if t.message and self._record:
                self.messages.append(Message(self.turn, None, t.message.strip(), cause))
            self._apply(t.effects, cause, depth + 1)

    # ------------------------------------------------------------------ snapshot

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain JSON-ready data (for saves and digests)."""
        values = {k: v for k, v in self.env.items() if not callable(v)}
        snap = {
            "version": SNAPSHOT_VERSION,
            "scenario": self.content.scenario.id,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "turn": self.turn,
            "rng": self.rng.state,
            "capital": self.capital,
            "values": dict(sorted(values.items())),
            "used": dict(self.used),
            "seen": {k: list(v) for k, v in self.seen.items()},
            "picks": [list(p) for p in self.picks],
            "card": self.card_id,
            "pending": [p.to_dict() for p in self.pending],
            "fired": sorted(self.fired),
            "reaction_last": dict(self.reaction_last),
            "log": [c.to_dict() for c in self.log],
            "ledger": [e.to_dict() for e in self.ledger],
            "messages": [m.to_dict() for m in self.messages],
            "history": [[t, v] for t, v in self.history],
            "decisions": [str(d) for d in self.decisions],
            "ending": self.ending_id,
        }
        if self.lesson is not None:  # only then: other games' snapshots stay as they were
            snap["lesson"] = self.lesson
        return snap

    @classmethod
    def from_snapshot(cls, content: Content, data: dict[str, Any]) -> Game:
        """Rebuild a game from :meth:`snapshot` output (raises KeyError/ValueError if malformed)."""
        if data.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"snapshot version {data.get('version')!r} is not "
                             f"{SNAPSHOT_VERSION}")
        lesson = data.get("lesson")
        game = cls(content, int(data["seed"]), str(data["difficulty"]),
                   None if lesson is None else str(lesson))
        game.turn = int(data["turn"])
        game.rng.state = int(data["rng"])
        game.capital = int(data["capital"])
        game.env.update(data["values"])
        game.used = {str(k): int(v) for k, v in data["used"].items()}
        game.seen.update({str(k): [int(t) for t in v] for k, v in data["seen"].items()})
        game.picks = [(int(t), str(c), str(ch)) for t, c, ch in data["picks"]]
        game.card_id = data["card"]
        game.pending = [Pending.from_dict(p) for p in data["pending"]]
        game.fired = set(data["fired"])
        game.reaction_last = {str(k): int(v) for k, v in data["reaction_last"].items()}
        game._reaction_last = [game.reaction_last.get(rid, _LONG_AGO)
                               for rid in game._plan.reaction_ids]
        game.log = [Change.from_dict(c) for c in data["log"]]
        game.ledger = [LedgerEntry.from_dict(e) for e in data["ledger"]]
        game.messages = [Message.from_dict(m) for m in data["messages"]]
        game.history = [(int(t), dict(v)) for t, v in data["history"]]
        game.decisions = [Decision.parse(d) for d in data["decisions"]]
        game.ending_id = data["ending"]
        for e in game.ledger:
            if e.kind == "concession":
                game._conceded += e.value
                game._preemptive += e.preemptive
            else:
                game._delivered += e.value
        if game.card_id is not None and game.card_id not in content.cards:
            raise ValueError(f"the current card {game.card_id!r} is not in this content")
        return game

    def fork(self) -> Game:
        """An independent copy of this game, as it stands (same state, same digest).

        Moves on the copy never touch the original, and the other way round:
        what a bot needs to try a move before making it. Much cheaper than a
        snapshot round trip; records are shared where they are immutable.
        """
        twin = Game.__new__(Game)
        twin.__dict__.update(self.__dict__)  # scalars and the content are shared as they are
        twin.rng = Rng(self.rng.state)
        twin.env = dict(self.env)
        twin.used = dict(self.used)
        twin.seen = {k: list(v) for k, v in self.seen.items()}
        twin.picks = list(self.picks)
        twin.pending = list(self.pending)  # Pending entries are replaced, never changed
        twin.fired = set(self.fired)
        twin.reaction_last = dict(self.reaction_last)
        twin.log = list(self.log)
        twin.ledger = list(self.ledger)
        twin.messages = list(self.messages)
        twin.history = list(self.history)
        twin.decisions = list(self.decisions)
        twin._reaction_last = list(self._reaction_last)
        twin._delayed = dict(self._delayed)
        twin._bind_functions()  # the state functions must read the twin's own records
        return twin

    def digest(self) -> str:
        """A short hash of the whole state: equal digests mean equal games."""
        text = json.dumps(self.snapshot(), sort_keys=True, separators=(",", ":"))
        return sha256(text.encode()).hexdigest()[:16]


def _bounded(x: float) -> float:
    """A counter's or a ledger total's new value, kept within COUNTER_LIMIT: the range
    ``check`` gives these names (see game.model.exprtypes), never reached in play."""
    return x if -COUNTER_LIMIT <= x <= COUNTER_LIMIT else \
        min(float(COUNTER_LIMIT), max(-float(COUNTER_LIMIT), x))


def _tally(x: float) -> float:
    """A counter's new value: bounded (see _bounded), then tidied."""
    return _tidy(_bounded(x))


def _tidy(x: float) -> float:
    """Round away float noise (0.1 + 0.2) so values print and compare cleanly."""
    if x % 1.0 == 0.0:
        # Whole already (most amounts are): round() would give x back, and
        # float(int(x)) is x as a float, with -0.0 made 0.0; so is x + 0.0.
        return x + 0.0
    r = round(x, 3)
    return float(int(r)) if r == int(r) else r


# ---------------------------------------------------------------------- compiled effects

# One effect as a step: ``step(game, cause, depth)`` does what _apply_one does
# for it. The common effects get a closure with their fields read once; the rest
# call _apply_one. Made once per effect list and kept on the plan (content never
# changes after loading), so a game's hot loop makes one call per effect.
Step = Callable[[Game, Cause, int], None]
_new = tuple.__new__  # a record (named tuple) made without its Python-level __new__


def _compile(plan: Plan, effects: Sequence[Effect]) -> tuple[Step, ...]:
    """The steps of ``effects``, made and remembered on first use (see Game._apply)."""
    loose: Sequence[Any] = effects  # typed Any: dispatch on the exact type, below
    steps = tuple(_step(plan, eff) for eff in loose)
    if len(plan.steps) < 10_000:  # lists parsed from saves come and go
        # The list is kept alongside, so its id cannot be reused while the entry lives.
        plan.steps[id(effects)] = (effects, steps)
    return steps


def _step(plan: Plan, eff: Any) -> Step:
    kind = type(eff)
    if kind is MeterEffect and eff.set is None and eff.over <= 1:
        return _meter_step(plan, eff.meter, eff.add)
    if kind is FlagEffect:
        return _flag_step(eff.flag, eff.set)
    if kind is CounterEffect:
        return _counter_step(plan, eff.counter, eff.set, eff.add)
    if kind is MessageEffect:
        actor, text = eff.actor, eff.message.strip()

        def message(game: Game, cause: Cause, depth: int) -> None:
            if game._record:
                game.messages.append(_new(Message, (game.turn, actor, text, cause)))

        return message
    if kind is LeverEffect:
        lever, imposed = eff.lever, eff.set == "imposed"

        def lever_step(game: Game, cause: Cause, depth: int) -> None:
            game._set_lever(lever, imposed, cause)

        return lever_step

    def other(game: Game, cause: Cause, depth: int) -> None:
        game._apply_one(eff, cause, depth)

    return other


def _meter_step(plan: Plan, meter: str, add: str | float | None) -> Step:
    lo, hi, thresholds = plan.meter_rows[meter]
    min_b, max_b, min_a, max_a = plan.threshold_gates[meter]
    fn = plan.fns[add] if type(add) is str else None
    const = 0.0 if add is None or fn is not None else float(add)

    def step(game: Game, cause: Cause, depth: int) -> None:
        # Game._set_meter, inlined, with the amount worked out as _apply_one does.
        env = game.env
        amount = const if fn is None else float(fn(env))
        old = env[meter]
        new = old + amount
        if not lo <= new <= hi:  # inside, min/max would give new (or an equal bound)
            new = min(hi, max(lo, new))
        if new % 1.0 == 0.0:  # _tidy, inlined (see there)
            new = new + 0.0
        else:
            r = round(new, 3)
            i = int(r)
            new = float(i) if r == i else r
        if new == old:
            return
        env[meter] = new
        if game._record:
            game.log.append(_new(Change, (game.turn, meter, old, new, cause)))
        if thresholds and depth < _MAX_DEPTH and (
                (new < max_b and old >= min_b) or (new > min_a and old <= max_a)):
            game._thresholds(meter, old, new, depth)

    return step


def _flag_step(name: str, new: bool) -> Step:
    def step(game: Game, cause: Cause, depth: int) -> None:
        env = game.env
        old = env[name]
        if old != new:  # Game._set_plain, inlined
            env[name] = new
            if game._record:
                game.log.append(_new(Change, (game.turn, name, old, new, cause)))

    return step


def _counter_step(plan: Plan, name: str, set_: str | float | None,
                  add: str | float | None) -> Step:
    fns = plan.fns
    if set_ is not None:
        set_fn = fns[set_] if type(set_) is str else None

        def value(env: dict[str, Any]) -> Any:
            return set_fn(env) if set_fn is not None else set_
    else:
        add_fn = fns[add] if type(add) is str else None
        amount = 0 if add is None else add

        def value(env: dict[str, Any]) -> Any:
            return env[name] + (add_fn(env) if add_fn is not None else amount)

    def step(game: Game, cause: Cause, depth: int) -> None:
        env = game.env
        new = _tally(float(value(env)))
        old = env[name]
        if old != new:  # Game._set_plain, inlined
            env[name] = new
            if game._record:
                game.log.append(_new(Change, (game.turn, name, old, new, cause)))

    return step
