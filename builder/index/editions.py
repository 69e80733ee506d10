"""Daily and weekly editions: the stories of one period, grouped by topic. Pure.

Within an edition, topics are ordered by how many of its stories carry them
(ties by name); each story is listed once, under its own first topic (the one
the editor put first), so a story never appears twice in one edition. Stories
without a topic come last, under no heading.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from builder.config import SiteConfig
from builder.config.languages import babel_locale
from builder.model import Article, Edition, EditionGroup, TopicRef
from builder.text.locales import full_day
from builder.urls import edition_url, in_language


def daily_editions(articles: Sequence[Article], config: SiteConfig) -> tuple[Edition, ...]:
    if not config.editions.daily:
        return ()
    return _editions(articles, config, lambda d: d, _daily)


def weekly_editions(articles: Sequence[Article], config: SiteConfig) -> tuple[Edition, ...]:
    if not config.editions.weekly:
        return ()
    return _editions(articles, config, lambda d: d - timedelta(days=d.weekday()), _weekly)


def _editions(
    articles: Sequence[Article],
    config: SiteConfig,
    period_start: Callable[[date], date],
    make: Callable[[date, tuple[Article, ...], SiteConfig], Edition],
) -> tuple[Edition, ...]:
    """Articles (newest first) -> editions, newest first, linked to their neighbours."""
    periods: dict[date, list[Article]] = defaultdict(list)
    for article in articles:
        periods[period_start(article.date.astimezone(config.tz).date())].append(article)
    editions = [make(s, tuple(periods[s]), config) for s in sorted(periods, reverse=True)]
    return tuple(
        replace(
            edition,
            prev_url=editions[i + 1].url if i + 1 < len(editions) else None,
            next_url=editions[i - 1].url if i > 0 else None,
        )
        for i, edition in enumerate(editions)
    )


def _daily(day: date, articles: tuple[Article, ...], config: SiteConfig) -> Edition:
    key = day.isoformat()
    title = full_day(day, babel_locale(config))
    groups = group_by_topic(articles)
    url = in_language(config.prefix, edition_url(key))
    return Edition(key, "daily", title, url, day, day, groups, articles)


def _weekly(monday: date, articles: tuple[Article, ...], config: SiteConfig) -> Edition:
    year, week, _ = monday.isocalendar()
    key = f"{year}-W{week:02d}"
    title = f"Week {week}, {year}"
    sunday = monday + timedelta(days=6)
    groups = group_by_topic(articles)
    url = in_language(config.prefix, edition_url(key))
    return Edition(key, "weekly", title, url, monday, sunday, groups, articles)


def group_by_topic(articles: Sequence[Article]) -> tuple[EditionGroup, ...]:
    counts = Counter(ref for article in articles for ref in article.topics)
    order = sorted(counts, key=lambda ref: (-counts[ref], ref.name.casefold(), ref.slug))
    members: dict[TopicRef | None, list[Article]] = defaultdict(list)
    for article in articles:
        members[article.topics[0] if article.topics else None].append(article)
    groups = [EditionGroup(ref, tuple(members[ref])) for ref in order if members.get(ref)]
    if members.get(None):
        groups.append(EditionGroup(None, tuple(members[None])))
    return tuple(groups)
