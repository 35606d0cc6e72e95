"""The engine's own words: one catalogue of the UI strings every front end shows.

Words that depend on the story (who the player is, what levers are called, the
two sides of the ledger) come from the scenario's ``words:`` section and are
filled into these templates as ``{player}``, ``{counterpart}``, ``{lever}``,
``{levers}``, ``{role}``, ``{situation}``, ``{example_meter}`` and ``{unit}``
(the calendar's turn, e.g. "month" or "day"). Nothing here names a country,
so a translation starts from this file and the scenario's own files.
"""

from __future__ import annotations

TEXT: dict[str, str] = {
    # the ledger
    "ledger.title": "Ledger: {player}'s concessions against {counterpart}'s deliveries",
    "ledger.rule": (
        "{player_cap}'s concessions and {counterpart}'s deliveries are booked with their "
        "worth. Others do not mind {player} trading relief for results; they mind when "
        "{player} has given more than it has received (disproportionate), or gives on "
        "credit, before {counterpart} has delivered anything {player} has not already "
        "paid for (preemptive)."),
    "ledger.preemptive": ("given before {counterpart} had delivered anything {player} had "
                          "not already paid for"),
    "ledger.gave": "{player_cap} gave",
    "ledger.delivered": "{counterpart_cap} delivered",
    "ledger.ahead_giving": "{player_cap} is {amount} ahead in giving",
    "ledger.ahead_receiving": "{counterpart_cap} has delivered {amount} more than it received",
    "ledger.totals": "{player_cap} gave {conceded}; {counterpart} delivered {delivered}",
    "preview.gives": "{player_cap} gives (a concession)",
    "preview.may_give": "{player_cap} may give (a concession)",
    "preview.receives": "{counterpart_cap} delivers",
    "preview.may_receive": "{counterpart_cap} may deliver",
    "signal.delivered": "{counterpart_cap} delivered {what}.",
    # levers
    "levers.header": "Levers: {levers_cap}",
    "levers.status": "{levers} {imposed}/{total} on",
    "levers.command": "The {levers}",
    "levers.lifted_report": "Levers lifted",
    # dates and turns
    "turn.meters_by_turn": ("Meters by turn: p10 / median / p90 at the end of each {unit} "
                            "(over the games still running)"),
    # help and tour (engine-level)
    "help.scored": ("{tracks_count} tracks are scored at the end: {tracks}. A good ending "
                    "needs all of them."),
    "help.score_both": "Score on every track",
    "line.help.lever": "lift or re-impose a lever (a {lever})",
    "line.help.why": "every change to a meter and its cause (e.g. 'why {example_meter}')",
    "line.help.briefing": "{situation}",
    "line.why_which": "Say which meter: {examples} ...",
    "briefing.command": "{situation_cap}",
    "mods.skipped": "Not loaded from the mods folder",
    # open concerns, in the turn header (the TUI's status line, line mode's status)
    "concerns.short": "{count} concern{s}",
    "concerns.long": "{count} open concern{s}, {left}",
    "concerns.last": "due this {unit}",
    "concerns.left": "{turns} left",
    "concerns.line": "{hint} (type 'pending')",
    "concerns.key": "{hint} (i)",
    # a condition in words, for an action or answer without its own `locked:` words
    "cond.needs": "needs {what}",
    "cond.and": "and", "cond.or": "or", "cond.either": "either {part}",
    "cond.both": "both {part}", "cond.not": "not ({part})",
    "cond.always": "always", "cond.never": "never",
    "cond.if": "{then} if {test}, else {orelse}",
    "cond.op.lt": "below", "cond.op.le": "at most", "cond.op.gt": "above",
    "cond.op.ge": "at least", "cond.op.eq": "exactly", "cond.op.ne": "other than",
    "cond.date.lt": "before {date}", "cond.date.le": "by {date}",
    "cond.date.gt": "after {date}", "cond.date.ge": "from {date} on",
    "cond.date.eq": "in {date}", "cond.date.ne": "outside {date}",
    "cond.turn.lt": "before {unit} {n}", "cond.turn.le": "by {unit} {n}",
    "cond.turn.gt": "after {unit} {n}", "cond.turn.ge": "from {unit} {n} on",
    "cond.turn.eq": "in {unit} {n}", "cond.turn.ne": "outside {unit} {n}",
    "cond.difficulty.eq": "on {level} difficulty",
    "cond.difficulty.ne": "not on {level} difficulty",
    "cond.in": "{what} at {options}", "cond.not_in": "{what} not at {options}",
    "cond.imposed": "{lever} imposed", "cond.lifted": "{lever} lifted",
    "cond.flag": "{flag}", "cond.not_flag": "not {flag}",
    "cond.seen": "{card} has come up", "cond.not_seen": "{card} has not come up yet",
    "cond.chose": "you answered {card} with {answer}",
    "cond.not_chose": "you did not answer {card} with {answer}",
    "cond.count": "the times {card} came up", "cond.since": "{unit}s since {card}",
    "cond.min": "the lower of {terms}", "cond.max": "the higher of {terms}",
    "cond.abs": "the size of {what}", "cond.round": "{what} rounded",
    "cond.clamp": "{what} kept between {low} and {high}", "cond.negative": "minus {what}",
    "cond.arith.plus": "{a} plus {b}", "cond.arith.minus": "{a} minus {b}",
    "cond.arith.times": "{a} times {b}", "cond.arith.over": "{a} divided by {b}",
    "cond.arith.over_down": "{a} divided by {b} rounded down",
    "cond.arith.mod": "the remainder of {a} divided by {b}",
    "cond.arith.pow": "{a} to the power {b}",
    "cond.name.turn": "the {unit}'s number", "cond.name.turns_left": "{unit}s left",
    "cond.name.year": "the year", "cond.name.month": "the month of the year",
    "cond.name.capital": "political capital", "cond.name.conceded": "{player}'s concessions",
    "cond.name.delivered": "{counterpart}'s deliveries",
    "cond.name.preemptive": "concessions given on credit",
    "cond.name.difficulty": "the difficulty", "cond.name.date": "the date",
}


def ui(key: str, words: dict[str, str] | None = None, **extra: object) -> str:
    """The catalogue's string ``key`` with the scenario's words (and ``extra``) filled in."""
    values: dict[str, object] = dict(words or {})
    values.update(extra)
    for name in ("player", "counterpart", "levers", "situation"):
        text = str(values.get(name, ""))
        values.setdefault(f"{name}_cap", text[:1].upper() + text[1:])
    return TEXT[key].format_map(_Missing(values))


class _Missing(dict):  # type: ignore[type-arg]
    """A template never raises on a word the caller did not give: it stays visible."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
