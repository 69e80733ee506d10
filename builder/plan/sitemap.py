"""``/sitemap.xml`` and ``/robots.txt``. Pure.

The sitemap lists every HTML page but the 404 page, with absolute URLs (the
template applies ``absurl``) and ``lastmod`` from the newest story a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from builder.model import Page

NOT_LISTED = ("404.html", "email.html")
"""Pages no search engine should list: the 404 page, the email edition's HTML part."""


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None


def sitemap_pages(pages: Sequence[Page]) -> list[Page]:
    entries = [
        SitemapEntry(p.url, p.lastmod)
        for p in pages
        if p.template.endswith(".html") and p.template not in NOT_LISTED
    ]
    return [
        Page("/sitemap.xml", "sitemap.xml", {"entries": entries}),
        Page("/robots.txt", "robots.txt", {}),
    ]
