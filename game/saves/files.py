"""Save files on disk: where they go, safe names, atomic writes, autosaves, listings.

A write never leaves a half-written save in place of a good one: the bytes go to
a temporary file in the same folder, which is flushed and fsynced, the previous
save is kept as ``NAME.json.bak`` (a hard link, or a copy where links are not
supported), ``os.replace`` swaps the new file in, and the folder is fsynced so
the rename itself survives a power cut. A process killed mid-write leaves at most
a hidden ``.NAME.json.*.tmp`` file, which listings ignore.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import unicodedata
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from game.engine import Game
from game.model.safetext import describe_char, invisible
from game.saves.document import MAX_BYTES, Decoded, decode, encode, now_iso
from game.saves.errors import SaveError, short
from game.saves.records import SaveInfo, SaveMeta

ENV_VAR = "PARALLEL_TRACKS_SAVES"
SUFFIX = ".json"
BACKUP_SUFFIX = ".bak"
MAX_NAME = 100
# Names Windows refuses for a file whatever its extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_FORBIDDEN = set('/\\:*?"<>|')


def saves_dir(cli_value: str | None = None) -> Path:
    """The saves folder: ``--saves-dir``, else ``$PARALLEL_TRACKS_SAVES``, else ``./saves``."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path.cwd() / "saves"


def safe_save_path(folder: Path, name: str) -> Path:
    """``folder/name.json`` for a name the player typed; SaveError if it could escape or clash.

    Refused: empty names, path separators, ``..``, absolute paths, NUL and other
    control characters, invisible and bidirectional characters (U+200B, U+202E,
    U+FEFF, U+2029...), characters Windows forbids, names starting with a dot,
    Windows device names (``con``, ``nul``, ``com1`` ...), trailing dots or
    spaces, and names over 100 characters. ``.json`` is added when missing.
    """
    if not isinstance(name, str):
        raise SaveError("a save name must be text")
    clean = unicodedata.normalize("NFC", name.strip())
    if not clean:
        raise SaveError("a save needs a name")
    why = ""
    if len(clean) > MAX_NAME:
        why = f"it is longer than {MAX_NAME} characters"
    elif any(ord(c) < 32 or ord(c) == 127 for c in clean):
        why = "it contains a control character"
    elif invisible(clean) >= 0:
        why = (f"it contains the invisible character "
               f"{describe_char(clean[invisible(clean)])}")
    elif any(c in _FORBIDDEN for c in clean):
        why = "it contains one of / \\ : * ? \" < > |"
    elif clean.startswith("."):
        why = "it starts with a dot"
    elif clean.endswith((".", " ")) and not clean.lower().endswith(SUFFIX):
        why = "it ends with a dot or a space"
    elif clean.split(".")[0].strip().lower() in _RESERVED:
        why = "Windows reserves that name for a device"
    if why:
        raise SaveError(f"cannot use {short(name, 40)} as a save name: {why}")
    if not clean.lower().endswith(SUFFIX):
        clean += SUFFIX
    path = folder / clean
    # Belt and braces: whatever the rules above missed, the file must sit in the folder.
    if path.parent.resolve() != folder.resolve() or Path(clean).is_absolute():
        raise SaveError(f"cannot use {short(name, 40)} as a save name: it leaves the "
                        "saves folder")
    return path


def find_save(text: str, folder: Path) -> Path:
    """A save named on the command line: an existing path as given, else a name in ``folder``."""
    given = Path(text).expanduser()
    if given.exists() or os.sep in text or (os.altsep and os.altsep in text):
        return given
    return safe_save_path(folder, text)


def new_game_id() -> str:
    """A fresh id for a game's saves (12 hex digits)."""
    return uuid.uuid4().hex[:12]


def _stamped(meta: SaveMeta | None, autosave: bool) -> SaveMeta:
    meta = meta if meta is not None else SaveMeta()
    return replace(meta, game_id=meta.game_id or new_game_id(), autosave=autosave,
                   saved_at=now_iso())


def write_save(game: Game, path: Path, meta: SaveMeta | None = None) -> Path:
    """Save ``game`` to ``path`` atomically, keeping the previous file as ``path.bak``.

    A ``meta`` without a ``game_id`` gets a new one. Raises SaveError (and leaves any
    existing save untouched) if it cannot be written.
    """
    return _write(game, Path(path), _stamped(meta, autosave=False))


def autosave(game: Game, folder: Path, meta: SaveMeta) -> Path:
    """Save to this game's own autosave file, ``autosave-<game id>.json`` in ``folder``.

    The id is ``meta.game_id``: the caller keeps the game's meta (with its id, from
    :func:`new_game_id` or the loaded save) and passes it to every autosave, so that
    they all land in one file.
    """
    if not meta.game_id:
        raise ValueError("autosave needs the game's id in meta.game_id (see new_game_id)")
    path = Path(folder) / f"autosave-{meta.game_id}{SUFFIX}"
    return _write(game, path, _stamped(meta, autosave=True))


def _write(game: Game, path: Path, meta: SaveMeta) -> Path:
    data = encode(game, meta)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise SaveError(f"could not save {path.name}: {exc.strerror or exc}", path) from None
    return path


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    The previous ``path`` becomes ``path.bak``. The file the old backup occupied is
    overwritten in place as the new temporary file instead of being deleted: freeing
    a file's blocks costs a whole disk flush on file systems mounted with ``discard``
    (common on cloud machines), so recycling keeps a save to two flushes.
    """
    target = os.fspath(path)
    folder, name = os.path.split(target)
    backup = target + BACKUP_SUFFIX
    tmp = _recycle(backup, folder, name)
    if tmp is not None:
        fd = os.open(tmp, os.O_WRONLY)
    else:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), 0o644)  # mkstemp's 0600 would hide saves from a teacher
            f.write(data)
            f.truncate()  # a recycled file may have been longer
            f.flush()
            os.fsync(f.fileno())
        _keep_backup(target, backup)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder or ".")


def _recycle(backup: str, folder: str, name: str) -> str | None:
    """Move the old backup aside to be overwritten as the next temporary file, if it is ours."""
    try:
        st = os.lstat(backup)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            return None  # a link or a file someone else also names: leave it alone
        tmp = os.path.join(folder, f".{name}.{uuid.uuid4().hex[:12]}.tmp")
        os.rename(backup, tmp)
    except OSError:
        return None
    return tmp


def _keep_backup(path: str, backup: str) -> None:
    """Make ``backup`` name the current ``path`` (before it is replaced)."""
    try:
        os.link(path, backup)  # the old save's own bytes under a second name: no copy
        return
    except FileNotFoundError:
        return  # first save: nothing to keep
    except FileExistsError:
        pass  # the backup could not be recycled: replace it atomically below
    except OSError:
        pass  # a file system without hard links: copy below
    folder, backup_name = os.path.split(backup)
    fd, tmp = tempfile.mkstemp(prefix=f".{backup_name}.", suffix=".tmp", dir=folder or ".")
    os.close(fd)
    try:
        os.unlink(tmp)
        try:
            os.link(path, tmp)
        except OSError:
            shutil.copyfile(path, tmp)
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        os.replace(tmp, backup)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its renames are durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_bytes(path: Path) -> bytes:
    """A save's bytes (read only, never changed), or SaveError if it cannot be read."""
    label = Path(path).name
    try:
        # Opened without waiting (a FIFO named like a save would block an open for
        # reading until something writes to it), and read only if a regular file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(st.st_mode):
                raise SaveError(f"{label} is not a regular file, so not a save", Path(path))
            size = st.st_size
            if size > MAX_BYTES:
                raise SaveError(f"{label} is too large to be a save ({size / 2**20:.0f} MB; "
                                f"the limit is {MAX_BYTES // 2**20} MB)", Path(path))
            return f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SaveError(f"there is no save {label} (looked for {path})", Path(path)) from None
    except IsADirectoryError:
        raise SaveError(f"{label} is a folder, not a save", Path(path)) from None
    except OSError as exc:
        raise SaveError(f"cannot read {label}: {exc.strerror or exc}", Path(path)) from None


def read_document(path: Path) -> Decoded:
    """The checked, current-format document of a save file (SaveError if damaged)."""
    path = Path(path)
    try:
        return decode(read_bytes(path), path.name)
    except SaveError as exc:
        if exc.path is None:
            exc.path = path
        if exc.backup is None and not path.name.endswith(BACKUP_SUFFIX):
            exc.backup = _readable_backup(path)
            if exc.backup is not None:
                exc.message += f". A backup can be loaded instead: {exc.backup.name}"
                exc.args = (exc.message,)
        raise


def _readable_backup(path: Path) -> Path | None:
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    try:
        decode(read_bytes(backup), backup.name)
    except SaveError:
        return None
    return backup


def info_from(decoded: Decoded, path: Path, modified: float = 0.0) -> SaveInfo:
    """A :class:`SaveInfo` from a checked document."""
    doc = decoded.doc
    meta, summary = doc["meta"], doc["summary"]
    return SaveInfo(
        path=path, name=meta.get("name") or path.stem, scenario=doc["scenario"],
        turn=summary["turn"], date=summary["date"], total_turns=summary["total_turns"],
        meters=dict(summary["meters"]), ending=summary["ending"],
        ending_title=summary["ending_title"], player=meta["player"],
        class_code=meta["class_code"], saved_at=meta["saved_at"], seed=doc["seed"],
        difficulty=doc["difficulty"], game_id=meta["game_id"], autosave=meta["autosave"],
        format_version=decoded.from_version, game_version=doc["game_version"],
        modified=modified)


def read_save_info(path: Path) -> SaveInfo:
    """What a save list shows about one file, without content; SaveError if it is damaged."""
    path = Path(path)
    decoded = read_document(path)
    return info_from(decoded, path, _mtime(path))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def list_saves(folder: Path, backups: bool = False) -> list[SaveInfo]:
    """Every save in ``folder``, newest first; damaged ones are listed with ``damaged`` set.

    Newest means the time written in the save, or the file's time when the save
    cannot say. Hidden and temporary files are skipped; ``backups`` adds the
    ``.json.bak`` files. A missing folder is an empty list.
    """
    folder = Path(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    out: list[SaveInfo] = []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or not (name.endswith(SUFFIX) or
                                        (backups and name.endswith(SUFFIX + BACKUP_SUFFIX))):
            continue
        path = Path(entry.path)
        try:
            if not entry.is_file():
                continue
            out.append(read_save_info(path))
        except SaveError as exc:
            out.append(SaveInfo(path=path, name=path.stem, damaged=exc.message,
                                backup=exc.backup, modified=_mtime(path)))
    out.sort(key=_when, reverse=True)
    return out


def _when(info: SaveInfo) -> float:
    if info.saved_at:
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(info.saved_at).timestamp()
    return info.modified


def latest_save(folder: Path) -> SaveInfo | None:
    """The newest readable save in ``folder`` (an autosave or a named one), if any."""
    return next((s for s in list_saves(folder) if s.damaged is None), None)


