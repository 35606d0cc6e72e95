"""``parallel-tracks report`` and ``class-report``: read saves, write debriefs and class reports.

The only module of :mod:`game.report` that touches files or the saves layer.
Writing is atomic (a temporary file, then a rename), refuses to write over an
input save, and never leaves half a report behind.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from game.model.content import Content
from game.report.records import Damaged, PlayRecord
from game.report.safe import clean

if TYPE_CHECKING:
    from game.engine import Game


def _fail(message: str) -> int:
    print(f"parallel-tracks: {message}", file=sys.stderr)
    return 1


def _format(given: str | None, output: str | None, allowed: tuple[str, ...]) -> str:
    """The format asked for, else the output file's suffix, else Markdown."""
    if given:
        return given
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    suffix = {"htm": "html", "markdown": "md", "txt": "md"}.get(suffix, suffix)
    return suffix if suffix in allowed else "md"


def _emit(text: str, output: str | None, inputs: list[Path]) -> int:
    if not output:
        sys.stdout.write(text)
        return 0
    out = Path(output).expanduser()
    if any(out.exists() and out.resolve() == p.resolve() for p in inputs if p.exists()):
        return _fail(f"{out} is one of the saves being read; choose another -o file")
    if out.is_dir():
        return _fail(f"{out} is a folder; give a file name, e.g. -o {out / 'report.html'}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        try:
            # mkstemp makes the file private (0600); a report is an ordinary file, to be
            # shared: the permissions any new file gets here (0644 under the usual umask).
            os.chmod(tmp, 0o666 & ~_umask())
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    print(f"Wrote {out}", file=sys.stderr)
    return 0


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_record(path: Path, content: Content) -> PlayRecord | Damaged:
    """One save as a record, or the reason it cannot be read."""
    from game.saves.errors import SaveError
    from game.saves.loading import load_save

    try:
        loaded = load_save(path, content)
    except SaveError as exc:
        return Damaged(str(path), str(exc))
    except (OSError, ValueError) as exc:  # belt and braces: a report never dies on one file
        return Damaged(str(path), f"cannot be read: {exc}")
    meta = loaded.meta
    return PlayRecord(str(path), loaded.game, meta.player or "", meta.class_code,
                      meta.game_id, meta.extra, meta.saved_at,
                      whatif_turn(meta.extra, meta.game_id), skill_share(loaded.game, meta.extra))


def whatif_turn(extra: dict[str, object], game_id: str | None) -> int | None:
    """The turn a what-if branch went back to (its saves say so), else None."""
    turn = extra.get("whatif_turn")
    if isinstance(turn, int) and not isinstance(turn, bool):
        return turn
    if game_id and re.search(r".-whatif-[0-9a-f]{4}$", game_id):
        return 0  # an older branch: its id says what-if, not the turn
    return None


def skill_share(game: Game, extra: dict[str, object]) -> float | None:
    """The joint score's share of the best this seed allowed, when the save holds a current
    skill score for this very game (read only: the class report never computes one)."""
    from game.sim.best import skill_for_save

    stored = skill_for_save(game.content, {"skill": extra.get("skill")})
    if stored is None or abs(stored.player - game.scores()["score"]) > 1e-6:
        return None
    return stored.percent / 100


def run_report(args: argparse.Namespace, content: Content) -> int:
    """The debrief of one save, or of two side by side with ``--compare``."""
    from game.report.debrief import build_debrief
    from game.report.html import compare_html, debrief_html
    from game.report.markdown import compare_markdown, debrief_markdown
    from game.saves.files import find_save, saves_dir

    folder = saves_dir(getattr(args, "saves_dir", None))
    summary = getattr(args, "summary", False)
    if summary and args.compare:
        return _fail("--summary is of one game; leave out --compare")
    if summary and args.format not in (None, "html"):
        return _fail("the summary is a page to print: HTML only (leave out --format)")
    fmt = "html" if summary else _format(args.format, args.output, ("md", "html"))
    paths = [find_save(args.save, folder)]
    if args.compare:
        paths.append(find_save(args.compare, folder))
    from game.sim.best import skill_for_game

    debriefs = []
    for path in paths:
        rec = read_record(path, content)
        if isinstance(rec, Damaged):
            return _fail(clean(rec.reason))
        debriefs.append(build_debrief(rec.game, rec.player, rec.class_code,
                                      skill_for_game(rec.game, rec.extra)))
    if summary:
        from game.report.summary import summary_html

        skill = debriefs[0].skill
        text = summary_html(debriefs[0], None if skill is None else skill.percent / 100)
    elif len(debriefs) == 2:
        a, b = debriefs
        names = (a.player or paths[0].stem, b.player or paths[1].stem)
        if names[0] == names[1]:
            names = (paths[0].stem, paths[1].stem)
        text = (compare_html if fmt == "html" else compare_markdown)(a, b, names)
    else:
        text = (debrief_html if fmt == "html" else debrief_markdown)(debriefs[0])
    return _emit(text, args.output, paths)


def collect_paths(given: list[str]) -> tuple[list[Path], list[Damaged]]:
    """Save files named on the command line; folders are searched for ``*.json``."""
    paths: list[Path] = []
    missing: list[Damaged] = []
    for text in given:
        p = Path(text).expanduser()
        if p.is_dir():  # hidden files and folders hold no saves (a class server's records)
            paths += sorted(q for q in p.rglob("*.json")
                            if not any(part.startswith(".") for part in q.relative_to(p).parts))
        elif p.is_file():
            paths.append(p)
        else:
            missing.append(Damaged(text, "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for p in paths:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, missing


def dedupe(records: list[PlayRecord]) -> tuple[list[PlayRecord], list[tuple[PlayRecord, str]]]:
    """One record per game: a game handed in twice (autosave and a save) counts once.

    The save furthest into the game is kept; the others are listed as copies.
    """
    best: dict[str, PlayRecord] = {}
    copies: list[tuple[PlayRecord, str]] = []
    out: list[PlayRecord] = []
    for rec in records:
        gid = rec.game_id
        if not gid:
            out.append(rec)
            continue
        if gid in best:
            old = best[gid]
            keep, drop = (rec, old) if len(rec.game.decisions) > len(old.game.decisions) \
                else (old, rec)
            best[gid] = keep
            copies.append((drop, f"another save of the same game as {keep.path}; that one, "
                                 "further on, is counted"))
        else:
            best[gid] = rec
    out += best.values()
    out.sort(key=lambda r: r.path)
    return out, copies


def class_report_text(saves: list[str], content: Content, class_code: str | None,
                      fmt: str) -> str:
    """The class report of these save files and folders, in ``fmt`` (md, html or csv).

    Raises ValueError, saying what to do, when a path given does not exist, when no
    save is found, or when ``class_code`` is not a code for ``content``.
    ``class-report`` and the class server's report download both call this.
    """
    from game.classroom.classcode import ClassCodeError
    from game.report.class_csv import class_csv
    from game.report.class_html import class_html
    from game.report.class_markdown import class_markdown
    from game.report.classreport import build_class_report

    paths, missing = collect_paths(saves)
    if missing:
        raise ValueError("no such file or folder: " + ", ".join(clean(m.path) for m in missing)
                         + " (nothing was written; check the path)")
    if not paths:
        raise ValueError("no save files found (a folder is searched for *.json files)")
    items: list[PlayRecord | Damaged] = []
    records: list[PlayRecord] = []
    for path in paths:
        rec = read_record(path, content)
        (records if isinstance(rec, PlayRecord) else items).append(rec)  # type: ignore[arg-type]
    counted, copies = dedupe(records)
    try:
        report = build_class_report(content, [*counted, *items], class_code)
    except ClassCodeError as exc:
        raise ValueError(f"--class: {exc}") from None
    report.apart.extend(copies)
    report.total += len(copies)
    return {"md": class_markdown, "html": class_html, "csv": class_csv}[fmt](report)


def run_class_report(args: argparse.Namespace, content: Content) -> int:
    """Read every save given, group and count them, and write the class report."""
    fmt = _format(args.format, args.output, ("md", "html", "csv"))
    try:
        text = class_report_text(args.saves, content, args.class_code, fmt)
    except ValueError as exc:
        return _fail(str(exc))
    paths, _missing = collect_paths(args.saves)
    return _emit(text, args.output, paths)
