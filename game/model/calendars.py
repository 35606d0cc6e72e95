"""Calendars in any unit: a turn is a day, a week, a month, a quarter or a year.

Dates are written as text in the unit's own form and turned into whole numbers
(an index) so that they subtract and compare as ints:

=========  ==============  ==========================================
unit       written         index
=========  ==============  ==========================================
day        ``1962-10-16``  the proleptic Gregorian day number
week       ``1962-10-15``  weeks since year 1; a week runs Monday to
                           Sunday and is named by its Monday (any day
                           of the week may be written)
month      ``2014-03``     ``year * 12 + month - 1``
quarter    ``2014-Q2``     ``year * 4 + quarter - 1``
year       ``2014``        the year
=========  ==============  ==========================================

Every form sorts as text in date order, so ``date >= "1962-10-20"`` in a
condition compares as the calendar does. Kept apart from the schemas so that
reading a date needs no pydantic; the engine uses it too, so it does no I/O.
"""

from __future__ import annotations

import datetime as _dt
import re

from game.model.months import MONTH_ABBR, MONTH_NAMES

#: The units a scenario may choose, shortest first.
UNITS = ("day", "week", "month", "quarter", "year")

_FORMS = {
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "week": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}

#: How a date of each unit is written, for error messages and docs.
FORM_HINTS = {
    "day": "a day written YYYY-MM-DD, e.g. 1962-10-16",
    "week": "a week written as one of its days, YYYY-MM-DD, e.g. 1962-10-15",
    "month": "a month written YYYY-MM, e.g. 2014-05",
    "quarter": "a quarter written YYYY-Qn, e.g. 2014-Q2",
    "year": "a year written YYYY, e.g. 2014",
}


def _day(year: str, month: str, day: str) -> _dt.date:
    return _dt.date(int(year), int(month), int(day))


def date_index(text: str, unit: str = "month") -> int:
    """A date written in ``unit``'s form -> its index; ValueError saying the form if not."""
    form = _FORMS.get(unit)
    if form is None:
        raise ValueError(f"unknown calendar unit {unit!r}: use one of {', '.join(UNITS)}")
    found = form.match(text) if isinstance(text, str) else None
    if found is None:
        raise ValueError(f"{text!r} is not {FORM_HINTS[unit]}")
    parts = found.groups()
    try:
        if unit == "day":
            return _day(*parts).toordinal()
        if unit == "week":
            return (_day(*parts).toordinal() - 1) // 7
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real day ({exc}); expected {FORM_HINTS[unit]}") \
            from None
    if unit == "month":
        month = int(parts[1])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not {FORM_HINTS[unit]}")
        return int(parts[0]) * 12 + month - 1
    if unit == "quarter":
        return int(parts[0]) * 4 + int(parts[1]) - 1
    return int(parts[0])


def date_name(index: int, unit: str = "month") -> str:
    """The inverse of :func:`date_index`: the date written in the unit's form."""
    if unit == "day":
        return _dt.date.fromordinal(index).isoformat()
    if unit == "week":
        return _dt.date.fromordinal(index * 7 + 1).isoformat()
    if unit == "quarter":
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "year":
        return f"{index:04d}"
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def year_month(index: int, unit: str = "month") -> tuple[int, int]:
    """The year and month (1-12) a date falls in (its first month, for quarters and years)."""
    if unit in ("day", "week"):
        day = _dt.date.fromordinal(index if unit == "day" else index * 7 + 1)
        return day.year, day.month
    if unit == "quarter":
        return index // 4, (index % 4) * 3 + 1
    if unit == "year":
        return index, 1
    return index // 12, index % 12 + 1


def date_label(text: str, unit: str, short: bool = False) -> str:
    """A date for the player, in its calendar's unit: every screen, report and list
    writes dates through this one function.

    'March 2014' (``short``: 'Mar 2014'), '16 October 1962' ('16 Oct 1962'),
    'week of 3 March 1962' ('week of 3 Mar 1962'), 'Q2 2014', '2014'. A week is
    always written with "week of": alone, its Monday's date would read as a day.
    Text that is not a date of the unit is returned unchanged, so a label can
    never raise.
    """
    try:
        index = date_index(text, unit)
    except ValueError:
        return text
    names = MONTH_ABBR if short else MONTH_NAMES
    if unit in ("day", "week"):
        day = _dt.date.fromordinal(index if unit == "day" else index * 7 + 1)
        label = f"{day.day} {names[day.month]} {day.year}"
        return label if unit == "day" else f"week of {label}"
    if unit == "quarter":
        return f"Q{index % 4 + 1} {index // 4}"
    if unit == "year":
        return str(index)
    return f"{names[index % 12 + 1]} {index // 12}"


#: The name of one turn and of several, per unit ("1 day", "3 weeks").
UNIT_WORDS = {
    "day": ("day", "days"),
    "week": ("week", "weeks"),
    "month": ("month", "months"),
    "quarter": ("quarter", "quarters"),
    "year": ("year", "years"),
}


def turns_word(count: int, unit: str = "month") -> str:
    """'1 month', '3 days': a number of turns in the calendar's unit."""
    one, many = UNIT_WORDS.get(unit, ("turn", "turns"))
    return f"{count} {one if count == 1 else many}"
