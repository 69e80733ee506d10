"""plan: a :class:`Site` -> the list of pages to render. Pure.

This is where every page is given its URL (spelled in ``builder.urls``), so it
is also where two sources that would write the same file are caught: by exact
URL, and by Unicode- and case-folded URL, because ``Story`` and ``story`` are one
file on macOS and Windows. Both sources are named in one problem.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from builder import urls
from builder.config import SiteConfig, languages
from builder.errors import Problem
from builder.model import (
    ArchiveMonth,
    Article,
    Found,
    MonthLink,
    OutputFile,
    Page,
    PageInfo,
    Related,
    Site,
    YearLinks,
)
from builder.plan.alternates import language_root, with_alternates
from builder.plan.email import email_pages
from builder.plan.feeds import feed_pages
from builder.plan.imagemeta import ImageProbe
from builder.plan.jsonld import news_article
from builder.plan.news import news_sitemap_pages
from builder.plan.paginate import paginate
from builder.plan.sitemap import sitemap_pages

HOME_TOPICS = 12
HOME_LEAD = 5


def plan_pages(site: Site, config: SiteConfig, probe: ImageProbe | None = None) -> list[Page]:
    """Every page of the site, in a fixed order; ``probe`` records the image variants used."""
    probe = probe or ImageProbe(config)
    if site.languages:
        return _multilingual(site, config, probe)
    pages = language_pages(site, config, probe, shared=True)
    pages += news_sitemap_pages(site, config)
    pages += sitemap_pages(pages, config)
    return pages


def _multilingual(site: Site, config: SiteConfig, probe: ImageProbe) -> list[Page]:
    """Each language's pages under its prefix, rendered in its environment (``Page.lang``),
    linked to their translations; one stylesheet, one news sitemap and one sitemap."""
    pages: list[Page] = []
    for own, view in zip(site.languages, languages.views(config).values(), strict=True):
        planned = language_pages(own, view, probe, shared=own is site.languages[0])
        pages += [replace(page, lang=own.language) for page in planned]
    pages = with_alternates(pages, site.translations, config)
    if config.default_in_subdir:  # nothing else is at / then; servers look for /404.html
        missing = next(p for p in pages if p.template == "404.html")
        pages += [language_root(config), replace(missing, url=urls.not_found_url())]
    pages += news_sitemap_pages(site, config)
    pages += sitemap_pages(pages, config)
    return pages


def language_pages(
    site: Site, config: SiteConfig, probe: ImageProbe, *, shared: bool
) -> list[Page]:
    """The pages of one language (all of a site of one language but its sitemaps);
    ``shared``: with the pages every language shares (the stylesheet)."""
    prefix = config.prefix
    pages = [_home(site, config)]
    pages += [
        article_page(a, site.related.get(a.url, Related()), config, probe) for a in site.articles
    ]
    for topic in site.topics:
        context = {"topic": topic}
        pages += _paginated(topic.articles, topic.url, "topic.html", topic.name, context, config)
    topics = urls.in_language(prefix, urls.topics_index_url())
    pages.append(Page(topics, "topics.html", _ctx(topics, "Topics", topics=site.topics)))
    pages += _author_pages(site, config)
    pages += _edition_pages(site, config)
    pages += email_pages(site, config)
    pages += _archive_pages(site, config)
    missing, style = urls.in_language(prefix, urls.not_found_url()), urls.stylesheet_url()
    pages.append(Page(missing, "404.html", _ctx(missing, "Page not found")))
    if shared:
        pages.append(Page(style, "style.css", _ctx(style, "")))
    if shared and config.languages:
        extra = urls.languages_stylesheet_url()
        pages.append(Page(extra, "languages.css", _ctx(extra, "")))
    if config.search.on:
        search = urls.in_language(prefix, urls.search_url())
        pages.append(Page(search, "search.html", _ctx(search, "Search")))
    pages += feed_pages(site, config)
    return pages


def _ctx(url: str, title: str, **values: Any) -> dict[str, Any]:
    return {"page": PageInfo(url, title), **values}


def _home(site: Site, config: SiteConfig) -> Page:
    """The latest edition's lead stories (the first of each topic group), then the rest."""
    busiest = sorted(site.topics, key=lambda t: (-t.count, t.name.casefold()))[:HOME_TOPICS]
    edition = site.editions[0] if site.editions else None
    lead = [group.articles[0] for group in edition.groups][:HOME_LEAD] if edition else []
    recent = [a for a in site.articles if a not in lead][: config.per_page]
    home = urls.in_language(config.prefix, urls.home_url())
    context = _ctx(home, config.title, edition=edition, lead=lead, articles=recent, topics=busiest)
    return Page(home, "home.html", context, lastmod=_newest(site.articles))


def article_page(
    article: Article, related: Related, config: SiteConfig, probe: ImageProbe | None = None
) -> Page:
    """One article's page (``serve``'s early preview plans the edited ones with it)."""
    probe = probe or ImageProbe(config)
    body = probe.body(article.content)
    shown = article if body == article.content else replace(article, content=body)
    context = _ctx(
        article.url,
        article.title,
        article=shown,
        related=related,
        lead=probe.lead(article),
        jsonld=news_article(article, config, probe),
        card=probe.for_article(article),
        author_urls=[urls.absolute(config.base_url, ref.url) for ref in article.bylines],
    )
    return Page(
        article.url,
        "article.html",
        context,
        article.src_path,
        article.line_of("permalink" if "permalink" in article.lines else "slug"),
        lastmod=article.updated or article.date,
    )


def _paginated(
    articles: Sequence[Article],
    base: str,
    template: str,
    title: str,
    values: dict[str, Any],
    config: SiteConfig,
) -> list[Page]:
    pages = []
    for chunk, pagination in paginate(articles, config.per_page, base):
        context = _ctx(pagination.url, title, articles=chunk, pagination=pagination, **values)
        pages.append(Page(pagination.url, template, context, lastmod=_newest(chunk)))
    return pages


def _author_pages(site: Site, config: SiteConfig) -> list[Page]:
    """``/authors/{slug}/`` (paginated) for each author, and the ``/authors/`` index."""
    pages = []
    for author in site.authors:
        context = {"author": author}
        pages += _paginated(
            author.articles, author.url, "author.html", author.name, context, config
        )
    index = urls.in_language(config.prefix, urls.authors_index_url())
    pages.append(Page(index, "authors.html", _ctx(index, "Authors", authors=site.authors)))
    return pages


def _edition_pages(site: Site, config: SiteConfig) -> list[Page]:
    pages = [
        Page(e.url, "edition.html", _ctx(e.url, e.title, edition=e), lastmod=_newest(e.articles))
        for e in (*site.editions, *site.weekly)
    ]
    if site.editions or site.weekly:
        url = urls.in_language(config.prefix, urls.editions_index_url())
        context = _ctx(url, "Editions", editions=site.editions, weekly=site.weekly)
        pages.append(Page(url, "editions.html", context))
    return pages


def _archive_pages(site: Site, config: SiteConfig) -> list[Page]:
    """``/archive/`` and each month's pages; ``years`` (the navigation) holds counts, not
    stories, so that a story's edit re-renders its own month's pages only."""
    years = tuple(YearLinks(y.year, tuple(map(_month_link, y.months))) for y in site.archive)
    url = urls.in_language(config.prefix, urls.archive_url())
    pages = [Page(url, "archive.html", _ctx(url, "Archive", years=years, month=None))]
    for month in (m for year in site.archive for m in year.months):
        values = {"years": years, "month": month}
        pages += _paginated(month.articles, month.url, "archive.html", month.name, values, config)
    return pages


def _month_link(month: ArchiveMonth) -> MonthLink:
    return MonthLink(month.year, month.month, month.name, month.url, month.count)


def _newest(articles: Sequence[Article]) -> datetime | None:
    return max((a.updated or a.date for a in articles), default=None)


def static_outputs(found: list[Found]) -> list[OutputFile]:
    return [OutputFile(f.src_path.split("/", 1)[1], copy_from=f.path) for f in found]


@dataclass(frozen=True)
class _Owner:
    out_path: str
    path: str
    """The site file behind the output, or '' for a generated page."""
    line: int
    label: str
    origin: str = ""
    """Where an article's slug comes from: "'slug: x' (line 4)" or "the file name 'x.md'"."""


def _page_owner(page: Page) -> _Owner:
    article = page.context.get("article")
    origin = ""
    if isinstance(article, Article):
        if isinstance(article.extra.get("permalink"), str):
            line = article.lines.get("permalink", 1)
            origin = f"'permalink: {article.extra['permalink']}' (line {line})"
        elif "slug" in article.lines:
            origin = f"'slug: {article.slug}' (line {article.lines['slug']})"
        else:
            origin = f"the file name '{PurePosixPath(article.src_path).name}'"
    label = page.src_path or f"the generated page {page.url}"
    return _Owner(page.out_path, page.src_path, page.src_line, label, origin)


def _why(blamed: _Owner, other: _Owner) -> str:
    """Say which slug gives the clash, so the editor knows what to change."""
    if not blamed.origin:
        return ""
    there = f", there from {other.origin}" if other.origin else ""
    if blamed.origin.startswith("'permalink:"):
        return f"; its URL comes from {blamed.origin}{there}: set a different 'permalink:'"
    return f"; its slug comes from {blamed.origin}{there}: set a different 'slug:'"


def find_collisions(pages: list[Page], static: list[OutputFile]) -> list[Problem]:
    """Two sources for one output file, exactly or after case and Unicode folding."""
    owners = [_page_owner(p) for p in pages]
    owners += [
        _Owner(s.out_path, f"static/{s.out_path}", 1, f"static/{s.out_path}") for s in static
    ]
    seen: dict[str, _Owner] = {}
    problems = []
    for owner in owners:
        key = unicodedata.normalize("NFC", owner.out_path).casefold()
        first = seen.setdefault(key, owner)
        if first is owner:
            continue
        blamed, other = (first, owner) if first.path else (owner, first)
        how = "" if first.out_path == owner.out_path else " (the names differ only in case)"
        problems.append(
            Problem(
                blamed.path or "site.yaml",
                blamed.line,
                f"/{blamed.out_path} is also the output of {other.label}{how}"
                + _why(blamed, other),
            )
        )
    return problems


def unsafe_urls(pages: list[Page]) -> list[Problem]:
    """A URL whose file would leave the output folder (only a bad permalink can do that)."""
    problems = []
    for page in pages:
        parts = urls.url_to_out_path(page.url).split("/")
        if not page.url.startswith("/") or any(p in ("", ".", "..") for p in parts[:-1]):
            where = page.src_path or "site.yaml"
            problems.append(Problem(where, 1, f"URL '{page.url}' would leave the output folder"))
    return problems
