"""plan/sitemap: every HTML page but the 404 page, with lastmod; robots.txt."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers.articles import site_config

from builder.model import Page
from builder.plan.sitemap import SitemapEntry, sitemap_pages

WHEN = datetime(2024, 5, 1, tzinfo=UTC)


def test_html_pages_but_the_404_page_with_their_lastmod() -> None:
    pages = [
        Page("/", "home.html", {}, lastmod=WHEN),
        Page("/a/", "article.html", {}),
        Page("/404.html", "404.html", {}),
        Page("/feed.xml", "feed.xml", {}),
        Page("/assets/style.css", "style.css", {}),
    ]
    sitemap, robots = sitemap_pages(pages, site_config())
    assert (sitemap.url, sitemap.template, robots.url, robots.template) == (
        "/sitemap.xml",
        "sitemap.xml",
        "/robots.txt",
        "robots.txt",
    )
    assert sitemap.context["entries"] == [SitemapEntry("/", WHEN), SitemapEntry("/a/", None)]


def test_an_empty_plan_has_an_empty_sitemap() -> None:
    assert sitemap_pages([], site_config())[0].context["entries"] == []
