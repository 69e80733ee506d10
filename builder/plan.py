"""plan: a :class:`Site` -> the list of pages to render. Pure.

This is where every output URL is decided, so it is also where two sources
that would write the same file are caught: by exact URL, and by Unicode- and
case-folded URL, because ``Story`` and ``story`` are one file on macOS and
Windows. Both sources are named in one problem.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from builder.config import SiteConfig
from builder.discover import Found
from builder.errors import Problem
from builder.model import OutputFile, Page, Site, url_to_out_path
from builder.paginate import paginate

HOME_TOPICS = 12


@dataclass(frozen=True)
class PageInfo:
    """What every template knows about the page it renders."""

    url: str
    title: str


def plan_pages(site: Site, config: SiteConfig) -> list[Page]:
    """Every page of the site, in a fixed order."""
    pages = [_home(site, config)]
    pages += [
        Page(
            a.url,
            "article.html",
            {"article": a, "page": PageInfo(a.url, a.title)},
            a.src_path,
            a.line_of("slug"),
        )
        for a in site.articles
    ]
    for topic in site.topics:
        for chunk, pagination in paginate(topic.articles, config.per_page, topic.url):
            info = PageInfo(pagination.url, topic.name)
            context = {"topic": topic, "articles": chunk, "pagination": pagination, "page": info}
            pages.append(Page(pagination.url, "topic.html", context))
    by_name = {"topics": site.topics, "page": PageInfo("/topics/", "Topics")}
    pages.append(Page("/topics/", "topics.html", by_name))
    pages.append(Page("/404.html", "404.html", {"page": PageInfo("/404.html", "Page not found")}))
    pages.append(
        Page("/assets/style.css", "style.css", {"page": PageInfo("/assets/style.css", "")})
    )
    return pages


def _home(site: Site, config: SiteConfig) -> Page:
    busiest = sorted(site.topics, key=lambda t: (-t.count, t.name.casefold()))[:HOME_TOPICS]
    context = {
        "articles": site.articles[: config.per_page],
        "topics": busiest,
        "page": PageInfo("/", config.title),
    }
    return Page("/", "home.html", context)


def static_outputs(found: list[Found]) -> list[OutputFile]:
    return [OutputFile(f.src_path.split("/", 1)[1], copy_from=f.path) for f in found]


@dataclass(frozen=True)
class _Owner:
    out_path: str
    path: str
    """The site file behind the output, or '' for a generated page."""
    line: int
    label: str


def find_collisions(pages: list[Page], static: list[OutputFile]) -> list[Problem]:
    """Two sources for one output file, exactly or after case and Unicode folding."""
    owners = [
        _Owner(p.out_path, p.src_path, p.src_line, p.src_path or f"the generated page {p.url}")
        for p in pages
    ]
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
                f"/{blamed.out_path} is also the output of {other.label}{how}",
            )
        )
    return problems


def unsafe_urls(pages: list[Page]) -> list[Problem]:
    """A URL whose file would leave the output folder (only a bad permalink can do that)."""
    problems = []
    for page in pages:
        parts = url_to_out_path(page.url).split("/")
        if not page.url.startswith("/") or any(p in ("", ".", "..") for p in parts[:-1]):
            where = page.src_path or "site.yaml"
            problems.append(Problem(where, 1, f"URL '{page.url}' would leave the output folder"))
    return problems
