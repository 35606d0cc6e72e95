"""``parallel-tracks class-watch``: the teacher's live view of a class, in the terminal.

The same :class:`~game.classroom.watch.ClassState` as the server's teacher page,
read from the class folder every two seconds: who has joined and where they
are, endings so far, the split on the card the class is on. ``h`` holds the
class at the furthest turn anyone has reached (``+``/``-`` move the hold), ``r``
releases it: the hold file in the class folder, which every student's game reads.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from game.classroom.classcode import normalize
from game.classroom.roster import Hold
from game.classroom.watch import ClassState, ClassWatch, class_folder_of, is_class_folder
from game.model.calendars import date_label

if TYPE_CHECKING:
    from game.model.content import Content

REFRESH_SECONDS = 2.0


class ClassWatchApp(App[None]):
    """The class, live: a table of students, endings, the split, and the hold."""

    TITLE = "Parallel Tracks: class watch"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "hold", "Hold at the furthest turn"),
        Binding("plus,equals_sign", "move_hold(1)", "Hold +1", key_display="+"),
        Binding("minus", "move_hold(-1)", "Hold -1", key_display="-"),
        Binding("r", "release", "Release"),
        Binding("q", "quit", "Quit"),
    ]
    DEFAULT_CSS = """
    #side { width: 44; padding: 0 1; }
    #students { width: 1fr; }
    #summary { margin-bottom: 1; }
    """

    def __init__(self, folder: Path, content: Content) -> None:
        """Watch the class in ``folder``."""
        super().__init__()
        self.folder = folder
        self.watch = ClassWatch(folder, content)
        self.state: ClassState | None = None

    def compose(self) -> ComposeResult:
        """Students on the left; summary, endings, split and hold on the right."""
        yield Header()
        with Horizontal():
            yield DataTable(id="students", cursor_type="row", zebra_stripes=True)
            with Vertical(id="side"):
                yield Static(id="summary")
                yield Static(id="endings")
                yield Static(id="split")
        yield Footer()

    def on_mount(self) -> None:
        """Set up the table and start refreshing."""
        table = self.query_one("#students", DataTable)
        table.add_columns("Student", "Turn", "Where", "Score")
        self.sub_title = str(self.folder)
        self.refresh_state()
        self.set_interval(REFRESH_SECONDS, self.refresh_state)

    @work(thread=True, exclusive=True, group="state")
    def refresh_state(self) -> None:
        """Read the class folder (in a thread: a few saves may have changed) and show it."""
        state = self.watch.state()
        self.call_from_thread(self.show, state)

    def show(self, state: ClassState) -> None:
        """Draw ``state``."""
        self.state = state
        table = self.query_one("#students", DataTable)
        table.clear()
        for st in state.students:
            if st.problem:
                where = "save cannot be read"
            elif st.ending:
                where = f"ended: {st.ending}"
            elif st.turn:
                where = f"{date_label(st.date, state.unit)} {st.card or 'a quiet turn'}" + \
                    (" (held)" if st.held else "")
            else:
                where = "joined, not started"
            table.add_row(Text(st.name), str(st.turn or ""), Text(where),
                          "" if st.joint is None else f"{st.joint:.0f}")
        hold = (f"HELD at turn {state.hold.turn} (r releases)" if state.hold
                else "not held (h holds)")
        self.query_one("#summary", Static).update(Text(
            f"{len(state.students)} joined, {state.playing} playing, {state.finished} "
            f"finished\nFurthest turn: {state.lead_turn} of {state.total_turns}\n"
            f"Class: {hold}"))
        endings = "\n".join(f"  {n} × {t}" for t, n in state.endings) or "  none yet"
        self.query_one("#endings", Static).update(Text(f"Endings so far\n{endings}\n"))
        split = state.split
        if split is None:
            text = "Nobody is on a card right now."
        else:
            lines = "\n".join(f"  {n:>3}  {label}" for label, n in split.answers)
            text = (f"The card the class is on (turn {split.turn}):\n{split.title}\n"
                    f"{split.waiting} on it now; answers so far:\n{lines}")
        done = state.answered
        if done is not None:
            lines = "\n".join(f"  {n:>3}  {label}" for label, n in done.answers)
            text += (f"\n\nAnswered by most (turn {done.turn}):\n{done.title}\n{lines}")
        self.query_one("#split", Static).update(Text(text))

    def action_hold(self) -> None:
        """Hold the class at the furthest turn anyone has reached."""
        lead = self.state.lead_turn if self.state else 1
        Hold(max(lead, 1)).write(self.folder)
        self.notify(f"The class is held at turn {max(lead, 1)}.")
        self.refresh_state()

    def action_move_hold(self, step: int) -> None:
        """Move the hold a turn later or earlier."""
        hold = Hold.read(self.folder)
        if hold is None:
            self.notify("The class is not held: h holds it.")
            return
        total = self.state.total_turns if self.state else hold.turn + step
        turn = max(1, min(hold.turn + step, total))
        Hold(turn, hold.note).write(self.folder)
        self.refresh_state()

    def action_release(self) -> None:
        """Release the class."""
        Hold.release(self.folder)
        self.notify("The class is released.")
        self.refresh_state()


def run_class_watch(args: argparse.Namespace, content: Content) -> int:
    """Open the view on the folder given (or the class code's default folder)."""
    if args.folder is None and not args.class_code:
        print("parallel-tracks: class-watch needs the class folder (serve prints it) or "
              "--class CODE", file=sys.stderr)
        return 1
    folder = (Path(args.folder).expanduser().resolve() if args.folder
              else class_folder_of(None, normalize(args.class_code).upper()))
    if not folder.is_dir():
        print(f"parallel-tracks: {folder} is not a folder; give the class folder that "
              "'serve' printed", file=sys.stderr)
        return 1
    if not is_class_folder(folder):
        print(f"parallel-tracks: warning: nobody has joined a class in {folder} yet",
              file=sys.stderr)
    ClassWatchApp(folder, content).run()
    return 0
