"""Markdown as plain text, for the line mode: what a screen reader should read aloud.

The content's texts are Markdown (``**bold**``, ``*italic*``, ```code```,
``[links](url)``, ``#`` headings, ``>`` quotes, lists). The Textual game draws
them; the line mode prints them, and a screen reader would read every asterisk.
:func:`plain_text` keeps the words and the structure a listener needs (paragraphs,
list items as ``- item``, a link's address after its words) and drops the marks.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_CODE = re.compile(r"(`+)(.+?)\1", re.S)
# Emphasis: a run of * or _ that opens before a non-space and closes after one
# (the same run length); underscores only at word edges, so snake_case stays.
# Neither crosses a blank line (a paragraph's end).
_SPAN = r"((?:(?!\n[ \t]*\n).)+?)"
_STAR = re.compile(r"(\*{1,3})(?=\S)" + _SPAN + r"(?<=\S)\1", re.S)
_UNDER = re.compile(r"(?<![A-Za-z0-9])(_{1,3})(?=\S)" + _SPAN + r"(?<=\S)\1(?![A-Za-z0-9])",
                    re.S)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def plain_inline(text: str) -> str:
    """Markdown text without its inline marks (emphasis may run over line breaks)."""
    codes: list[str] = []

    def keep_code(m: re.Match[str]) -> str:
        codes.append(m.group(2).strip())
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE.sub(keep_code, text)  # code is kept as written, marks and all
    text = _LINK.sub(lambda m: m.group(1) if not m.group(2) or m.group(2) == m.group(1)
                     else f"{m.group(1)} ({m.group(2)})", text)
    for _ in range(3):  # nested emphasis: ***a*** or **a *b* c**
        text = _STAR.sub(r"\2", text)
        text = _UNDER.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], text)


def plain_text(markdown: str) -> str:
    """``markdown`` as plain text: the same lines, without Markdown's marks.

    Headings lose their ``#``, quotes their ``>``, bullets become ``- ``,
    rules disappear, and emphasis, code and link marks are dropped (a link keeps
    its address in brackets). Line breaks and blank lines stay where they were.
    """
    out: list[str] = []
    for line in markdown.splitlines():
        if _RULE.match(line):
            out.append("")
            continue
        line = _QUOTE.sub("", line)
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        out.append(_BULLET.sub(r"\1- ", line).rstrip())
    return plain_inline("\n".join(out))
