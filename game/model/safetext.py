"""Characters that must not reach a terminal or hide in a name: one definition.

Content, player names and save names come from strangers. An escape sequence
(``ESC ]0;...``, ``ESC [2J``) written to a terminal retitles or clears it; a
bidirectional override (U+202E) makes text read differently from what it is.
``check`` refuses them in content (:func:`find_control`), the line mode strips
them from everything it writes (:func:`strip_controls`), save names refuse
every invisible character (:func:`invisible`), and reports clean every line
with :data:`ESCAPE_SEQUENCE` and :data:`HIDDEN` (``game/report/safe.py``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ESCAPE_SEQUENCE", "HIDDEN", "describe_char", "find_control", "invisible",
    "strip_controls",
]

# C0 and C1 control characters except tab and line feed, DEL, the line and
# paragraph separators, and the bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: A terminal escape sequence as a whole (CSI ... final byte; OSC ... BEL or ST;
#: two-byte escapes), so no parameter text is left behind when the ESC goes.
ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
    r"|\x9b[0-?]*[ -/]*[@-~]?")

#: Everything that must not hide in one line of a report: C0 and C1 controls
#: (tab and line feed too), DEL, zero-width and bidirectional controls, line and
#: paragraph separators, the byte-order mark.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                    "\u2060-\u2069\ufeff\ufff9-\ufffb]")


def find_control(text: str) -> int:
    """The index of the first control character in ``text`` (tab and line feed are
    allowed), or -1."""
    m = _CONTROL.search(text)
    return m.start() if m else -1


def strip_controls(text: str) -> str:
    """``text`` without its escape sequences and control characters (tab and line
    feed are kept)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", ESCAPE_SEQUENCE.sub("", text))


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
