"""Metadata for news readers and search engines: schema.org ``NewsArticle`` JSON-LD. Pure.

Built as a dict and serialised by the template's ``tojson`` filter (which also
escapes ``<``, ``>`` and ``&`` for a ``<script>`` element), never by gluing
strings, so a headline like ``</script>`` cannot break out.
"""

from __future__ import annotations

from typing import Any

from builder.config import SiteConfig
from builder.model import Article
from builder.plan.imagemeta import ImageMeta, ImageProbe
from builder.urls import absolute


def news_article(
    article: Article, config: SiteConfig, probe: ImageProbe | None = None
) -> dict[str, Any]:
    """Google's NewsArticle: headline, image, dates, author (Person with url), publisher
    with its logo as an ImageObject."""
    probe = probe or ImageProbe(config)
    url = absolute(config.base_url, article.url)
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
        "publisher": _publisher(config, probe),
    }
    if article.bylines:
        data["author"] = [
            {"@type": "Person", "name": ref.name, "url": absolute(config.base_url, ref.url)}
            for ref in article.bylines
        ]
    elif article.authors or config.author:
        names = article.authors or (config.author,)
        data["author"] = [{"@type": "Person", "name": name} for name in names]
    if article.summary:
        data["description"] = article.summary
    images = probe.jsonld_images(article)
    if images:
        data["image"] = images
    if article.dateline:
        data["dateline"] = article.dateline
    if config.languages:  # a site in several languages says which each story is in
        data["inLanguage"] = config.language
    return data


def _publisher(config: SiteConfig, probe: ImageProbe) -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "Organization", "name": config.title}
    logo = probe.logo()
    if logo:
        publisher["logo"] = image_object(logo)
    return publisher


def image_object(image: ImageMeta) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject", "url": image.url}
    if image.width and image.height:
        data |= {"width": image.width, "height": image.height}
    return data
