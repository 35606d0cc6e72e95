"""Write docs/ASSUMPTIONS.md from the base scenario's ``assumptions`` field.

The page a teacher reads in the docs and the page a player opens in the game
(``assumptions`` in the line mode) must say the same thing, so there is one
text: the scenario file's ``assumptions`` field. This script copies it into
the docs under a one-line notice, and ``--check`` exits 1 if the docs page is
out of date (a test runs it).

Run: ``python tools/gen_assumptions.py`` after editing the field in
``content/base/scenario.yaml``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.loading.folders import base_content_dir  # noqa: E402
from game.loading.loader import load_content  # noqa: E402

OUT = ROOT / "docs" / "ASSUMPTIONS.md"
NOTICE = ("<!-- Generated from the `assumptions` field of content/base/scenario.yaml by "
          "tools/gen_assumptions.py: edit the scenario, then run the script. -->\n\n")


def assumptions_text() -> str:
    """The base scenario's assumptions, exactly as the game shows them."""
    content = load_content([base_content_dir()])
    text = content.scenario.assumptions.strip()
    if not text:
        raise SystemExit("the base scenario has no 'assumptions' text")
    return text + "\n"


def render() -> str:
    """The docs page: the notice, then the scenario's text unchanged."""
    return NOTICE + assumptions_text()


def page_body(page: str) -> str:
    """The docs page without its notice: what must equal the scenario's text."""
    return page[len(NOTICE):] if page.startswith(NOTICE) else page


def main(argv: list[str] | None = None) -> int:
    """Write the page, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if docs/ASSUMPTIONS.md differs from the scenario's text")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != page:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python tools/gen_assumptions.py",
                  file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.write_text(page, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
