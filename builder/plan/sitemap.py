"""The sitemap and robots.txt (``urls.sitemap_url``, ``urls.robots_url``). Pure.

The sitemap lists every HTML page but the 404 page, with absolute URLs (the
template applies ``absurl``) and ``lastmod`` from the newest story a page shows.
The protocol allows 50,000 URLs and 50 MB in one file; a bigger site gets
``/sitemap.xml`` as a sitemap index of ``/sitemaps/N.xml`` parts, each within
both limits (at 40,000 articles a site has more than 50,000 pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from builder.config import SiteConfig
from builder.model import Page
from builder.plan.alternates import Alternate
from builder.urls import news_sitemap_url, robots_url, sitemap_part_url, sitemap_url

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
_ENTRY_OVERHEAD = 120
"""Bytes of markup around one URL (``<url><loc>…<lastmod>…``), rounded up."""

NOT_LISTED = ("404.html", "email.html", "language-root.html")
"""Pages no search engine should list: the 404 page, the email edition's HTML part, the
choice of languages at ``/`` of a site with ``default_in_subdir``."""


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None
    alternates: tuple[Alternate, ...] = ()
    """The page in every language that has it (``xhtml:link rel="alternate" hreflang``)."""


def sitemap_pages(
    pages: Sequence[Page],
    config: SiteConfig,
    max_urls: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> list[Page]:
    """The sitemap (one file, or an index and its parts) and robots.txt, which lists them."""
    entries = [
        SitemapEntry(p.url, p.lastmod, p.context.get("translations", ()))
        for p in pages
        if p.template.endswith(".html") and p.template not in NOT_LISTED
    ]
    parts = split_entries(entries, len(config.base_url), max_urls, max_bytes)
    sitemaps = [sitemap_url()] + ([news_sitemap_url()] if config.news.enabled else [])
    robots = Page(robots_url(), "robots.txt", {"sitemaps": sitemaps})
    if len(parts) <= 1:
        return [Page(sitemap_url(), "sitemap.xml", _listing(entries)), robots]
    out = [
        Page(sitemap_part_url(n), "sitemap.xml", _listing(part))
        for n, part in enumerate(parts, start=1)
    ]
    index = [
        SitemapEntry(page.url, max((e.lastmod for e in part if e.lastmod), default=None))
        for page, part in zip(out, parts, strict=True)
    ]
    return [Page(sitemap_url(), "sitemap-index.xml", {"sitemaps": index}), *out, robots]


def _listing(entries: list[SitemapEntry]) -> dict[str, object]:
    """A sitemap's values; ``hreflang``: whether any entry has translations (the file then
    declares the xhtml namespace, as Google's multilingual sitemaps do)."""
    return {"entries": entries, "hreflang": any(e.alternates for e in entries)}


def split_entries(
    entries: list[SitemapEntry], base_length: int, max_urls: int, max_bytes: int
) -> list[list[SitemapEntry]]:
    """Consecutive parts of at most ``max_urls`` entries and (estimated) ``max_bytes`` each.

    The estimate is generous (a URL's characters counted twice, for XML escapes),
    so no part can reach the limit.
    """
    parts: list[list[SitemapEntry]] = [[]]
    size = 0
    for entry in entries:
        cost = base_length + 2 * len(entry.url.encode()) + _ENTRY_OVERHEAD
        if parts[-1] and (len(parts[-1]) >= max_urls or size + cost > max_bytes - 1024):
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += cost
    return parts
