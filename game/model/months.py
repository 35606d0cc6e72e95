"""Months as numbers: the calendar arithmetic every layer of the game uses.

Kept apart from the schemas so that reading a date needs no pydantic.
"""

from __future__ import annotations

import re

_MONTH = re.compile(r"^\d{4}-\d{2}$")

#: The months' names, 1-12 (index 0 is empty, as in ``calendar.month_name``), in the
#: game's language whatever the machine's locale.
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
MONTH_ABBR = ("", *(name[:3] for name in MONTH_NAMES[1:]))


def month_index(month: str) -> int:
    """``"2014-03"`` -> a month count, so that months subtract and compare as ints."""
    if not _MONTH.match(month):
        raise ValueError(f"not a month: {month!r}")
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_name(index: int) -> str:
    """The inverse of :func:`month_index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
