"""index: all loaded Articles -> a :class:`Site`. Pure.

Decides what is published (drafts and future-dated stories are left out unless
asked for, and counted so the summary can say so), orders the stories, and
groups them by topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from builder.config import SiteConfig
from builder.errors import Problem
from builder.model import Article, Site
from builder.topics import build_topics, check_topic_names


@dataclass(frozen=True)
class Selection:
    """What the command line asked to include."""

    drafts: bool = False
    future: bool = False
    now: datetime | None = None
    """The build clock; injected so that tests (and output) do not depend on wall time."""


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest first; equal dates by URL, so the order never depends on the file system."""
    by_url = sorted(articles, key=lambda a: a.url)
    return sorted(by_url, key=lambda a: a.date, reverse=True)


def build_index(
    articles: Iterable[Article], config: SiteConfig, selection: Selection
) -> tuple[Site, list[Problem]]:
    problems: list[Problem] = []
    published: list[Article] = []
    drafts = future = 0
    for article in articles:
        if article.draft and not selection.drafts:
            drafts += 1
        elif selection.now and article.date > selection.now and not selection.future:
            future += 1
        else:
            published.append(article)
            problems.extend(check_topic_names(article))
    linked, topics = build_topics(newest_first(published), config)
    site = Site(tuple(linked), topics, skipped_drafts=drafts, skipped_future=future)
    return site, problems
