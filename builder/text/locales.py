"""Dates, month names and numbers in a language's own words, from CLDR through Babel.

``locale`` is a Babel locale name (``ja``, ``es``, ``pt_BR``; config/languages.py
``babel_locale``), or None for newsdigest's own English (``2 December 2026``), which a
site without ``languages:`` keeps exactly. Nothing depends on the machine's locale.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from builder.text.dates import MONTHS, WEEKDAYS, long_date


def long_day(day: date, locale: str | None) -> str:
    """``2 December 2026``, ``2026年12月2日``, ``2 de diciembre de 2026``."""
    if locale is None:
        return long_date(day)
    return format_date(day, "long", locale=locale)


def full_day(day: date, locale: str | None) -> str:
    """A daily edition's title: ``Wednesday 2 December 2026``, ``2026年12月2日水曜日``."""
    if locale is None:
        return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
    return format_date(day, "full", locale=locale)


def month_year(year: int, month: int, locale: str | None) -> str:
    """An archive month: ``May 2023``, ``2023年5月``, ``mayo de 2023``."""
    if locale is None:
        return f"{MONTHS[month - 1]} {year}"
    return format_skeleton("yMMMM", date(year, month, 1), locale=locale)


def number(value: int | float, locale: str | None) -> str:
    """``1,234`` / ``1.234`` / ``1 234``, as the language writes numbers."""
    if locale is None:
        return str(value)
    return format_decimal(value, locale=locale)


@cache
def plural_category(count: int, locale: str | None) -> str:
    """CLDR's plural category of ``count`` (``one``, ``few``, ``many``, ``other``…)."""
    return Locale.parse(locale or "en").plural_form(count)
