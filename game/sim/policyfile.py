"""Policy files: a modder's own bot, written as rules in YAML.

A policy file says, in order, what to do when a condition holds; whatever its
rules leave open is played by a *fallback* policy. Example::

    # cautious.yaml -- talk, but keep the allies close
    name: cautious
    fallback: historical        # any policy name; default: historical
    rules:
      - when: "washington < 45"          # any condition on visible values
        actions: [consult_washington]    # standing actions, taken in order if open
      - when: "seoul < 35"
        actions: [brief_seoul]
      - cards: [stockholm-agreement]     # only when one of these cards is up
        choose: [sign-staged]            # choice ids, the first open one is made
      - when: "tension >= 80"
        levers: {ferry_ban: imposed}     # lever id -> imposed | lifted
        choose: [condemn, walk-away]

How a turn is played:

1. At the start of each turn every rule whose ``when`` holds (and whose
   ``cards``, if given, include the current card) *matches*, in file order.
2. For each matching rule: its ``levers`` are set (if the lever is not already
   in that state and can be changed now), then its ``actions`` are taken, in
   order, each once, if available.
3. Unless ``spend_rest: false``, the fallback policy then makes its own
   standing moves with the capital left.
4. The rules are matched again (the moves may have changed the state); the
   first id in a matching rule's ``choose`` that is open on the card is made.
   If none is, the fallback policy answers the card.

Conditions use the content's expression language and may read any *visible*
name: meters, tracks, levers, flags, counters, ``date``, ``turn``,
``capital``, ``conceded``, ``delivered``, ``seen("card")``... A policy plays
as the player, so hidden meters are refused. Ids of cards, choices, actions and
levers are checked against the content when the file is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.engine import Game, Rng
from game.loading.problems import Problem
from game.loading.yamlsource import SourceMap, YamlFileError, read_yaml, validation_problems
from game.model.expr import Compiled, ExprError, compile_expr
from game.sim.policies import Policy, PolicyError, Shared


class Rule(BaseModel):
    """One rule: when it matches, what to do."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    when: str | None = Field(None, description="Condition on visible values; left out: always.")
    cards: list[str] = Field(default_factory=list,
                             description="Only while one of these cards is up.")
    actions: list[str] = Field(default_factory=list,
                               description="Standing actions to take, in order, if open.")
    levers: dict[str, Literal["imposed", "lifted"]] = Field(
        default_factory=dict, description="Lever id -> the state to put it in.")
    choose: list[str] = Field(default_factory=list,
                              description="Choice ids, most preferred first.")


class PolicyFileModel(BaseModel):
    """A whole policy file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field("", description="A short name for reports.")
    description: str = ""
    fallback: str = Field("historical", description="The policy for what the rules leave open.")
    spend_rest: bool = Field(True, description="Let the fallback spend the capital left.")
    rules: list[Rule] = Field(default_factory=list)


class PolicyFile:
    """A loaded, checked policy file; :meth:`policy` makes the bot for one game."""

    def __init__(self, model: PolicyFileModel, path: Path,
                 conditions: list[Compiled | None]) -> None:
        """Use :func:`load_policy_file`."""
        self.model = model
        self.path = path
        self.name = model.name or path.stem
        self.fallback = model.fallback
        self.conditions = conditions

    def policy(self, shared: Shared, rng: Rng, fallback: Policy) -> Policy:
        """The bot for one game."""
        return FilePolicy(shared, rng, self, fallback)


class FilePolicy(Policy):
    """Plays by a policy file's rules, with a fallback for the rest."""

    def __init__(self, shared: Shared, rng: Rng, pfile: PolicyFile, fallback: Policy) -> None:
        """See :mod:`game.sim.policyfile` for the order of play."""
        super().__init__(shared, rng)
        self.pfile = pfile
        self.fallback = fallback
        self.name = pfile.name

    def _matching(self, game: Game) -> list[Rule]:
        out = []
        for rule, cond in zip(self.pfile.model.rules, self.pfile.conditions, strict=True):
            if rule.cards and game.card_id not in rule.cards:
                continue
            if cond is not None and not cond(game.env):
                continue
            out.append(rule)
        return out

    def standing(self, game: Game) -> None:
        """Matching rules' levers and actions, then the fallback's moves."""
        for rule in self._matching(game):
            for lever_id, state in rule.levers.items():
                if game.over:
                    return
                lever = next(v for v in game.levers() if v.lever.id == lever_id)
                if lever.available and lever.imposed != (state == "imposed"):
                    game.set_lever(lever_id, state)
            for action_id in rule.actions:
                if game.over:
                    return
                action = next(v for v in game.actions() if v.action.id == action_id)
                if action.available:
                    game.take_action(action_id)
        if self.pfile.model.spend_rest and not game.over:
            self.fallback.standing(game)

    def pick(self, game: Game, open_ids: Sequence[str]) -> str:
        """The first open choice a matching rule prefers, else the fallback's."""
        for rule in self._matching(game):
            for cid in rule.choose:
                if cid in open_ids:
                    return cid
        return self.fallback.pick(game, open_ids)


def _problems(path: Path, text: str, exc: ValidationError) -> list[Problem]:
    return validation_problems(exc, SourceMap.build(text), str(path), model=PolicyFileModel)


def load_policy_file(path: Path, shared: Shared) -> PolicyFile:
    """Read and check a policy file against the content; raises :class:`PolicyError`.

    The error message lists every problem as ``path:line:col: error: message``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"cannot read the policy file {path}: {exc.strerror or exc}") from None
    try:
        data = read_yaml(text, str(path))
    except YamlFileError as exc:
        raise PolicyError(str(exc)) from None
    if data is None:
        data = {}
    try:
        model = PolicyFileModel.model_validate(data)
    except ValidationError as exc:
        raise PolicyError("\n".join(p.format() for p in _problems(path, text, exc))) from None
    content = shared.content
    source = SourceMap.build(text)
    problems: list[Problem] = []

    def at(loc: tuple[str | int, ...], message: str, hint: str = "", key: bool = False) -> None:
        line, col = source.position(loc, key=key)
        problems.append(Problem(str(path), line, col, message, hint=hint))

    choice_ids = {ch.id for c in content.cards.values() for ch in c.choices}
    conditions: list[Compiled | None] = []
    for i, rule in enumerate(model.rules):
        cond = None
        if rule.when is not None:
            try:
                cond = compile_expr(rule.when, shared.visible_names)
            except ExprError as exc:
                hidden = sorted(h for h in shared.hidden if h in rule.when)
                hint = (f"'{hidden[0]}' is hidden: a policy plays as the player and cannot "
                        "read it" if hidden else exc.hint)
                at(("rules", i, "when"), f"in '{rule.when}': {exc.message}", hint)
        conditions.append(cond)
        for j, cid in enumerate(rule.cards):
            if cid not in content.cards:
                at(("rules", i, "cards", j), f"unknown card '{cid}'")
        for j, aid in enumerate(rule.actions):
            if aid not in content.actions:
                at(("rules", i, "actions", j), f"unknown action '{aid}'",
                   "actions: " + ", ".join(content.actions))
        for lid in rule.levers:
            if lid not in content.levers:
                at(("rules", i, "levers", lid), f"unknown lever '{lid}'",
                   "levers: " + ", ".join(content.levers), key=True)
        for j, cid in enumerate(rule.choose):
            if cid not in choice_ids:
                at(("rules", i, "choose", j), f"no card has a choice '{cid}'")
            elif rule.cards and not any(
                    cid in {ch.id for ch in content.cards[c].choices}
                    for c in rule.cards if c in content.cards):
                at(("rules", i, "choose", j),
                   f"none of this rule's cards has a choice '{cid}'")
    if model.fallback.endswith((".yaml", ".yml")):
        at(("fallback",), "the fallback must be a named policy, not another file",
           "e.g. historical, random, lookahead")
    if problems:
        raise PolicyError("\n".join(p.format() for p in problems))
    return PolicyFile(model, path, conditions)
