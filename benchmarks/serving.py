"""Start ``parallel-tracks serve`` in a child process, for the class-server benchmark and
the browser test (``tests/test_serve.py``, under ``--full``): one way to do it.

:func:`class_server` starts the server on a free loopback port, reads the teacher's
token from its banner, waits until it accepts connections, and stops it (and any
game process it left behind) when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (Linux ``/proc``; empty elsewhere)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = [int(k) for k in (task / "children").read_text().split()]
                out += kids
                todo += kids
        except (OSError, ValueError):
            continue
    return out


class ServerDidNotStart(RuntimeError):
    """The server gave no teacher's token, or did not listen in time."""


@dataclass(frozen=True)
class Served:
    """A running class server: its process, address and the teacher's token."""

    proc: subprocess.Popen[str]
    port: int
    token: str

    @property
    def base(self) -> str:
        """The address students and the teacher open."""
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def class_server(code: str, folder: Path, *, cwd: Path, env: Mapping[str, str],
                 extra: Sequence[str] = (), timeout: float = 30.0) -> Iterator[Served]:
    """Serve the class ``code`` (saves in ``folder``) until the block ends.

    Raises :class:`ServerDidNotStart` if the banner gives no token or the server does
    not listen within ``timeout`` seconds of it.
    """
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--class", code, "--host", "127.0.0.1",
         "--port", str(port), "--saves-dir", str(folder), *extra],
        cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        token = ""
        assert proc.stdout is not None
        for line in proc.stdout:
            if "token=" in line:
                token = line.split("token=", 1)[1].strip()
            if line.startswith("Ctrl+C"):
                break
        up = time.monotonic() + timeout
        while token and time.monotonic() < up:  # the banner comes just before it listens
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        else:
            raise ServerDidNotStart(f"the class server did not start (exit code {proc.poll()})")
        yield Served(proc, port, token)
    finally:
        games = descendants(proc.pid)  # before it exits: then they are no longer under it
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pid in games:  # any the server did not stop itself
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
