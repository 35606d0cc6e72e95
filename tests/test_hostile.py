"""Hostile content: every case of the attack run and its neighbours, bounded in time and memory.

The corpus is generated here (some cases are links, FIFOs or megabytes long, which a
repository holds badly). Each case is a mod over the base game. It must either be
refused by ``check`` with an error located at a line of a file, or load and play
through ``simulate`` without a traceback and without a failed game. The whole corpus
runs in one child process whose address space is limited to ``MEMORY_LIMIT``; each
case must finish within ``CASE_SECONDS`` of CPU time. ``--full`` adds the fuzzing
run: thousands of random mods (valid YAML, random field values, random formulas over
the scenario's names), each checked and, when accepted, played.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CASE_SECONDS = 5.0
MEMORY_LIMIT = 1536 * 2**20  # the child's whole address space, bytes
GAMES = 3  # games simulated for each accepted case

MANIFEST = "id: hostile\nname: Hostile\nversion: '1'\n"


def _card(effects: str = "{flag: hostile_flag}", extra: str = "", when: str = "",
          weight: str = "1") -> str:
    """A card file with one card whose first choice has ``effects``."""
    lines = ["- id: hostile-card", "  title: Hostile", "  anchor: true", f"  weight: {weight}"]
    if when:
        lines.append(f"  when: {when}")
    if extra:
        lines.append(extra)
    lines += ["  body: A card.", "  choices:",
              "    - id: a", "      label: A", f"      effects: [{effects}]",
              "    - {id: b, label: B}"]
    return "\n".join(lines) + "\n"


def _bomb(levels: int, width: int = 10) -> str:
    lines = ["- id: bomb", "  title: B", "  body: b", "  x0: &e0 {if: 'True', then: []}"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*e{i - 1}"] * width)
        lines.append(f"  x{i}: &e{i} {{if: 'True', then: [{refs}]}}")
    lines.append(f"  choices: [{{id: a, label: A, effects: [*e{levels}]}}, {{id: b, label: B}}]")
    return "\n".join(lines) + "\n"


BIG = "1" * 5000
#: (case id, files of the mod, what check must say: a piece of the message, or None
#: when the case must load and play).
CASES: list[tuple[str, dict[str, Any], str | None]] = [
    # -- formulas and numbers (issue 17 item 1, 9; issue 14 item 3)
    ("text-amount", {"cards/c.yaml": _card("{meter: progress, add: '\"abc\"'}")}, "gives text"),
    ("nan-name", {"cards/c.yaml": _card("{meter: progress, add: 'nan'}")}, "unknown name 'nan'"),
    ("quoted-number", {"cards/c.yaml": _card("{meter: progress, add: \"'12'\"}")}, "gives text"),
    ("power-8", {"cards/c.yaml": _card("{meter: progress, add: 'progress ** 8'}")}, "can reach"),
    ("tiny-divisor", {"cards/c.yaml": _card("{meter: progress, add: 'progress / 1e-11'}")},
     "can reach"),
    ("meter-divisor", {"cards/c.yaml": _card("{meter: progress, add: 'progress / seoul'}")},
     "close to 0"),
    ("digits-5000-yaml", {"cards/c.yaml": _card(f"{{meter: progress, add: {BIG}}}")},
     "5,000 digits"),
    ("digits-5000-alias", {"cards/c.yaml": _card(f"{{meter: progress, add: {BIG}}}",
                                                 extra="  cooldown: &c 0")},
     "5,000 digits"),
    ("digits-5000-formula", {"cards/c.yaml": _card(f"{{meter: progress, add: '{BIG}'}}")},
     "characters long"),
    ("digits-5000-field", {"cards/c.yaml": _card(extra=f"  cooldown: {BIG}")}, "5,000 digits"),
    ("amount-1e13", {"cards/c.yaml": _card("{meter: progress, add: 10000000000000}")},
     "amounts are limited"),
    ("amount-1e13-float", {"cards/c.yaml": _card("{meter: progress, add: 1.0e+13}")},
     "amounts are limited"),
    ("amount-nan", {"cards/c.yaml": _card("{meter: progress, add: .nan}")},
     "not a number the game can use"),
    ("amount-inf", {"cards/c.yaml": _card("{meter: progress, set: -.inf}")},
     "not a number the game can use"),
    ("weight-negative", {"cards/c.yaml": _card(weight="-5")}, "cannot be negative"),
    ("weight-nan", {"cards/c.yaml": _card(weight=".nan")}, "not a number the game can use"),
    ("weight-inf", {"cards/c.yaml": _card(weight=".inf")}, "not a number the game can use"),
    ("weight-text", {"cards/c.yaml": _card(weight="'\"heavy\"'")}, "gives text"),
    ("weight-condition", {"cards/c.yaml": _card(weight="'progress > 5'")}, "gives true/false"),
    ("counter-fraction", {"cards/c.yaml": _card("{counter: c, add: 0.5}")}, "whole number"),
    ("ledger-fraction", {"cards/c.yaml": _card("{deliverable: x, value: 'sincerity / 10'}")},
     "whole numbers"),
    ("counter-formula-fraction", {"cards/c.yaml": _card("{counter: c, add: 'progress / 2'}")},
     "whole numbers"),
    ("value-huge", {"cards/c.yaml": _card("{concession: x, value: 'emboldened * 1000'}")},
     "amounts are limited"),
    ("date-vs-number", {"cards/c.yaml": _card(when="'date >= 2014'")}, "a date cannot be"),
    ("date-plus-one", {"cards/c.yaml": _card("{meter: progress, add: 'date + 1'}")},
     "needs numbers"),
    ("date-bad-text", {"cards/c.yaml": _card(when="'date >= \"2014\"'")}, "is not a date"),
    ("condition-number", {"cards/c.yaml": _card(when="'progress'")}, "true or false"),
    ("flag-arithmetic", {"cards/c.yaml": _card("{meter: progress, add: 'stockholm_signed * 3'}")},
     "needs numbers"),
    ("difficulty-typo", {"cards/c.yaml": _card(when="'difficulty == \"hardd\"'")},
     "did you mean 'hard'"),
    ("exponent-variable", {"cards/c.yaml": _card("{meter: progress, add: '2 ** turn'}")},
     "must be a number written"),
    ("meter-bound-huge", {"scenario.yaml": "patch: true\nmeters:\n"
                          "  - {id: progress, patch: true, max: 1.0e+300}\n"},
     "out of range"),
    ("threshold-inf", {"scenario.yaml": "patch: true\nmeters:\n"
                       "  - {id: progress, patch: true, thresholds: [{above: .inf}]}\n"},
     "not a number the game can use"),
    ("expression-3mb", {"cards/c.yaml": _card(
        "{meter: progress, add: '" + "progress + " * 300_000 + "1'}")}, "characters long"),
    # -- YAML alias bombs (item 2)
    ("alias-bomb-7", {"cards/c.yaml": _bomb(7)}, "alias bomb"),
    ("alias-bomb-8", {"cards/c.yaml": _bomb(8)}, "alias bomb"),
    ("alias-bomb-wide", {"cards/c.yaml": _bomb(3, width=200)}, "alias bomb"),
    ("alias-cycle", {"cards/c.yaml": "- &a [1, *a]\n"}, "never end"),
    ("alias-bomb-manifest", {"mod.yaml": MANIFEST + "x0: &e0 [a]\n" + "".join(
        f"x{i}: &e{i} [{', '.join([f'*e{i - 1}'] * 10)}]\n" for i in range(1, 8))},
     "alias bomb"),
    # -- control characters (item 5)
    ("escape-in-title", {"cards/c.yaml": _card().replace("title: Hostile",
                                                         'title: "\\e]0;pwned\\a\\e[2J"')},
     "U+001B"),
    ("c1-csi-in-body", {"cards/c.yaml": _card().replace("body: A card.", 'body: "x\\x9b2J"')},
     "U+009B"),
    ("bidi-in-label", {"cards/c.yaml": _card().replace("label: A", 'label: "A\\u202eB"')},
     "U+202E"),
    ("escape-in-manifest", {"mod.yaml": MANIFEST.replace("Hostile", '"Hos\\etile"')}, "U+001B"),
    ("escape-in-key", {"cards/c.yaml": _card().replace("  anchor: true",
                                                       '  "anch\\eor": true')}, "U+001B"),
    # -- links (item 4)
    ("manifest-link", {"mod.yaml": ("link", "secret.yaml")}, "is a link to a file"),
    ("scenario-link", {"scenario.yaml": ("link", "secret.yaml")}, "is a link to a file"),
    ("card-link", {"cards/c.yaml": ("link", "secret.yaml")}, "is a link to a file"),
    ("folder-link", {"cards": ("link", ".")}, "is a link to a folder"),
    ("inside-link", {"cards/c.yaml": _card(), "cards/d.yaml": ("link", "mod/cards/c.yaml")},
     "cards/d.yaml: error: this is a link to a file"),
    # -- accepted neighbours: these load, and play without a failed game
    ("amount-at-limit", {"cards/c.yaml": _card("{meter: progress, add: 1000000}")}, None),
    ("power-3", {"cards/c.yaml": _card("{meter: progress, add: 'progress ** 3'}")}, None),
    ("counter-times-100", {"cards/c.yaml": _card("{meter: progress, add: 'emboldened * 100'}")},
     None),
    ("divide-by-zero", {"cards/c.yaml": _card("{meter: progress, add: 'progress / 0'}")}, None),
    ("whole-divisor", {"cards/c.yaml": _card("{meter: progress, add: '10 / (turn - 5)'}")},
     None),
    ("weight-formula-negative", {"cards/c.yaml": _card(weight="'tension - 50'")}, None),
    ("counter-rounded", {"cards/c.yaml": _card("{counter: c, add: 'round(progress / 3)'}")},
     None),
    ("dates-and-difficulty", {"cards/c.yaml": _card(
        when="'date >= \"2015-01\" and difficulty in (\"hard\", \"normal\")'")}, None),
    ("merge-key", {"cards/c.yaml": "- &base\n  id: m1\n  title: M\n  body: b\n  anchor: true\n"
                   "  choices: [{id: a, label: A}, {id: b, label: B}]\n"
                   "- {<<: *base, id: m2}\n"}, None),
    ("fifo-card", {"cards/f.yaml": ("fifo",), "cards/c.yaml": _card()}, None),
    ("tabs-and-newlines", {"cards/c.yaml": _card().replace("body: A card.",
                                                           'body: "a\\tb\\nc"')}, None),
]


def _write_case(root: Path, files: dict[str, Any]) -> Path:
    mod = root / "mod"
    mod.mkdir(parents=True)
    (root / "secret.yaml").write_text("password: hunter2\napi_key: SECRET-VALUE\n")
    files = {"mod.yaml": MANIFEST, **files}
    for rel, body in files.items():
        path = mod / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, tuple) and body[0] == "link":
            path.symlink_to(root / body[1])
        elif isinstance(body, tuple) and body[0] == "fifo":
            os.mkfifo(path)
        else:
            path.write_text(body, encoding="utf-8")
    return mod


def run_case(mod: Path) -> dict[str, Any]:
    """Check one mod over the base game and, if it loads, simulate it (in this process)."""
    import resource

    from game.loading.analysis import analyse
    from game.loading.folders import base_content_dir
    from game.loading.loader import check_content
    from game.sim.runner import SimSpec, simulate

    started, cpu = time.perf_counter(), time.process_time()
    out: dict[str, Any] = {"traceback": None}
    try:
        result = check_content([base_content_dir(), mod])
        problems = list(result.problems)
        if result.content is not None:
            problems += analyse(result)
        errors = [p for p in problems if p.severity == "error"]
        out["errors"] = [p.format() for p in errors]
        # Located: at a line of a file, or (for a whole file or link refused) naming it.
        out["located"] = all(p.line > 0 or p.path.endswith((".yaml", ".yml"))
                             or Path(p.path).is_symlink() for p in errors)
        if result.content is not None and not errors:
            spec = SimSpec(games=GAMES, policy="random", seed=1, difficulty="normal",
                           dirs=())
            sim = simulate(spec, 1, None, result.content)
            out["failed_games"] = [m for _i, _s, m in sim.stats.errors]
    except BaseException as exc:  # the finding: anything escaping is a traceback
        import traceback

        out["traceback"] = "".join(traceback.format_exception(exc))[-2000:]
    out["wall_seconds"] = time.perf_counter() - started
    # The bound is on CPU time: a machine shared with other work stretches the wall
    # clock, never the work done.
    out["seconds"] = time.process_time() - cpu
    out["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return out


def _child(cases: list[tuple[str, str]], out_path: str) -> None:
    """Run cases in this (child) process; results go to ``out_path`` as JSON lines."""
    with open(out_path, "w", encoding="utf-8") as fh:
        for name, mod in cases:
            fh.write(json.dumps({"case": name, **run_case(Path(mod))}) + "\n")
            fh.flush()


def _run_in_child(cases: list[tuple[str, Path]], tmp: Path, timeout: float) -> list[dict]:
    """Run the cases in one child process with its memory limited to MEMORY_LIMIT."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    out = tmp / "results.jsonl"
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            "import json, test_hostile; "
            f"test_hostile._child(json.load(open({str(tmp / 'cases.json')!r})), {str(out)!r})")
    (tmp / "cases.json").write_text(json.dumps([(n, str(m)) for n, m in cases]))
    env = {**os.environ, "PARALLEL_TRACKS_CACHE": "off", "PARALLEL_TRACKS_MODS": str(tmp / "none")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, timeout=timeout,
                          preexec_fn=limit, capture_output=True, text=True)
    results = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    assert proc.returncode == 0, (proc.stderr[-3000:], results[-1:] if results else None)
    return results


@pytest.mark.skipif(sys.platform == "win32", reason="links, FIFOs and rlimits: POSIX")
def test_hostile_corpus(tmp_path: Path) -> None:
    """Every case is refused at a line of a file, or plays cleanly, in bounded time and memory."""
    cases = [(name, _write_case(tmp_path / name, files)) for name, files, _want in CASES]
    results = {r["case"]: r for r in _run_in_child(cases, tmp_path, timeout=300)}
    wrong = [(name, _verdict(results[name], want)) for name, _files, want in CASES]
    wrong = [(name, why) for name, why in wrong if why]
    assert not wrong, "\n".join(f"{name}: {why}" for name, why in wrong)


def _verdict(r: dict[str, Any], want: str | None) -> str:
    """What is wrong with one case's result ("" if nothing)."""
    if r["traceback"] is not None:
        return "traceback: " + r["traceback"]
    if r["seconds"] >= CASE_SECONDS:
        return f"took {r['seconds']:.1f} s"
    text = "\n".join(r["errors"])
    if "hunter2" in text or "SECRET-VALUE" in text:
        return "a foreign file's contents leaked: " + text
    if any(len(e) >= 1500 for e in r["errors"]):
        return "an error too long to read"
    if want is None:
        if r["errors"]:
            return "refused: " + text
        if r.get("failed_games") != []:
            return f"failed games: {r.get('failed_games')}"
        return ""
    if want not in text:
        return f"expected {want!r}, got: {text}"
    if not r["located"]:
        return "not located: " + text
    return ""


# --------------------------------------------------------------------------- fuzzing


def _random_expr(rng: random.Random, names: list[str], depth: int = 0) -> str:
    """A random expression over ``names``: well- or ill-typed, with odd constants."""
    if depth > 3 or rng.random() < 0.35:
        return rng.choice([
            rng.choice(names), rng.choice(names), str(rng.randint(-100, 100)),
            rng.choice(["0", "0.5", "1e-11", "1e9", "999999999", "2", "True", "False",
                        '"2014-06"', '"2015"', '"normal"', '"abc"', "date", "turn"]),
            f'seen("{rng.choice(["abe-park-summit", "nope", "cash-couriers"])}")',
            f'count("{rng.choice(["abe-park-summit", "cash-couriers"])}")',
        ])
    sub = lambda: _random_expr(rng, names, depth + 1)  # noqa: E731
    shape = rng.randrange(8)
    if shape == 0:
        return f"({sub()} {rng.choice(['+', '-', '*', '/', '//', '%', '**'])} {sub()})"
    if shape == 1:
        return f"({sub()} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {sub()})"
    if shape == 2:
        return f"({sub()} {rng.choice(['and', 'or'])} {sub()})"
    if shape == 3:
        return f"(not {sub()})"
    if shape == 4:
        return f"({sub()} if {sub()} else {sub()})"
    if shape == 5:
        return f"{rng.choice(['min', 'max'])}({sub()}, {sub()})"
    if shape == 6:
        return f"{rng.choice(['abs', 'round'])}({sub()})"
    return f"clamp({sub()}, {sub()}, {sub()})"


def _typed_expr(rng: random.Random, types: dict[str, Any], want: str, depth: int = 0) -> str:
    """A random expression meant to be well typed (a number or a condition); it may still
    be refused, for a range (a divisor near 0, a product too large)."""
    nums = [n for n, t in types.items() if t.numeric]
    flags = [n for n, t in types.items() if t.kind == "bool"]
    leaf = depth > 2 or rng.random() < 0.4
    if want == "num":
        if leaf:
            return rng.choice([rng.choice(nums), str(rng.randint(-50, 50)), "0.5",
                               'count("abe-park-summit")', 'since("cash-couriers")'])
        a, b = (_typed_expr(rng, types, "num", depth + 1) for _ in range(2))
        return rng.choice([f"({a} {rng.choice(['+', '-', '*', '/', '//', '%'])} {b})",
                           f"min({a}, {b})", f"max({a}, {b})", f"round({a})", f"abs({a})",
                           f"clamp({a}, 0, {b})", f"({a} ** 2)",
                           f"({a} if {_typed_expr(rng, types, 'bool', depth + 1)} else {b})"])
    if leaf:
        return rng.choice([rng.choice(flags), 'seen("cash-couriers")', "True",
                           f'date {rng.choice([">=", "<", "=="])} "2015-0{rng.randint(1, 9)}"',
                           'difficulty == "hard"'])
    a, b = (_typed_expr(rng, types, "num", depth + 1) for _ in range(2))
    c, d = (_typed_expr(rng, types, "bool", depth + 1) for _ in range(2))
    return rng.choice([f"({a} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {b})",
                       f"({c} and {d})", f"({c} or {d})", f"(not {c})", f"({a} in (1, 2, 3))"])


def _amount(rng: random.Random, names: list[str], types: dict[str, Any], gentle: bool) -> Any:
    if gentle:
        return rng.choice([rng.randint(-20, 20), rng.uniform(-10, 10),
                           _typed_expr(rng, types, "num"), _typed_expr(rng, types, "num")])
    return rng.choice([
        rng.randint(-20, 20), rng.uniform(-10, 10), rng.choice([0, 1e6, -1e6, 1e7, 1e300]),
        _random_expr(rng, names), _typed_expr(rng, types, "num"), float("nan"), "", True,
        None,
    ])


def _cond(rng: random.Random, names: list[str], types: dict[str, Any], gentle: bool) -> str:
    return _typed_expr(rng, types, "bool") if gentle or rng.random() < 0.5 else \
        _random_expr(rng, names)


def _random_effect(rng: random.Random, names: list[str], types: dict[str, Any], gentle: bool,
                   depth: int = 0) -> Any:
    meters = ["progress", "washington", "seoul", "public", "tension", "leverage", "sincerity"]
    amount = lambda: _amount(rng, names, types, gentle)  # noqa: E731
    inner = lambda: _random_effect(rng, names, types, gentle, depth + 1)  # noqa: E731
    shape = rng.randrange(9 if depth < 2 else 6)
    if shape == 0:
        key = rng.choice(["add", "add", "set"])
        return {"meter": rng.choice(meters + ([] if gentle else ["nope"])), key: amount()}
    if shape == 1:
        return {"flag": rng.choice(["fz_a", "fz_b", "stockholm_signed"])}
    if shape == 2:
        value = amount()
        if gentle:
            value = rng.randint(-3, 3) if not isinstance(value, str) else f"round({value})"
        return {"counter": rng.choice(["fz_c", "emboldened"]),
                rng.choice(["add", "set"]): value}
    if shape == 3:
        return {rng.choice(["concession", "deliverable"]): "fuzz", "value": amount()}
    if shape == 4:
        return {"message": rng.choice(["hi", "ok\nline", "x" * 30] +
                                      ([] if gentle else ["a\x1bb"]))}
    if shape == 5:
        return {"lever": rng.choice(["ferry_ban", "trade_embargo"] + ([] if gentle else ["nope"])),
                "set": rng.choice(["lifted", "imposed"])}
    if shape == 6:
        return {"if": _cond(rng, names, types, gentle), "then": [inner()], "else": [inner()]}
    if shape == 7:
        return {"after": rng.randint(1, 4), "effects": [inner()]}
    chance = rng.choice([0.5, 0.3])
    return {"random": [{"chance": chance, "effects": [inner()]},
                       {"chance": 1 - chance, "effects": []}]}


def random_mod(rng: random.Random, names: list[str], types: dict[str, Any], root: Path) -> Path:
    """A random mod (valid YAML) of one to three cards and maybe a reaction; half of
    them gentle (meant to load), half hostile (odd values anywhere)."""
    gentle = rng.random() < 0.5
    effect = lambda: _random_effect(rng, names, types, gentle)  # noqa: E731
    cards = []
    for i in range(rng.randint(1, 3)):
        card: dict[str, Any] = {
            "id": f"fz-{i}", "title": rng.choice(["Fuzz", "T" * 50] +
                                                 ([] if gentle else ["F\x1b[2J"])),
            "body": "A fuzzed card.",
            "choices": [{"id": "a", "label": "A",
                         "effects": [effect() for _ in range(rng.randint(0, 4))]},
                        {"id": "b", "label": "B"}],
        }
        if rng.random() < 0.5:
            card["anchor"] = True
        if rng.random() < 0.6:
            weight = _amount(rng, names, types, gentle)
            card["weight"] = abs(weight) if gentle and not isinstance(weight, str) else weight
        if rng.random() < 0.6:
            card["when"] = _cond(rng, names, types, gentle)
        if rng.random() < 0.3:
            card["choices"][0]["when"] = _cond(rng, names, types, gentle)
        if rng.random() < 0.2:
            card["repeatable"] = True
        cards.append(card)
    mod = root / "mod"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.yaml").write_text(MANIFEST)
    (mod / "cards" / "fuzz.yaml").write_text(yaml.safe_dump(cards, allow_unicode=True))
    if rng.random() < 0.3:
        (mod / "reactions").mkdir()
        (mod / "reactions" / "fuzz.yaml").write_text(yaml.safe_dump([{
            "id": "fz-r", "actor": "washington", "when": _cond(rng, names, types, gentle),
            "effects": [effect()]}]))
    return mod


FUZZ_MODS = int(os.environ.get("HOSTILE_FUZZ_MODS", "2000"))


@pytest.mark.full
@pytest.mark.skipif(sys.platform == "win32", reason="rlimits: POSIX")
def test_fuzzed_mods_never_crash(tmp_path: Path) -> None:
    """Thousands of random mods: each is refused at a line, or plays without a failure."""
    from game.loading.loader import load_content
    from game.model.content import BUILTIN_NAMES, expression_types

    c = load_content()
    names = sorted({m.id for m in c.scenario.meters} | {lv.id for lv in c.scenario.levers}
                   | set(c.flags) | set(c.counters) | {t.id for t in c.scenario.tracks}
                   | set(BUILTIN_NAMES))
    types, _funcs = expression_types(c.scenario, c.flags, c.counters)
    rng = random.Random(17)
    cases = [(f"fuzz-{i}", random_mod(rng, names, types, tmp_path / f"fuzz-{i}"))
             for i in range(FUZZ_MODS)]
    results = _run_in_child(cases, tmp_path, timeout=3600)
    assert len(results) == FUZZ_MODS
    tracebacks = [r for r in results if r["traceback"]]
    failed = [r for r in results if r.get("failed_games")]
    refused = [r for r in results if r.get("errors")]
    unlocated = [r for r in refused if not r["located"]]
    played = [r for r in results if r.get("failed_games") == []]
    figures = {
        "cases": len(results), "refused": len(refused),
        "refused_unlocated": len(unlocated), "played_cleanly": len(played),
        "tracebacks": len(tracebacks), "failed_games": len(failed),
        "worst_cpu_seconds": round(max(r["seconds"] for r in results), 3),
        "worst_wall_seconds": round(max(r["wall_seconds"] for r in results), 3),
        "peak_mib": round(max(r["peak_kib"] for r in results) / 1024, 1),
    }
    print("FUZZ", json.dumps(figures))
    assert not tracebacks, tracebacks[0]["traceback"]
    assert not failed, failed[0]["failed_games"]
    assert not unlocated, unlocated[0]["errors"]
    assert all(r["seconds"] < CASE_SECONDS for r in results)
