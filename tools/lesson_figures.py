"""Print how a lesson fits a period, measured on classes of scripted students.

For each seed, a class of 30 scripted students (different choices each) plays
the lesson variant and the full game; the figures are those
docs/CLASSROOM.md quotes: whether everyone still playing met the same card in
every turn, the words a student reads, minutes at the stated reading speed,
and how many games ended early.

    python tools/lesson_figures.py                 # lesson 'period', seeds 0-9
    python tools/lesson_figures.py --lesson period --seeds 0 1 2 --students 30
    python tools/lesson_figures.py --mod my-mod --lesson my-lesson
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.classroom.lessonfit import (
    DECIDE_SECONDS,
    READING_WPM,
    ClassFigures,
    measure_class,
)
from game.cli import load_or_exit


def _row(seed: int, kind: str, f: ClassFigures) -> str:
    return (f"| {seed} | {kind} | {f.same_card_turns} of {f.played_turns} | "
            f"{f.same_family_turns} of {f.played_turns} | "
            f"{f.cards_answered:g} | {f.words_median:,.0f} | {f.words_max:,} | "
            f"{f.reading_minutes(f.words_median):.0f} | {f.play_minutes(f.words_median):.0f} | "
            f"{f.finished_early} |")


def main(argv: list[str] | None = None) -> int:
    """Measure and print a Markdown table, then the summary lines."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lesson", default="period")
    ap.add_argument("--seeds", type=int, nargs="+", default=list(range(10)))
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--difficulty", default="normal")
    ap.add_argument("--stops", action="store_true", help="count discussion prompts too")
    ap.add_argument("--mod", action="append", metavar="DIR",
                    help="measure with a mod (repeatable; the mods folder is not read)")
    args = ap.parse_args(argv)
    content = load_or_exit(args.mod, use_folder=False)
    lessons = [x.id for x in content.scenario.lessons]
    if args.lesson not in lessons:
        print(f"lesson_figures: this scenario has no lesson {args.lesson!r} (lessons: "
              f"{', '.join(lessons) or 'none'})", file=sys.stderr)
        return 1
    print(f"{args.students} scripted students per seed; reading at {READING_WPM} words a "
          f"minute; play time adds {DECIDE_SECONDS} s per card answered.\n")
    print("| seed | game | turns with one card for all | one card family for all | cards "
          "answered (median) | words read (median) | words (most) | reading min | play min "
          "| ended early |")
    print("|---:|---|---|---|---:|---:|---:|---:|---:|---:|")
    lessons, fulls = [], []
    for seed in args.seeds:
        lesson = measure_class(content, seed, args.difficulty, args.lesson, args.students,
                               args.stops)
        full = measure_class(content, seed, args.difficulty, None, args.students, args.stops)
        lessons.append(lesson)
        fulls.append(full)
        print(_row(seed, f"lesson {args.lesson}", lesson))
        print(_row(seed, "full game", full))
    every = sum(f.same_card_every_turn for f in lessons)
    family = sum(f.same_family_every_turn for f in lessons)
    cards = min(f.same_card_turns for f in lessons)
    worst = max(f.play_minutes(f.words_max) for f in lessons)
    med = statistics.median(f.play_minutes(f.words_median) for f in lessons)
    print()
    for seed, f in zip(args.seeds, lessons, strict=True):
        for turn, cards in sorted(f.mixed_turns.items()):
            print(f"seed {seed}, lesson turn {turn}: " +
                  ", ".join(f"{card} {n}" for card, n in cards.items()))
    print()
    print(f"RESULT lesson_same_family_every_turn_seeds {family} of {len(lessons)}")
    print(f"RESULT lesson_same_card_every_turn_seeds {every} of {len(lessons)}")
    print(f"RESULT lesson_same_card_turns_least {cards} of {lessons[0].turns}")
    print(f"RESULT lesson_words_median {statistics.median(f.words_median for f in lessons):.0f}")
    print(f"RESULT lesson_play_minutes_median {med:.1f} (target 25)")
    print(f"RESULT lesson_play_minutes_worst_student {worst:.1f}")
    print(f"RESULT lesson_ended_early {sum(f.finished_early for f in lessons)} of "
          f"{args.students * len(lessons)}")
    print(f"RESULT full_words_median {statistics.median(f.words_median for f in fulls):.0f}")
    print(f"RESULT full_play_minutes_median "
          f"{statistics.median(f.play_minutes(f.words_median) for f in fulls):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
