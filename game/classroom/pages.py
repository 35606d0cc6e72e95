"""The class server's HTML pages: join, welcome, the game's terminal, the teacher view.

Plain HTML with every value escaped; nothing is loaded from outside the
server (the terminal's font is textual-serve's own Roboto Mono, served from
``/static/fonts``).
"""

from __future__ import annotations

from html import escape

from game.classroom.watch import ClassState
from game.model.calendars import date_label

_STYLE = """
body { font-family: system-ui, sans-serif; background: #0c181f; color: #eef;
       margin: 0; padding: 2em; }
main { max-width: 44em; margin: 0 auto; background: #12232d; padding: 1.5em 2em;
       border-radius: 6px; }
h1 { margin-top: 0; font-size: 1.6em; }
label { display: block; margin-top: 1em; }
input { font-size: 1.2em; padding: .3em; width: 100%; box-sizing: border-box; }
button, .button { font-size: 1.1em; padding: .5em 1.2em; margin-top: 1em; background: #5e0ba7;
         color: #fff; border: none; border-radius: 4px; cursor: pointer;
         text-decoration: none; display: inline-block; }
.error { background: #7a1f1f; padding: .6em 1em; border-radius: 4px; }
.code { font-family: monospace; font-size: 2.4em; letter-spacing: .15em; background: #fff;
        color: #000; padding: .2em .5em; display: inline-block; border-radius: 4px; }
.hint { color: #bcc; font-size: .95em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid #345; }
.bar { background: #5e0ba7; height: .8em; display: inline-block; }
a { color: #9cf; }
"""


def _page(title: str, body: str, refresh: int | None = None) -> str:
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{meta}'
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>")


def join_page(class_label: str, error: str = "", name: str = "",
              signed_in: str | None = None) -> str:
    """The form a student fills in to join (or to come back to their game)."""
    parts = [f"<h1>Parallel Tracks: {escape(class_label)}</h1>"]
    if signed_in:
        parts.append(f"<p>You are signed in as <b>{escape(signed_in)}</b>.</p>"
                     '<p><a class="button" href="/play">Go to my game</a></p>'
                     "<p class='hint'>Not you? Join with your own name below.</p>")
    if error:
        parts.append(f'<p class="error" role="alert">{escape(error)}</p>')
    parts.append(
        '<form method="post" action="/join">'
        f'<label>Your name<input name="name" value="{escape(name)}" maxlength="60" '
        'autocomplete="off" required autofocus></label>'
        '<label>Your personal code <span class="hint">(only if you joined before: it '
        'brings back your own game)</span>'
        '<input name="code" maxlength="12" autocomplete="off"></label>'
        '<button type="submit">Join</button></form>'
        "<p class='hint'>Each student has a private game: nobody else can open, list or "
        "change it. Your teacher sees how far you are and collects the class report.</p>")
    return _page("Join the class", "".join(parts))


def welcome_page(name: str, code: str) -> str:
    """Shown once, right after joining: the personal code to write down."""
    return _page("Welcome", (
        f"<h1>Welcome, {escape(name)}</h1>"
        "<p>Your personal code is:</p>"
        f'<p class="code">{escape(code)}</p>'
        "<p><b>Write it down.</b> If you close this tab or change computers, join again "
        "with the same name and this code to go back to your own game.</p>"
        '<p><a class="button" href="/play">Start my game</a></p>'))


def message_page(title: str, text: str, status_hint: str = "") -> str:
    """A short page that says one thing (refused, not found, the teacher's page only)."""
    hint = f"<p class='hint'>{escape(status_hint)}</p>" if status_hint else ""
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>{hint}"
                 '<p><a href="/">Back to the join page</a></p>')


def game_page(name: str, websocket_url: str, static_url: str) -> str:
    """The page of a student's game: textual-serve's terminal (xterm.js) and its websocket."""
    s = escape(static_url)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Parallel Tracks: {escape(name)}</title>
<link rel="stylesheet" href="{s}css/xterm.css">
<style>
@font-face {{ font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
  src: url("{s}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
@font-face {{ font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
  src: url("{s}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
html, body {{ margin: 0; height: 100%; background: #0c181f; color: #eef;
  font-family: "Roboto Mono", monospace; }}
#terminal {{ position: absolute; inset: 0; }}
.dialog {{ position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; z-index: 10; background: #0c181f; }}
.dialog div {{ background: #12232d; padding: 2em 3em; text-align: center; }}
body.-first-byte .intro {{ display: none; }}
.closed {{ display: none; }}
body.-closed .closed {{ display: flex; }}
.textual-terminal {{ opacity: 0; }}
body.-first-byte .textual-terminal {{ opacity: 1; }}
a.button {{ display: inline-block; margin-top: 1em; padding: .6em 1.4em; background: #5e0ba7;
  color: #fff; text-decoration: none; }}
</style>
<script src="{s}js/textual.js"></script>
</head><body>
<div class="dialog intro"><div>Parallel Tracks<br>Starting your game, {escape(name)}…</div></div>
<div class="dialog closed"><div>Your game is closed (it is saved).<br>
<a class="button" href="/play">Open it again</a></div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{escape(websocket_url)}"
 data-font-size="16"></div>
</body></html>"""


def teacher_page(label: str, state: ClassState, joined: int, live: int,
                 max_sessions: int) -> str:
    """The teacher's live view: who is where, endings, the split, hold and the report."""
    rows = []
    for st in state.students:
        where = (f"ended: {escape(st.ending)}" if st.ending else
                 f"turn {st.turn} ({escape(date_label(st.date, state.unit))}): "
                 f"{escape(st.card) or 'a quiet turn'}"
                 if st.turn else "not started")
        if st.problem:
            where = f"save cannot be read: {escape(st.problem[:120])}"
        flag = " (waiting: held)" if st.held else ""
        joint = "" if st.joint is None else f"{st.joint:.0f}"
        rows.append(f"<tr><td>{escape(st.name)}</td><td>{where}{flag}</td><td>{joint}</td></tr>")
    students = ("<table><tr><th>Student</th><th>Where</th><th>Joint score</th></tr>"
                + "".join(rows) + "</table>") if rows else "<p>Nobody has joined yet.</p>"
    endings = "".join(f"<tr><td>{escape(t)}</td><td>{n}</td></tr>" for t, n in state.endings)
    endings_html = (f"<table><tr><th>Ending</th><th>Games</th></tr>{endings}</table>"
                    if endings else "<p>No game has ended yet.</p>")
    split = state.split
    if split is None:
        split_html = "<p>Nobody is on a card right now.</p>"
    else:
        total = sum(n for _l, n in split.answers) or 1
        lines = "".join(
            f"<tr><td>{escape(lbl)}</td><td>{n}</td><td><span class='bar' "
            f"style='width:{round(200 * n / total)}px'></span></td></tr>"
            for lbl, n in split.answers)
        split_html = (f"<p><b>{escape(split.title)}</b> (turn {split.turn}): "
                      f"{split.waiting} on it now; answers so far:</p>"
                      f"<table>{lines}</table>")
    done = state.answered
    if done is not None:
        total = sum(n for _l, n in done.answers) or 1
        split_html += (f"<p>The card most of the class has answered: <b>{escape(done.title)}"
                       f"</b> (turn {done.turn}):</p><table>" + "".join(
                           f"<tr><td>{escape(lbl)}</td><td>{n}</td><td><span class='bar' "
                           f"style='width:{round(200 * n / total)}px'></span></td></tr>"
                           for lbl, n in done.answers) + "</table>")
    if state.hold is not None:
        hold_html = (f"<p><b>The class is held at turn {state.hold.turn}.</b> Students who "
                     "reach it wait there.</p><form method='post' action='/teacher/release'>"
                     "<button type='submit'>Release the class</button></form>")
    else:
        default = max(state.lead_turn, 1)
        hold_html = ("<form method='post' action='/teacher/hold'><label>Hold the class at turn "
                     f"<input name='turn' type='number' min='1' max='{state.total_turns}' "
                     f"value='{default}' style='width:5em'></label>"
                     "<button type='submit'>Hold</button></form><p class='hint'>Students at "
                     "that turn or later wait with a notice; those behind play on until they "
                     "reach it. The turn shown is the furthest anyone has got.</p>")
    body = (f"<h1>Teacher view: {escape(label)}</h1>"
            f"<p>{joined} joined, {live} game tabs open (at most {max_sessions}), "
            f"{state.playing} playing, {state.finished} finished.</p>"
            f"<h2>Students</h2>{students}<h2>Endings so far</h2>{endings_html}"
            f"<h2>The card the class is on</h2>{split_html}<h2>Discussion</h2>{hold_html}"
            "<h2>Class report</h2><p><a class='button' href='/teacher/report.html'>HTML</a> "
            "<a class='button' href='/teacher/report.csv'>CSV</a> "
            "<a class='button' href='/teacher/report.md'>Markdown</a></p>"
            "<p class='hint'>This page refreshes every 5 seconds.</p>")
    return _page(f"Teacher view: {label}", body, refresh=5)
