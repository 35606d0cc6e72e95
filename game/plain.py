"""Plain line mode: the whole game on stdin/stdout, for screen readers and scripts.

Nothing here draws boxes or uses colour; every screen is lines of text, and
every prompt accepts the same commands (``help`` lists them). The output
depends only on the game and the input, so the same seed and the same input
give byte-identical output (a test holds us to it).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import IO

from game.engine import Change, Game, IllegalMove
from game.engine.records import Cause
from game.lastmove import since_last_answer
from game.model.calendars import date_label
from game.model.safetext import strip_controls
from game.plaintext import plain_inline, plain_text
from game.rules_text import (
    action_rule_lines,
    concern_line,
    concerns_hint,
    estimate_words,
    lever_rule_lines,
    pending_line,
)
from game.ui_text import ui

WIDTH = 78


def help_text(game: Game) -> str:
    """The command list in the scenario's words; commands with nothing to show left out."""
    view = game.view()
    vocab = view.words
    lever_line = ui("line.help.levers", lever_help=ui("line.help.lever", vocab)) + "\n"
    text = ui("line.help", lever_line=lever_line if view.has_levers else "", unit=view.unit,
              status_extra=(ui("line.help.status_levers") if view.has_levers else "")
              + (ui("line.help.status_ledger") if view.has_ledger else ""),
              why_help=ui("line.help.why", vocab), briefing_help=ui("line.help.briefing", vocab),
              ledger_line=ui("line.help.ledger") + "\n" if view.has_ledger else "")
    for paragraph in game.content.scenario.words.help:
        text += "\n\n" + _fill(paragraph)
    return text


def _fill(text: str, indent: str = "") -> str:
    """Markdown as plain text (no marks for a screen reader to read out), each paragraph
    wrapped; list items and blank lines kept."""
    out: list[str] = []
    for para in plain_text(text.strip()).split("\n\n"):
        lines = para.splitlines()
        if any(ln.lstrip().startswith("- ") for ln in lines):
            out.extend(indent + ln.rstrip() for ln in lines)
        else:
            out.append(textwrap.fill(" ".join(ln.strip() for ln in lines), WIDTH,
                                     initial_indent=indent, subsequent_indent=indent))
        out.append("")
    return "\n".join(out).rstrip("\n")


def _num(x: float | bool) -> str:
    if isinstance(x, bool):
        return ui("lever.imposed") if x else ui("lever.lifted")
    return f"{x:g}"


class PlainSession:
    """Runs one game over a pair of text streams."""

    def __init__(self, game: Game, inp: IO[str], out: IO[str],
                 on_turn: Callable[[Game], None] | None = None,
                 on_card: Callable[[PlainSession], None] | None = None,
                 on_save: Callable[[Game, str], str] | None = None,
                 on_reload: Callable[[Game], tuple[Game | None, str]] | None = None) -> None:
        """``on_turn`` is called after every move (the saves layer autosaves there).

        ``on_card`` is called each time a new card has been shown (the classroom's
        discussion stops pause there); it may read from ``inp`` and write with :meth:`say`.
        ``on_save(game, name)`` carries out ``save NAME`` and returns the line to show.
        ``on_reload(game)`` carries out ``reload`` (see game.reload): it returns the
        game to go on with (None: keep this one) and the lines to show.
        """
        self.game = game
        self.inp = inp
        self.out = out
        self.on_turn = on_turn
        self.on_card = on_card
        self.on_save = on_save
        self.on_reload = on_reload
        self._news_shown = len(game.messages)

    def say(self, text: str = "") -> None:
        """Write lines to the output, without control characters (an escape sequence in a
        name or a text would command the player's terminal)."""
        self.out.write(strip_controls(text) + "\n")

    # ------------------------------------------------------------------ screens

    def header(self) -> None:
        """The title line at the start of a session."""
        sc = self.game.content.scenario
        self.say(f"{sc.title.upper()}")
        self.say(ui("line.header", seed=self.game.seed, difficulty=self.game.difficulty))

    def status(self) -> None:
        """Date, meters with their move since the last answer, capital, ledger totals."""
        g = self.game
        v = g.view()
        self.say(ui("line.status", date=date_label(v.date, v.unit), turn=v.turn,
                    total=v.turns_total, capital=v.capital, capital_max=v.capital_max))
        worry = concerns_hint(v.concerns, v.words)[1]
        if worry:  # right under the date: what needs an answer before it is too late
            self.say("  " + ui("concerns.line", v.words, hint=worry))
        moved: dict[str, float] = {}
        for c in since_last_answer(g):
            if not isinstance(c.after, bool):
                moved[c.name] = moved.get(c.name, 0.0) + c.delta
        for m in v.meters:
            d = moved.get(m.id, 0.0)
            trend = ui("line.status.trend", delta=f"{d:+g}") if d else ""
            self.say(ui("line.status.meter", label=m.label, value=f"{m.value:g}",
                        max=f"{m.max:g}", trend=trend) + (f", {m.band}" if m.band else ""))
        if v.has_ledger:
            self.say(ui("line.status.ledger", given=f"{v.conceded:g}",
                        received=f"{v.delivered:g}")
                     + (ui("line.status.on_credit", count=v.preemptive)
                        if v.preemptive else ""))
        if v.signals.estimate is not None:
            est = v.signals.estimate
            self.say(_fill(f"{est.label}: {estimate_words(est)}.", "  "))

    def show_card(self) -> None:
        """The current card with advisors, numbered choices and their previews, then
        actions and levers."""
        v = self.game.view()
        card = v.card
        self.say("")
        if card is None:
            self.say(ui("line.quiet", unit=v.unit))
        else:
            self.say(ui("line.event", title=card.title))
            self.say(_fill(card.body))  # the view resolves the variant of this path
            if card.advisors:
                self.say(ui("line.advisors"))
                for name, _role, words in card.advisors:
                    self.say(_fill(f"{name}: {words}", "  "))
            self.say(ui("line.choices"))
            for n, c in enumerate(card.choices, 1):
                label = plain_inline(c.label)
                if c.available:
                    self.say(f"  {n}. {label}")
                else:
                    self.say(f"  {n}. ({ui('line.locked', reason=c.reason)}) {label}")
                if c.preview is not None:
                    self.say(_fill(ui("line.touches", what=c.preview.words(v.words)),
                                   "      "))
        self.show_actions()

    def show_actions(self) -> None:
        """Standing actions and levers with their numbers, costs, and whether each is open
        or would change nothing now (``info a1`` gives the whole rule)."""
        v = self.game.view()
        self.say(ui("line.actions", capital=v.capital))
        for n, a in enumerate(v.actions, 1):
            note = f" ({ui('line.unavailable', reason=a.reason)})" if not a.available else \
                f" ({ui('line.idle')})" if a.idle else ""
            self.say(ui("line.action", n=n, label=a.label, cost=a.cost, note=note))
        if v.levers:
            self.say(ui("line.levers"))
            for n, lv in enumerate(v.levers, 1):
                state = _num(lv.imposed)
                verb = ui("lever.lift") if lv.imposed else ui("lever.reimpose")
                note = "" if lv.available else f" ({ui('line.unavailable', reason=lv.reason)})"
                self.say(ui("line.lever", n=n, label=lv.label, state=state, verb=verb,
                            cost=lv.cost, note=note))

    def info(self, what: str) -> None:
        """The whole rule of action ``aN`` or lever ``lN``; every rule if ``what`` is empty."""
        v = self.game.view()
        if not what:
            self.say(_fill(v.capital_rule))
            for n in range(1, len(v.actions) + 1):
                self.info(f"a{n}")
            for n in range(1, len(v.levers) + 1):
                self.info(f"l{n}")
            return
        kind, num = what[0], what[1:].strip()
        rules = v.actions if kind == "a" else v.levers if kind == "l" else ()
        if not num.isdigit() or not rules or not 1 <= int(num) <= len(rules):
            self.say(ui("line.info_which", last=len(v.actions)) +
                     (ui("line.info_which_levers", last=len(v.levers)) if v.levers else "."))
            return
        rule = rules[int(num) - 1]
        lines = (action_rule_lines(rule, v.words) if kind == "a"  # type: ignore[arg-type]
                 else lever_rule_lines(rule, v.words))  # type: ignore[arg-type]
        self.say(textwrap.fill(f"{kind}{num}. " + lines[0], WIDTH, subsequent_indent="    "))
        for line in lines[1:]:
            self.say(_fill(line, "    "))

    def show_changes(self, changes: list[Change]) -> None:
        """What changed and why, then the news that came with it."""
        g = self.game
        shown = [c for c in changes if (c.name in g.content.meters and
                 not g.content.meters[c.name].hidden) or c.name in g.content.levers]
        labels = {m.id: m.label for m in g.content.scenario.meters}
        labels.update({lv.id: lv.label for lv in g.content.scenario.levers})
        if shown:
            self.say(ui("line.changed"))
            for c in shown:
                if isinstance(c.after, bool):
                    moved = _num(c.after)
                else:
                    moved = f"{_num(c.before)} -> {_num(c.after)} ({c.delta:+g})"
                self.say(ui("line.change", label=labels.get(c.name, c.name), moved=moved,
                            cause=self._cause(c.cause)))
        self.show_news()

    def _cause(self, cause: Cause) -> str:
        if cause.kind == "ongoing" and "continuing" in cause.label:
            return cause.label  # "Talks: Decline (continuing)" says it already
        if cause.kind == "ongoing":
            return ui("cause.ongoing", cause=cause.label)
        if cause.kind == "scheduled":
            return ui("cause.scheduled", cause=cause.label)
        return cause.label

    def show_news(self) -> None:
        """Messages not yet shown."""
        g = self.game
        new = g.messages[self._news_shown:]
        self._news_shown = len(g.messages)
        if not new:
            return
        names = {a.id: a.name for a in g.content.scenario.actors}
        self.say(ui("line.news"))
        for m in new:
            who = f"{names.get(m.actor, m.actor)}: " if m.actor else ""
            self.say(_fill(who + m.text, "  "))

    def why(self, name: str) -> None:
        """Every change to one value, with its cause."""
        g = self.game
        sc = g.content.scenario
        match = [m for m in sc.meters if not m.hidden and
                 (m.id == name or m.label.lower().startswith(name.lower()))]
        levers = [lv for lv in sc.levers if lv.id == name]
        if not match and not levers:
            visible = ", ".join(m.id for m in sc.meters if not m.hidden)
            self.say(ui("line.why_unknown", name=repr(name), meters=visible))
            return
        target = match[0].id if match else levers[0].id
        label = match[0].label if match else levers[0].label
        changes = g.changes(target)
        if not changes:
            self.say(ui("line.why_still", label=label))
            return
        self.say(ui("line.why_heading", label=label))
        for c in changes:
            self.say(ui("line.why_change", turn=c.turn, before=_num(c.before),
                        after=_num(c.after), delta=f"{c.delta:+g}", cause=self._cause(c.cause)))

    def pending(self) -> None:
        """Open concerns, then what is still to come."""
        v = self.game.view()
        if not v.pending and not v.concerns:
            self.say(ui("line.pending_none"))
            return
        if v.concerns:
            self.say(ui("line.concerns"))
            for c in v.concerns:
                self.say(_fill(concern_line(c, v.unit), "  "))
        if v.pending:
            self.say(ui("line.pending"))
            for p in sorted(v.pending, key=lambda p: p.turns_left):
                self.say(_fill(pending_line(p, v.unit), "  "))

    def ledger(self) -> None:
        """Concessions against deliverables, each told from the player's side."""
        v = self.game.view()
        if not v.ledger:
            self.say(ui("line.ledger_empty"))
            return
        self.say(ui("line.ledger"))
        for e in v.ledger:
            self.say(_fill(e.text, "  "))
        self.say(ui("line.ledger_total", given=f"{v.conceded:g}", received=f"{v.delivered:g}"))

    def signals(self) -> None:
        """The intelligence estimate and the visible signs of intent, oldest first."""
        v = self.game.view()
        est = v.signals.estimate
        if est is not None:
            self.say(_fill(f"{est.label}: {estimate_words(est)}. {est.description}"))
        if not v.signals.signals:
            self.say(ui("line.signals_none"))
            return
        self.say(ui("signals.heading") + ":")
        for sg in v.signals.signals:
            mark = "+" if sg.lean > 0 else "-" if sg.lean < 0 else "0"
            when = date_label(self.game.date_of(sg.turn), v.unit, short=True)
            self.say(_fill(f"{when} {mark} {sg.text}", "  "))

    def notes(self) -> None:
        """Historical notes of the cards seen so far."""
        g = self.game
        cards = [g.content.cards[c] for c in g.seen if g.content.cards[c].history]
        if not cards:
            self.say(ui("line.notes_none"))
            return
        for card in cards:
            h = card.history
            assert h is not None
            self.say(f"{card.title} ({h.date})")
            self.say(_fill(h.note, "  "))
            self.say("  " + ui("line.source", source=h.source))

    def ending(self) -> None:
        """The ending, its epilogue, the scores and the comparison with history."""
        g = self.game
        end = g.ending
        assert end is not None
        self.say("")
        self.say(ui("line.the_end", title=end.title))
        self.say(_fill(end.epilogue))
        if end.history:
            self.say(ui("line.history"))
            self.say(_fill(end.history, "  "))
        scores = g.scores()
        tracks = ", ".join(f"{t.label} {scores[t.id]:.0f}" for t in g.content.scenario.tracks)
        self.say(ui("line.score", score=f"{scores['score']:.0f}", tracks=tracks))
        self.skill()
        hidden = [(m, v) for m, v in g.meters(hidden=True) if m.hidden]
        for m, v in hidden:
            band = m.band_at(v)
            self.say(ui("line.revealed", label=m.label, value=f"{v:g}")
                     + (f" ({band})." if band else "."))

    def skill(self) -> None:
        """How near the best this seed allowed the player came, and where the most ground
        was lost (a search over the same seed: seconds)."""
        from game.sim.best import skill_for_game

        self.say(ui("skill.wait_plain"))
        self.out.flush()
        report = skill_for_game(self.game)
        if report is not None:
            self.say(_fill(report.line))

    # ------------------------------------------------------------------ loop

    def run(self, show_header: bool = True) -> int:
        """Play until the game ends, the player quits or input runs out; returns an exit code."""
        g = self.game
        if show_header:
            self.header()
        if g.over:
            self.ending()
            return 0
        self.status()
        self.show_news()
        self.show_card()
        self._card_hook()
        while not self.game.over:  # self.game: 'reload' may replace the game
            self.out.write("> ")
            self.out.flush()
            line = self.inp.readline()
            if not line:
                self.say("")
                self.say(ui("line.input_ended", turn=self.game.turn))
                return 0
            if not self.inp.isatty():
                self.say(line.rstrip("\n"))  # echo piped input so a transcript reads as a dialogue
            raw = line.strip()
            cmd = raw.lower()
            if not cmd:
                continue
            if cmd in ("quit", "exit", "q"):
                self.say(ui("line.stopped", turn=self.game.turn))
                return 0
            try:
                self.command(cmd, raw)
            except IllegalMove as exc:
                self.say(ui("line.not_possible", problem=exc))
        self.ending()
        return 0

    def command(self, cmd: str, raw: str | None = None) -> None:
        """Carry out one typed command (``cmd`` lower-cased; ``raw`` as typed, for names)."""
        g = self.game
        simple: dict[str, Callable[[], None]] = {
            "help": lambda: self.say(help_text(self.game)),
            "?": lambda: self.say(help_text(self.game)),
            "status": self.status, "card": self.show_card, "pending": self.pending,
            "ledger": self.ledger, "notes": self.notes, "signals": self.signals,
            "log": lambda: self.show_changes(g.changes(turn=g.turn)),
            "briefing": lambda: self.say(_fill(g.content.scenario.briefing or
                                               ui("briefing.none"))),
            "assumptions": lambda: self.say(_fill(g.content.scenario.assumptions or
                                                  ui("assumptions.none"))),
        }
        if cmd in simple:
            simple[cmd]()
            return
        if cmd == "info" or cmd.startswith("info "):
            self.info(cmd[4:].strip().replace(" ", ""))
            return
        if cmd.startswith("why"):
            name = cmd[3:].strip()
            if not name:
                self.say(ui("line.why_which", self.game.view().words, examples=", ".join(
                    f"'why {m.id}'" for m in self.game.view().meters[:2])))
            else:
                self.why(name)
            return
        if cmd == "save" or cmd.startswith("save "):
            name = (raw if raw is not None else cmd)[4:].strip()
            if self.on_save is None:
                self.say(ui("line.save_unavailable"))
            elif not name:
                self.say(ui("line.save_which"))
            else:
                self.say(self.on_save(g, name))
            return
        if cmd == "reload":
            if self.on_reload is None:
                self.say(ui("line.reload_unavailable"))
                return
            new, text = self.on_reload(g)
            self.say(text)
            if new is not None:
                self.game = new
                self._news_shown = len(new.messages)
                self.show_card()
            return
        if cmd in ("pass", "end", "next"):
            self._move(lambda: g.pass_turn())
            return
        if cmd.isdigit():
            views = g.choices()
            n = int(cmd)
            if not views:
                self.say(ui("line.no_card", unit=self.game.content.scenario.calendar.unit))
            elif not 1 <= n <= len(views):
                self.say(ui("line.choose_range", last=len(views)))
            else:
                self._move(lambda: g.choose(views[n - 1].choice.id))
            return
        if cmd[0] in "al" and cmd[1:].strip().isdigit():
            n = int(cmd[1:])
            if cmd[0] == "a":
                acts = g.actions()
                if not 1 <= n <= len(acts):
                    self.say(ui("line.actions_range", last=len(acts)))
                    return
                self._move(lambda: g.take_action(acts[n - 1].action.id), new_turn=False)
            else:
                levers = g.levers()
                if not 1 <= n <= len(levers):
                    self.say(ui("line.levers_range", last=len(levers)))
                    return
                lv = levers[n - 1]
                state = "lifted" if lv.imposed else "imposed"
                self._move(lambda: g.set_lever(lv.lever.id, state), new_turn=False)
            return
        self.say(ui("line.unknown", command=repr(cmd)))

    def _move(self, move: Callable[[], list[Change]], new_turn: bool = True) -> None:
        g = self.game
        turn = g.turn
        changes = move()
        self.show_changes(changes)
        if self.on_turn:
            self.on_turn(g)
        if g.over:
            return
        if g.turn != turn:
            self.say("")
            self.say("-" * 40)
            self.status()
            self.show_card()
            self._card_hook()
        elif not new_turn:
            self.say(ui("line.capital_left", capital=g.capital))

    def _card_hook(self) -> None:
        if self.on_card is not None and self.game.card is not None:
            self.on_card(self)
