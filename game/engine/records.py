"""Plain records the engine produces: causes, changes, ledger entries, pending work.

Each is a small slotted dataclass with ``to_dict``/``from_dict`` so a snapshot
of the game is plain JSON-ready data (saves never pickle).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Cause:
    """Why something changed.

    ``kind`` is one of: ``card`` (ref ``card/choice``), ``action``, ``lever``,
    ``reaction``, ``threshold``, ``scheduled``, ``ongoing``, ``start``,
    ``difficulty``, ``turn``. ``label`` is the words a player reads.
    """

    kind: str
    ref: str
    label: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"kind": self.kind, "ref": self.ref, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cause:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["kind"]), str(data["ref"]), str(data["label"]))


class Change(NamedTuple):
    """One value that moved: a meter, flag, counter or lever, before and after.

    A named tuple rather than a frozen dataclass: a game makes hundreds of these
    and a tuple is made in a quarter of the time. Read it by field name.
    """

    turn: int
    name: str
    before: float | bool
    after: float | bool
    cause: Cause

    @property
    def delta(self) -> float:
        """After minus before (levers and flags count as 0/1)."""
        return float(self.after) - float(self.before)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"turn": self.turn, "name": self.name, "before": self.before,
                "after": self.after, "cause": self.cause.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Change:
        """Inverse of :meth:`to_dict`."""
        return cls(int(d["turn"]), str(d["name"]), d["before"], d["after"],
                   Cause.from_dict(d["cause"]))


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """A concession by Tokyo or a deliverable from Pyongyang, in the reciprocity ledger."""

    turn: int
    kind: str  # "concession" or "deliverable"
    what: str
    value: float
    preemptive: bool
    cause: Cause

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        d = asdict(self)
        d["cause"] = self.cause.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LedgerEntry:
        """Inverse of :meth:`to_dict`."""
        return cls(int(d["turn"]), str(d["kind"]), str(d["what"]), float(d["value"]),
                   bool(d["preemptive"]), Cause.from_dict(d["cause"]))


class Message(NamedTuple):
    """A line of news: what an actor said or did, or what a choice led to.

    A named tuple, like :class:`Change`, for the same reason.
    """

    turn: int
    actor: str | None
    text: str
    cause: Cause

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"turn": self.turn, "actor": self.actor, "text": self.text,
                "cause": self.cause.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Message:
        """Inverse of :meth:`to_dict`."""
        return cls(int(d["turn"]), d.get("actor"), str(d["text"]), Cause.from_dict(d["cause"]))


@dataclass(slots=True)
class Pending:
    """Work that will come due on a later turn.

    ``kind`` is ``card`` (draw ``card`` on turn ``due``), ``effects`` (apply
    ``effects``, stored as plain dicts, on turn ``due``) or ``ongoing`` (add
    ``amount`` to meter ``target`` on each of the next ``turns_left`` turns).
    """

    kind: str
    due: int
    cause: Cause
    note: str = ""
    card: str | None = None
    effects: list[dict[str, Any]] = field(default_factory=list)
    target: str | None = None
    amount: float = 0.0
    turns_left: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        d = {k: getattr(self, k) for k in self.__slots__}
        d["cause"] = self.cause.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Pending:
        """Inverse of :meth:`to_dict`."""
        d = dict(d)
        d["cause"] = Cause.from_dict(d["cause"])
        return cls(**d)


@dataclass(frozen=True, slots=True)
class Decision:
    """One thing the player did; the list of them (with the seed) is the whole game.

    Written as a short string in saves: ``choose:sign-staged``,
    ``act:consult_us``, ``lever:travel_ban=lifted``, ``pass``.
    """

    kind: str  # "choose", "act", "lever", "pass"
    target: str = ""
    value: str = ""

    def __str__(self) -> str:
        if self.kind == "pass":
            return "pass"
        if self.kind == "lever":
            return f"lever:{self.target}={self.value}"
        return f"{self.kind}:{self.target}"

    @classmethod
    def parse(cls, text: str) -> Decision:
        """Read the string form back; raises ValueError on anything else."""
        if text == "pass":
            return cls("pass")
        kind, sep, rest = text.partition(":")
        if not sep or not rest:
            raise ValueError(f"not a decision: {text!r}")
        if kind == "lever":
            target, eq, value = rest.partition("=")
            if not eq or value not in ("imposed", "lifted"):
                raise ValueError(f"not a lever decision: {text!r}")
            return cls("lever", target, value)
        if kind in ("choose", "act"):
            return cls(kind, rest)
        raise ValueError(f"not a decision: {text!r}")
