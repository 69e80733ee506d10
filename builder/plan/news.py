"""The Google News sitemap (``urls.news_sitemap_url``). Pure.

Google News reads only the stories published in the two days before it
crawls, at most 1,000 of them, each with its publication (name and language),
publication moment and title. "Two days" is counted back from the build clock
(``Site.now``, the ``--now`` of the build), so the file is reproducible; with
no story that recent it is an empty but valid ``urlset``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from builder.config import SiteConfig
from builder.index.publication import NEWS_WINDOW, publishes_at
from builder.model import Page, Site
from builder.urls import news_sitemap_url

MAX_NEWS = 1000


@dataclass(frozen=True)
class NewsEntry:
    url: str
    title: str
    published: datetime
    """W3C format with its offset in the template (``isodate``)."""
    language: str = ""
    """Google's code for the story's language (``news_language``)."""


def news_language(language: str) -> str:
    """Google's code: ISO 639 (``en-GB`` -> ``en``), but ``zh-cn`` and ``zh-tw`` for Chinese."""
    code = language.strip().lower().replace("_", "-")
    primary = code.split("-", 1)[0] or "en"
    if primary != "zh":
        return primary
    traditional = any(mark in code for mark in ("-tw", "-hk", "-mo", "hant"))
    return "zh-tw" if traditional else "zh-cn"


def news_sitemap_pages(site: Site, config: SiteConfig) -> list[Page]:
    """``/news-sitemap.xml``, unless ``news.enabled`` is false."""
    if not config.news.enabled:
        return []
    entries: list[NewsEntry] = []
    if site.now is not None:
        since = site.now - NEWS_WINDOW
        for own in site.languages or (site,):  # one file, each story in its own language
            code = news_language(own.language or config.language)
            recent = (a for a in own.articles if since < publishes_at(a) <= site.now)
            entries += [NewsEntry(a.url, a.title, publishes_at(a), code) for a in recent]
        entries.sort(key=lambda e: e.published, reverse=True)
    context = {
        "entries": entries[:MAX_NEWS],
        "publication_name": config.news.publication_name or config.title,
        "language": news_language(config.language),
    }
    return [Page(news_sitemap_url(), "news-sitemap.xml", context)]
