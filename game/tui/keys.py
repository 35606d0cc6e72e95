"""Every key binding of every screen, in one place.

The screens take their ``BINDINGS`` from here and the help screen lists them
from here, so the help can never miss a key. Importing this module costs only
Textual's ``Binding``.
"""

from __future__ import annotations

from textual.binding import Binding

TITLE = [
    Binding("n", "new_game", "New game"),
    Binding("c", "continue_game", "Continue"),
    Binding("o", "load", "Load"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("t", "app.toggle_theme", "Theme"),
    Binding("q", "app.quit", "Quit"),
]

GAME = [
    Binding("1", "choose(1)", "Answer", key_display="1-9"),
    *[Binding(str(n), f"choose({n})", f"Answer {n}", show=False) for n in range(2, 10)],
    Binding("p", "pass_turn", "Pass the turn",
            tooltip="Pass the turn when no card is up (answering a card ends its turn)"),
    # The same key while a card is up (pass_turn is off then): says what ends the month.
    Binding("p", "pass_refused", "Pass the turn", show=False),
    Binding("a", "focus_actions", "Actions"),
    Binding("i", "rules", "Rules", tooltip="The rules of every standing action and lever: "
            "cost, conditions, what each can move, what each would do now"),
    Binding("pagedown", "page_card(True)", "Scroll the card down", show=False,
            priority=True),
    Binding("pageup", "page_card(False)", "Scroll the card up", show=False, priority=True),
    Binding("l", "levers", "Levers"),
    Binding("r", "ledger", "Ledger"),
    Binding("n", "notes", "Notes"),
    Binding("w", "why", "Why?"),
    Binding("escape", "clear_why", "Back to the answers, or to the latest changes",
            show=False),
    Binding("s", "save", "Save"),
    Binding("o", "app.load", "Load", show=False),
    Binding("b", "briefing", "Briefing", show=False),
    Binding("m", "assumptions", "What the model assumes", show=False),
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("t", "app.toggle_theme", "Light/dark", show=False),
    Binding("x", "title", "Title screen", show=False),
    Binding("f5", "reload_content", "Reload content (modding)", show=False),
    Binding("q", "app.quit", "Quit"),
]

ASSUMPTIONS = [
    Binding("escape,enter,m", "skip", "Back"),
]

LEVERS = [
    Binding("enter", "toggle", "Lift / impose", priority=True),
    Binding("escape,l", "app.pop_screen", "Back"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]

LEDGER = [
    Binding("escape,r", "app.pop_screen", "Back"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]

RULES = [
    Binding("escape,i", "app.pop_screen", "Back"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]

NOTES = [
    Binding("escape,n", "app.pop_screen", "Back"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]

END = [
    Binding("n", "new_game", "New game"),
    Binding("w", "whatif", "What if…"),
    Binding("d", "debrief", "Debrief"),
    Binding("r", "ledger", "Ledger"),
    Binding("h", "notes", "Notes"),
    Binding("s", "save", "Save"),
    Binding("x", "title", "Title screen"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("q", "app.quit", "Quit"),
]

NEW_GAME = [
    Binding("escape", "cancel", "Back"),
    Binding("ctrl+s", "start", "Start", show=False),
]

SAVE_AS = [Binding("escape", "cancel", "Back")]

LOAD = [
    Binding("enter", "open", "Load"),
    Binding("escape", "cancel", "Back"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]

BRIEFING = [
    Binding("enter", "go_on", "Begin"),
    Binding("escape", "skip", "Skip"),
]

HELP = [
    Binding("escape,question_mark,f1", "app.pop_screen", "Back"),
    Binding("b", "intro", "Briefing and guided turn again"),
]

TOUR = [
    Binding("enter,space,right", "next", "Next step", priority=True),
    Binding("left,backspace", "back", "Step back"),
    Binding("escape", "skip", "Skip the tour", priority=True),
]

APP = [
    Binding("ctrl+q", "quit", "Quit (always; the game is saved)", show=False, priority=True),
    Binding("f1", "help", "Help", show=False),
    Binding("ctrl+t", "toggle_theme", "Light/dark theme", show=False),
]

#: (section heading, bindings) in the order the help screen lists them.
SECTIONS = [
    ("Everywhere", [*APP, Binding("ctrl+p", "command_palette", "Command palette: saves, "
                                  "screens, themes")]),
    ("Title screen", TITLE),
    ("Game", GAME),
    ("Levers", LEVERS),
    ("Ledger", LEDGER),
    ("Rules of actions and levers", RULES),
    ("Historical notes", NOTES),
    ("End of the game", END),
    ("Guided first turn", TOUR),
    ("Briefing", BRIEFING),
    ("Load screen", LOAD),
    ("Help", HELP),
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
