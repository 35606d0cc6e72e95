"""The rules of standing actions, levers, concerns and pending work, in words.

Both the Textual game (the action detail panel, the rules screen) and the line
mode (``info a1``, ``info l2``, ``pending``) print these sentences, made from
the engine's player view, so the two can never disagree on a rule. Plain
strings only: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine.view import ActionRule, ConcernView, EstimateBand, LeverRule, PendingView


def months(n: int, unit: str = "month") -> str:
    """``1 month``, ``3 months`` (or days, weeks...: the calendar's unit)."""
    return f"{n} {unit}{'s' if n != 1 else ''}"


def action_rule_lines(rule: ActionRule, vocab: dict[str, str] | None = None) -> list[str]:
    """A standing action's whole rule: cost, conditions, what it can move, what it
    would do now (or that it would do nothing), and why it is closed if it is."""
    unit = (vocab or {}).get("unit", "month")
    times = f"once a {unit}" if rule.limit == 1 else f"up to {rule.limit} times a {unit}"
    lines = [f"{rule.label}: costs {rule.cost} political capital, {times}."]
    if not rule.available:
        lines.append(f"Closed now: {rule.reason}".rstrip(".") + ".")
    lines.append(f"Only when: {rule.conditions}".rstrip(".") + "." if rule.conditions else
                 "No condition beyond its cost.")
    if rule.idle:
        lines.append(f"Now: {rule.idle}")
    elif rule.now.empty:
        lines.append("If taken now: no meter moves; what it does is described below.")
    else:
        lines.append(f"If taken now: {rule.now.words(vocab)}.")
    if rule.answers:
        lines.append(f"Settles now: {', '.join(rule.answers)}.")
    lines.append(f"Can move: {rule.reach.words(vocab)}.")
    if rule.description:
        lines.append(rule.description)
    return lines


def lever_rule_lines(rule: LeverRule, vocab: dict[str, str] | None = None) -> list[str]:
    """A lever's whole rule: state, cost, ledger worth, what each way moves."""
    state = "imposed" if rule.imposed else "lifted"
    verb = "Lifting" if rule.imposed else "Re-imposing"
    lines = [f"{rule.label}: {state} now. {verb} it costs {rule.cost} political capital"
             + (f"; lifting it books a concession worth {rule.worth:g} in the ledger."
                if rule.worth else ".")]
    if rule.description:
        lines.append(rule.description)
    lines.append(f"Lifting moves: {rule.on_lift.words(vocab)}.")
    lines.append(f"Re-imposing moves: {rule.on_impose.words(vocab)}.")
    if not rule.available:
        lines.insert(1, f"Closed now: {rule.reason}".rstrip(".") + ".")
    if rule.source:
        lines.append(f"Source: {rule.source}")
    return lines


def concern_line(c: ConcernView, unit: str = "month") -> str:
    """An open concern, the turns left to settle it, and what settles it."""
    left = f"this {unit} is the last" if c.turns_left <= 1 else \
        f"{months(c.turns_left, unit)} left"
    settle = f"; {c.answer_label} settles it" if c.answer_label else ""
    return f"{c.actor}: {c.label} ({left}{settle})"


def concerns_hint(concerns: Sequence[ConcernView], words: dict[str, str] | None = None,
                  ) -> tuple[str, str]:
    """The open concerns for a turn header, short and long: ``2 concerns`` and
    ``2 open concerns, 3 months left`` (the soonest); ``("", "")`` if none is open."""
    if not concerns:
        return "", ""
    unit = (words or {}).get("unit", "month")
    soonest = min(c.turns_left for c in concerns)
    left = ui("concerns.last", words) if soonest <= 1 else \
        ui("concerns.left", words, turns=months(soonest, unit))
    count = {"count": len(concerns), "s": "s" if len(concerns) != 1 else ""}
    return ui("concerns.short", words, **count), ui("concerns.long", words, left=left, **count)


def pending_when(p: PendingView, unit: str = "month") -> str:
    """When a pending item comes due, in words (in the calendar's unit)."""
    return f"next {unit}" if p.turns_left <= 0 else f"in {months(p.turns_left + 1, unit)}"


def pending_what(p: PendingView, unit: str = "month") -> str:
    """What a pending item will do: ``+2 Allies a month, 2 more months`` for a continuing
    effect on a visible meter, else its note."""
    if p.label:
        return f"{p.amount:+.3g} {p.label} a {unit}, {months(p.repeats, unit)} more"
    return p.note or p.kind


def pending_line(p: PendingView, unit: str = "month") -> str:
    """A pending item: when, what, and because of what."""
    return f"{pending_when(p, unit)}: {pending_what(p, unit)}, because: {p.cause}"


def estimate_words(est: EstimateBand) -> str:
    """The intelligence estimate in words: its band and how sharp it is."""
    if est.reports == 0:
        return f"{est.words} (no assessment commissioned yet)"
    reports = f"{est.reports} assessment{'s' if est.reports != 1 else ''}"
    return f"{est.words} ({est.sharpness}, from {reports})"
