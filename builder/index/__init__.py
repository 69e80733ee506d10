"""index: all loaded Articles -> a :class:`Site`. Pure.

Keeps what is published (``builder.index.publication``: drafts and future-dated stories
are left out unless asked for, and counted so the summary can say so), orders the
stories, and derives everything else from them: topics, editions, the archive,
related stories.
"""

from __future__ import annotations

from collections.abc import Iterable

from builder.config import SiteConfig
from builder.errors import Problem
from builder.index.archive import build_archive
from builder.index.authors import build_authors, link_bylines
from builder.index.editions import daily_editions, weekly_editions
from builder.index.publication import Selection, published, schedule, steady_span
from builder.index.related import build_related
from builder.index.topics import build_topics, check_topic_names, check_vocabulary
from builder.model import Article, Site


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest first; equal dates by URL, so the order never depends on the file system."""
    by_url = sorted(articles, key=lambda a: a.url)
    return sorted(by_url, key=lambda a: a.date, reverse=True)


def build_index(
    articles: Iterable[Article], config: SiteConfig, selection: Selection
) -> tuple[Site, list[Problem]]:
    articles = tuple(articles)
    chosen = published(articles, selection)
    problems = [p for article in chosen.articles for p in check_topic_names(article)]
    problems += check_vocabulary(chosen.articles, config)
    bylined = link_bylines(newest_first(chosen.articles), config)
    linked, topics = build_topics(bylined, config)
    authors = build_authors(linked, config)
    related, related_problems = build_related(linked, topics, config)
    site = Site(
        articles=tuple(linked),
        topics=topics,
        authors=authors,
        editions=daily_editions(linked, config),
        weekly=weekly_editions(linked, config),
        archive=build_archive(linked, config),
        related=related,
        skipped_drafts=chosen.drafts,
        skipped_future=chosen.future,
        skipped_expired=chosen.expired,
        now=selection.now,
        schedule=schedule(articles, selection),
        steady=steady_span(articles, selection.now),
    )
    return site, problems + related_problems
