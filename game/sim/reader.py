"""The ``reader`` policy: plays from the player view alone, by a written strategy.

It reads :class:`~game.engine.view.PlayerView` and nothing else: no fork of the
engine, no hidden value, no dice. Its moves go through the engine's ordinary
moves. What it does each month, in order (docs/BALANCE.md repeats this):

1. **Read intent.** Its belief about Pyongyang is the intelligence estimate's
   band (when at least one assessment has been made) plus the tally of visible
   signals (deliveries, and the tone of statements the content marks). Before
   the game's turn 8 it commissions one assessment a month until it has four.
2. **Choose the answer first** (to know whether to consult before it): each
   open answer is scored from its preview: a meter that needs help moved the
   right way counts for, the wrong way against, more the nearer it is to
   danger; Pyongyang delivering counts for; Tokyo giving counts against,
   heavily when the reader believes Pyongyang is stalling or Tokyo is already
   ahead in the ledger. Without previews (a difficulty that hides them) it
   takes the first answer that is not locked.
3. **Settle and forewarn.** Each open concern is settled with its action.
   If the chosen answer (or a lift below) gives something, it consults
   Washington and briefs Seoul first, the same month, to head concerns off.
4. **Give only in proportion.** It lifts a measure only when it believes
   Pyongyang sincere and the measure's worth keeps Tokyo's total given within
   3 points of what Pyongyang has delivered (the largest such measure, one a
   month, keeping 2 capital to forewarn the allies).
5. **Keep the fronts.** Consult Washington below 58, brief Seoul below 48,
   meet the families below 35 support, a drill when an ally is cool and the
   peninsula calm; never an action the view says would move no meter.
6. **Answer** the card (or pass a quiet month).

At the end of month 8 it records its guess, "sincere" or "stalling", for the
balance's intent-reading figure.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.engine import Game
from game.engine.view import AnswerView, PlayerView, player_view
from game.sim.policies import Policy

_WORD_SCORE = {"stalling": -2.0, "probably stalling": -1.0, "probably sincere": 1.0,
               "sincere": 2.0}
GUESS_TURN = 8
#: How far Tokyo may run ahead of Pyongyang's deliveries when it lifts a measure.
LIFT_SLACK = 3.0
_ASSESSMENTS = 4


class ReaderPolicy(Policy):
    """Plays from :class:`PlayerView` only; see the module docstring for the strategy."""

    name = "reader"
    needs_record = True  # the news (tone of statements) is part of what a player reads

    def __init__(self, shared, rng) -> None:  # type: ignore[no-untyped-def]
        """No state but the intent guess at month 8."""
        super().__init__(shared, rng)
        self.intent_guess: tuple[int, bool] | None = None

    # -------------------------------------------------------------- reading

    @staticmethod
    def belief(view: PlayerView) -> float:
        """Positive: reads as sincere; negative: as stalling (0: no idea)."""
        est = view.signals.estimate
        score = 0.0
        if est is not None and est.reports > 0:
            score += 2.0 * (_WORD_SCORE.get(est.low, 0.0) + _WORD_SCORE.get(est.high, 0.0))
        score += 0.5 * view.signals.lean
        return score

    # -------------------------------------------------------------- a month

    def play_turn(self, game: Game) -> None:
        """One month: read, choose, settle and forewarn, give in proportion, answer."""
        view = player_view(game)
        if view.turn == GUESS_TURN and self.intent_guess is None:
            self.intent_guess = (view.turn, self.belief(view) > 0)
        sincere = self.belief(view) > 0
        pick = self._pick(view, sincere) if view.card is not None else None
        gives = pick is not None and pick.preview is not None and pick.preview.gives
        view = self._standing(game, view, sincere, gives)
        if game.over:
            return
        if game.card_id is None:
            game.pass_turn()
            return
        # Standing moves can change what is open: choose again on today's view.
        if view.card is not None:
            pick = self._pick(view, sincere)
        if pick is None:
            open_ids = game._open_choice_ids()
            game.choose(open_ids[0])
        else:
            game.choose(pick.id)

    def _take(self, game: Game, view: PlayerView, action_id: str) -> PlayerView:
        """Take an action if the view says it is open and would do something."""
        try:
            rule = view.action(action_id)
        except KeyError:
            return view
        if rule.available and (not rule.idle):
            game.take_action(action_id)
            return player_view(game)
        return view

    def _standing(self, game: Game, view: PlayerView, sincere: bool,
                  gives: bool) -> PlayerView:
        for concern in view.concerns:
            if concern.answer:
                view = self._take(game, view, concern.answer)
        est = view.signals.estimate
        if est is not None and view.turn <= GUESS_TURN and est.reports < _ASSESSMENTS:
            view = self._take(game, view, "assess_intent")
        lift = self._lift(view, sincere)
        if gives or lift is not None:
            view = self._forewarn(game, view)
        if lift is not None and not game.over:
            lv = view.lever(lift)
            if lv.available:
                game.set_lever(lift, "lifted")
                view = player_view(game)
        for _ in range(6):
            if game.over:
                return view
            move = self._keep_fronts(view, sincere)
            if move is None:
                return view
            before = view.capital
            view = self._take(game, view, move)
            if view.capital == before:
                return view
        return view

    def _forewarn(self, game: Game, view: PlayerView) -> PlayerView:
        """Consult and brief in the same month, before a step that gives."""
        for action_id in ("consult_washington", "brief_seoul"):
            try:
                rule = view.action(action_id)
            except KeyError:
                continue
            if rule.available:
                game.take_action(action_id)
                view = player_view(game)
        return view

    def _lift(self, view: PlayerView, sincere: bool) -> str | None:
        """A measure worth lifting now: only to a sincere side that has delivered more."""
        if not sincere:
            return None
        ahead = view.delivered - view.conceded + LIFT_SLACK
        options = [lv for lv in view.levers if lv.imposed and lv.worth <= ahead
                   and lv.cost + 2 <= view.capital]
        if not options:
            return None
        return max(options, key=lambda lv: (lv.worth, lv.id)).id

    def _keep_fronts(self, view: PlayerView, sincere: bool) -> str | None:
        """The next standing action to keep the allies and the public, or None."""
        def value(meter: str) -> float:
            try:
                return view.meter(meter).value
            except KeyError:
                return 50.0

        wanted: list[str] = []
        if value("washington") < 58:
            wanted.append("consult_washington")
        if value("seoul") < 48:
            wanted.append("brief_seoul")
        if value("public") < 35:
            wanted += ["meet_families", "public_statement"]
        if (value("washington") < 65 or value("seoul") < 55) and value("tension") < 65:
            wanted.append("trilateral_drills")
        if sincere and value("progress") < 40:
            wanted.append("back_channel")
        if view.capital >= view.capital_max - 1:
            wanted += ["meet_families", "un_human_rights"]
        for action_id in wanted:
            try:
                rule = view.action(action_id)
            except KeyError:
                continue
            if rule.available and not rule.idle:
                return action_id
        return None

    # -------------------------------------------------------------- answers

    def _pick(self, view: PlayerView, sincere: bool) -> AnswerView | None:
        card = view.card
        assert card is not None
        open_ = [c for c in card.choices if c.available]
        if not open_:
            return None
        if any(c.preview is None for c in open_):
            return open_[0]
        scored = [(self._score(view, c, sincere), -i, c) for i, c in enumerate(open_)]
        return max(scored, key=lambda t: (t[0], t[1]))[2]

    def _score(self, view: PlayerView, choice: AnswerView, sincere: bool) -> float:
        preview = choice.preview
        assert preview is not None
        total = 0.0
        for t in preview.touches:
            weight = self._need(view, t.meter, sincere) * (1.0 if t.sure else 0.5)
            meter = view.meter(t.meter)
            good = 1.0 if meter.good != "low" else -1.0
            if t.direction == "+":
                total += weight * good
            elif t.direction == "-":
                total -= weight * good
            elif t.meter == "progress":
                # Either way, depending on what cannot be seen: read it by the belief.
                total += weight * (0.5 if sincere else -0.5)
        if preview.receives:
            total += 4.0 if preview.receives_sure else (2.0 if sincere else 0.5)
        if preview.gives:
            behind = view.conceded > view.delivered
            cost = 1.0 if sincere and not behind else 5.0
            total -= cost if preview.gives_sure else cost / 2
        return total

    @staticmethod
    def _need(view: PlayerView, meter: str, sincere: bool) -> float:
        """How much a meter matters now: more the nearer it is to danger."""
        value = view.meter(meter).value
        if meter == "progress":
            return 4.0 if sincere else 2.0
        if meter == "washington":
            return 1.5 + (2.0 if value < 55 else 0.0)
        if meter == "seoul":
            return 1.5 + (2.0 if value < 45 else 0.0)
        if meter == "public":
            return 0.7 + (3.0 if value < 30 else 0.0)
        if meter == "tension":
            return 0.5 + (1.5 if value > 70 else 0.0)
        if meter == "leverage":
            return 0.7 + (1.0 if value < 45 else 0.0)
        return 0.5


def guesses(policies: Sequence[Policy]) -> list[tuple[int, bool]]:
    """The intent guesses recorded by reader policies (for tests)."""
    return [p.intent_guess for p in policies
            if isinstance(p, ReaderPolicy) and p.intent_guess is not None]
