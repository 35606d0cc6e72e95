"""The skill score: what this seed allowed, and how much of it the player reached.

Chess sites grade a game by comparing each move with an engine's; this module
does the same for a whole game. :func:`best_score` runs a deterministic beam
search over the player's decisions (standing actions and levers included) from
a state of the game, with the engine's own fork: the forks keep the real hidden
values and the real dice, so they see the future the player would have seen.
That is fair here because the search is run after the game, to grade it, never
to advise during play.

:func:`skill_report` grades a finished game: the best joint score found from the
start (at least the player's own), the player's share of it, and the turn
where the player lost the most ground: the turn after whose decisions the best
reachable score fell the most.

Bounds: the search is bounded by counting, not by a clock, so it is
deterministic: at most ``width`` states are kept a turn (12 for the headline,
4 for the turn-by-turn search), each tries the answers of the card with at
most ``bundles`` standing-move bundles (the best by a one-turn look). A whole
base game (24 monthly turns) costs about 30,000 forked moves with the defaults, a few
seconds on one core; it runs off the play path (at the end of a game, or by
``report``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from game.engine import Decision, Game
from game.model.calendars import date_label
from game.model.content import Content

#: Beam width for the headline figure and for the turn-by-turn search.
HEADLINE_WIDTH = 12
STEP_WIDTH = 4
#: Standing-move bundles tried with each answer, per kept state.
BUNDLES = 4
#: Search version: saves store it, so a changed search is computed again.
SEARCH_VERSION = 1


@dataclass(frozen=True, slots=True)
class SkillReport:
    """How a finished game compares with the best this seed allowed.

    ``percent``: the player's joint score as a share of the best found (0-100).
    ``worst_turn``/``worst_date``/``worst_drop``: the turn after whose decisions
    the best reachable score fell most, and by how much (0 and "" if it never
    fell). ``line``: the whole of it in one or two sentences, for any screen.
    """

    player: float
    best: float
    percent: int
    worst_turn: int
    worst_date: str
    worst_drop: float
    worst_what: str
    line: str
    version: int = SEARCH_VERSION

    def to_dict(self) -> dict[str, object]:
        """Plain data for a save."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> SkillReport:
        """Read it back from a save (raises KeyError/TypeError/ValueError if malformed)."""
        return cls(player=float(data["player"]), best=float(data["best"]),  # type: ignore[arg-type]
                   percent=int(data["percent"]),  # type: ignore[call-overload]
                   worst_turn=int(data["worst_turn"]),  # type: ignore[call-overload]
                   worst_date=str(data["worst_date"]),
                   worst_drop=float(data["worst_drop"]),  # type: ignore[arg-type]
                   worst_what=str(data["worst_what"]), line=str(data["line"]),
                   version=int(data.get("version", 0)))  # type: ignore[call-overload]


# ---------------------------------------------------------------------- search


def _outlook(game: Game) -> float:
    """How promising a state is: its joint score, with the tracks' mean to break ties.

    An ending already reached is final: its score, and a bad early end is worse
    than any game still running.
    """
    scores = game.scores()
    joint = scores["score"]
    if game.over:
        ending = game.ending
        bad_early = ending is not None and not ending.final and ending.tone == "bad"
        return joint - (100.0 if bad_early else 0.0)
    tracks = [v for k, v in scores.items() if k != "score"]
    return joint + 0.3 * sum(tracks) / max(1, len(tracks))


def _standing_moves(game: Game) -> list[Decision]:
    """Every standing move the rules allow now, in content order."""
    moves = [Decision("act", v.action.id) for v in game.actions() if v.available]
    moves += [Decision("lever", v.lever.id, "lifted" if v.imposed else "imposed")
              for v in game.levers() if v.available]
    return moves


def _bundles(game: Game, limit: int) -> list[tuple[Decision, ...]]:
    """Up to ``limit`` bundles of standing moves worth trying this turn.

    Always the empty bundle; then single moves ranked by the outlook one move
    on, and the two best singles together when both are still allowed.
    """
    base = _outlook(game)
    scored: list[tuple[float, str, Decision]] = []
    for move in _standing_moves(game):
        trial = game.fork()
        if not trial._try_move(move):
            continue
        scored.append((_outlook(trial) - base, str(move), move))
    scored.sort(key=lambda t: (-t[0], t[1]))
    bundles: list[tuple[Decision, ...]] = [()]
    for _gain, _key, move in scored[:max(0, limit - 2)]:
        bundles.append((move,))
    if len(scored) >= 2:
        bundles.append((scored[0][2], scored[1][2]))
    return bundles[:limit]


def _children(game: Game, bundles: int) -> Iterable[tuple[Game, tuple[Decision, ...]]]:
    """Every (bundle, answer) this turn, played to the start of next turn."""
    for bundle in _bundles(game, bundles):
        after = game.fork()
        made: list[Decision] = []
        for move in bundle:
            if after._try_move(move):
                made.append(move)
        if after.over:
            yield after, tuple(made)
            continue
        if after.card_id is None:
            child = after.fork()
            child.pass_turn()
            yield child, (*made, Decision("pass"))
            continue
        for cid in after._open_choice_ids():
            child = after.fork()
            child.choose(cid)
            yield child, (*made, Decision("choose", cid))


def best_score(game: Game, *, width: int = HEADLINE_WIDTH, bundles: int = BUNDLES) -> float:
    """The best final joint score the beam search finds from ``game`` as it stands.

    ``game`` is not changed. Deterministic: the same state gives the same figure.
    A game already over scores its own final score.
    """
    if game.over:
        return game.scores()["score"]
    beam: list[Game] = [_quiet(game)]
    best = float("-inf")
    while beam:
        pool: list[tuple[float, str, Game]] = []
        for state in beam:
            for child, moves in _children(state, bundles):
                if child.over:
                    best = max(best, child.scores()["score"])
                    continue
                pool.append((_outlook(child), " ".join(map(str, moves)), child))
            # Cut the pool as it grows: the best `width` of the whole pool are the
            # best `width` of the cut ones and the rest, and a state's children
            # die here instead of all of them living until the end of the month.
            pool = _best_distinct(pool, width)
        beam = [child for _v, _k, child in pool]
    return best if best != float("-inf") else game.scores()["score"]


def _best_distinct(pool: list[tuple[float, str, Game]], width: int
                   ) -> list[tuple[float, str, Game]]:
    """The ``width`` best of ``pool`` (by outlook, then moves), one of each state."""
    pool.sort(key=lambda t: (-t[0], t[1]))
    kept: list[tuple[float, str, Game]] = []
    seen: set[tuple[int, tuple[tuple[str, float], ...]]] = set()
    for item in pool:
        child = item[2]
        key = (child.turn, tuple(sorted((k, float(v)) for k, v in child.env.items()
                                        if isinstance(v, int | float | bool)
                                        and not callable(v))))
        if key in seen:
            continue  # two paths to the same state: keep one
        seen.add(key)
        kept.append(item)
        if len(kept) >= width:
            break
    return kept


def _quiet(game: Game) -> Game:
    """A fork of ``game`` that keeps no log or news (the search reads values only)."""
    twin = game.fork()
    twin._record = False
    return twin


# ---------------------------------------------------------------------- grading


def _turn_starts(content: Content, seed: int, difficulty: str,
                 decisions: Sequence[Decision | str],
                 lesson: str | None = None) -> tuple[list[Game], Game]:
    """The game at the start of each turn the player played, and the finished game."""
    game = Game.new(content, seed, difficulty, record=False, lesson=lesson)
    starts = [game.fork()]
    for d in decisions:
        dec = d if isinstance(d, Decision) else Decision.parse(d)
        turn = game.turn
        game.apply(dec)
        if not game.over and game.turn != turn:
            starts.append(game.fork())
    return starts, game


def skill_report(content: Content, seed: int, difficulty: str,
                 decisions: Sequence[Decision | str], *,
                 width: int = HEADLINE_WIDTH, step_width: int = STEP_WIDTH,
                 lesson: str | None = None) -> SkillReport:
    """Grade a finished game (see :class:`SkillReport`); deterministic for its inputs.

    Raises the engine's IllegalMove if the decisions do not replay. ``lesson``: the
    game's lesson variant (the search then meets the lesson's cards, as the player did).
    """
    starts, final = _turn_starts(content, seed, difficulty, decisions, lesson)
    player = final.scores()["score"]
    best = max(player, best_score(starts[0], width=width))
    # Best reachable at the start of each turn, after the player's earlier choices.
    reach = [best] + [max(player, best_score(s, width=step_width)) for s in starts[1:]]
    reach.append(player)  # after the last decision: what the player got
    # Every later state is reachable from an earlier one, so the best from an
    # earlier turn is at least the best from a later one (the beam may miss it).
    for i in range(len(reach) - 2, -1, -1):
        reach[i] = max(reach[i], reach[i + 1])
    best = reach[0]
    worst_turn, worst_drop = 0, 0.0
    for i in range(len(starts)):
        drop = reach[i] - reach[i + 1]
        if drop > worst_drop + 1e-9:
            worst_turn, worst_drop = starts[i].turn, drop
    percent = 100 if best <= 0 else round(100 * max(0.0, player) / best)
    worst_date = final.date_of(worst_turn) if worst_turn else ""
    worst_what = _what_happened(final, worst_turn, decisions) if worst_turn else ""
    line = (f"You reached {percent}% of the best this seed allowed "
            f"(joint score {player:.0f} of {best:.0f}).")
    if worst_turn:
        unit = final.content.scenario.calendar.unit
        on = {"day": "on", "week": "in the"}.get(unit, "in")  # on 28 October; in the week of
        line += (f" You lost the most ground {on} {date_label(worst_date, unit)}"
                 + (f" ({worst_what})" if worst_what else "")
                 + f": the best reachable score fell by {worst_drop:.0f}.")
    return SkillReport(player, best, percent, worst_turn, worst_date, worst_drop,
                       worst_what, line)


def _what_happened(final: Game, turn: int, decisions: Sequence[Decision | str]) -> str:
    """The player's decisions of ``turn`` in words: the answer and the standing moves."""
    content = final.content
    words: list[str] = []
    for t, cid, ch in final.picks:
        if t == turn:
            card = content.cards[cid]
            label = next((c.label for c in card.choices if c.id == ch), ch)
            words.append(f"{card.title}: {label}")
    return "; ".join(words)


def skill_for_save(content: Content, data: dict[str, object]) -> SkillReport | None:
    """The skill report stored in a save's data, if there and current; else None.

    For the class report and the end screen: read the stored figure, compute
    only when it is missing (see :func:`skill_report`).
    """
    raw = data.get("skill")
    if isinstance(raw, dict) and raw.get("version") == SEARCH_VERSION:
        try:
            return SkillReport.from_dict(raw)
        except (KeyError, TypeError, ValueError):
            return None
    return None


def skill_for_game(game: Game, extra: Mapping[str, Any] | None = None) -> SkillReport | None:
    """The skill report of a game: the one stored with its save if current, else computed.

    ``extra`` is the save's ``meta.extra`` (where :func:`with_skill` stores it). A
    game not yet over has none (None). This is the one call for the class report's
    roster and the end screen; computing takes seconds, so call it off the UI thread.
    """
    stored = skill_for_save(game.content, {"skill": (extra or {}).get("skill")})
    score = game.scores()["score"]
    if stored is not None and abs(stored.player - score) < 1e-6:
        return stored
    if not game.over:
        return None
    return skill_report(game.content, game.seed, game.difficulty, game.decisions,
                        lesson=game.lesson)


def with_skill(extra: Mapping[str, Any] | None, report: SkillReport) -> dict[str, Any]:
    """``extra`` (a save's meta.extra) with ``report`` stored under ``skill``."""
    out = dict(extra or {})
    out["skill"] = report.to_dict()
    return out
