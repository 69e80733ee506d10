"""Atom 1.0 feeds (and an optional JSON Feed 1.1): which feeds exist and what they hold. Pure.

Entry ids are the stories' absolute URLs (stable as long as the URL is), and a
feed's ``updated`` is its newest entry's, never the build time, so building
twice gives the same bytes. The XML itself is written by the ``feed.xml``
template, with autoescaping; the JSON by a JSON serializer.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from builder import urls
from builder.config import SiteConfig
from builder.model import Article, Edition, Page, Site

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str
    published: datetime
    updated: datetime
    summary: str
    content: str
    """HTML, escaped once more by the template as Atom's ``type="html"`` requires."""
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    title: str
    url: str
    """The feed's own URL (root-relative)."""
    alternate: str
    """The HTML page the feed follows."""
    updated: datetime
    entries: tuple[FeedEntry, ...]


def feed_pages(site: Site, config: SiteConfig) -> list[Page]:
    """The feeds of one language (each language has its own, under its prefix)."""
    lang = functools.partial(urls.in_language, config.prefix)
    home = lang(urls.home_url())
    feeds = [_article_feed(config.title, lang(urls.feed_url()), home, site.articles, config)]
    feeds += [
        _article_feed(
            f"{t.name} — {config.title}",
            lang(urls.topic_feed_url(t.slug)),
            t.url,
            t.articles,
            config,
        )
        for t in site.topics
    ]
    feeds += [
        _article_feed(
            f"{a.name} — {config.title}",
            lang(urls.author_feed_url(a.slug)),
            a.url,
            a.articles,
            config,
        )
        for a in site.authors
    ]
    if site.editions:
        daily = lang(urls.editions_feed_url("daily"))
        feeds.append(_edition_feed("Daily editions", daily, site.editions, config))
    if site.weekly:
        weekly = lang(urls.editions_feed_url("weekly"))
        feeds.append(_edition_feed("Weekly editions", weekly, site.weekly, config))
    pages = [Page(f.url, "feed.xml", {"feed": f}) for f in feeds]
    if config.feeds.json:
        url = lang(urls.json_feed_url())
        pages.append(Page(url, "feed.json", {"jsonfeed": json_feed(feeds[0], config, url)}))
    return pages


def _entry(article: Article) -> FeedEntry:
    return FeedEntry(
        title=article.title,
        url=article.url,
        published=article.date,
        updated=article.updated or article.date,
        summary=article.summary,
        content=str(article.content),
        authors=article.authors,
        categories=tuple(ref.name for ref in article.topics),
    )


def _article_feed(
    title: str, url: str, alternate: str, articles: Sequence[Article], config: SiteConfig
) -> Feed:
    entries = tuple(_entry(a) for a in articles[: config.feeds.entries])
    return Feed(title, url, alternate, _newest(entries), entries)


def _edition_feed(title: str, url: str, editions: Sequence[Edition], config: SiteConfig) -> Feed:
    entries = tuple(_edition_entry(e) for e in editions[: config.feeds.entries])
    alternate = urls.in_language(config.prefix, urls.editions_index_url())
    return Feed(f"{title} — {config.title}", url, alternate, _newest(entries), entries)


def _edition_entry(edition: Edition) -> FeedEntry:
    """An edition as one entry: its headlines, grouped by topic, as an HTML list."""
    parts = []
    for group in edition.groups:
        heading = group.topic.name if group.topic else "Other stories"
        items = Markup("").join(
            Markup('<li><a href="{}">{}</a></li>').format(a.url, a.title) for a in group.articles
        )
        parts.append(Markup("<h2>{}</h2><ul>{}</ul>").format(heading, items))
    newest = max(a.updated or a.date for a in edition.articles)
    return FeedEntry(
        title=edition.title,
        url=edition.url,
        published=max(a.date for a in edition.articles),
        updated=newest,
        summary=f"{len(edition.articles)} stories",
        content=str(Markup("").join(parts)),
    )


def _newest(entries: Sequence[FeedEntry]) -> datetime:
    return max((e.updated for e in entries), default=EPOCH)


def json_feed(feed: Feed, config: SiteConfig, url: str | None = None) -> dict[str, Any]:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the site feed."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": urls.absolute(config.base_url, feed.alternate),
        "feed_url": urls.absolute(config.base_url, url or urls.json_feed_url()),
        "language": config.language,
        "items": [
            {
                "id": urls.absolute(config.base_url, e.url),
                "url": urls.absolute(config.base_url, e.url),
                "title": e.title,
                "content_html": e.content,
                "summary": e.summary,
                "date_published": e.published.isoformat(),
                "date_modified": e.updated.isoformat(),
                "authors": [{"name": name} for name in e.authors],
                "tags": list(e.categories),
            }
            for e in feed.entries
        ],
    }
