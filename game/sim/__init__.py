"""Headless games: policies that play, a runner that plays many, and what they add up to.

``simulate(SimSpec(games=1000, policy="random"), jobs=2)`` plays seeded games
and returns a :class:`SimResult` whose :class:`Stats` are counts (endings,
cards drawn, choices made, meters by turn). ``report.to_text`` and
``report.to_json`` present them. Policies are described in
:mod:`game.sim.policies`; policy files in :mod:`game.sim.policyfile`.
"""

from game.sim.policies import (
    FIXED_POLICIES,
    NAMED_POLICIES,
    Policy,
    PolicyError,
    PolicyMaker,
    SimError,
)
from game.sim.runner import SimResult, SimSpec, game_seed, play_game, policy_seed, simulate
from game.sim.stats import Stats

__all__ = [
    "FIXED_POLICIES", "NAMED_POLICIES", "Policy", "PolicyError", "PolicyMaker", "SimError",
    "SimResult", "SimSpec", "Stats", "game_seed", "play_game", "policy_seed", "simulate",
]
