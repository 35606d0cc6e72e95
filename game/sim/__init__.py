"""Headless games: policies that play, a runner that plays many, and what they add up to.

``runner.simulate(SimSpec(games=1000, policy="random"), jobs=2)`` plays seeded games
and returns a :class:`SimResult` whose :class:`Stats` are counts (endings,
cards drawn, choices made, meters by turn). ``report.to_text`` and
``report.to_json`` present them. Policies are described in
:mod:`game.sim.policies`; policy files in :mod:`game.sim.policyfile`; the skill
score in :mod:`game.sim.best`.

Import from the modules themselves: this package imports nothing, so that the end
screen's skill score does not load the simulator (and multiprocessing) with it.
"""
