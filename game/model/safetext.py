"""Characters that must not reach a terminal or hide in a name: one definition.

Content, player names and save names come from strangers. An escape sequence
(``ESC ]0;...``, ``ESC [2J``) written to a terminal retitles or clears it; a
bidirectional override (U+202E) makes text read differently from what it is.
``check`` refuses them in content (:func:`find_control`), the line mode strips
them from everything it writes (:func:`strip_controls`), and save names refuse
every invisible character (:func:`invisible`).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["describe_char", "find_control", "invisible", "strip_controls"]

# C0 and C1 control characters except tab and line feed, DEL, the line and
# paragraph separators, and the bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def find_control(text: str) -> int:
    """The index of the first control character in ``text`` (tab and line feed are
    allowed), or -1."""
    m = _CONTROL.search(text)
    return m.start() if m else -1


def strip_controls(text: str) -> str:
    """``text`` without its control characters (tab and line feed are kept)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def invisible(text: str) -> int:
    """The index of the first character of ``text`` that shows nothing or reorders
    text (controls, formats such as U+200B and U+FEFF, separators, private and
    unassigned code points), or -1. Spaces are visible enough."""
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"):
            return i
    return -1


def describe_char(ch: str) -> str:
    """A character as an error names it: ``U+001B (ESCAPE)``."""
    name = unicodedata.name(ch, "")
    if not name and ord(ch) < 32:
        name = {27: "ESCAPE", 0: "NULL", 13: "CARRIAGE RETURN"}.get(ord(ch), "CONTROL")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
