"""index: all loaded Articles -> a :class:`Site`. Pure.

Decides what is published (drafts and future-dated stories are left out unless
asked for, and counted so the summary can say so), orders the stories, and
derives everything else from them: topics, editions, the archive, related stories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from builder.config import SiteConfig
from builder.errors import Problem
from builder.index.archive import build_archive
from builder.index.editions import daily_editions, weekly_editions
from builder.index.related import build_related
from builder.index.topics import build_topics, check_topic_names, check_vocabulary
from builder.model import Article, PreviewMark, Site


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


def unpublished_reason(article: Article, selection: Selection) -> str | None:
    """``"draft"`` or ``"future"`` when the selection leaves the article out, else None."""
    if article.draft and not selection.drafts:
        return "draft"
    if selection.now and article.date > selection.now and not selection.future:
        return "future"
    return None


def preview_mark(article: Article, selection: Selection) -> PreviewMark | None:
    """The badge of a story published only because the selection asked for drafts or the future."""
    draft = article.draft and selection.drafts
    scheduled = selection.now is not None and article.date > selection.now and selection.future
    if not (draft or scheduled):
        return None
    return PreviewMark(draft=draft, scheduled=article.date if scheduled else None)


def build_index(
    articles: Iterable[Article], config: SiteConfig, selection: Selection
) -> tuple[Site, list[Problem]]:
    problems: list[Problem] = []
    published: list[Article] = []
    drafts = future = 0
    for article in articles:
        reason = unpublished_reason(article, selection)
        if reason == "draft":
            drafts += 1
        elif reason == "future":
            future += 1
        else:
            mark = preview_mark(article, selection)
            published.append(replace(article, mark=mark) if mark else article)
            problems.extend(check_topic_names(article))
    problems += check_vocabulary(published, config)
    linked, topics = build_topics(newest_first(published), config)
    related, related_problems = build_related(linked, topics, config)
    site = Site(
        articles=tuple(linked),
        topics=topics,
        editions=daily_editions(linked, config),
        weekly=weekly_editions(linked, config),
        archive=build_archive(linked, config),
        related=related,
        skipped_drafts=drafts,
        skipped_future=future,
    )
    return site, problems + related_problems
