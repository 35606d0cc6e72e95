"""List the source addresses a content folder cites, by domain, so weak ones stand out.

Every card's history note names a source (and perhaps more), and every lever
may name where the real measure is documented. A reviewer checking the facts
wants to see at a glance which publishers the deck leans on: a government
record or a newspaper of record is one thing, a repost or a blog another.

Run from the repository root::

    python tools/sources.py                  # the base game: domains with counts
    python tools/sources.py --by-card        # ...and which card or lever cites each
    python tools/sources.py content/base mods/my-mod   # a scenario with mods over it

A domain listed in ``WEAK`` (aggregators, preview links, dead domains, blogs)
is marked ``weak`` in the table, and ``--check`` exits 1 if any address uses
one (a test runs it on the base game). A domain in ``REPOST`` (a wire story
carried by another site) is marked ``repost`` but allowed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.loading.folders import base_content_dir  # noqa: E402
from game.loading.loader import load_content  # noqa: E402
from game.model.content import Content  # noqa: E402

#: Domains that are not an original report: reposts of wire stories, aggregators,
#: a private preview link, personal blogs, a domain that no longer answers, and
#: the BBC's feed host (the article lives under bbc.com/news or news.bbc.co.uk).
WEAK = {
    "ajw.asahi.com": "dead domain (Asahi's English site moved to asahi.com/ajw)",
    "feeds.bbci.co.uk": "a feed host, not the article's address",
    "apdnews.com": "aggregator",
    "townhall.com": "repost of a wire story",
    "dailymail.co.uk": "repost of a wire story",
    "voa.pangea-cms.com": "a private preview link of the publisher's CMS",
    "blogspot.com": "personal blog or repost",
    "bbctodays.pages.dev": "a copy of a BBC page on a free host",
    "paperzz.com": "document-sharing repost",
    "scribd.com": "document-sharing repost",
}


#: Domains that carry a wire story or another publisher's text: shown marked in
#: the table so that a reviewer can look for the original, but not refused,
#: because the original is not always still online.
REPOST = {
    "news.yahoo.com": "repost of a wire story",
    "thefreelibrary.com": "repost of a wire story",
    "oneindia.com": "repost of a wire story",
}


def domain(address: str) -> str:
    """The host of an address without a leading 'www.' or 'm.', lower-case."""
    host = (urlsplit(address).hostname or "").lower()
    for prefix in ("www.", "m.", "www2.", "www3."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def weak_reason(host: str) -> str | None:
    """Why a domain is weak (it or a parent domain is in ``WEAK``), or None."""
    parts = host.split(".")
    for i in range(len(parts) - 1):
        reason = WEAK.get(".".join(parts[i:]))
        if reason:
            return reason
    return None


def citations(content: Content) -> list[tuple[str, str]]:
    """Every (where, address) pair the content cites: cards' notes, then levers."""
    found: list[tuple[str, str]] = []
    for card in content.cards.values():
        if card.history is not None:
            for address in (card.history.source, *card.history.more_sources):
                found.append((f"card {card.id}", address))
    for lever in content.scenario.levers:
        if lever.source:
            found.append((f"lever {lever.id}", lever.source))
    return found


def table(found: list[tuple[str, str]], by_card: bool = False) -> str:
    """The report: one line per domain, most cited first, weak ones marked."""
    counts = Counter(domain(address) for _, address in found)
    where: dict[str, list[str]] = defaultdict(list)
    for place, address in found:
        where[domain(address)].append(place)
    width = max((len(d) for d in counts), default=6)
    lines = [f"{len(found)} addresses from {len(counts)} domains", ""]
    for host, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        reason = weak_reason(host)
        mark = f"  weak: {reason}" if reason else ""
        if not reason and host in REPOST:
            mark = f"  repost: {REPOST[host]}"
        lines.append(f"{n:4d}  {host:<{width}}{mark}")
        if by_card:
            lines.extend(f"        {place}" for place in sorted(set(where[host])))
    return "\n".join(lines)


def weak_citations(found: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(where, address, why) for every address on a weak domain."""
    out = []
    for place, address in found:
        reason = weak_reason(domain(address))
        if reason:
            out.append((place, address, reason))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the domain table; with ``--check`` exit 1 on any weak address."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path,
                        help="the scenario folder, then mods (default: the base game)")
    parser.add_argument("--by-card", action="store_true",
                        help="under each domain, list the cards and levers that cite it")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if any address is on a weak domain")
    args = parser.parse_args(argv)
    content = load_content(args.dirs or [base_content_dir()])
    found = citations(content)
    print(table(found, by_card=args.by_card))
    weak = weak_citations(found)
    if weak:
        print(f"\n{len(weak)} weak addresses:")
        for place, address, reason in weak:
            print(f"  {place}: {address} ({reason})")
    return 1 if (args.check and weak) else 0


if __name__ == "__main__":
    raise SystemExit(main())
