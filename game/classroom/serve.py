"""``parallel-tracks serve``: the game in browser tabs through textual-serve.

textual-serve starts one game process per browser tab and relays the
terminal to the page; it has no login of its own, so we listen on localhost
unless told otherwise, and say so when told otherwise. Saves land on this
machine's disk (``--saves-dir``); the end screen offers the debrief as a
download through Textual's ``App.deliver_text``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path


def game_command(args: argparse.Namespace) -> str:
    """The command each tab runs: this Python, this game, with the classroom options.

    Each tab opens on the title screen (with a class code, on the new-game form
    with the code filled in), where the student types a name (and a class code),
    never straight into a game with a fixed seed.
    """
    parts = [sys.executable, "-m", "game", "play", "--title"]
    if getattr(args, "class_code", None):
        parts += ["--class", args.class_code]
    for mod in getattr(args, "mod", None) or ():
        parts += ["--mod", mod]
    return shlex.join(parts)


def run_serve(args: argparse.Namespace) -> int:
    """Run the server until interrupted; exit 1 with a hint if textual-serve is missing."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print("parallel-tracks: serving needs textual-serve: pip install "
              "'parallel-tracks[serve]' (or pip install textual-serve)", file=sys.stderr)
        return 1
    if not 0 < args.port < 65536:
        print(f"parallel-tracks: --port must be 1-65535, not {args.port}", file=sys.stderr)
        return 1
    if args.host not in ("localhost", "127.0.0.1", "::1"):
        print(f"Listening on {args.host}: anyone who can reach this machine can open the game "
              "(textual-serve has no login).", file=sys.stderr)
    if args.saves_dir:  # every tab's process inherits it (see game.saves.saves_dir)
        os.environ["PARALLEL_TRACKS_SAVES"] = str(Path(args.saves_dir).expanduser().resolve())
    command = game_command(args)
    server = Server(command, host=args.host, port=args.port,
                    title="Parallel Tracks", public_url=None)
    print(f"Serving Parallel Tracks at http://{args.host}:{args.port}/ "
          "(one game per browser tab; Ctrl+C stops).", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"parallel-tracks: cannot serve on {args.host}:{args.port}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
