"""Crash test: a process writing saves is killed (SIGKILL) at random moments.

After each kill the save on disk must load, and be either the last state the
writer reported as saved or the one it was writing when it died: never a
damaged file, never an older state. Its backup, when present, must load too and
be the state before. 30 kills by default; ``--full`` runs 300 and prints figures.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_saves_support import random_move

from game.engine import Game
from game.saves import SaveError, list_saves, load_save, write_save

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def states(content, seed: int) -> Iterator[Game]:
    """An endless, deterministic stream of game states: random games, one after another."""
    n = 0
    while True:
        game = Game.new(content, seed + n)
        rng = random.Random(seed * 31 + n)
        yield game
        while not game.over:
            game.apply(random_move(game, rng))
            yield game
        n += 1


def digests(content, seed: int, count: int) -> list[str]:
    """The digests of the first ``count`` states of :func:`states`."""
    out = []
    for game in states(content, seed):
        out.append(game.digest())
        if len(out) == count:
            return out
    return out


def _writer(content, seed: int, path: Path, report: int) -> None:
    """The child: save every state to ``path``, reporting each finished save on a pipe."""
    for i, game in enumerate(states(content, seed)):
        write_save(game, path)
        os.write(report, b"%d\n" % i)


def _last_reported(fd: int) -> int:
    data = b""
    while select.select([fd], [], [], 0)[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    lines = data.split()
    return int(lines[-1]) if lines else -1


def kill_once(content, folder: Path, seed: int, delay: float) -> tuple[str, int, bool]:
    """Start a writer, SIGKILL it after ``delay`` seconds, check what it left on disk."""
    path = folder / "game.json"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 0
        try:
            os.close(read)
            _writer(content, seed, path, write)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, \
        f"seed {seed}: the writer stopped by itself (status {status})"
    done = _last_reported(read)
    os.close(read)
    left_temp = any(p.name.endswith(".tmp") for p in folder.iterdir())
    where = f"seed {seed}, killed after {delay * 1000:.1f} ms, {done + 1} saves reported"
    if done < 0 and not path.exists():
        return "killed before its first save", done, left_temp
    expected = digests(content, seed, done + 2)
    try:
        loaded = load_save(path, content).game.digest()
    except SaveError as exc:
        pytest.fail(f"{where}: the latest save does not load: {exc}")
    assert loaded in expected[max(done, 0):done + 2], f"{where}: the save is an older state"
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        try:
            older = load_save(backup, content).game.digest()
        except SaveError as exc:
            pytest.fail(f"{where}: the backup does not load: {exc}")
        assert older in expected[max(done - 1, 0):done + 1], f"{where}: backup out of order"
    infos = list_saves(folder)
    assert [i.damaged for i in infos] == [None], f"{where}: {infos}"
    kind = "in-flight save landed" if loaded == expected[done + 1] else "last reported save"
    return kind, done, left_temp


def run_kills(content, tmp_path: Path, kills: int) -> Counter:
    tally: Counter = Counter()
    rng = random.Random(2014)
    for k in range(kills):
        folder = tmp_path / f"k{k}"
        folder.mkdir(parents=True)
        kind, done, left_temp = kill_once(content, folder, seed=k * 101 + 7,
                                          delay=0.002 + rng.random() * 0.08)
        tally[kind] += 1
        tally["saves completed before the kill"] += max(done + 1, 0)
        tally["kills that left a temporary file (died mid-write)"] += left_temp
    return tally


def _report(tally: Counter, kills: int) -> None:
    print(f"\n{kills} SIGKILLs of a process writing saves; after every one the latest save "
          "loaded (and its backup, when there was one):", file=sys.stderr)
    for kind, count in tally.items():
        print(f"  {count:6d}  {kind}", file=sys.stderr)


def test_a_killed_writer_never_leaves_a_damaged_save(mini_content, tmp_path):
    tally = run_kills(mini_content, tmp_path, 30)
    _report(tally, 30)


@pytest.mark.full
def test_a_killed_writer_never_leaves_a_damaged_save_full(mini_content, base_content,
                                                          tmp_path):
    tally = run_kills(mini_content, tmp_path / "mini", 250)
    tally_base = run_kills(base_content, tmp_path / "base", 50)
    _report(tally + tally_base, 300)
