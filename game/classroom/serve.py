"""``parallel-tracks serve``: the class server (see :mod:`game.classroom.server`).

Checks everything it can before it listens (the class code against the
content, the port, the public address), prints the address students open and
the teacher's link, and runs until interrupted.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK = ("localhost", "127.0.0.1", "::1")


def _fail(message: str) -> int:
    print(f"parallel-tracks: {message}", file=sys.stderr)
    return 1


def lan_address() -> str | None:
    """This machine's address on its local network, as other machines see it (a UDP
    socket is pointed at a private address to learn the route; nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if addr.startswith("127.") or addr == "0.0.0.0" else str(addr)


def public_url_for(host: str, port: int, given: str | None) -> str:
    """The address browsers use: ``--public-url``, else one made from ``--host`` (for a
    wildcard host, this machine's network address); raises ValueError when unusable."""
    if given:
        parts = urlsplit(given.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"--public-url must look like http://10.0.0.5:{port}, "
                             f"not {given!r}")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError("--public-url is the server's address only (no path), e.g. "
                             f"http://10.0.0.5:{port}")
        return f"{parts.scheme}://{parts.netloc}"
    name = host
    if host in ("0.0.0.0", "::", ""):
        name = lan_address() or socket.gethostname()
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}" + ("" if port == 80 else f":{port}")


def run_serve(args: argparse.Namespace) -> int:
    """Check the options, then serve the class until Ctrl+C; 1 with a message on bad input."""
    try:
        from aiohttp import web

        from game.classroom.server import ClassServer, ClassServerConfig
    except ImportError as exc:  # an install that left out a dependency
        return _fail(f"serving needs aiohttp and textual-serve ({exc}): "
                     "pip install aiohttp textual-serve")
    if not 0 < args.port < 65536:
        return _fail(f"--port must be 1-65535, not {args.port}")
    max_sessions = getattr(args, "max_sessions", 40)
    if not 1 <= max_sessions <= 500:
        return _fail(f"--max-sessions must be 1-500, not {max_sessions}")
    try:
        public = public_url_for(args.host, args.port, getattr(args, "public_url", None))
    except ValueError as exc:
        return _fail(str(exc))
    from game.cli import load_or_exit

    content = load_or_exit(args.mod)
    code = None
    if args.class_code:
        from game.classroom.classcode import ClassCode, ClassCodeError

        try:
            code = ClassCode.parse(args.class_code, content)
        except ClassCodeError as exc:
            return _fail(f"--class: {exc}. Nothing was started.")
    from game.classroom.watch import class_folder_of

    folder = class_folder_of(args.saves_dir, code.text if code else None)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _fail(f"cannot use {folder} for the class's saves: {exc.strerror or exc}")
    config = ClassServerConfig(folder=folder, content=content, public_url=public,
                               class_code=code.text if code else None,
                               mods=[str(Path(m).expanduser().resolve()) for m in args.mod or []],
                               max_sessions=max_sessions)
    server = ClassServer(config)
    if args.host not in LOOPBACK:
        print(f"Listening on {args.host}: anyone on this network can open the join page. "
              "Students' games are private to each of them; the teacher's link below is "
              "the only way into the teacher view.", file=sys.stderr)
    print(f"Parallel Tracks class server: {code.describe() if code else 'no class code'}")
    print(f"  Students open:     {public}/")
    print(f"  Teacher view:      {public}/teacher?token={config.teacher_token}")
    print(f"  Class folder:      {folder}")
    print(f"  Watch in a terminal: parallel-tracks class-watch {folder}")
    print("Ctrl+C stops the server (every game is saved after each move).", flush=True)
    try:
        web.run_app(server.make_app(), host=args.host, port=args.port, print=None,
                    access_log=None, shutdown_timeout=5)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return _fail(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}")
    return 0
