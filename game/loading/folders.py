"""Where content lives: the shipped scenario, the mods folder, and what ``play`` stacks.

Light on purpose (no YAML, no pydantic): the game reads these paths before it
knows whether the content cache can serve them (see :mod:`game.loading.cache`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from game.loading.problems import Problem, Severity

#: The environment variable naming the mods folder.
MODS_ENV = "PARALLEL_TRACKS_MODS"
#: A mod's manifest file.
MANIFEST = "mod.yaml"


def base_content_dir() -> Path:
    """The shipped scenario: inside the installed package, or ``content/base`` in a checkout."""
    # The package's own folder (importlib.resources would give the same for a package
    # installed as files, which the is_dir() below requires anyway).
    installed = Path(__file__).resolve().parents[1] / "_content" / "base"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "content" / "base"


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def link_problem(path: Path, severity: Severity = "error", lead: str = "") -> Problem:
    """The refusal of a link found in a content folder: content never follows one.

    Content is data from strangers: a link, to a file or a folder, would let a mod
    make the game read, and print in its errors, any file of the player's machine.
    Every link is refused, even one that leads back inside, so there is one rule.
    """
    kind = "folder" if path.is_dir() else "file"
    entry = str(Path(display_path(path.parent)) / path.name)  # the link, not where it leads
    return Problem(entry, 0, 0,
                   f"{lead}this is a link to a {kind}: content never follows links",
                   severity, hint=f"copy the {kind} itself here in place of the link")


def read_regular(path: Path) -> str:
    """The UTF-8 text of ``path`` if it is a regular file (OSError if it is not).

    Opened without waiting, so that a FIFO or a device named like a content file
    cannot hang the game; its type is checked on the open file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(f"{path.name} is not a regular file")
        return fh.read().decode("utf-8")


def mods_folder() -> Path:
    """The mods folder: ``$PARALLEL_TRACKS_MODS``, else ``mods`` in the working directory."""
    env = os.environ.get(MODS_ENV)
    return Path(env) if env else Path("mods")


def folder_mods(folder: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """The mods in the mods folder (each sub-folder with a ``mod.yaml``), sorted by name.

    A missing folder is no problem; a sub-folder without a manifest, and an entry that
    is a link (never followed), are skipped with a warning.
    """
    folder = folder if folder is not None else mods_folder()
    if not folder.is_dir():
        return [], []
    found, problems = [], []
    for sub in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if sub.is_symlink():
            problems.append(link_problem(sub, "warning", "not loaded: "))
        elif not sub.is_dir():
            continue
        elif (sub / MANIFEST).is_file():
            found.append(sub)
        elif not any(sub.rglob("*.yaml")) and not any(sub.rglob("*.yml")):
            continue  # no content at all (e.g. the JSON schemas kept beside the mods)
        else:
            problems.append(Problem(display_path(sub), 0, 0,
                                    "not loaded: a mod folder needs a mod.yaml",
                                    severity="warning",
                                    hint="see docs/MODDING.md for what goes in mod.yaml"))
    return found, problems


def stack_dirs(mod_args: Sequence[str | Path] | None = None, use_folder: bool = True,
               base: Path | None = None) -> tuple[list[Path], list[Path], list[Problem]]:
    """What ``play`` loads: the base game, the ``--mod`` folders, then the mods folder.

    Returns (folders in the order given, the ones from the mods folder, warnings about
    the mods folder). Pass both lists to :func:`game.loading.loader.check_content`
    (``optional=`` the second), which orders them by their manifests.
    """
    given = [Path(m) for m in mod_args or ()]
    folder, problems = folder_mods() if use_folder else ([], [])
    given_real = {g.resolve() for g in given}
    folder = [f for f in folder if f.resolve() not in given_real]
    return [base or base_content_dir(), *given, *folder], folder, problems
