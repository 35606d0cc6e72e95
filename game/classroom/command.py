"""``parallel-tracks class-code``: make a class code for a lesson, or explain one."""

from __future__ import annotations

import argparse
import sys

from game.classroom.classcode import ClassCode, ClassCodeError, seed_capacity
from game.model.content import Content, first_difficulty


def run_class_code(args: argparse.Namespace, content: Content) -> int:
    """Print a new code with the line students type, or what ``--explain CODE`` fixes."""
    try:
        if args.explain:
            code = ClassCode.parse(args.explain, content)
            print(code.describe())
            return 0
        code = ClassCode.make(content, args.seed,
                              args.difficulty or first_difficulty(content), args.stops,
                              getattr(args, "lesson", None))
    except ClassCodeError as exc:
        print(f"parallel-tracks: {exc}", file=sys.stderr)
        return 1
    layers = content.layers[1:]
    print(f"Class code: {code.text}")
    print(f"  {content.scenario.title}: seed {code.seed} (of 0-{seed_capacity(content) - 1}), "
          f"difficulty {code.difficulty}, discussion stops {'on' if code.stops else 'off'}.")
    if code.lesson:
        lesson = next(x for x in content.scenario.lessons if x.id == code.lesson)
        print(f"  Lesson: {lesson.label} ({len(lesson.turns)} turns, the same card for "
              "everyone each turn).")
    elif content.scenario.lessons:
        print("  The full game (for homework); --lesson "
              f"{content.scenario.lessons[0].id} makes a code for the class lesson.")
    print(f"  Content {content.digest}" + (f" with mods: {', '.join(layers)}" if layers else "")
          + ": students need the same version" + (" and mods." if layers else "."))
    print("Students start with:")
    print(f"  parallel-tracks play --class {code.text} --name \"Their Name\"")
    print("  (or type the code on the title screen's New game form)")
    return 0
