"""The sitemap and robots.txt (``urls.sitemap_url``, ``urls.robots_url``). Pure.

The sitemap lists every HTML page but the 404 page, with absolute URLs (the
template applies ``absurl``) and ``lastmod`` from the newest story a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from builder.model import Page
from builder.urls import robots_url, sitemap_url


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None


def sitemap_pages(pages: Sequence[Page]) -> list[Page]:
    entries = [
        SitemapEntry(p.url, p.lastmod)
        for p in pages
        if p.template.endswith(".html") and p.template != "404.html"
    ]
    return [
        Page(sitemap_url(), "sitemap.xml", {"entries": entries}),
        Page(robots_url(), "robots.txt", {}),
    ]
