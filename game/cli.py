"""The ``parallel-tracks`` command (also ``python -m game``).

Sub-commands import what they need only when they run, so that starting the
game does not pay for the simulator or the report writer (and ``check`` does
not pay for Textual).

Exit codes: 0 success; 1 a problem with the user's input (broken content,
a refused save, a failed verification); 2 a usage error (argparse).
``check`` in particular: 0 no errors (warnings allowed), 1 at least one error
(or, with ``--strict``, at least one warning), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from game.engine import Game
    from game.model.content import Content


def _content_dirs(mods: Sequence[str] | None) -> list[Path]:
    from game.loading.folders import base_content_dir

    return [base_content_dir(), *(Path(m) for m in mods or ())]


def load_or_exit(mods: Sequence[str] | None = None, use_folder: bool = True) -> Content:
    """Load the base content, the ``--mod`` folders and the mods folder, or print every
    error and exit 1."""
    from game.loading.cache import cached_check
    from game.loading.folders import stack_dirs
    from game.loading.problems import format_problems

    dirs, folder, skipped = stack_dirs(mods, use_folder)
    for problem in skipped:  # what the mods folder holds and does not load, and why
        print(f"parallel-tracks: {problem.format()}", file=sys.stderr)
    result = cached_check(dirs, optional=folder)
    if result.content is None:
        print(format_problems(result.problems), file=sys.stderr)
        print(f"\n{len(result.errors)} error(s): the content cannot be loaded. "
              "Fix them and try again ('parallel-tracks check' lists them).", file=sys.stderr)
        sys.exit(1)
    return result.content


def cmd_check(args: argparse.Namespace) -> int:
    """Validate content and mods, then analyse them; state the load order.

    Prints the load order, then ``file:line:col: severity: message (hint)`` lines,
    errors before warnings, then a summary. Exit 0 with no errors, 1 with errors
    (or warnings under ``--strict``).
    """
    from game.loading.analysis import analyse
    from game.loading.folders import base_content_dir, stack_dirs
    from game.loading.loader import check_content
    from game.loading.mods import is_whole_scenario
    from game.loading.problems import format_problems

    folder: list[Path] = []
    extra = []
    if args.dirs:
        dirs = [Path(d) for d in args.dirs]
        if not args.alone and not is_whole_scenario(dirs[0]):
            dirs = [base_content_dir(), *dirs]  # mods are checked layered over the base game
    else:
        dirs, folder, extra = stack_dirs(use_folder=not args.no_mods)
    result = check_content(dirs, optional=folder)
    problems = [*extra, *result.problems]
    if result.content is not None:
        problems += analyse(result)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    stats = result.content.stats() if result.content else {}
    plan = result.load_order
    failed = bool(errors or (args.strict and warnings))
    if args.json:
        print(json.dumps({
            "ok": not failed,
            "errors": [p.to_dict() for p in errors],
            "warnings": [p.to_dict() for p in warnings],
            "stats": stats,
            "load_order": [layer.to_dict() for layer in plan.layers] if plan else [],
            "skipped": [layer.to_dict() for layer in plan.skipped] if plan else [],
            "layers": [str(layer.path) for layer in plan.layers] if plan else [],
        }, indent=2))
    else:
        if plan is not None:
            print("Load order:")
            for line in plan.lines():
                print("  " + line)
        if problems:
            print(format_problems(problems))
        summary = ", ".join(f"{v} {k}" for k, v in stats.items()) if stats else "not loaded"
        print(f"{len(errors)} error(s), {len(warnings)} warning(s); {summary}.")
    return 1 if failed else 0


def _reloader(args: argparse.Namespace) -> Callable[[Game], tuple[Game | None, str]]:
    """The line mode's ``reload``: the same folders ``play`` loaded, read again."""

    def reload(game: Game) -> tuple[Game | None, str]:
        from game.loading.folders import stack_dirs
        from game.reload import reload_from

        dirs, folder, _warnings = stack_dirs(args.mod, not args.no_mods)
        result = reload_from(game, dirs, optional=folder)
        return result.game, result.summary()

    return reload


def cmd_play(args: argparse.Namespace) -> int:
    """Start a game: the Textual UI, or ``--plain`` line mode."""
    if not args.plain:
        from game.tui.app import run_app  # type: ignore[import-not-found,unused-ignore]

        if args.class_code:  # the code fixes seed and difficulty, whatever screen comes next
            from game.classroom.play import ClassroomError, apply_code

            try:
                apply_code(args, load_or_exit(args.mod))
            except ClassroomError as exc:
                print(f"parallel-tracks: {exc}", file=sys.stderr)
                return 1
        return int(run_app(args) or 0)
    from game.engine import Game, IllegalMove
    from game.model.content import first_difficulty
    from game.plain import PlainSession

    content = load_or_exit(args.mod, not args.no_mods)
    classroom = None
    if args.class_code or args.name or args.branch is not None:
        from game.classroom.play import ClassroomError, prepare

        try:
            classroom = prepare(args, content, sys.stdin, sys.stdout)
        except ClassroomError as exc:
            print(f"parallel-tracks: {exc}", file=sys.stderr)
            return 1
    from game.saves import PlainSaves, SaveError, find_save, load_save, saves_dir

    saves = PlainSaves(saves_dir(args.saves_dir))
    loaded = None
    if args.load and classroom is None:  # with --branch the classroom loads it
        try:
            loaded = load_save(find_save(args.load, saves.folder), content)
        except SaveError as exc:
            print(f"parallel-tracks: {exc}", file=sys.stderr)
            return 1
        for warning in loaded.warnings:
            print(f"parallel-tracks: warning: {warning}", file=sys.stderr)
        saves.meta = loaded.meta
    seed = args.seed if args.seed is not None else 1
    try:
        game = (classroom.game if classroom and classroom.game
                else loaded.game if loaded else Game.new(content, seed, args.difficulty
                                                          or first_difficulty(content)))
    except IllegalMove as exc:
        print(f"parallel-tracks: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # content that check let through: named, no traceback
        from game.engine.faults import content_fault
        from game.model.safetext import strip_controls

        print(strip_controls(str(content_fault(content, exc))), file=sys.stderr)
        return 1
    from game.model.calendars import date_label
    from game.model.safetext import strip_controls

    if classroom and classroom.note:
        print(strip_controls(classroom.note))
    if loaded:
        print(strip_controls(f"Loaded {Path(args.load).name}: turn {game.turn} of "
                             f"{game.total_turns}, "
                             f"{date_label(game.date, game.content.scenario.calendar.unit)}."))
    if classroom is None:
        saves.on_turn(game)  # on disk from the first move on
    session = PlainSession(game, sys.stdin, sys.stdout,
                           on_turn=classroom.on_turn if classroom else saves.on_turn,
                           on_card=classroom.on_card if classroom else None,
                           on_save=saves.on_save,
                           on_reload=None if classroom else _reloader(args))
    try:
        code = session.run()
    except KeyboardInterrupt:
        print("\nInterrupted; the game stops here.")
        code = 0
    except OSError:
        raise
    except Exception as exc:  # content that check let through: named, no traceback
        from game.engine.faults import game_fault

        sys.stdout.flush()
        from game.model.safetext import strip_controls

        print(strip_controls(str(game_fault(session.game, exc))), file=sys.stderr)
        code = 1
    if classroom and classroom.saved_to:
        print(f"Your game is saved in {classroom.saved_to}: hand this file to your teacher.")
    return code


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a save from its seed and decisions; exit 1 unless the replay matches it."""
    from game.saves import SaveError, find_save, replay_account, saves_dir, verify_save

    content = load_or_exit(args.mod, not args.no_mods)
    try:
        path = find_save(args.save, saves_dir(args.saves_dir))
        result = verify_save(path, content)
    except SaveError as exc:
        print(f"parallel-tracks: {exc}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.verify:
        for line in replay_account(result):
            print(line)
    if result.ok:
        print(f"OK: replaying {len(result.decisions)} decisions from seed "
              f"{result.game.seed if result.game else '?'} gives the saved game exactly "
              f"(digest {result.saved_digest}).")
        return 0
    print(f"MISMATCH in {path.name}: {result.difference}")
    if not getattr(args, "mod", None):
        print("If the game was played with a mod, load it too: add --mod DIR for each.")
    return 1


def cmd_class_code(args: argparse.Namespace) -> int:
    """Make a class code (or explain one) for the content loaded."""
    from game.classroom.command import run_class_code

    return run_class_code(args, load_or_exit(args.mod))


def cmd_report(args: argparse.Namespace) -> int:
    """The debrief of one saved game (or two, side by side)."""
    from game.report.command import run_report

    return run_report(args, load_or_exit(args.mod))


def cmd_class_report(args: argparse.Namespace) -> int:
    """One class's saved games side by side."""
    from game.report.command import run_class_report

    return run_class_report(args, load_or_exit(args.mod))


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the game to browsers on this machine, one game process per tab."""
    from game.classroom.serve import run_serve

    return run_serve(args)


def cmd_class_watch(args: argparse.Namespace) -> int:
    """The teacher's live view of a class folder, in the terminal."""
    from game.classroom.watchapp import run_class_watch

    return run_class_watch(args, load_or_exit(args.mod))


def cmd_schema(args: argparse.Namespace) -> int:
    """Write one JSON Schema per content kind, for editors' completion and checking."""
    from game.loading.jsonschema import default_schema_dir, write_schemas

    out = Path(args.out) if args.out else default_schema_dir()
    changed = write_schemas(out, dry_run=args.check)
    if args.check:
        for name in changed:
            print(f"{out / name}: out of date (run 'parallel-tracks schema --out {out}')")
        return 1 if changed else 0
    for name in changed:
        print(f"wrote {out / name}")
    if not changed:
        print(f"{out}: up to date")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play seeded headless games under a policy and report what they add up to."""
    from game.sim.command import run_simulate

    return run_simulate(args, _content_dirs(args.mod))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    p = argparse.ArgumentParser(
        prog="parallel-tracks",
        description=("A turn-based strategy game of parallel tracks; the base scenario: Japan, "
                     "Pyongyang and the allies, 2014-2016 (a mod may bring another)."),
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="start a game directly")
    play.add_argument("--seed", type=int, help="the game's seed (default 1)")
    play.add_argument("--difficulty", default=None,
                      help="difficulty id (default: the scenario's first)")
    play.add_argument("--mod", action="append", metavar="DIR", help="load a mod (repeatable)")
    play.add_argument("--no-mods", action="store_true",
                      help="do not load the mods folder (mods/ or $PARALLEL_TRACKS_MODS)")
    play.add_argument("--plain", action="store_true",
                      help="line mode on stdin/stdout, for screen readers and scripts")
    play.add_argument("--class", dest="class_code", metavar="CODE",
                      help="play the game your teacher's class code fixes (e.g. KOBE-4271)")
    play.add_argument("--name", metavar="NAME", help="your name, kept in your save for the teacher")
    play.add_argument("--branch", type=int, metavar="TURN",
                      help="with --load: go back to this turn of the saved game (what if)")
    play.add_argument("--load", metavar="SAVE",
                      help="continue a saved game (a file, or its name in the saves folder)")
    play.add_argument("--title", dest="title_screen", action="store_true",
                      help="open the title screen instead of a game (with --class: the "
                      "new-game form, the code filled in); serve uses it")
    play.add_argument("--saves-dir", metavar="DIR",
                      help="where saves go (default $PARALLEL_TRACKS_SAVES, else ./saves)")
    play.add_argument("--hold-file", metavar="FILE",
                      help="wait while the teacher holds the class in this file (the class "
                           "server sets it)")
    play.set_defaults(func=cmd_play)

    replay = sub.add_parser("replay", help="replay a save from its seed and decisions")
    replay.add_argument("save", metavar="SAVE",
                        help="a save file (or its name in the saves folder)")
    replay.add_argument("--verify", action="store_true",
                        help="only check (no turn-by-turn account): exit 0 if the replay "
                             "matches the save, 1 if not")
    replay.add_argument("--saves-dir", metavar="DIR", help="where save names are looked up")
    replay.add_argument("--mod", action="append", metavar="DIR", help="load a mod (repeatable)")
    replay.add_argument("--no-mods", action="store_true",
                        help="do not load the mods folder (mods/ or $PARALLEL_TRACKS_MODS)")
    replay.set_defaults(func=cmd_replay)

    code = sub.add_parser("class-code", help="make a class code for a lesson, or explain one")
    code.add_argument("--seed", type=int, help="the seed to fix (default: a random one)")
    code.add_argument("--difficulty", default=None,
                      help="difficulty id (default: the scenario's first)")
    code.add_argument("--stops", action="store_true",
                      help="pause at cards with a discussion prompt")
    code.add_argument("--lesson", metavar="ID",
                      help="the scenario's lesson variant (a fixed card per turn for the "
                           "whole class), e.g. 'period'")
    code.add_argument("--explain", metavar="CODE", help="say what an existing code fixes")
    code.add_argument("--mod", action="append", metavar="DIR", help="load a mod (repeatable)")
    code.set_defaults(func=cmd_class_code)

    report = sub.add_parser("report", help="the debrief of one saved game")
    report.add_argument("save", metavar="SAVE",
                        help="a save file (or its name in the saves folder)")
    report.add_argument("--format", choices=("md", "html"),
                        help="md (default; text charts) or html (one printable file)")
    report.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    report.add_argument("--compare", metavar="OTHER", help="set another save beside it (what if)")
    report.add_argument("--summary", action="store_true",
                        help="a one-page summary to print (HTML), instead of the full debrief")
    report.add_argument("--saves-dir", metavar="DIR", help="where save names are looked up")
    report.add_argument("--mod", action="append", metavar="DIR", help="load a mod (repeatable)")
    report.set_defaults(func=cmd_report)

    creport = sub.add_parser("class-report", help="a class's saved games side by side")
    creport.add_argument("saves", nargs="+", metavar="SAVE",
                         help="save files, or folders of them")
    creport.add_argument("--format", choices=("md", "html", "csv"),
                         help="md (default), html (one printable file) or csv")
    creport.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    creport.add_argument("--class", dest="class_code", metavar="CODE",
                         help="count only this class code (others are listed apart)")
    creport.add_argument("--mod", action="append", metavar="DIR", help="load a mod (repeatable)")
    creport.set_defaults(func=cmd_class_report)

    serve = sub.add_parser(
        "serve", help="the class server: each student's private game in a browser tab",
        description="Serve a lesson to browser tabs: students join with their name on the "
                    "page, each plays a private game saved in the class folder, and the "
                    "teacher watches the class at the link printed at start.")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--host", default="localhost",
                       help="address to listen on (default localhost: this machine only; "
                            "0.0.0.0: the room's network)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address students' browsers use, e.g. http://10.0.0.5:8000 "
                            "(default: made from --host)")
    serve.add_argument("--class", dest="class_code", metavar="CODE",
                       help="the lesson's class code: every student plays its game")
    serve.add_argument("--saves-dir", metavar="DIR",
                       help="the class folder (default saves/class-CODE)")
    serve.add_argument("--max-sessions", type=int, default=40, metavar="N",
                       help="at most N games open at once (default 40)")
    serve.add_argument("--mod", action="append", metavar="DIR", help="load a mod (repeatable)")
    serve.set_defaults(func=cmd_serve)

    watch = sub.add_parser("class-watch",
                           help="the teacher's live view of a class served by 'serve'")
    watch.add_argument("folder", nargs="?", metavar="DIR",
                       help="the class folder (default saves/class-CODE with --class)")
    watch.add_argument("--class", dest="class_code", metavar="CODE",
                       help="the class code (finds its default folder)")
    watch.add_argument("--mod", action="append", metavar="DIR", help="load a mod (repeatable)")
    watch.set_defaults(func=cmd_class_watch)

    check = sub.add_parser(
        "check", help="validate and analyse content and mods; state the load order",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Without DIR: the base game and the mods folder, as 'play' loads them.\n"
               "exit status: 0 no errors (warnings allowed), 1 errors (or warnings with\n"
               "--strict), 2 bad arguments")
    check.add_argument("dirs", nargs="*", metavar="DIR",
                       help="content folders; a mod is checked layered over the base game, "
                            "a folder with a whole scenario.yaml on its own")
    check.add_argument("--alone", action="store_true",
                       help="check the folders without the base game under them")
    check.add_argument("--no-mods", action="store_true",
                       help="without DIR: leave out the mods folder")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=cmd_check)

    schema = sub.add_parser("schema", help="write a JSON Schema per content file kind")
    schema.add_argument("--out", metavar="DIR",
                        help="folder to write to (default: print the file names and "
                             "write to content/schema in a checkout)")
    schema.add_argument("--check", action="store_true",
                        help="exit 1 if the files in DIR differ from what would be written")
    schema.set_defaults(func=cmd_schema)

    sim = sub.add_parser(
        "simulate", help="play seeded headless games: endings, card coverage, meter spreads",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="policies:\n  random      uniform over available moves and choices\n"
               "  historical  the choices history took; the moderate one elsewhere\n"
               "  concede     the most conceding choice; lifts levers\n"
               "  hardline    the least conceding choice; imposes levers again\n"
               "  greedy:M    the move that raises visible meter/track M (or 'score') most\n"
               "  lookahead   reads the visible state, looks one turn ahead\n"
               "  FILE.yaml   a policy file (see docs/BALANCE.md)\n"
               "exit status: 0 all games finished, 1 bad input or a game failed")
    sim.add_argument("--games", type=int, default=1000, metavar="N",
                     help="how many games (default 1000)")
    sim.add_argument("--policy", default="random", metavar="P", help="who plays (default random)")
    sim.add_argument("--seed", type=int, default=1, metavar="S",
                     help="the run's seed; game i's seed derives from S and i (default 1)")
    sim.add_argument("--jobs", type=int, default=0, metavar="J",
                     help="worker processes (default: one per core)")
    sim.add_argument("--difficulty", default=None,
                      help="difficulty id (default: the scenario's first)")
    sim.add_argument("--save-dir", metavar="DIR", help="write every game as a save file here")
    sim.add_argument("--mod", action="append", metavar="DIR",
                     help="load a mod (repeatable; the mods folder is never loaded here)")
    sim.add_argument("--json", action="store_true", help="machine-readable output")
    sim.add_argument("--cards", type=int, default=None, metavar="K",
                     help="list only the K least-drawn cards in the text report")
    sim.set_defaults(func=cmd_simulate)
    return p


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, parsed (a bare ``parallel-tracks`` is ``play`` on the title)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *(argv or [])])
        args.title_screen = True  # bare `parallel-tracks` opens the title screen, not a game
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the console script and ``python -m game``."""
    # Parsed in a function of its own, so that the parser (~0.2 MB of objects) is not
    # kept on this frame for as long as the command runs: a game runs for hours.
    args = parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
