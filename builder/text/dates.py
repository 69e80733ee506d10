"""Front-matter dates, parsed explicitly from the text the editor wrote.

YAML's own timestamp type turns ``2024-13-45`` into a bare ValueError, reads
``2024-03-10 10:00`` as a string and drops offsets into naive UTC values; so we
parse the scalar text ourselves and attach the site timezone to naive values.
Every YAML 1.1 timestamp form is accepted (``2001-12-14 21:59:43.10 -5`` is the
spec's own example, and Jekyll, Eleventy and PyYAML's resolver all read it):
one-digit months, days and hours, offsets ``-4``, ``+05``, ``-04:00``, ``-0400``
and ``Z`` with or without a space before them, fractional seconds.

Years run from 2 to 9998, a little short of Python's 1 to 9999: a build moves every
moment by time zones, the news window and a week (weekly editions), and
``9999-12-31`` plus two days is no datetime at all.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from builder.errors import DateError

_DATE = re.compile(
    r"""^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
    (?:(?:[Tt]|[ \t]+)
       (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?
       [ \t]*(?P<tz>[Zz]|[+-](?:\d{1,2}(?::\d{2})?|\d{4}))?
    )?$""",
    re.VERBOSE,
)
MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
"""English names, fixed: output must not depend on the machine's locale."""

_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
FIRST_YEAR, LAST_YEAR = 2, 9998
"""The years a date may have: every shift a build makes (offsets, the 48-hour news
window, a week's edition) stays inside what ``datetime`` holds."""


def in_range(value: datetime) -> bool:
    """Whether a build can compute with ``value`` (see :data:`FIRST_YEAR`)."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def out_of_range(text: str) -> str:
    return f"'{text}' is out of range (use a year from {FIRST_YEAR:04d} to {LAST_YEAR})"


def parse_date(text: str, tz: ZoneInfo) -> datetime:
    """``2023-05-23``, ``2023-05-23T10:00Z``, ``2019-03-05 9:00:00 -0500`` -> aware datetime."""
    match = _DATE.match(text.strip())
    if not match:
        raise DateError(
            f"'{text}' is not a date "
            "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] with an optional offset)"
        )
    g = match.groupdict()
    fraction = (g["f"] or "0")[:6].ljust(6, "0")
    try:
        value = datetime(
            int(g["y"]), int(g["m"]), int(g["d"]),
            int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0), int(fraction),
        )  # fmt: skip
    except ValueError as exc:
        raise DateError(f"'{text}' is not a real date ({exc})") from None
    offset = _offset(g["tz"]) if g["tz"] else None
    if offset is None and g["tz"]:
        raise DateError(f"'{text}' has an offset out of range")
    if not in_range(value):
        raise DateError(out_of_range(text))
    return value.replace(tzinfo=offset if offset is not None else tz)


def _offset(text: str) -> timezone | None:
    if text in ("Z", "z"):
        return UTC
    hours_text, _, minutes_text = text[1:].partition(":")
    if len(hours_text) == 4:  # -0400
        hours_text, minutes_text = hours_text[:2], hours_text[2:]
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if hours > 23 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def date_from_filename(name: str, tz: ZoneInfo) -> datetime | None:
    """Jekyll's ``2023-05-23-slug.md`` convention: the date at midnight in the site timezone."""
    match = _FILE_DATE.match(name)
    if not match:
        return None
    try:
        value = datetime(*map(int, match.groups()), tzinfo=tz)
    except ValueError:
        return None
    return value if in_range(value) else None


def strip_date_prefix(stem: str) -> str:
    return _FILE_DATE.sub("", stem, count=1)


def long_date(day: date) -> str:
    """``23 May 2023``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
