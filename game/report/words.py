"""Shared wording for every report format: numbers, changes, causes, decisions.

Dates are written by :func:`game.model.calendars.date_label`.
"""

from __future__ import annotations

from game.engine import Cause, Change


def num(x: float) -> str:
    """A number without float noise: 3, 2.5, -1.33."""
    return f"{round(x, 2):g}"


def change_words(c: Change, labels: dict[str, str]) -> str:
    """'Seoul's confidence 60 -> 54 (-6)', 'Travel ban lifted', 'flag talks started: raised'."""
    name = labels.get(c.name, c.name)
    if isinstance(c.after, bool) and isinstance(c.before, bool):
        if c.name in labels and c.name.replace("_", " ") != name:
            return f"{name} {'imposed' if c.after else 'lifted'}"
        return f"{name}: {'raised' if c.after else 'cleared'}"
    return f"{name} {num(float(c.before))} → {num(float(c.after))} ({c.delta:+g})"


def cause_words(cause: Cause) -> str:
    """Why a change happened, in words a student reads."""
    prefix = {"ongoing": "continuing effect of ", "scheduled": "delayed effect of "}
    return prefix.get(cause.kind, "") + cause.label.removesuffix(" (continuing)")

