"""The archive: years and months with their stories, newest first. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from builder.config import SiteConfig
from builder.config.languages import babel_locale
from builder.model import ArchiveMonth, ArchiveYear, Article
from builder.text.locales import month_year
from builder.urls import archive_url, in_language


def build_archive(articles: Sequence[Article], config: SiteConfig) -> tuple[ArchiveYear, ...]:
    """Articles (newest first) -> years, each with its months, newest first."""
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        local = article.date.astimezone(config.tz)
        months[(local.year, local.month)].append(article)
    years: dict[int, list[ArchiveMonth]] = defaultdict(list)
    locale, prefix = babel_locale(config), config.prefix
    for year, month in sorted(months, reverse=True):
        name = month_year(year, month, locale)
        stories = tuple(months[(year, month)])
        years[year].append(
            ArchiveMonth(year, month, name, in_language(prefix, archive_url(year, month)), stories)
        )
    return tuple(ArchiveYear(year, tuple(years[year])) for year in sorted(years, reverse=True))
