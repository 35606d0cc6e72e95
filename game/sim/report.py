"""The simulator's output: a plain-text report for authors and a JSON document for tools."""

from __future__ import annotations

import math
from typing import Any

from game.sim.runner import SimResult
from game.sim.stats import mean, quantile, spread


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:5.1f}%" if total else "    -"


def _num(x: float) -> str:
    return "-" if isinstance(x, float) and math.isnan(x) else f"{x:g}"


def to_json(result: SimResult) -> dict[str, Any]:
    """The machine-readable form: ``{"games", "seconds", "endings", "cards", ...}``.

    ``cards`` maps every card id (never-drawn ones included, with 0) to the
    number of games in which it was drawn; ``card_draws`` counts repeats too.
    ``meters`` gives, per meter and turn, the spread of values at the end of
    that turn over the games still running (turn 0 is the start).
    """
    st = result.stats
    content = result.content
    endings = {e.id: st.endings.get(e.id, 0) for e in content.endings}
    for eid, n in sorted(st.endings.items()):
        endings.setdefault(eid, n)
    tones: dict[str, int] = {}
    for e in content.endings:
        tones[e.tone] = tones.get(e.tone, 0) + st.endings.get(e.id, 0)
    meters = {
        mid: [{"turn": t, **spread(c)} for t, c in sorted(by_turn.items())]
        for mid, by_turn in st.meters.items()
    }
    doc = {
        "games": st.games,
        "seconds": round(result.seconds, 3),
        "games_per_second": round(st.games / result.seconds, 1) if result.seconds else None,
        "policy": result.policy_name,
        "seed": result.spec.seed,
        "difficulty": result.spec.difficulty,
        "jobs": result.jobs,
        "scenario": content.scenario.id,
        "content_digest": content.digest,
        "endings": endings,
        "ending_tones": tones,
        "cards": {cid: st.card_games.get(cid, 0) for cid in sorted(content.cards)},
        "card_draws": {cid: st.card_draws.get(cid, 0) for cid in sorted(content.cards)},
        "never_drawn": sorted(cid for cid in content.cards if not st.card_games.get(cid)),
        "choices": dict(sorted(st.picks.items())),
        "meters": meters,
        "scores": {k: spread(c) | {"mean": round(mean(c), 2)}
                   for k, c in sorted(st.scores.items())},
        "turns": {"mean": round(mean(st.lengths), 2), **spread(st.lengths)},
        "errors": [{"index": i, "seed": s, "message": m} for i, s, m in st.errors],
    }
    if st.intent_reads:  # only a policy that guesses intent (reader) has them
        doc["intent_reads"] = dict(sorted(st.intent_reads.items()))
    return doc


def to_text(result: SimResult, cards_limit: int | None = None) -> str:
    """The report an author reads: endings, card coverage, meters by turn."""
    st = result.stats
    content = result.content
    n = st.games
    out: list[str] = []
    rate = f", {n / result.seconds:,.0f} games/s" if result.seconds else ""
    out.append(f"{n} games of {content.scenario.id} with policy {result.policy_name} "
               f"(seed {result.spec.seed}, difficulty {result.spec.difficulty}, "
               f"{result.jobs} job{'s' if result.jobs != 1 else ''}): "
               f"{result.seconds:.2f} s{rate}")
    if st.errors:
        out.append("")
        out.append(f"ERRORS: {len(st.errors)} game(s) could not be finished "
                   "(replay one with 'parallel-tracks play --plain --seed SEED'):")
        for i, seed, msg in st.errors[:10]:
            out.append(f"  game {i} (seed {seed}): {msg}")
        if len(st.errors) > 10:
            out.append(f"  ... and {len(st.errors) - 10} more (see --json)")

    reads = st.intent_reads
    if reads:
        total = sum(reads.values())
        out.append("")
        out.append(f"Intent read right by month 8 (the policy's guess against the hidden "
                   f"value): {reads.get('right', 0)} of {total} games, "
                   f"{_pct(reads.get('right', 0), total)}")
    out.append("")
    out.append("Endings")
    width = max((len(e.id) for e in content.endings), default=8)
    for e in content.endings:
        k = st.endings.get(e.id, 0)
        flag = "   NEVER REACHED" if k == 0 else ""
        out.append(f"  {e.id:<{width}}  {e.tone:<5}  {k:>7}  {_pct(k, n)}{flag}")

    out.append("")
    never = sorted(cid for cid in content.cards if not st.card_games.get(cid))
    out.append(f"Cards: games in which each was drawn ({len(content.cards) - len(never)} of "
               f"{len(content.cards)} drawn at least once)")
    rows = sorted(content.cards, key=lambda c: (st.card_games.get(c, 0), c))
    if cards_limit is not None and len(rows) > cards_limit:
        rows = rows[:cards_limit]
        out.append(f"  (the {cards_limit} least drawn; --json lists all)")
    cwidth = max((len(c) for c in rows), default=8)
    for cid in rows:
        k = st.card_games.get(cid, 0)
        flag = "   NEVER DRAWN" if k == 0 else ("   under 1%" if n and k < n / 100 else "")
        out.append(f"  {cid:<{cwidth}}  {k:>7}  {_pct(k, n)}{flag}")

    out.append("")
    out.append("Meters by turn: p10 / median / p90 at the end of each month "
               "(over the games still running)")
    meter_ids = [m.id for m in content.scenario.meters if m.id in st.meters]
    heads = [m.id + (" (hidden)" if content.meters[m.id].hidden else "") for m in
             content.scenario.meters if m.id in st.meters]
    colw = max(14, *(len(h) for h in heads)) if heads else 14
    out.append("  turn  games  " + "  ".join(f"{h:>{colw}}" for h in heads))
    turns = sorted({t for mid in meter_ids for t in st.meters[mid]})
    for t in turns:
        cells = []
        games_at = 0
        for mid in meter_ids:
            c = st.meters[mid].get(t)
            if not c:
                cells.append(f"{'-':>{colw}}")
                continue
            games_at = sum(c.values())
            cell = (f"{_num(quantile(c, 0.1))}/{_num(quantile(c, 0.5))}/"
                    f"{_num(quantile(c, 0.9))}")
            cells.append(f"{cell:>{colw}}")
        out.append(f"  {t:>4}  {games_at:>5}  " + "  ".join(cells))

    out.append("")
    out.append("Final scores: mean, p10 / median / p90")
    for name, c in sorted(st.scores.items()):
        out.append(f"  {name:<12} {mean(c):6.1f}   {_num(quantile(c, 0.1))} / "
                   f"{_num(quantile(c, 0.5))} / {_num(quantile(c, 0.9))}")
    out.append(f"  game length: {mean(st.lengths):.1f} turns on average "
               f"(of {content.total_turns})")
    return "\n".join(out)
