"""A cache of checked content, so that starting a game reads no YAML and needs no pydantic.

Reading the scenario means parsing YAML, importing pydantic, building the
schemas and validating: most of a start's time and memory before the first
card (benchmarks/content_load.py and benchmarks/startup.py show how much).
Once content has loaded without errors, :func:`cached_check` keeps it as JSON
(the runtime objects of :mod:`game.model.runtime`, tagged by class, plus the
warnings, digest and layers) and the next start rebuilds the same
:class:`~game.model.content.Content` from that, compiling the expressions again
(they are closures, never stored).

The key is a SHA-256 over everything the result depends on: the cache format,
the game's version, what is installed of pydantic, pydantic-core and PyYAML
(their versions and files: an upgrade may read or check a file differently,
see :func:`installed`), the game's content code (each ``game/model`` and
``game/loading`` module's size and modification time, for a checkout being
edited), the working directory (problems name files relative to it), the
arguments, and the path and bytes of every YAML file in every content folder.
Any edit or upgrade is a miss; so is a damaged or unreadable cache file, which
is then rewritten. Nothing here can change what loads: a hit gives exactly what
a full load gives (a test checks).

Where: ``$PARALLEL_TRACKS_CACHE`` (a folder; ``off`` turns the cache off), else
the system's cache folder (:func:`game.userdirs.cache_dir`). The newest few
entries are kept; writing is atomic, and a folder that cannot be written just
means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from game.loading.folders import base_content_dir
from game.loading.problems import Problem
from game.loading.results import LoadResult
from game.model.bulk import collector_paused
from game.model.content import BUILTIN_NAMES, Content, Origin
from game.model.expr import compile_expr
from game.model.twins import decode_object, encode
from game.userdirs import cache_dir

#: Bump when the stored layout changes (the code fingerprint covers most changes).
FORMAT = 1
#: How many entries to keep (one per distinct content stack and working folder).
KEEP = 8
#: The libraries that read and check content: (import name, distribution name).
LIBRARIES = (("pydantic", "pydantic"), ("pydantic_core", "pydantic_core"), ("yaml", "pyyaml"))
#: The packages whose code decides what a load gives: the loader's and the runtime's.
_CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "model")


def cached_check(dirs: Sequence[Path] | None = None, layers: Sequence[str] | None = None,
                 optional: Iterable[Path] = ()) -> LoadResult:
    """:func:`game.loading.loader.check_content`, served from the cache when nothing changed.

    A result from the cache has no ``files`` and no ``load_order`` (what ``check``
    analyses); the content, its warnings, digest and layers are the same.
    """
    dirs = list(dirs) if dirs else [base_content_dir()]
    optional = list(optional)
    folder = cache_dir()
    key = content_key(dirs, layers, optional) if folder is not None else None
    if folder is not None and key is not None:
        hit = read_entry(folder, key)
        if hit is not None:
            return hit
    from game.loading.loader import check_content  # YAML and pydantic: only on a miss

    result = check_content(dirs, layers, optional)
    if folder is not None and key is not None and result.content is not None:
        write_entry(folder, key, result)
    return result


def content_key(dirs: Sequence[Path], layers: Sequence[str] | None,
                optional: Sequence[Path]) -> str | None:
    """The cache key of a load (see the module docstring); None if a folder cannot be
    read or a library cannot be found."""
    try:
        h = hashlib.sha256(f"parallel-tracks content cache {FORMAT}\0{installed()}\0".encode())
        # The game's own content code, by name, size and modification time: an edit
        # or a reinstall changes them, and hashing all the source on every start
        # would cost more than the cache saves on a small scenario.
        for code_dir in _CODE_DIRS:
            for src in sorted(code_dir.glob("*.py")):
                st = src.stat()
                h.update(f"{code_dir.name}/{src.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
        h.update(f"{Path.cwd()}\0{list(layers or [])}\0".encode())
        for group, folders in (("dirs", dirs), ("optional", optional)):
            for root in folders:
                h.update(f"{group}\0{root}\0".encode())
                if not root.is_dir():
                    h.update(b"missing\0")
                    continue
                # What the loader reads: every YAML file (content and manifests),
                # and every link, which the loader refuses (never read through).
                for path in sorted(root.rglob("*")):
                    if path.is_symlink():
                        h.update(str(path.relative_to(root)).encode() + b"\0link\0")
                    elif path.suffix in (".yaml", ".yml") and path.is_file():
                        h.update(str(path.relative_to(root)).encode() + b"\0file\0")
                        h.update(path.read_bytes() + b"\0")
    except (OSError, LookupError):
        return None
    return h.hexdigest()


def installed() -> str:
    """The game's version, and what is installed of each of :data:`LIBRARIES`: its
    version (from the name of its ``.dist-info`` folder) and the name, size and
    modification time of every file at the top of its package.

    Found without importing the libraries or :mod:`importlib.metadata`: a start that
    hits the cache needs neither, and importing them would cost it more than reading
    the cache does. Raises LookupError if a library is not installed.
    """
    import game

    parts = [f"game {game.__version__}"]
    for module, dist in LIBRARIES:
        spec = find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise LookupError(f"{module} is not installed")
        package = Path(next(iter(spec.submodule_search_locations)))
        infos = sorted(entry.name for entry in os.scandir(package.parent)
                       if entry.name.endswith(".dist-info")
                       and _normal(entry.name[:-len(".dist-info")].rsplit("-", 1)[0]) == dist)
        files = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                       for e in os.scandir(package) if e.is_file())
        parts.append(f"{dist} {infos} {files}")
    return "; ".join(parts)


def _normal(name: str) -> str:
    """A distribution's name as its ``.dist-info`` folder may spell it, normalised."""
    return name.lower().replace("-", "_").replace(".", "_")


def _entry_path(folder: Path, key: str) -> Path:
    return folder / f"content-{key[:32]}.json"


def read_entry(folder: Path, key: str) -> LoadResult | None:
    """The cached result for ``key``, or None (missing, damaged or for another key)."""
    path = _entry_path(folder, key)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        with collector_paused():
            data = json.loads(text, object_hook=decode_object)
            if data.get("format") != FORMAT or data.get("key") != key:
                return None
            return _result(data)
    except Exception:  # a damaged entry is a miss; the full load rewrites it
        return None


def _result(data: dict[str, Any]) -> LoadResult:
    scenario = data["scenario"]
    flags, counters = frozenset(data["flags"]), frozenset(data["counters"])
    names = ({m.id for m in scenario.meters} | {lv.id for lv in scenario.levers}
             | {t.id for t in scenario.tracks} | flags | counters | set(BUILTIN_NAMES))
    # Every expression compiled without error when the entry was written, against
    # these names or (track formulas) fewer: compiling again gives the same closures.
    exprs = {source: compile_expr(source, names) for source in data["exprs"]}
    content = Content(
        scenario=scenario,
        cards=data["cards"],
        reactions=data["reactions"],
        endings=data["endings"],
        exprs=exprs,
        flags=flags,
        counters=counters,
        digest=data["digest"],
        layers=data["layers"],
        origins={cid: Origin(path, tuple(loc), layer)
                 for cid, (path, loc, layer) in data["origins"].items()},
    )
    problems = [Problem(**p) for p in data["problems"]]
    return LoadResult(content, problems)


def write_entry(folder: Path, key: str, result: LoadResult) -> None:
    """Store ``result`` under ``key`` (atomically); keep only the newest entries."""
    content = result.content
    assert content is not None
    try:
        with collector_paused():  # the data is the content again, object for object
            text = json.dumps(_entry_data(key, result, content), separators=(",", ":"))
    except (ValueError, TypeError):
        return  # nothing the cache can hold: no cache, and the game runs the same
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".content-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, _entry_path(folder, key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        entries = sorted(folder.glob("content-*.json"), key=lambda p: p.stat().st_mtime,
                         reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # no cache this time; the game runs the same without it


def _entry_data(key: str, result: LoadResult, content: Content) -> dict[str, Any]:
    """What an entry holds (see :func:`read_entry`)."""
    return {
        "format": FORMAT,
        "key": key,
        "digest": content.digest,
        "layers": list(content.layers),
        "flags": sorted(content.flags),
        "counters": sorted(content.counters),
        "exprs": list(content.exprs),
        "origins": {cid: [o.path, list(o.loc), o.layer] for cid, o in content.origins.items()},
        "problems": [p.to_dict() for p in result.problems],
        "scenario": encode(content.scenario),
        "cards": encode(content.cards),
        "reactions": encode(content.reactions),
        "endings": encode(content.endings),
    }
