"""The game's own random generator: SplitMix64.

Python's ``random.choice`` and ``randrange`` may change their sequences between
releases; a saved game must replay identically on any Python, so the engine
owns a tiny generator whose whole state is one 64-bit integer (easy to save).
"""

from __future__ import annotations

from collections.abc import Sequence

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


class Rng:
    """SplitMix64 (Steele, Lea and Flood, 2014): fast, well mixed, one int of state."""

    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        self.state = seed & _MASK

    def next_u64(self) -> int:
        """The next 64-bit unsigned integer."""
        self.state = (self.state + _GOLDEN) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        """A float in [0, 1) with 53 random bits."""
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))

    def uniform(self, low: float, high: float) -> float:
        """A float in [low, high]."""
        return low + (high - low) * self.random()

    def weighted_index(self, weights: Sequence[float]) -> int:
        """Index drawn with probability proportional to its (non-negative) weight."""
        total = 0.0
        for w in weights:
            total += w
        if total <= 0:
            raise ValueError("weights must have a positive sum")
        point = self.random() * total
        acc = 0.0
        for i, w in enumerate(weights):
            acc += w
            if point < acc:
                return i
        return len(weights) - 1  # float rounding at the top end


def derive_seed(*parts: int | str) -> int:
    """Mix several values into one 64-bit seed (stable across Python versions)."""
    state = 0
    for part in parts:
        data = str(part).encode()
        for byte in data:
            state = (state ^ byte) * 0x100000001B3 & _MASK
        state = Rng(state).next_u64()
    return state
