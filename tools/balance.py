"""The balance table for the base scenario (issue 3, items 6 and 7): ``docs/BALANCE.md``.

Run from the repository root::

    python tools/balance.py                 # 10,000 games per policy, writes docs/BALANCE.md
    python tools/balance.py --games 2000    # a quicker look while editing the deck
    python tools/balance.py --check         # exit 1 if a criterion fails (for CI)

It plays seeded games with the four fixed policies (random, concede, hardline,
historical), the lookahead policy and the reader policy (2,000 games by
default: it reads the whole player view each turn), then checks the criteria:

1. every card is drawn in at least 1% of random games;
2. every ending is reached by some policy;
3. no fixed policy reaches the best ending in more than 25% of its games;
4. the historical policy lands in the status-quo band (its most common ending);
5. the lookahead policy, which reads only the visible state and looks one turn
   ahead, reaches the good endings clearly more often than every fixed policy
   (at least 10 points more, and at least 1.5 times as often);
6. issue 12: the reader policy, which sees only the player view, reaches a good
   ending in at least 25% of its games; the best fixed policy in at most 10%;
   the gap is at least 15 points; and the reader's guess of Pyongyang's intent
   at month 8 (sincere or stalling) is right in at least 80% of its games.

Both stdout and docs/BALANCE.md end with the four ``RESULT`` lines of item 6.

The same seeds give the same table (on any machine, with any ``--jobs``); only
the timings differ. Progress goes to stderr, a summary to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.loading.folders import base_content_dir  # noqa: E402
from game.loading.loader import check_content  # noqa: E402
from game.loading.problems import format_problems  # noqa: E402
from game.model.content import Content  # noqa: E402
from game.sim.command import ProgressBar, default_jobs  # noqa: E402
from game.sim.policies import FIXED_POLICIES  # noqa: E402
from game.sim.report import to_json  # noqa: E402
from game.sim.runner import SimResult, SimSpec, simulate  # noqa: E402
from game.sim.stats import mean  # noqa: E402

POLICIES = (*FIXED_POLICIES, "lookahead", "reader")
READER_GOOD = 25.0  # percent, at least
FIXED_GOOD = 10.0  # percent, at most
SKILL_GAP = 15.0  # points, at least
INTENT_READ = 80.0  # percent, at least
MIN_READER_GAMES = 2000
MIN_CARD_RATE = 0.01
MAX_BEST_RATE = 0.25
SKILL_MARGIN = 0.10  # lookahead's good-ending rate must beat each fixed policy by this...
SKILL_FACTOR = 1.5  # ...and be at least this many times theirs


def pct(x: float) -> str:
    """A rate as a percentage with one decimal."""
    return f"{100 * x:.1f}%"


def pick_endings(content: Content, best: str | None, status_quo: str | None) -> tuple[str, str]:
    """The best ending (first good one unless named) and the status-quo one."""
    ids = [e.id for e in content.endings]
    if best is None:
        good = [e.id for e in content.endings if e.tone == "good"]
        if not good:
            raise SystemExit("no ending has tone: good; name the best one with --best")
        best = good[0]
    if status_quo is None:
        named = [i for i in ids if "status-quo" in i or "status_quo" in i]
        if not named:
            raise SystemExit("no ending id contains 'status-quo'; name it with --status-quo")
        status_quo = named[0]
    for eid in (best, status_quo):
        if eid not in ids:
            raise SystemExit(f"no ending {eid!r}; endings: {', '.join(ids)}")
    return best, status_quo


def evaluate(content: Content, results: dict[str, SimResult], best: str,
             status_quo: str) -> dict:
    """Every figure of the table and every criterion's verdict, as plain data."""
    good_ids = {e.id for e in content.endings if e.tone == "good"}
    rates: dict[str, dict[str, float]] = {}
    good: dict[str, float] = {}
    scores: dict[str, float] = {}
    for name, r in results.items():
        n = r.stats.games or 1
        rates[name] = {e.id: r.stats.endings.get(e.id, 0) / n for e in content.endings}
        good[name] = sum(rates[name][e] for e in good_ids)
        scores[name] = mean(r.stats.scores.get("score", {}))  # type: ignore[arg-type]
    random_run = results["random"]
    n_random = random_run.stats.games or 1
    card_rates = {cid: random_run.stats.card_games.get(cid, 0) / n_random
                  for cid in content.cards}
    rare = sorted((cid for cid, x in card_rates.items() if x < MIN_CARD_RATE),
                  key=lambda c: (card_rates[c], c))
    unreached = [e.id for e in content.endings
                 if not any(r.stats.endings.get(e.id) for r in results.values())]
    fixed = [p for p in results if p in FIXED_POLICIES]
    too_good = [p for p in fixed if rates[p][best] > MAX_BEST_RATE]
    hist = rates.get("historical", {})
    hist_mode = max(hist, key=lambda e: (hist[e], e)) if hist else None
    criteria = [
        {"name": f"every card drawn in at least {pct(MIN_CARD_RATE)} of random games",
         "ok": not rare,
         "detail": "all cards" if not rare else
         f"{len(rare)} below: " + ", ".join(f"{c} ({pct(card_rates[c])})" for c in rare)},
        {"name": "every ending reached by some policy",
         "ok": not unreached,
         "detail": "all endings" if not unreached else "never: " + ", ".join(unreached)},
        {"name": f"no fixed policy reaches the best ending ({best}) in more than "
                 f"{pct(MAX_BEST_RATE)} of games",
         "ok": not too_good,
         "detail": ", ".join(f"{p} {pct(rates[p][best])}" for p in fixed)},
        {"name": f"the historical policy lands in the status-quo band ({status_quo})",
         "ok": hist_mode == status_quo,
         "detail": (f"most common ending: {hist_mode} ({pct(hist[hist_mode])}); "
                    f"{status_quo} {pct(hist.get(status_quo, 0))}") if hist_mode else "not run"},
    ]
    if "lookahead" in results:
        look = good["lookahead"]
        beaten = [p for p in fixed
                  if look >= good[p] + SKILL_MARGIN and look >= SKILL_FACTOR * good[p]]
        criteria.append({
            "name": "lookahead reaches the good endings clearly more often than every fixed "
                    f"policy (+{SKILL_MARGIN * 100:.0f} points and x{SKILL_FACTOR:g})",
            "ok": len(beaten) == len(fixed),
            "detail": f"lookahead {pct(look)}; " + ", ".join(f"{p} {pct(good[p])}"
                                                            for p in fixed)})
    results_lines: list[tuple[str, float, float, bool]] = []
    if "reader" in results:
        reader = 100 * good["reader"]
        best_fixed = 100 * max(good[p] for p in fixed)
        reads = results["reader"].stats.intent_reads
        read = 100 * reads.get("right", 0) / max(1, sum(reads.values()))
        results_lines = [
            ("reader_good_rate", reader, READER_GOOD, reader >= READER_GOOD),
            ("best_fixed_good_rate", best_fixed, FIXED_GOOD, best_fixed <= FIXED_GOOD),
            ("skill_gap", reader - best_fixed, SKILL_GAP, reader - best_fixed >= SKILL_GAP),
            ("intent_read_rate", read, INTENT_READ, read >= INTENT_READ),
        ]
        criteria.append({
            "name": f"the reader (player view only) reaches a good ending in at least "
                    f"{READER_GOOD:.0f}% of games, {SKILL_GAP:.0f} points above the best fixed "
                    f"policy (at most {FIXED_GOOD:.0f}%), and reads intent right by month 8 in "
                    f"at least {INTENT_READ:.0f}%",
            "ok": all(ok for *_x, ok in results_lines),
            "detail": f"reader {reader:.1f}%; best fixed {best_fixed:.1f}%; gap "
                      f"{reader - best_fixed:.1f} points; intent read right {read:.1f}% "
                      f"({results['reader'].stats.games:,} games)"})
    return {"rates": rates, "good": good, "scores": scores, "card_rates": card_rates,
            "results_lines": results_lines,
            "rare": rare, "unreached": unreached, "criteria": criteria,
            "best": best, "status_quo": status_quo, "historical_mode": hist_mode}


def markdown(content: Content, results: dict[str, SimResult], ev: dict, args: argparse.Namespace,
             command: str) -> str:
    """docs/BALANCE.md."""
    pols = list(results)
    games = {p: results[p].stats.games for p in pols}
    out: list[str] = []
    w = out.append
    w("# Balance of the base scenario")
    w("")
    w("<!-- Generated by tools/balance.py: do not edit by hand; run it again. -->")
    w("")
    w(f"Generated with `{command}` on content `{content.scenario.id}` version "
      f"{content.scenario.version}, digest `{content.digest}`: {len(content.cards)} cards, "
      f"{len(content.endings)} endings, difficulty `{args.difficulty}`, run seed {args.seed}. "
      "Game *i* of a run uses a seed derived from the run seed and *i*, so the same "
      "command gives the same table on any machine and with any number of jobs.")
    w("")
    w("Games per policy: " + ", ".join(f"{p} {games[p]:,}" for p in pols) + ".")
    w("")
    w("## Criteria (issue 3, items 6 and 7; issue 12)")
    w("")
    w("| | criterion | figures |")
    w("|---|---|---|")
    for c in ev["criteria"]:
        w(f"| {'PASS' if c['ok'] else '**FAIL**'} | {c['name']} | {c['detail']} |")
    w("")
    w("## Ending rates by policy")
    w("")
    w("| ending | tone | " + " | ".join(pols) + " |")
    w("|---|---|" + "---:|" * len(pols))
    for e in content.endings:
        marks = []
        if e.id == ev["best"]:
            marks.append("best")
        if e.id == ev["status_quo"]:
            marks.append("status quo")
        label = f"`{e.id}`" + (f" ({', '.join(marks)})" if marks else "")
        cells = " | ".join(pct(ev["rates"][p][e.id]) for p in pols)
        w(f"| {label} | {e.tone} | {cells} |")
    w("| **good endings** | | " + " | ".join(f"**{pct(ev['good'][p])}**" for p in pols) + " |")
    w("| mean joint score | | " + " | ".join(f"{ev['scores'][p]:.1f}" for p in pols) + " |")
    w("")
    hist_mode = ev["historical_mode"]
    if hist_mode:
        w(f"**Where the historical policy lands**: `{hist_mode}` in "
          f"{pct(ev['rates']['historical'][hist_mode])} of its games "
          f"(the status-quo ending, `{ev['status_quo']}`: "
          f"{pct(ev['rates']['historical'][ev['status_quo']])}).")
        w("")
    if "lookahead" in pols:
        fixed = [p for p in pols if p in FIXED_POLICIES]
        best_fixed = max(fixed, key=lambda p: ev["good"][p])
        w(f"**Does thinking pay?** The lookahead policy reaches a good ending in "
          f"{pct(ev['good']['lookahead'])} of its games; the best fixed policy "
          f"({best_fixed}) in {pct(ev['good'][best_fixed])}.")
        w("")
    w("## Cards: share of random games in which each is drawn")
    w("")
    w(f"Sorted from the rarest; cards under {pct(MIN_CARD_RATE)} are marked.")
    w("")
    w("| card | random games | |")
    w("|---|---:|---|")
    rates = ev["card_rates"]
    for cid in sorted(rates, key=lambda c: (rates[c], c)):
        flag = "**under 1%**" if rates[cid] < MIN_CARD_RATE else ""
        w(f"| `{cid}` | {pct(rates[cid])} | {flag} |")
    w("")
    w("## The policies")
    w("")
    w("Every policy plays through the engine's ordinary moves, so it can do nothing a "
      "player could not. None reads a hidden value.")
    w("")
    w("- **random**: each step, uniform over the standing actions and lever changes open "
      "now and stopping; then a uniformly random open choice.")
    w("- **historical**: the choice history took where the card marks one; elsewhere the "
      "moderate choice (the middle of the concede-to-hardline ranking). Capital goes to the "
      "standing action used least so far (a steady habit, not a plan).")
    w("- **concede**: the choice that gives most (concessions recorded, levers lifted; when "
      "nothing is given, the one whose meter changes most resemble lifting a sanction, as "
      "the scenario's own levers define it); lifts the most valuable lever it can afford "
      "each turn.")
    w("- **hardline**: the choice that gives least; imposes lifted levers again.")
    w("- **reader**: sees only the player view (`game/engine/view.py`: what the screen "
      "shows; no fork of the engine, no hidden value, no dice) and follows a written "
      "strategy (`game/sim/reader.py`): commission an intelligence assessment a month until "
      "four are in (before month 8), and read Pyongyang's intent from the estimate's band "
      "and the tally of visible signals (deliveries, tone of statements); choose the answer "
      "from its preview (meters that need help moved the right way, deliveries for, "
      "concessions against, heavily so when Pyongyang reads as stalling or Tokyo is "
      "already ahead in the ledger); settle every open concern with its action; consult "
      "Washington and brief Seoul before any step that gives, in the same month; lift a "
      "measure only to a Pyongyang read as sincere and only while Tokyo stays within 3 "
      "points of what Pyongyang has delivered; keep the allies and the public above their "
      "danger marks; never take an action the view says would move no meter. At month 8 "
      "it records its guess, sincere or stalling, scored against the hidden value.")
    w("- **lookahead**: tries each open choice on copies of the game through the start of "
      "the next turn (hidden values set to what a player could believe: the quartiles of "
      "their starting range; the dice reseeded), and each standing move likewise; makes "
      "the move whose outcome looks best. The outlook is the tone of the ending reached, or "
      "of the ending the calendar would give if it ended now, plus the joint score.")
    w("")
    w("## Running it yourself")
    w("")
    w("```")
    w("python tools/balance.py --games 2000        # quick look while editing the deck")
    w("python tools/balance.py                     # the full table (10,000 games a policy)")
    w("parallel-tracks simulate --games 5000 --policy historical   # one policy, full report")
    w("parallel-tracks simulate --games 5000 --json > run.json     # for your own tools")
    w("parallel-tracks simulate --policy mine.yaml                 # your own policy file")
    w("```")
    w("")
    w("`simulate` reports ending rates, how often each card is drawn (never-drawn cards "
      "flagged), every meter's p10/median/p90 by turn, and the final scores; "
      "`--save-dir DIR` writes every game as an ordinary save that `replay --verify` and "
      "`report` read. Policies: `random`, `historical`, `concede`, `hardline`, "
      "`greedy:METER` (a visible meter, a track or `score`), `lookahead`, or a policy file.")
    w("")
    w("### Policy files")
    w("")
    w("A policy file is YAML: rules of *condition -> preferred choices, actions, levers*, "
      "read in order, with a fallback policy for whatever they leave open.")
    w("")
    w("```yaml")
    w("# cautious.yaml -- talk, but keep the allies close")
    w("name: cautious")
    w("fallback: historical        # any policy name; default historical")
    w("spend_rest: true            # the fallback spends the capital the rules leave")
    w("rules:")
    w("  - when: \"washington < 45\"          # a condition on visible values")
    w("    actions: [consult_washington]    # standing actions, in order, if open")
    w("  - when: \"seoul < 35\"")
    w("    actions: [brief_seoul]")
    w("  - cards: [stockholm-agreement]     # only while one of these cards is up")
    w("    choose: [sign-staged]            # choice ids; the first open one is made")
    w("  - when: \"tension >= 80\"")
    w("    levers: {ferry_ban: imposed}     # lever id -> imposed | lifted")
    w("```")
    w("")
    w("Each turn: every rule whose `when` holds (and whose `cards`, if given, include the "
      "card on the table) matches, in file order; matching rules set their `levers` and take "
      "their `actions` (each if open and affordable); then, unless `spend_rest: false`, the "
      "fallback makes its own standing moves. The rules are matched again before answering: "
      "the first id in a matching rule's `choose` that is open is made, otherwise the "
      "fallback answers. Conditions use the content's expression language over visible "
      "names (meters, tracks, levers, flags, counters, `date`, `turn`, `capital`, "
      "`conceded`, `delivered`, `seen(\"card\")`...); hidden meters are refused, because a "
      "policy plays as the player. Unknown card, choice, action and lever ids are reported "
      "as `file:line:col` errors before any game is played.")
    w("")
    secs = ", ".join(f"{p} {results[p].seconds:.0f} s" for p in pols)
    w(f"Time taken (jobs: {args.jobs}): {secs}.")
    if ev["results_lines"]:
        w("")
        w("## Results (issue 12)")
        w("")
        w("Good-ending rates in percent, the gap in points, intent read right by month 8 "
          "in percent; `best_fixed_good_rate` passes at or below its target, the others at "
          "or above.")
        w("")
        out.extend(result_lines(ev))
    return "\n".join(out) + "\n"


def result_lines(ev: dict) -> list[str]:
    """The four ``RESULT name value target T PASS|FAIL`` lines."""
    return [f"RESULT {name} {value:.1f} target {target:g} {'PASS' if ok else 'FAIL'}"
            for name, value, target, ok in ev["results_lines"]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=10_000, help="games per fixed policy")
    ap.add_argument("--lookahead-games", type=int, default=None,
                    help="games for the lookahead policy (default: --games)")
    ap.add_argument("--no-lookahead", action="store_true", help="skip the lookahead policy")
    ap.add_argument("--reader-games", type=int, default=MIN_READER_GAMES,
                    help=f"games for the reader policy (default {MIN_READER_GAMES:,}; 0 skips it)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: cores)")
    ap.add_argument("--difficulty", default="normal")
    ap.add_argument("--mod", action="append", default=[], metavar="DIR",
                    help="balance the base game with these mods")
    ap.add_argument("--best", help="the best ending's id (default: the first good one)")
    ap.add_argument("--status-quo", help="the status-quo ending's id")
    ap.add_argument("--out", default=str(ROOT / "docs" / "BALANCE.md"),
                    help="where to write the table ('-' for stdout only)")
    ap.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 if a criterion fails")
    args = ap.parse_args(argv)
    args.jobs = args.jobs if args.jobs > 0 else default_jobs()

    dirs = [base_content_dir(), *(Path(m) for m in args.mod)]
    loaded = check_content(dirs)
    if loaded.content is None:
        print(format_problems(loaded.problems), file=sys.stderr)
        return 1
    content = loaded.content
    best, status_quo = pick_endings(content, args.best, args.status_quo)
    plan = [(p, args.games) for p in FIXED_POLICIES]
    if not args.no_lookahead:
        plan.append(("lookahead", args.lookahead_games or args.games))
    if args.reader_games > 0:
        plan.append(("reader", args.reader_games))
    results: dict[str, SimResult] = {}
    started = time.perf_counter()
    for policy, games in plan:
        bar = ProgressBar(sys.stderr, f"{policy:<10}") if sys.stderr.isatty() else None
        spec = SimSpec(games=games, policy=policy, seed=args.seed, difficulty=args.difficulty,
                       dirs=tuple(str(d) for d in dirs))
        results[policy] = simulate(spec, args.jobs, bar, content)
        errs = results[policy].stats.errors
        if errs:
            i, seed, msg = errs[0]
            print(f"{policy}: {len(errs)} game(s) failed; first: game {i} (seed {seed}): {msg}",
                  file=sys.stderr)
        if bar is None:
            print(f"{policy}: {games} games in {results[policy].seconds:.1f} s",
                  file=sys.stderr)
    ev = evaluate(content, results, best, status_quo)
    # The options that change the figures (never --out, --json or --jobs: those
    # name places on one machine, or only change the time taken).
    shown = [f"--games {args.games}"] if args.games != 10_000 else []
    shown += [f"--lookahead-games {args.lookahead_games}"] if args.lookahead_games else []
    shown += ["--no-lookahead"] if args.no_lookahead else []
    shown += [f"--reader-games {args.reader_games}"] \
        if args.reader_games != MIN_READER_GAMES else []
    shown += [f"--seed {args.seed}"] if args.seed != 1 else []
    shown += [f"--difficulty {args.difficulty}"] if args.difficulty != "normal" else []
    shown += [f"--mod {Path(m).name}" for m in args.mod]
    shown += [f"--best {args.best}"] if args.best else []
    shown += [f"--status-quo {args.status_quo}"] if args.status_quo else []
    command = " ".join(["python tools/balance.py", *shown])
    text = markdown(content, results, ev, args, command)
    if args.out != "-":
        Path(args.out).write_text(text, encoding="utf-8")
    if args.json:
        doc = {"criteria": ev["criteria"], "rates": ev["rates"], "good": ev["good"],
               "card_rates": ev["card_rates"],
               "runs": {p: to_json(r) for p, r in results.items()}}
        Path(args.json).write_text(json.dumps(doc, indent=1), encoding="utf-8")
    for c in ev["criteria"]:
        print(f"{'PASS' if c['ok'] else 'FAIL'}  {c['name']}: {c['detail']}")
    print("good-ending rates: " + ", ".join(f"{p} {pct(ev['good'][p])}" for p in results))
    print(f"{time.perf_counter() - started:.0f} s; table written to "
          f"{args.out if args.out != '-' else 'stdout'}")
    if args.out == "-":
        print(text)
    for line in result_lines(ev):
        print(line)
    failed = [c for c in ev["criteria"] if not c["ok"]]
    return 1 if args.check and (failed or any(r.stats.errors for r in results.values())) else 0


if __name__ == "__main__":
    sys.exit(main())
