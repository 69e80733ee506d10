"""Metadata for news readers and search engines: schema.org ``NewsArticle`` JSON-LD. Pure.

Built as a dict and serialised by the template's ``tojson`` filter (which also
escapes ``<``, ``>`` and ``&`` for a ``<script>`` element), never by gluing
strings, so a headline like ``</script>`` cannot break out.
"""

from __future__ import annotations

from typing import Any

from builder.config import SiteConfig
from builder.model import Article
from builder.urls import absolute


def news_article(article: Article, config: SiteConfig) -> dict[str, Any]:
    url = absolute(config, article.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "keywords": [ref.name for ref in article.topics],
        "wordCount": article.word_count,
        "publisher": {"@type": "Organization", "name": config.title},
    }
    if article.bylines:
        data["author"] = [
            {"@type": "Person", "name": ref.name, "url": absolute(config, ref.url)}
            for ref in article.bylines
        ]
    elif article.authors or config.author:
        names = article.authors or (config.author,)
        data["author"] = [{"@type": "Person", "name": name} for name in names]
    if article.summary:
        data["description"] = article.summary
    if article.image:
        image = article.image
        data["image"] = image if "://" in image else absolute(config, image)
    if article.dateline:
        data["dateline"] = article.dateline
    return data
