"""Bots that play whole games: the fixed policies, greedy, lookahead and modders' files.

A policy plays one game's turns through the engine's ordinary moves, so it can
do nothing a player could not. Each game gets a fresh policy object (with its
own seeded generator) made by :meth:`PolicyMaker.make`; what does not change
between games (the content's analysis, compiled conditions) lives in the maker
and is shared.

Policies, by name (``parse_policy`` reads these):

``random``
    Every turn, standing moves picked uniformly among the available actions,
    lever changes and "stop"; then a uniformly random available choice.
``historical``
    The choice history took where the card marks one; otherwise the moderate
    choice (the middle of the concede-to-hardline ranking). Capital goes to
    standing actions in turn (see *rotation* below); levers move only when a
    card moves them.
``concede``
    The choice that gives the most (see :mod:`game.sim.analysis`); lifts the
    most valuable lever it can afford each turn; rotation for the rest.
``hardline``
    The choice that gives the least; imposes again any lifted lever it can
    afford; rotation for the rest.
``greedy:NAME``
    Tries each move on a copy of the game (hidden values at their prior
    middle, dice reseeded) and makes the one that leaves the visible meter,
    track or ``score`` NAME best (highest, or lowest for a meter whose good end
    is low).
``lookahead``
    Reads only the visible state and looks one turn ahead: each available
    choice is played on copies of the game (hidden values drawn from what a
    player could believe, dice reseeded) through the start of the next turn,
    and the choice whose outcome is best is made. Standing moves are taken
    while one improves the outlook. The outlook values an ending reached by its
    tone, and otherwise the ending the calendar would give if it ended now,
    plus the joint score.
``reader``
    Reads the player view only (no fork, no hidden value) and follows a
    written strategy: read intent, give only in proportion, consult before
    giving, keep the fronts (:mod:`game.sim.reader`).
``FILE.yaml``
    A policy file written by a modder (:mod:`game.sim.policyfile`).

*Rotation*: the fixed policies spend capital on the available standing action
used least so far in the game (content order on ties), until none is
affordable: a steady habit, not a plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from game.engine import Decision, Game, Rng
from game.model.content import Content
from game.sim.analysis import ChoiceAnalysis, HiddenReads, hidden_midpoints
from game.sim.fork import Forker

TONE_VALUE = {"good": 1.0, "mixed": 0.4, "bad": 0.0}
FIXED_POLICIES = ("random", "historical", "concede", "hardline")
NAMED_POLICIES = (*FIXED_POLICIES, "lookahead", "reader")


class PolicyError(ValueError):
    """A policy name or policy file that cannot be used; the message says why."""


class SimError(RuntimeError):
    """A game the simulator could not finish (a content bug such as an all-locked card)."""


class Shared:
    """What every policy of one content needs and can share between games."""

    def __init__(self, content: Content) -> None:
        """Analyse ``content`` once: neutral state, hidden priors, choice ranking."""
        self.content = content
        neutral = Game.new(content, 0)
        self.neutral = neutral  # alive as long as its env is read (its functions need it)
        self.hidden_mid = hidden_midpoints(content)
        neutral.env.update(self.hidden_mid)
        self.neutral_env = dict(neutral.env)
        self.analysis = ChoiceAnalysis(content, self.neutral_env)
        self.hidden = frozenset(m.id for m in content.scenario.meters if m.hidden)
        self.visible_names = frozenset(
            k for k, v in neutral.env.items() if not callable(v) and k not in self.hidden)
        self.finals = [e for e in content.endings if e.final]
        self.hidden_reads = HiddenReads(content, self.hidden)
        # Every standing move as a ready Decision (bots ask for them thousands of times).
        self.act_moves = [(a.cost, Decision("act", a.id)) for a in content.scenario.actions]
        self.lever_moves = [(lv.cost, lv.id, Decision("lever", lv.id, "lifted"),
                             Decision("lever", lv.id, "imposed"))
                            for lv in content.scenario.levers]
        # Beliefs a player can hold about the hidden values: the quartiles of each prior.
        self.beliefs: list[dict[str, float]] = []
        for q in (0.25, 0.75):
            belief = {}
            for m in content.scenario.meters:
                if m.hidden:
                    lo, hi = m.start if isinstance(m.start, tuple) else (m.start, m.start)
                    belief[m.id] = lo + (hi - lo) * q
            self.beliefs.append(belief)


# --------------------------------------------------------------------------- base


class Policy:
    """Plays one game. Subclasses choose standing moves and answers to cards."""

    name = "policy"
    needs_record = False  # True: the policy reads the news, so its games keep it

    def __init__(self, shared: Shared, rng: Rng) -> None:
        """``rng`` is this game's policy generator, separate from the game's own."""
        self.shared = shared
        self.rng = rng
        self.uses: dict[str, int] = {}

    def play_turn(self, game: Game) -> None:
        """Make this turn's moves: standing actions and levers, then answer or pass."""
        turn = game.turn
        self.standing(game)
        if game.over:
            return
        if game.card_id is None:
            game.pass_turn()
            return
        open_ids = game._open_choice_ids()  # what choices() marks available
        if not open_ids:
            raise SimError(f"card {game.card_id!r} has no available choice on turn {turn} "
                           f"({game.date}): every choice is locked")
        pick = self.pick(game, open_ids)
        game.choose(pick)

    def standing(self, game: Game) -> None:
        """Standing actions and lever changes before the card; none by default."""

    def pick(self, game: Game, open_ids: Sequence[str]) -> str:
        """The choice to make among the available ones."""
        return open_ids[0]

    # Shared habits --------------------------------------------------------

    def rotate_actions(self, game: Game) -> None:
        """Spend capital on the least-used available action until none is affordable."""
        order = {a.id: i for i, a in enumerate(self.shared.content.scenario.actions)}
        while not game.over:
            open_ = [v.action.id for v in game.actions() if v.available]
            if not open_:
                return
            aid = min(open_, key=lambda a: (self.uses.get(a, 0), order[a]))
            self.uses[aid] = self.uses.get(aid, 0) + 1
            game.take_action(aid)

    def ranked(self, game: Game, open_ids: Sequence[str]) -> list[str]:
        """Open choices from most conceding to most hardline."""
        assert game.card is not None
        return self.shared.analysis.rank(game.card, open_ids)


# --------------------------------------------------------------------------- fixed


class RandomPolicy(Policy):
    """Uniform over the moves available: a player who does not think."""

    name = "random"

    def _index(self, n: int) -> int:
        return min(n - 1, int(self.rng.random() * n))

    def standing(self, game: Game) -> None:
        """Pick among actions, lever changes and stopping, until stop is drawn.

        Each step is uniform over the moves open now plus "stop". Rather than
        list every open move (building all the engine's views each step), it
        draws among all moves without replacement and tries each drawn move:
        the first one the engine accepts is, by symmetry, uniform over the open
        ones. A refused move changes nothing (the engine checks before acting).
        """
        acts, levers = self.shared.act_moves, self.shared.lever_moves
        env = game.env
        rand = self.rng.random
        while game.ending_id is None:
            capital = game.capital
            # Moves the budget rules out are skipped without asking the engine.
            moves: list[Decision | None] = [d for cost, d in acts if cost <= capital]
            moves += [lift if env[lid] else impose
                      for cost, lid, lift, impose in levers if cost <= capital]
            if not moves:
                return
            moves.append(None)  # stop
            while True:
                n = len(moves)
                k = min(n - 1, int(rand() * n))  # self._index(n), inlined
                move = moves[k]
                if move is None:
                    return
                if game._try_move(move):  # apply() if it would accept the move, else nothing
                    break
                moves[k] = moves[-1]
                moves.pop()

    def pick(self, game: Game, open_ids: Sequence[str]) -> str:
        """Any available choice, with equal chances."""
        return open_ids[self._index(len(open_ids))]


class HistoricalPolicy(Policy):
    """What Tokyo did, where the card says; the moderate line elsewhere."""

    name = "historical"

    def standing(self, game: Game) -> None:
        """The rotation of standing actions."""
        self.rotate_actions(game)

    def pick(self, game: Game, open_ids: Sequence[str]) -> str:
        """The marked choice if open, else the middle of the concede-hardline ranking."""
        card = game.card
        assert card is not None
        for ch in card.choices:
            if ch.historical and ch.id in open_ids:
                return ch.id
        ranked = self.ranked(game, open_ids)
        return ranked[(len(ranked) - 1) // 2]


class ConcedePolicy(Policy):
    """Gives what is asked: the most conceding choice, levers lifted."""

    name = "concede"

    def standing(self, game: Game) -> None:
        """Lift the most valuable affordable lever, then the rotation."""
        lifts = [v for v in game.levers() if v.available and v.imposed]
        if lifts:
            best = max(lifts, key=lambda v: (v.lever.worth, -v.lever.cost))
            game.set_lever(best.lever.id, "lifted")
        self.rotate_actions(game)

    def pick(self, game: Game, open_ids: Sequence[str]) -> str:
        """The choice that gives most."""
        return self.ranked(game, open_ids)[0]


class HardlinePolicy(Policy):
    """Gives nothing: the least conceding choice, lifted levers imposed again."""

    name = "hardline"

    def standing(self, game: Game) -> None:
        """Impose again the most valuable lifted lever it can afford, then the rotation."""
        lifted = [v for v in game.levers() if v.available and not v.imposed]
        if lifted:
            best = max(lifted, key=lambda v: (v.lever.worth, -v.lever.cost))
            game.set_lever(best.lever.id, "imposed")
        self.rotate_actions(game)

    def pick(self, game: Game, open_ids: Sequence[str]) -> str:
        """The choice that gives least (content order on ties)."""
        card = game.card
        assert card is not None
        order = {cid: i for i, cid in enumerate(open_ids)}
        an = self.shared.analysis
        return min(open_ids, key=lambda c: (an.weigh(card, c).give, an.weigh(card, c).lean,
                                            order[c]))


# --------------------------------------------------------------------------- trying moves


class TrialPolicy(Policy):
    """Tries moves on copies of the game and keeps the best by :meth:`value`.

    Copies never see the real hidden values or the real dice: each trial sets
    the hidden meters to one of the policy's beliefs and reseeds the copy's
    generator from the policy's own.
    """

    beliefs: list[dict[str, float]]  # tried for each choice
    standing_beliefs: list[dict[str, float]]  # tried for each standing move (cheaper)
    max_standing = 10  # a bound on standing moves a turn, whatever the content allows

    def value(self, game: Game) -> float:
        """How good a state looks, from what the player can see."""
        raise NotImplementedError

    def _trial(self, move: Decision, forker: Forker,
               beliefs: Sequence[dict[str, float]]) -> float:
        total = 0.0
        for belief in beliefs:
            trial = forker.copy(self.rng.next_u64(), belief)
            trial.apply(move)
            total += self.value(trial)
        return total / len(beliefs)

    def _now(self, forker: Forker, beliefs: Sequence[dict[str, float]]) -> float:
        total = 0.0
        for belief in beliefs:
            total += self.value(forker.copy(0, belief))
        return total / len(beliefs)

    def standing(self, game: Game) -> None:
        """Take the best standing move while one improves the value.

        The first round tries every open move; later rounds only the moves that
        improved the value in the round before (a move that did not help is not
        tried again this turn), which keeps the trials few.
        """
        shortlist: set[Decision] | None = None
        for _ in range(self.max_standing):
            if game.over:
                return
            moves: list[Decision] = [Decision("act", v.action.id)
                                     for v in game.actions() if v.available]
            moves += [Decision("lever", v.lever.id, "lifted" if v.imposed else "imposed")
                      for v in game.levers() if v.available]
            if shortlist is not None:
                moves = [m for m in moves if m in shortlist]
            if not moves:
                return
            forker = Forker(game)
            beliefs = self.standing_beliefs
            reads = self.shared.hidden_reads
            now = self._now(forker, beliefs if reads.common else beliefs[:1])
            # Moves that read no hidden value come out the same under every belief.
            scored = [(self._trial(m, forker, beliefs if reads.move(m.kind, m.target)
                                   else beliefs[:1]), -i, m) for i, m in enumerate(moves)]
            best, _, move = max(scored, key=lambda t: (t[0], t[1]))
            if best <= now + 1e-9:
                return
            shortlist = {m for v, _, m in scored if v > now + 1e-9 and m != move}
            game.apply(move)

    def pick(self, game: Game, open_ids: Sequence[str]) -> str:
        """The choice with the best value one turn on (content order on ties)."""
        if len(open_ids) == 1:
            return open_ids[0]
        forker = Forker(game)
        scores = [self._trial(Decision("choose", cid), forker, self.beliefs)
                  for cid in open_ids]
        best = max(range(len(open_ids)), key=lambda i: (scores[i], -i))
        return open_ids[best]


class GreedyPolicy(TrialPolicy):
    """Makes whatever move raises one visible meter, track or the joint score most."""

    def __init__(self, shared: Shared, rng: Rng, target: str) -> None:
        """``target``: a visible meter id, a track id or ``score``."""
        super().__init__(shared, rng)
        self.name = f"greedy:{target}"
        self.target = target
        meter = shared.content.meters.get(target)
        self.sign = -1.0 if meter is not None and meter.good == "low" else 1.0
        self.beliefs = self.standing_beliefs = [shared.hidden_mid]
        self.is_track = target == "score" or any(
            t.id == target for t in shared.content.scenario.tracks)

    def value(self, game: Game) -> float:
        """The target's value (negated for a meter whose good end is low)."""
        if self.is_track:
            return game.scores()[self.target]
        return self.sign * float(game.value(self.target))


class LookaheadPolicy(TrialPolicy):
    """Reads the visible state and looks one turn ahead (issue 3, item 7)."""

    name = "lookahead"

    def __init__(self, shared: Shared, rng: Rng) -> None:
        """Beliefs: the quartiles of each hidden value's prior range."""
        super().__init__(shared, rng)
        self.beliefs = shared.beliefs
        self.standing_beliefs = shared.beliefs

    def value(self, game: Game) -> float:
        """Ending tone (reached, or the one the calendar would give now) plus the score."""
        scores = game.scores()
        tracks = [v for k, v in scores.items() if k != "score"]
        joint = scores["score"] + 0.25 * sum(tracks) / max(1, len(tracks))
        ending = game.ending
        if ending is not None:
            # An ending reached counts double: it cannot be repaired next turn.
            return 200.0 * TONE_VALUE[ending.tone] - 100.0 + joint
        return 100.0 * TONE_VALUE[self._projected(game)] + joint

    def _projected(self, game: Game) -> str:
        exprs = self.shared.content.exprs
        for e in self.shared.finals:
            if e.when is None or exprs[e.when](game.env):
                return e.tone
        return self.shared.finals[-1].tone if self.shared.finals else "mixed"


# --------------------------------------------------------------------------- makers


class PolicyMaker:
    """Makes a fresh policy for each game from a policy name (see the module docstring)."""

    def __init__(self, spec: str, content: Content, shared: Shared | None = None) -> None:
        """Check ``spec`` against ``content``; raises :class:`PolicyError` if it is unusable."""
        self.spec = spec
        self.shared = shared or Shared(content)
        self._make: Callable[[Rng], Policy] = self._parse(spec)
        self.name = self._make(Rng(0)).name

    def _parse(self, spec: str) -> Callable[[Rng], Policy]:
        sh = self.shared
        simple: dict[str, type[Policy]] = {
            "random": RandomPolicy, "historical": HistoricalPolicy,
            "concede": ConcedePolicy, "hardline": HardlinePolicy,
        }
        if spec in simple:
            cls = simple[spec]
            return lambda rng: cls(sh, rng)
        if spec == "lookahead":
            return lambda rng: LookaheadPolicy(sh, rng)
        if spec == "reader":
            from game.sim.reader import ReaderPolicy

            return lambda rng: ReaderPolicy(sh, rng)
        if spec.startswith("greedy:") or spec == "greedy":
            target = spec.partition(":")[2]
            tracks = [t.id for t in sh.content.scenario.tracks]
            visible = [m.id for m in sh.content.scenario.meters if not m.hidden]
            if target in sh.hidden:
                raise PolicyError(f"greedy:{target}: '{target}' is hidden; a policy plays as "
                                  "the player and cannot read it")
            if target not in (*visible, *tracks, "score"):
                raise PolicyError(f"greedy needs a visible meter, a track or 'score', e.g. "
                                  f"greedy:{visible[0] if visible else 'score'}; "
                                  f"choose from: {', '.join([*visible, *tracks, 'score'])}")
            return lambda rng: GreedyPolicy(sh, rng, target)
        if spec.endswith((".yaml", ".yml")) or Path(spec).is_file():
            from game.sim.policyfile import load_policy_file

            pfile = load_policy_file(Path(spec), sh)
            fallback = PolicyMaker(pfile.fallback, sh.content, sh)
            return lambda rng: pfile.policy(sh, rng, fallback.make(rng))
        raise PolicyError(
            f"unknown policy {spec!r}; use one of: {', '.join(NAMED_POLICIES)}, "
            "greedy:METER, or the path of a policy file (.yaml)")

    def make(self, rng: Rng) -> Policy:
        """A new policy for one game, with its own generator."""
        return self._make(rng)


def describe() -> str:
    """One line per policy name, for ``--help``."""
    lines = [
        "random      uniform over available moves and choices",
        "historical  the choices history took; the moderate one elsewhere",
        "concede     the most conceding choice; lifts levers",
        "hardline    the least conceding choice; imposes levers again",
        "greedy:M    the move that raises visible meter/track M (or 'score') most",
        "lookahead   reads the visible state, looks one turn ahead",
        "reader      plays from the player view alone, by a written strategy",
        "FILE.yaml   a policy file (rules of condition -> choices, actions, levers)",
    ]
    return "\n".join(lines)
