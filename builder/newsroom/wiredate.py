"""The date wire copy gives for itself, so an old story imported today is not dated today. Pure.

Two places carry it, as agencies write them:

* the **dateline**: ``WASHINGTON, May 23, 2023 (AP) —`` or ``LONDON, 23 May (Reuters) –``;
  a dateline without a year is read as the latest such day not after ``today``;
* a **date line**, a paragraph that is only a date: ``May 23, 2023``,
  ``23 May 2023 10:15``, ``2023-05-23``, optionally after ``Date:``/``Published:``.

Month names are English, in full or in AP's abbreviations (``Sept.``, ``Aug.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_DAY = r"(?<!\d)(?P<day>\d{1,2})(?!\d)"
_TIME = r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?!\d))?"
_WRITTEN = (
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?{_TIME}", re.IGNORECASE),
    re.compile(rf"{_DAY}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+{_YEAR})?{_TIME}", re.IGNORECASE),
    re.compile(rf"{_YEAR}-(?P<month>\d{{2}})-{_DAY}(?:[ T](?P<hour>\d{{2}}):(?P<minute>\d{{2}}))?"),
)
_LABEL = re.compile(r"^(?:date|dated|published|posted|filed)\s*:?\s*", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+", re.IGNORECASE
)


@dataclass(frozen=True)
class WireDate:
    """A date (or date and local time) found in the copy, and where it was found."""

    value: date | datetime
    """A naive datetime when the copy gave a time: it is read in the site timezone."""
    where: str
    """``the dateline`` or ``a date line``, for the message that says what was used."""


def date_in_dateline(dateline: str, today: date) -> WireDate | None:
    """``WASHINGTON, May 23, 2023 (AP)`` -> 2023-05-23; ``LONDON (Reuters)`` -> None."""
    for pattern in _WRITTEN:
        match = pattern.search(dateline)
        if match:
            value = _value(match, today)
            if value is not None:
                return WireDate(value, "the dateline")
    return None


def date_line(paragraph: str, today: date) -> WireDate | None:
    """A paragraph that is a date and nothing else (``Published: May 23, 2023``), else None."""
    text = _WEEKDAY.sub("", _LABEL.sub("", paragraph.strip()).strip())
    text = re.sub(r"\s*\((?:UTC|GMT|local time)\)$|\s+(?:UTC|GMT)$", "", text, flags=re.I)
    for pattern in _WRITTEN:
        match = pattern.fullmatch(text.rstrip("."))
        if match:
            value = _value(match, today)
            if value is not None:
                return WireDate(value, "a date line")
    return None


def _value(match: re.Match[str], today: date) -> date | datetime | None:
    """The match as a real date (None for ``February 30``), the year inferred when absent."""
    month_text = match["month"].lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    day = int(match["day"])
    try:
        if match["year"]:
            found = date(int(match["year"]), month, day)
        else:
            found = date(today.year, month, day)
            if found > today:  # "Dec 30" read on 2 January is last year's
                found = date(today.year - 1, month, day)
    except ValueError:
        return None
    if match["hour"] is None:
        return found
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return found
    return datetime.combine(found, time(hour, minute))
