"""Every key binding of every screen, in one place.

The screens take their ``BINDINGS`` from here and the help screen lists them
from here, so the help can never miss a key. Importing this module costs only
Textual's ``Binding`` and the catalogue of UI words (``game.ui_text``),
where every description and section heading is written.
"""

from __future__ import annotations

from textual.binding import Binding

from game.ui_text import ui

TITLE = [
    Binding("n", "new_game", ui("key.new_game")),
    Binding("c", "continue_game", ui("key.continue")),
    Binding("o", "load", ui("key.load")),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
    Binding("t", "app.toggle_theme", ui("key.theme")),
    Binding("q", "app.quit", ui("key.quit")),
]

GAME = [
    Binding("1", "choose(1)", ui("key.answer"), key_display="1-9"),
    *[Binding(str(n), f"choose({n})", ui("key.answer_n", n=n), show=False) for n in range(2, 10)],
    Binding("p", "pass_turn", ui("key.pass"),
            tooltip=ui("key.pass.rule")),
    # The same key while a card is up (pass_turn is off then): says what ends the turn.
    Binding("p", "pass_refused", ui("key.pass"), show=False),
    Binding("a", "focus_actions", ui("key.actions")),
    Binding("i", "rules", ui("key.rules"), tooltip=ui("key.rules.rule")),
    Binding("pagedown", "page_card(True)", ui("key.scroll_down"), show=False,
            priority=True),
    Binding("pageup", "page_card(False)", ui("key.scroll_up"), show=False, priority=True),
    Binding("l", "levers", ui("key.levers")),
    Binding("r", "ledger", ui("key.ledger")),
    Binding("n", "notes", ui("key.notes")),
    Binding("w", "why", ui("key.why")),
    Binding("escape", "clear_why", ui("key.clear_why"),
            show=False),
    Binding("s", "save", ui("key.save")),
    Binding("o", "app.load", ui("key.load"), show=False),
    Binding("b", "briefing", ui("key.briefing"), show=False),
    Binding("m", "assumptions", ui("key.assumptions"), show=False),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
    Binding("t", "app.toggle_theme", ui("key.light_dark"), show=False),
    Binding("x", "title", ui("key.title_screen"), show=False),
    Binding("f5", "reload_content", ui("key.reload"), show=False),
    Binding("q", "app.quit", ui("key.quit")),
]

ASSUMPTIONS = [
    Binding("escape,enter,m", "skip", ui("key.back")),
]

LEVERS = [
    Binding("enter", "toggle", ui("key.toggle_lever"), priority=True),
    Binding("escape,l", "app.pop_screen", ui("key.back")),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
]

LEDGER = [
    Binding("escape,r", "app.pop_screen", ui("key.back")),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
]

RULES = [
    Binding("escape,i", "app.pop_screen", ui("key.back")),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
]

NOTES = [
    Binding("escape,n", "app.pop_screen", ui("key.back")),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
]

END = [
    Binding("n", "new_game", ui("key.new_game")),
    Binding("w", "whatif", ui("key.whatif")),
    Binding("d", "debrief", ui("key.debrief")),
    Binding("r", "ledger", ui("key.ledger")),
    Binding("h", "notes", ui("key.notes")),
    Binding("s", "save", ui("key.save")),
    Binding("x", "title", ui("key.title_screen")),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
    Binding("q", "app.quit", ui("key.quit")),
]

NEW_GAME = [
    Binding("escape", "cancel", ui("key.back")),
    Binding("ctrl+s", "start", ui("key.start"), show=False),
]

SAVE_AS = [Binding("escape", "cancel", ui("key.back"))]

LOAD = [
    Binding("enter", "open", ui("key.load")),
    Binding("escape", "cancel", ui("key.back")),
    Binding("question_mark", "app.help", ui("key.help"), key_display="?"),
]

BRIEFING = [
    Binding("enter", "go_on", ui("key.begin")),
    Binding("escape", "skip", ui("key.skip")),
]

HELP = [
    Binding("escape,question_mark,f1", "app.pop_screen", ui("key.back")),
    Binding("b", "intro", ui("key.intro")),
]

TOUR = [
    Binding("enter,space,right", "next", ui("key.tour_next"), priority=True),
    Binding("left,backspace", "back", ui("key.tour_back")),
    Binding("escape", "skip", ui("key.tour_skip"), priority=True),
]

APP = [
    Binding("ctrl+q", "quit", ui("key.quit_always"), show=False, priority=True),
    Binding("f1", "help", ui("key.help"), show=False),
    Binding("ctrl+t", "toggle_theme", ui("key.theme_long"), show=False),
]

#: (section heading, bindings) in the order the help screen lists them.
SECTIONS = [
    (ui("keys.everywhere"), [*APP, Binding("ctrl+p", "command_palette",
                                            ui("key.command_palette"))]),
    (ui("keys.title"), TITLE),
    (ui("keys.game"), GAME),
    (ui("keys.levers"), LEVERS),
    (ui("keys.ledger"), LEDGER),
    (ui("keys.rules"), RULES),
    (ui("keys.notes"), NOTES),
    (ui("keys.end"), END),
    (ui("keys.tour"), TOUR),
    (ui("keys.briefing"), BRIEFING),
    (ui("keys.load"), LOAD),
    (ui("keys.help"), HELP),
]


def key_label(binding: Binding) -> str:
    """How a binding's keys are written for a person: ``Esc / l``, ``?``, ``Ctrl+Q``."""
    if binding.key_display:
        return binding.key_display
    names = {"escape": "Esc", "question_mark": "?", "enter": "Enter", "space": "Space",
             "pagedown": "PgDn", "pageup": "PgUp"}
    out = []
    for key in binding.key.split(","):
        key = key.strip()
        if key in names:
            out.append(names[key])
        elif key.startswith("ctrl+"):
            out.append("Ctrl+" + key[5:].upper())
        else:
            out.append(key.upper() if len(key) > 1 and key.startswith("f") else key)
    return " / ".join(out)
