"""Text from players and mods, made safe for each place a report puts it.

Names come from students, titles and labels from mods: strangers, so hostile.
Every report format passes such text through one of these before writing it:

- :func:`clean` for one line anywhere (a terminal, a cell, a heading): terminal
  escape sequences and control, invisible and bidirectional-control characters
  are removed, line breaks become spaces;
- :func:`md` for Markdown: cleaned, then HTML and Markdown syntax escaped, so a
  name can add no table row, heading, link or raw HTML; :func:`md_block` keeps
  paragraphs; :func:`md_code` is for text inside a fenced block;
- :func:`csv_cell` for CSV: cleaned, and a cell a spreadsheet would read as a
  formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) is
  neutralised with a leading apostrophe, as OWASP recommends;
- :func:`html` for HTML: cleaned and escaped.
"""

from __future__ import annotations

import re
from html import escape

from game.model.safetext import ESCAPE_SEQUENCE, HIDDEN

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!{}])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text: object) -> str:
    """One line of plain text: no escape sequence, no control character, no line break."""
    s = ESCAPE_SEQUENCE.sub("", str(text))
    return " ".join(HIDDEN.sub(" ", s).split())


def md(text: object) -> str:
    """Text for a Markdown line or table cell: it renders as exactly these characters."""
    s = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _MD_LINE_START.sub(r"\1\\\2", s)


def md_block(text: object) -> str:
    """Paragraphs of text for Markdown: each paragraph escaped as by :func:`md`."""
    s = ESCAPE_SEQUENCE.sub("", str(text)).replace("\r\n", "\n")
    paragraphs = re.split(r"\n\s*\n", s)
    return "\n\n".join(p for p in (md(x) for x in paragraphs) if p)


def md_code(text: object) -> str:
    """Text inside a fenced code block (a chart's row label): cleaned, no backtick that
    could close the block, and angle brackets shown as ‹ › so that no tool that skims the
    Markdown for HTML finds any."""
    return clean(text).replace("`", "'").replace("<", "‹").replace(">", "›")


def md_url(url: object) -> str:
    """A link target as a Markdown autolink, or escaped text if it could break out."""
    s = clean(url)
    if re.fullmatch(r"https?://[^\s<>`\\]+", s):
        return f"<{s}>"
    return md(s)


def csv_cell(value: object) -> object:
    """A CSV cell: numbers as they are; text cleaned, formulas neutralised."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    s = clean(value)
    if s.startswith(_FORMULA_START) and not _is_number(s):
        return "'" + s
    return s


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return bool(re.fullmatch(r"[-+]?\d+(\.\d+)?", s))


def html(text: object) -> str:
    """Text for HTML: cleaned and escaped (quotes too, so it is safe in attributes)."""
    return escape(clean(text))
