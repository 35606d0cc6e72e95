"""The rules of standing actions, levers, concerns and pending work, in words.

Both the Textual game (the action detail panel, the rules screen) and the line
mode (``info a1``, ``info l2``, ``pending``) print these sentences, made from
the engine's player view, so the two can never disagree on a rule. Plain
strings only: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from game.model.calendars import turns_word
from game.ui_text import ui

if TYPE_CHECKING:
    from game.engine.view import ActionRule, ConcernView, EstimateBand, LeverRule, PendingView


def action_rule_lines(rule: ActionRule, vocab: dict[str, str] | None = None) -> list[str]:
    """A standing action's whole rule: cost, conditions, what it can move, what it
    would do now (or that it would do nothing), and why it is closed if it is."""
    unit = (vocab or {}).get("unit", "month")
    times = ui("rule.once", unit=unit) if rule.limit == 1 else \
        ui("rule.times", limit=rule.limit, unit=unit)
    lines = [ui("rule.action", label=rule.label, cost=rule.cost, times=times)]
    if not rule.available:
        lines.append(ui("rule.closed", reason=rule.reason).rstrip(".") + ".")
    lines.append(ui("rule.only_when", conditions=rule.conditions).rstrip(".") + "."
                 if rule.conditions else ui("rule.no_condition"))
    if rule.idle:
        lines.append(ui("rule.idle", idle=rule.idle))
    elif rule.now.empty:
        lines.append(ui("rule.now_nothing"))
    else:
        lines.append(ui("rule.now", what=rule.now.words(vocab)))
    if rule.answers:
        lines.append(ui("rule.settles", concerns=", ".join(rule.answers)))
    lines.append(ui("rule.reach", what=rule.reach.words(vocab)))
    if rule.description:
        lines.append(rule.description)
    return lines


def lever_rule_lines(rule: LeverRule, vocab: dict[str, str] | None = None) -> list[str]:
    """A lever's whole rule: state, cost, ledger worth, what each way moves."""
    state = ui("lever.imposed") if rule.imposed else ui("lever.lifted")
    verb = ui("rule.lifting") if rule.imposed else ui("rule.reimposing")
    lines = [ui("rule.lever", label=rule.label, state=state, verb=verb, cost=rule.cost)
             + (ui("rule.lever_worth", worth=f"{rule.worth:g}") if rule.worth else ".")]
    if rule.description:
        lines.append(rule.description)
    lines.append(ui("rule.lift_moves", what=rule.on_lift.words(vocab)))
    lines.append(ui("rule.impose_moves", what=rule.on_impose.words(vocab)))
    if not rule.available:
        lines.insert(1, ui("rule.closed", reason=rule.reason).rstrip(".") + ".")
    if rule.source:
        lines.append(ui("line.source", source=rule.source))
    return lines


def concern_line(c: ConcernView, unit: str = "month") -> str:
    """An open concern, the turns left to settle it, and what settles it."""
    left = ui("concern.last", unit=unit) if c.turns_left <= 1 else \
        ui("concern.left", turns=turns_word(c.turns_left, unit))
    settle = ui("concern.settles", action=c.answer_label) if c.answer_label else ""
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
        ui("concerns.left", words, turns=turns_word(soonest, unit))
    count = {"count": len(concerns), "s": "s" if len(concerns) != 1 else ""}
    return ui("concerns.short", words, **count), ui("concerns.long", words, left=left, **count)


def pending_when(p: PendingView, unit: str = "month") -> str:
    """When a pending item comes due, in words (in the calendar's unit)."""
    return ui("pending.next", unit=unit) if p.turns_left <= 0 else \
        ui("pending.in", turns=turns_word(p.turns_left + 1, unit))


def pending_what(p: PendingView, unit: str = "month") -> str:
    """What a pending item will do: ``+2 Allies a month, 2 more months`` (in the
    calendar's unit) for a continuing effect on a visible meter, else its note."""
    if p.label:
        return ui("pending.ongoing", amount=f"{p.amount:+.3g}", label=p.label, unit=unit,
                  turns=turns_word(p.repeats, unit))
    return p.note or p.kind


def pending_line(p: PendingView, unit: str = "month") -> str:
    """A pending item: when, what, and because of what."""
    return ui("pending.line", when=pending_when(p, unit), what=pending_what(p, unit),
              cause=p.cause)


def estimate_words(est: EstimateBand) -> str:
    """The intelligence estimate in words: its band and how sharp it is."""
    if est.reports == 0:
        return ui("estimate.none", band=est.words)
    reports = ui("estimate.one") if est.reports == 1 else \
        ui("estimate.many", count=est.reports)
    return ui("estimate.words", band=est.words, sharpness=est.sharpness, reports=reports)
