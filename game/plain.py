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
from game.model.safetext import strip_controls

WIDTH = 78

HELP = """\
Commands (type them at any prompt):
  1, 2, 3 ...     answer the card with that choice
  a1, a2 ...      take a standing action (costs political capital)
  l1, l2 ...      lift or re-impose a lever (a sanctions measure)
  pass            end a quiet month when there is no card
  status          the date, meters, capital, levers and ledger totals
  card            show the current card again
  why NAME        every change to a meter and its cause (e.g. 'why seoul')
  pending         effects and cards still to come, and why
  ledger          concessions given against deliverables received
  notes           the historical notes of the cards seen so far
  log             this turn's changes and news
  briefing        the situation in spring 2014
  assumptions     what the model simplifies, and why
  reload          re-read the content files and replay this game onto them
  save NAME       save the game under NAME (it is also saved after every move)
  help            this list
  quit            stop playing"""


def _fill(text: str, indent: str = "") -> str:
    """Wrap each paragraph of Markdown-ish text; keep list items and blank lines."""
    out: list[str] = []
    for para in text.strip().split("\n\n"):
        lines = para.splitlines()
        if any(ln.lstrip().startswith(("-", "*", "#", ">")) for ln in lines):
            out.extend(indent + ln.rstrip() for ln in lines)
        else:
            out.append(textwrap.fill(" ".join(ln.strip() for ln in lines), WIDTH,
                                     initial_indent=indent, subsequent_indent=indent))
        out.append("")
    return "\n".join(out).rstrip("\n")


def _num(x: float | bool) -> str:
    if isinstance(x, bool):
        return "imposed" if x else "lifted"
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
        self.say(f"Seed {self.game.seed}, difficulty {self.game.difficulty}. "
                 "Type 'briefing' for the situation, 'help' for commands.")

    def status(self) -> None:
        """Date, meters with their last change, capital, levers, ledger."""
        g = self.game
        self.say(f"{self._month_words()} (turn {g.turn} of {g.total_turns}), "
                 f"political capital {g.capital}")
        for m, v in g.meters():
            last = [c for c in g.changes(m.id) if c.turn == g.turn]
            trend = f" ({sum(c.delta for c in last):+g} this turn)" if last else ""
            band = m.band_at(v)
            self.say(f"  {m.label}: {v:g} of {m.max:g}{trend}" + (f", {band}" if band else ""))
        conceded, delivered, pre = g.ledger_totals()
        self.say(f"  Ledger: given {conceded:g}, received {delivered:g}"
                 + (f", {pre} given before anything was received" if pre else ""))

    def _month_words(self) -> str:
        from game.model.months import MONTH_NAMES

        year, month = self.game.date.split("-")
        return f"{MONTH_NAMES[int(month)]} {year}"

    def show_card(self) -> None:
        """The current card with advisors, numbered choices, actions and levers."""
        g = self.game
        card = g.card
        self.say("")
        if card is None:
            self.say("A quiet month: no event demands an answer. "
                     "Take standing actions, then type 'pass'.")
        else:
            self.say(f"EVENT: {card.title}")
            self.say(_fill(g.card_text()))  # the variant true of this path
            if card.advisors:
                self.say("Advisors:")
                names = {a.id: a.name for a in g.content.scenario.advisors}
                for who, text in card.advisors.items():
                    self.say(_fill(f"{names.get(who, who)}: {text}", "  "))
            self.say("Choices:")
            for n, view in enumerate(g.choices(), 1):
                label = view.choice.label
                if view.available:
                    self.say(f"  {n}. {label}")
                else:
                    self.say(f"  {n}. (locked: {view.reason}) {label}")
        self.show_actions()

    def show_actions(self) -> None:
        """Standing actions and levers with their numbers and costs."""
        g = self.game
        self.say(f"Standing actions (political capital {g.capital}):")
        for n, view in enumerate(g.actions(), 1):
            a = view.action
            note = "" if view.available else f" (unavailable: {view.reason})"
            self.say(f"  a{n}. {a.label}, cost {a.cost}{note}")
        levers = g.levers()
        if levers:
            self.say("Levers:")
            for n, lv in enumerate(levers, 1):
                state = "imposed" if lv.imposed else "lifted"
                verb = "lift" if lv.imposed else "re-impose"
                note = "" if lv.available else f" (unavailable: {lv.reason})"
                self.say(f"  l{n}. {lv.lever.label}: {state}; {verb} for {lv.lever.cost}{note}")

    def show_changes(self, changes: list[Change]) -> None:
        """What changed and why, then the news that came with it."""
        g = self.game
        shown = [c for c in changes if (c.name in g.content.meters and
                 not g.content.meters[c.name].hidden) or c.name in g.content.levers]
        labels = {m.id: m.label for m in g.content.scenario.meters}
        labels.update({lv.id: lv.label for lv in g.content.scenario.levers})
        if shown:
            self.say("What changed:")
            for c in shown:
                if isinstance(c.after, bool):
                    moved = "imposed" if c.after else "lifted"
                else:
                    moved = f"{_num(c.before)} -> {_num(c.after)} ({c.delta:+g})"
                self.say(f"  {labels.get(c.name, c.name)}: {moved}, "
                         f"because: {self._cause(c.cause)}")
        self.show_news()

    def _cause(self, cause: Cause) -> str:
        words = {"ongoing": "continuing effect of ", "scheduled": "delayed effect of ",
                 "reaction": "", "threshold": ""}
        return words.get(cause.kind, "") + cause.label

    def show_news(self) -> None:
        """Messages not yet shown."""
        g = self.game
        new = g.messages[self._news_shown:]
        self._news_shown = len(g.messages)
        if not new:
            return
        names = {a.id: a.name for a in g.content.scenario.actors}
        self.say("News:")
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
            self.say(f"No meter called {name!r}. Meters: {visible}.")
            return
        target = match[0].id if match else levers[0].id
        label = match[0].label if match else levers[0].label
        changes = g.changes(target)
        if not changes:
            self.say(f"{label} has not moved yet.")
            return
        self.say(f"Why {label} moved:")
        for c in changes:
            self.say(f"  turn {c.turn}: {_num(c.before)} -> {_num(c.after)} ({c.delta:+g}), "
                     f"{self._cause(c.cause)}")

    def pending(self) -> None:
        """What is still to come."""
        g = self.game
        if not g.pending:
            self.say("Nothing pending.")
            return
        self.say("Pending:")
        for p in sorted(g.pending, key=lambda p: p.due):
            when = "next turn" if p.due == g.turn + 1 else f"in {p.due - g.turn} turns"
            what = p.note or p.kind
            if p.kind == "ongoing":
                what += f", {p.turns_left} more turn{'s' if p.turns_left != 1 else ''}"
            self.say(f"  {when}: {what}, because: {p.cause.label}")

    def ledger(self) -> None:
        """Concessions against deliverables."""
        g = self.game
        if not g.ledger:
            self.say("The ledger is empty: nothing given, nothing received.")
            return
        self.say("Reciprocity ledger:")
        for e in g.ledger:
            mark = " (preemptive)" if e.preemptive else ""
            side = "Tokyo gave" if e.kind == "concession" else "Pyongyang delivered"
            self.say(f"  turn {e.turn}: {side} {e.what}, worth {e.value:g}{mark}")
        conceded, delivered, _ = g.ledger_totals()
        self.say(f"  Total given {conceded:g}, received {delivered:g}.")

    def notes(self) -> None:
        """Historical notes of the cards seen so far."""
        g = self.game
        cards = [g.content.cards[c] for c in g.seen if g.content.cards[c].history]
        if not cards:
            self.say("No historical cards seen yet.")
            return
        for card in cards:
            h = card.history
            assert h is not None
            self.say(f"{card.title} ({h.date})")
            self.say(_fill(h.note, "  "))
            self.say(f"  Source: {h.source}")

    def ending(self) -> None:
        """The ending, its epilogue, the scores and the comparison with history."""
        g = self.game
        end = g.ending
        assert end is not None
        self.say("")
        self.say(f"THE END: {end.title}")
        self.say(_fill(end.epilogue))
        if end.history:
            self.say("What really happened:")
            self.say(_fill(end.history, "  "))
        scores = g.scores()
        tracks = ", ".join(f"{t.label} {scores[t.id]:.0f}" for t in g.content.scenario.tracks)
        self.say(f"Score: {scores['score']:.0f} ({tracks}).")
        hidden = [(m, v) for m, v in g.meters(hidden=True) if m.hidden]
        for m, v in hidden:
            band = m.band_at(v)
            self.say(f"Revealed: {m.label} was {v:g}" + (f" ({band})." if band else "."))

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
                self.say(f"Input ended at turn {self.game.turn}; the game stops here.")
                return 0
            if not self.inp.isatty():
                self.say(line.rstrip("\n"))  # echo piped input so a transcript reads as a dialogue
            raw = line.strip()
            cmd = raw.lower()
            if not cmd:
                continue
            if cmd in ("quit", "exit", "q"):
                self.say(f"Stopped at turn {self.game.turn}.")
                return 0
            try:
                self.command(cmd, raw)
            except IllegalMove as exc:
                self.say(f"Not possible: {exc}")
        self.ending()
        return 0

    def command(self, cmd: str, raw: str | None = None) -> None:
        """Carry out one typed command (``cmd`` lower-cased; ``raw`` as typed, for names)."""
        g = self.game
        simple: dict[str, Callable[[], None]] = {
            "help": lambda: self.say(HELP), "?": lambda: self.say(HELP),
            "status": self.status, "card": self.show_card, "pending": self.pending,
            "ledger": self.ledger, "notes": self.notes,
            "log": lambda: self.show_changes(g.changes(turn=g.turn)),
            "briefing": lambda: self.say(_fill(g.content.scenario.briefing or
                                               "This scenario has no briefing.")),
            "assumptions": lambda: self.say(_fill(g.content.scenario.assumptions or
                                                  "This scenario states no assumptions.")),
        }
        if cmd in simple:
            simple[cmd]()
            return
        if cmd.startswith("why"):
            name = cmd[3:].strip()
            if not name:
                self.say("Say which meter: 'why seoul', 'why progress' ...")
            else:
                self.why(name)
            return
        if cmd == "save" or cmd.startswith("save "):
            name = (raw if raw is not None else cmd)[4:].strip()
            if self.on_save is None:
                self.say("Saving is not available in this session.")
            elif not name:
                self.say("Say under which name: 'save before-stockholm' ...")
            else:
                self.say(self.on_save(g, name))
            return
        if cmd == "reload":
            if self.on_reload is None:
                self.say("Reloading is not available in this session.")
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
                self.say("There is no card to answer; type 'pass' to end the month.")
            elif not 1 <= n <= len(views):
                self.say(f"Choose a number from 1 to {len(views)}.")
            else:
                self._move(lambda: g.choose(views[n - 1].choice.id))
            return
        if cmd[0] in "al" and cmd[1:].strip().isdigit():
            n = int(cmd[1:])
            if cmd[0] == "a":
                acts = g.actions()
                if not 1 <= n <= len(acts):
                    self.say(f"Actions are a1 to a{len(acts)}.")
                    return
                self._move(lambda: g.take_action(acts[n - 1].action.id), new_turn=False)
            else:
                levers = g.levers()
                if not 1 <= n <= len(levers):
                    self.say(f"Levers are l1 to l{len(levers)}.")
                    return
                lv = levers[n - 1]
                state = "lifted" if lv.imposed else "imposed"
                self._move(lambda: g.set_lever(lv.lever.id, state), new_turn=False)
            return
        self.say(f"Unknown command {cmd!r}. Type 'help' for the list.")

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
            self.say(f"Political capital left: {g.capital}.")

    def _card_hook(self) -> None:
        if self.on_card is not None and self.game.card is not None:
            self.on_card(self)
