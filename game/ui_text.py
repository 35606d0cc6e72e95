"""The engine's own words: one catalogue of every UI string the front ends show.

Each entry is a stable id (``"key.save"``, ``"line.status"``, ``"end.title"``)
and a ``str.format`` template; code asks for one with :func:`ui`. The Textual
game (keys, screens, help, palette, notices, tour), the line mode (its command
list, prompts and messages) and the rule sentences both share
(:mod:`game.rules_text`) all read from here, so a translator starts from this
one file. Ids are grouped by where they show; an id says what a string is
for, never what it says, so a translation changes only the right-hand sides.

Two kinds of placeholder are filled in:

* the scenario's words, from its ``words:`` section (see
  :func:`game.engine.vocabulary.words`): ``{player}``, ``{counterpart}``,
  ``{lever}``, ``{levers}``, ``{role}``, ``{situation}``, ``{example_meter}``,
  ``{subtitle}`` and ``{unit}`` (the calendar's turn: "day", "week", "month"...),
  and ``{player_cap}`` etc. with a capital first letter;
* values the caller gives by name (``{capital}``, ``{turn}``, ``{reason}``...).

Nothing here names the base game's story (its countries, its sanctions): that
belongs in a scenario's ``words:``. tests/test_ui_text.py holds the rules:
every id the code looks up exists, every entry is looked up (no dead strings),
and no entry names the base game's story. Scenario texts (cards, endings,
briefing, help paragraphs) live in the scenario's own files; dates are written
by :func:`game.model.calendars.date_label`.
"""

from __future__ import annotations

TEXT: dict[str, str] = {
    # keys: the help screen's section headings, then each key's description
    "keys.everywhere": "Everywhere",
    "keys.title": "Title screen",
    "keys.game": "Game",
    "keys.levers": "Levers",
    "keys.ledger": "Ledger",
    "keys.rules": "Rules of actions and levers",
    "keys.notes": "Historical notes",
    "keys.end": "End of the game",
    "keys.tour": "Guided first turn",
    "keys.briefing": "Briefing",
    "keys.load": "Load screen",
    "keys.help": "Help",
    "key.new_game": "New game",
    "key.continue": "Continue",
    "key.load": "Load",
    "key.help": "Help",
    "key.theme": "Theme",
    "key.quit": "Quit",
    "key.answer": "Answer",
    "key.pass": "Pass the turn",
    "key.actions": "Actions",
    "key.rules": "Rules",
    "key.scroll_down": "Scroll the card down",
    "key.scroll_up": "Scroll the card up",
    "key.levers": "Levers",
    "key.ledger": "Ledger",
    "key.notes": "Notes",
    "key.why": "Why?",
    "key.clear_why": "Back to the answers, or to the latest changes",
    "key.save": "Save",
    "key.briefing": "Briefing",
    "key.assumptions": "What the model assumes",
    "key.light_dark": "Light/dark",
    "key.title_screen": "Title screen",
    "key.reload": "Reload content (modding)",
    "key.back": "Back",
    "key.toggle_lever": "Lift / impose",
    "key.whatif": "What if…",
    "key.debrief": "Debrief",
    "key.start": "Start",
    "key.begin": "Begin",
    "key.skip": "Skip",
    "key.intro": "Briefing and guided turn again",
    "key.tour_next": "Next step",
    "key.tour_back": "Step back",
    "key.tour_skip": "Skip the tour",
    "key.quit_always": "Quit (always; the game is saved)",
    "key.theme_long": "Light/dark theme",
    "key.answer_n": "Answer {n}",
    "key.pass.rule": "Pass the turn when no card is up (answering a card ends its turn)",
    "key.rules.rule": (
        "The rules of every standing action and lever: cost, conditions, what "
        "each can move, what each would do now"),
    "key.command_palette": "Command palette: saves, screens, themes",
    # the ledger
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
    "levers.capital": "capital {capital}",
    "levers.books": "Lifting one records a concession worth its value in the ledger.",
    "levers.enter": "Enter lifts or re-imposes the highlighted {lever}.",
    "levers.imposed": "IMPOSED",
    "levers.lifted": "LIFTED",
    "levers.no_watchers": "no one in particular",
    "levers.open": "{verb} for {cost} capital · watched by {watchers}",
    "levers.closed": "{verb}: {reason} · watched by {watchers}",
    "levers.worth": "worth {worth}",
    "levers.none": "This scenario has no levers.",
    "levers.change": "turn {turn}: {state} ({cause})",
    "levers.changes": "Changes: {changes}",
    # line mode: the parts in the scenario's words
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
    # help screen
    "help.how.turn": (
        "Each turn brings an event card. Read it and the advisors' comments, take "
        "standing actions if you wish (they cost political capital, granted each "
        "turn), change a lever if you must, then answer the card with a number "
        "key. Answering ends the turn."),
    "help.how.tracks": (
        "The scenario's tracks are scored at the end (the title of each is on the "
        "end screen). A good ending needs every one of them."),
    "help.how.changes": (
        "Nothing moves unexplained: the panel \"What changed and why\" lists every "
        "change with its cause; press w (or click a meter) for the whole story of "
        "one meter. ▲ and ▼ on a meter show how far it moved since your last "
        "answer. The pending panel shows what will happen later and because of "
        "what, the open concerns with the turns left to settle them, and the "
        "intelligence estimate of the other side's intent."),
    "help.how.rules": (
        "Every rule is on screen. Press a, then the arrow keys: the highlighted "
        "standing action's whole rule (cost, conditions, what it would do now) "
        "shows beside the list; ✗ marks an action closed now, ○ one that would "
        "change nothing now. Press i for every action's and lever's rule. While "
        "an answer is highlighted, ↑ ↓ ↕ on the meters show which it would move "
        "(the direction, not the size; some difficulties hide this). Capital "
        "above its cap is lost. PgDn and PgUp scroll a long card."),
    "help.how.saves": (
        "The game is saved after every move: quitting loses nothing, and "
        "\"Continue\" on the title screen picks up where you stopped. Press s to "
        "keep a named save."),
    "help.how.mouse": (
        "Everything works with the mouse too: click an answer, an action, a meter "
        "or a lever. Ctrl+P opens the command palette (saves, screens, themes). "
        "NO_COLOR is honoured; symbols (▲ ▼ ● ✗, \"locked:\") carry the meaning "
        "colours carry."),
    "help.title": "Help",
    "help.intro_next_game": "The briefing and guided turn will open with your next game.",
    "help.col.key": "Key",
    "help.col.does": "What it does",
    # ledger screen
    "ledger.screen": "Reciprocity ledger and signs of intent",
    "signals.screen": "Signs of intent",
    "ledger.in_balance": "in balance",
    "ledger.given": "Given",
    "ledger.received": "Received",
    "ledger.on_credit": "Given on credit",
    "ledger.given_running": "Given, running total",
    "ledger.received_running": "Received, running total",
    "ledger.empty": "The ledger is empty: nothing given, nothing received yet.",
    "signals.heading": "Signs of intent (+ reads as sincere, - as stalling)",
    "signals.none": "None yet: deliveries, stalls and the tone of statements will be listed here.",
    # command palette
    "palette.dark": "Dark theme",
    "palette.dark.help": "Use the dark theme",
    "palette.light": "Light theme",
    "palette.light.help": "Use the light theme",
    "palette.help": "Help",
    "palette.help.help": "Keys and how to play",
    "palette.load": "Load a game",
    "palette.load.help": "Open a saved game",
    "palette.continue": "Continue",
    "palette.continue.help": "Load the latest autosave",
    "palette.intro": "Briefing again",
    "palette.intro.help": "Show the briefing and guided first turn again",
    "palette.save": "Save game",
    "palette.save.help": "Save this game under a name",
    "palette.levers": "Levers",
    "palette.levers.help": "The levers you can lift or impose",
    "palette.ledger": "Ledger",
    "palette.ledger.help": "Concessions against deliverables",
    "palette.notes": "Historical notes",
    "palette.notes.help": "What really happened",
    "palette.briefing": "Briefing",
    "palette.assumptions": "What the model assumes",
    "palette.assumptions.help": "What the game simplifies, and why",
    "palette.title": "Title screen",
    "palette.title.help": "Back to the title (the game is autosaved)",
    # notifications
    "app.load_cancelled": "Loading the scenario was cancelled.",
    "app.cannot_load_scenario": "The scenario cannot be loaded:",
    "app.check_lists": "'parallel-tracks check' lists every problem.",
    "notify.cannot_load": "Cannot load",
    "notify.no_scenario": "No scenario",
    "notify.loading": "Loading the scenario…",
    "notify.cannot_start": "Cannot start",
    "notify.autosave_failed": "Autosave failed: {problem}",
    "notify.loaded_warning": "Loaded with a warning",
    "notify.loaded": "Loaded {name}.",
    "notify.no_save": "There is no saved game yet: start a new game.",
    # line mode
    "line.help": (
        "Commands (type them at any prompt):\n"
        "  1, 2, 3 ...     answer the card with that choice\n"
        "  a1, a2 ...      take a standing action (costs political capital)\n"
        "{lever_line}"
        "  info a1, info l2  the whole rule of an action or lever: cost, conditions,\n"
        "                  what it can move, what it would do now (info: all of them)\n"
        "  pass            end a quiet {unit} when there is no card\n"
        "  status          the date, meters, capital{status_extra}\n"
        "  card            show the current card again\n"
        "  why NAME        {why_help}\n"
        "  pending         open concerns, and effects and cards still to come\n"
        "{ledger_line}  signals         the intelligence estimate and every sign of intent so far\n"
        "  notes           the historical notes of the cards seen so far\n"
        "  log             this turn's changes and news\n"
        "  briefing        {briefing_help}\n"
        "  assumptions     what the model simplifies, and why\n"
        "  reload          re-read the content files and replay this game onto them\n"
        "  save NAME       save the game under NAME (it is also saved after every move)\n"
        "  help            this list\n"
        "  quit            stop playing"),
    "line.help.status_levers": ", levers",
    "line.help.status_ledger": " and ledger totals",
    "line.help.ledger": "  ledger          concessions given against deliverables received",
    "lever.imposed": "imposed",
    "lever.lifted": "lifted",
    "lever.lift": "lift",
    "lever.reimpose": "re-impose",
    "line.header": (
        "Seed {seed}, difficulty {difficulty}. Type 'briefing' for the situation, "
        "'help' for commands."),
    "line.status": (
        "{date} (turn {turn} of {total}), political capital {capital} of at most "
        "{capital_max}"),
    "line.status.trend": " ({delta} since your last answer)",
    "line.status.meter": "  {label}: {value} of {max}{trend}",
    "line.status.ledger": "  Ledger: given {given}, received {received}",
    "line.status.on_credit": ", {count} given on credit (preemptive)",
    "line.quiet": (
        "A quiet {unit}: no event demands an answer. Take standing actions, then "
        "type 'pass'."),
    "line.event": "EVENT: {title}",
    "line.advisors": "Advisors:",
    "line.choices": "Choices:",
    "line.locked": "locked: {reason}",
    "line.touches": "touches: {what}",
    "line.actions": "Standing actions (political capital {capital}; 'info a1' for a rule):",
    "line.unavailable": "unavailable: {reason}",
    "line.idle": "would change nothing now",
    "line.action": "  a{n}. {label}, cost {cost}{note}",
    "line.levers": "Levers:",
    "line.lever": "  l{n}. {label}: {state}; {verb} for {cost}{note}",
    "line.info_which": "Say which: 'info a1' to 'info a{last}'",
    "line.info_which_levers": ", 'info l1' to 'info l{last}'.",
    "line.changed": "What changed:",
    "line.change": "  {label}: {moved}, because: {cause}",
    "cause.ongoing": "continuing effect of {cause}",
    "cause.scheduled": "delayed effect of {cause}",
    "line.news": "News:",
    "line.why_unknown": "No meter called {name}. Meters: {meters}.",
    "line.why_still": "{label} has not moved yet.",
    "line.why_heading": "Why {label} moved:",
    "line.why_change": "  turn {turn}: {before} -> {after} ({delta}), {cause}",
    "line.pending_none": "Nothing pending, and no open concern.",
    "line.concerns": "Open concerns:",
    "line.pending": "Pending:",
    "line.ledger_empty": "The ledger is empty: nothing given, nothing received.",
    "line.ledger": "Reciprocity ledger:",
    "line.ledger_total": "  Total given {given}, received {received}.",
    "line.signals_none": (
        "No sign of intent yet: deliveries, stalls and the tone of statements "
        "will be listed here."),
    "line.notes_none": "No historical cards seen yet.",
    "line.source": "Source: {source}",
    "line.the_end": "THE END: {title}",
    "line.history": "What really happened:",
    "line.score": "Score: {score} ({tracks}).",
    "line.revealed": "Revealed: {label} was {value}",
    "skill.wait_plain": "Working out the best this seed allowed...",
    "line.input_ended": "Input ended at turn {turn}; the game stops here.",
    "line.stopped": "Stopped at turn {turn}.",
    "line.not_possible": "Not possible: {problem}",
    "briefing.none": "This scenario has no briefing.",
    "assumptions.none": "This scenario states no assumptions.",
    "line.save_unavailable": "Saving is not available in this session.",
    "line.save_which": "Say under which name: 'save my-plan' ...",
    "line.reload_unavailable": "Reloading is not available in this session.",
    "line.no_card": "There is no card to answer; type 'pass' to end the {unit}.",
    "line.choose_range": "Choose a number from 1 to {last}.",
    "line.actions_range": "Actions are a1 to a{last}.",
    "line.levers_range": "Levers are l1 to l{last}.",
    "line.unknown": "Unknown command {command}. Type 'help' for the list.",
    "line.capital_left": "Political capital left: {capital}.",
    "line.help.levers": "  l1, l2 ...      {lever_help}",
    # game screen
    "game.meters": "Meters",
    "game.marks": "▲▼ since your last answer",
    "game.cap_full": "full: more is lost ",
    "notify.not_possible": "Not possible",
    "notify.no_card": "There is no card this {unit}: press p to let it pass.",
    "notify.choose_range": "Choose from 1 to {last}.",
    "notify.locked": "Locked: {reason}",
    "notify.pass_refused": (
        "A card is up: answering it (1-{last}) ends the {unit}. p passes only a "
        "quiet {unit}, with no card."),
    "notify.reload_none": "This game's content was not read from folders: nothing to reload.",
    "notify.reloading": "Reloading the content...",
    "notify.not_reloaded": "Content not reloaded",
    "notify.reloaded": "Content reloaded",
    # end screen
    "end.tone.good": "A GOOD ENDING",
    "end.tone.mixed": "A MIXED ENDING",
    "end.tone.bad": "A BAD ENDING",
    "end.tone.none": "THE END",
    "end.held": "held (pass mark {mark})",
    "end.lost": "lost (pass mark {mark})",
    "end.joint": "Joint score",
    "end.col.meter": "Meter",
    "end.col.yours": "Your game",
    "end.col.history": "History's answers, same seed",
    "end.col.date": "Date",
    "end.col.event": "Event",
    "end.col.you_chose": "You chose",
    "end.col.history_chose": "History chose",
    "end.same": "= history",
    "end.differs": "differs",
    "end.no_moves": "No answer moved the meters.",
    "end.title": "The end · {title}",
    "end.whatif_button": "What if…  (w): go back to a decision",
    "end.history": "What really happened",
    "end.charts": "Every meter over the game",
    "end.charts_legend": "Left: your game. Right: the same seed with the answers history chose.",
    "end.decisions": "Key decisions",
    "end.path": "Your path beside history's",
    "skill.wait": "Working out the best this seed allowed…",
    "skill.failed": "The best this seed allowed could not be worked out ({problem}).",
    "notify.no_decisions": "This game had no decisions to go back to.",
    "notify.cannot_go_back": "Cannot go back",
    "notify.whatif": (
        "What if: back at turn {turn} with the same seed. The finished game is "
        "kept; this branch saves to a new file."),
    "notify.debrief_download": (
        "Your browser is downloading your debrief: {name}. Open it to read or "
        "print it."),
    "notify.debrief_failed": "Could not write the debrief: {problem}",
    "notify.debrief_written": "Debrief: {name} (in {folder})",
    # title screen and new game
    "title.subtitle": "A turn-based strategy game",
    "title.menu.new": "[b]N[/b]ew game",
    "title.menu.continue": "[b]C[/b]ontinue the last game",
    "title.menu.load": "L[b]o[/b]ad a saved game",
    "title.menu.help": "Help and keys  [b]?[/b]",
    "title.menu.quit": "[b]Q[/b]uit",
    "title.mods": " · mods: {mods}",
    "title.status": (
        "{title}\n{subtitle}\n{turns} · {cards} event cards · {lever_count} "
        "{levers}{mods}"),
    "new.title": "New game",
    "new.scenario": "Scenario",
    "new.seed": "Seed (the same seed gives the same events)",
    "new.seed_coded": "Seed: ignored, the class code sets it (and the difficulty)",
    "new.difficulty": "Difficulty",
    "new.name": "Your name (optional, kept in the save)",
    "new.class_code": "Class code (optional, from your teacher, e.g. KOBE-4271)",
    "new.class_code_none": "none",
    "new.seed_error": "The seed is a whole number, e.g. 7.",
    "button.start": "Start",
    "button.back": "Back",
    # saves
    "save.title": "Save the game",
    "save.name": "Name",
    "button.save": "Save",
    "notify.saved": "Saved as {name} in {folder}.",
    "load.title": "Load a game",
    "load.folder": "Saves in {folder}",
    "load.col.name": "Name",
    "load.col.scenario": "Scenario",
    "load.col.date": "Date",
    "load.col.turn": "Turn",
    "load.col.meters": "Meters",
    "load.col.ending": "Ending",
    "load.col.player": "Player",
    "load.col.saved": "Saved",
    "load.unreadable": "Cannot read {folder}: {problem}",
    "load.damaged": "damaged: {problem}",
    "load.none": "No saves in {folder} yet. The game saves itself after every move.",
    "load.cannot": "{name} cannot be loaded: {problem}",
    # classroom stops
    "hold.title": "Paused by your teacher",
    "hold.heading": "Your teacher has paused the class for a discussion.",
    "hold.prompt": "To talk about: {prompt}",
    "hold.keys": "Your game is saved and goes on as soon as your teacher releases the class.",
    "key.back_to_card": "Back to the card",
    "discussion.title": "Discussion stop",
    "discussion.heading": "Before you answer: {card}",
    "discussion.keys": (
        "Talk it over with your class before you choose.\nEnter or Esc: back to "
        "the card"),
    # historical notes
    "notes.history_chose": "History chose:",
    "notes.same": "(the same)",
    "notes.you_chose": "You chose:",
    "notes.source": "Source:",
    "notes.also": "Also:",
    "notes.none": (
        "No historical event has come up yet. The notes of each one appear here "
        "once you have seen it."),
    # quit and small window
    "key.back_to_game": "Back to the game",
    "quit.question": (
        "Quit the game?\n\nYour game is saved: you can continue it later.\n\ny or "
        "Enter: quit    n or Esc: back to the game"),
    "small.enlarge": (
        "Please enlarge the window\nto at least {min_width}×{min_height}\n(it is "
        "{width}×{height} now).\n\nCtrl+Q quits; the game is saved."),
    # rules page
    "rules.title": "Rules of standing actions and levers",
    "rules.actions": "Standing actions",
    "rules.levers": "Levers",
    "rules.concerns": "Open concerns",
    "rules.marks": (
        "In the actions list, ✗ marks an action closed now and ○ one that would "
        "change nothing now. + and - say which way a meter moves; ± either way "
        "(the dice, or what the other side does). Sizes and delays are not shown."),
    # briefing
    "briefing.keys_tour": (
        "Enter: begin, with a guided first turn · Esc: skip the briefing and the "
        "guide (both are on the help screen)"),
    "briefing.keys": "Enter or Esc: back to the game",
    # card and answers
    "card.quiet": (
        "A quiet {unit}. No event demands an answer.\n\nUse your standing actions "
        "or change a lever if you wish, then press p to let the {unit} pass."),
    "card.quiet_title": "A quiet {unit}",
    "card.more_below": "PgDn: more below ▼",
    "card.more_above": "PgUp: back up ▲",
    "answers.pass": "Let the {unit} pass",
    "answers.title": "Your answer",
    "answers.touches": "{title} · {n} touches: {what}",
    "actions.title": "Standing actions · capital {capital}",
    "actions.title_short": "Actions · capital {capital}",
    # panels
    "panel.estimate": "estimate",
    "panel.concern": "concern",
    "panel.pending": "Pending",
    "panel.pending_count": "Pending ({count})",
    "panel.ledger_key": "r: ledger and signs of intent",
    "panel.signs_key": "r: signs of intent",
    "panel.pending_none": (
        "Nothing pending. Delayed effects, follow-up events and the allies' open "
        "concerns will be listed here."),
    "panel.why": "Why {label} moved  (w: next, esc: back)",
    "panel.changes": "What changed and why  (w: why a meter moved)",
    "panel.changes_short": "What changed (w: why)",
    "panel.changes_none": (
        "Nothing has moved yet. Every change will be listed here with its cause."),
    # meters
    "meter.tip": (
        "▲/▼: how far it moved since your last answer.\nClick (or press w) to see "
        "why it moved."),
    # guided first turn
    "tour.track": "{track}: {meters}",
    "tour.meters": "The meters",
    "tour.meters.text": (
        "These are the state of play. {tracks}{others}. {scored} scored at the "
        "end, so neglecting one loses the game. ▲ and ▼ show how far each moved "
        "since your last answer; the small line is its history. While an answer "
        "is highlighted, ↑ ↓ ↕ mark the meters it would move (the direction "
        "only; some difficulties hide it). Click a meter (or press w) to see why "
        "it moved."),
    "tour.meters.others": "; and {meters}",
    "tour.meters.every": "Every track is",
    "tour.meters.both": "Both tracks are",
    "tour.card": "The event of the {unit}",
    "tour.card.text": (
        "Each {unit} brings an event, drawn from what happened at the time. Read "
        "it, and what your advisors say about it."),
    "tour.answer": "Your answer",
    "tour.answer.text": (
        "Answer with a number key (or click). Answering ends the {unit}. A "
        "locked answer stays listed, with what it needs."),
    "tour.actions": "Standing actions",
    "tour.actions.text": (
        "Before answering you can act: consult, brief, talk. Each costs "
        "political capital (● each); you get {capital} a {unit}, and can hold at "
        "most {capital_max}: more is lost. Press a to pick one: its whole rule "
        "shows next to the list (i lists them all). ✗: closed now; ○: would "
        "change nothing now."),
    "tour.levers": "Levers: your {levers}",
    "tour.levers.text": (
        "Your {levers} are levers you can lift or impose again: press l. Each "
        "has a cost and moves meters either way."),
    "tour.ledger": "The reciprocity ledger",
    "tour.ledger.text": (
        "Press r for the ledger: what {player} gave against what {counterpart} "
        "delivered. Others mind most when you give more than you get, or give "
        "first."),
    "tour.scenario": "About this scenario",
    "tour.pending": "Pending effects",
    "tour.pending.text": (
        "Some effects come later or spread over {unit}s. This panel says what "
        "will happen, when, and because of what; and which of the allies' "
        "concerns are open, with the {unit}s left to settle them."),
    "tour.log": "What changed and why",
    "tour.log.text": (
        "Every change is listed here with its cause, so nothing moves "
        "unexplained. That is all: answer the card to end your first {unit}. "
        "Help is on ?."),
    "tour.step": "Guided first turn {n}/{total} · {heading}",
    "tour.keys": "Enter: next · ←: back · Esc: skip the tour",
    # rules of actions, levers, concerns and pending effects
    "rule.once": "once a {unit}",
    "rule.times": "up to {limit} times a {unit}",
    "rule.action": "{label}: costs {cost} political capital, {times}.",
    "rule.closed": "Closed now: {reason}",
    "rule.only_when": "Only when: {conditions}",
    "rule.no_condition": "No condition beyond its cost.",
    "rule.idle": "Now: {idle}",
    "rule.now_nothing": "If taken now: no meter moves; what it does is described below.",
    "rule.now": "If taken now: {what}.",
    "rule.settles": "Settles now: {concerns}.",
    "rule.reach": "Can move: {what}.",
    "rule.lifting": "Lifting",
    "rule.reimposing": "Re-imposing",
    "rule.lever": "{label}: {state} now. {verb} it costs {cost} political capital",
    "rule.lever_worth": "; lifting it books a concession worth {worth} in the ledger.",
    "rule.lift_moves": "Lifting moves: {what}.",
    "rule.impose_moves": "Re-imposing moves: {what}.",
    "concern.last": "this {unit} is the last",
    "concern.left": "{turns} left",
    "concern.settles": "; {action} settles it",
    "pending.next": "next {unit}",
    "pending.in": "in {turns}",
    "pending.ongoing": "{amount} {label} a {unit}, {turns} more",
    "pending.line": "{when}: {what}, because: {cause}",
    "estimate.none": "{band} (no assessment commissioned yet)",
    "estimate.one": "1 assessment",
    "estimate.many": "{count} assessments",
    "estimate.words": "{band} ({sharpness}, from {reports})",
    # what if
    "whatif.turn": "Turn {turn}",
    "whatif.help": (
        "Go back to a turn and choose otherwise: the same seed, your earlier "
        "decisions replayed. This game stays as it is.\nEnter: go back to that "
        "turn · Esc: back"),
}


def ui(key: str, words: dict[str, str] | None = None, /, **extra: object) -> str:
    """The catalogue's string ``key`` with the scenario's words (and ``extra``) filled in.

    ``words`` is the scenario's words (``PlayerView.words``); ``extra`` names the
    other placeholders. A placeholder given neither way stays visible as
    ``{name}`` rather than raising. KeyError for an id not in the catalogue.
    """
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
