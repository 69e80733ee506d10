"""The plain, frozen data that flows between the stages of the pipeline.

Names keep paths apart: ``src_path`` is a file in the site (relative, forward
slashes), ``url`` is a path on the web (root-relative, before base_url), and
``out_path`` is a file in the output folder. They are never the same variable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from builder.urls import url_to_out_path

ARTICLE_FORMAT = "3"
"""Bumped when :class:`Article` gains fields, so parse caches written before are not reused."""


@dataclass(frozen=True)
class Found:
    """A file discover chose: its path in the site and where to read it (not yet read)."""

    src_path: str
    path: Path


@dataclass(frozen=True)
class SourceFile:
    """One content file as read from disk, before any parsing."""

    src_path: str
    data: bytes


@dataclass(frozen=True)
class Source:
    """Where a digest entry's story came from (front matter ``source``)."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class TopicRef:
    """A topic as an article links to it."""

    name: str
    slug: str
    url: str
    automatic: bool = field(default=False, compare=False)
    """Added by a vocabulary keyword, not by the editor (themes may show it differently).
    Not part of equality: it is the same topic either way (editions count refs)."""


@dataclass(frozen=True)
class AuthorRef:
    """A byline as an article links to it: the canonical name and the author's page."""

    name: str
    slug: str
    url: str


@dataclass(frozen=True)
class PreviewMark:
    """Why a page is in this build only because ``--drafts``/``--future`` asked for it.

    The theme shows it as a DRAFT / SCHEDULED badge and marks the page ``noindex``, so a
    preview never passes for the published site. A normal build has no marks at all.
    """

    draft: bool = False
    scheduled: datetime | None = None
    """The publication time of a story dated after the build clock."""


@dataclass(frozen=True)
class Article:
    """One published (or draft) article, fully parsed and rendered to HTML."""

    src_path: str
    title: str
    slug: str
    date: datetime
    """Aware datetime; naive front-matter values are read in the site timezone."""
    content: Markup
    """The body as sanitized HTML."""
    summary: str
    """Plain text, no markup."""
    word_count: int
    url: str = ""
    """Root-relative; set after loading from permalinks.article (``urls.article_url``) and
    never stored in the parse cache, so a new pattern does not invalidate it."""
    topic_names: tuple[str, ...] = ()
    """Topics as written, after the vocabulary's aliases; see ``topics`` for the canonical refs."""
    topics: tuple[TopicRef, ...] = ()
    """Filled by the index stage: one canonical ref per topic."""
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    """Bylines as written; see ``bylines`` for the canonical refs with their pages."""
    bylines: tuple[AuthorRef, ...] = ()
    """Filled by the index stage: one ref per author, after the vocabulary's aliases."""
    dateline: str | None = None
    source: Source | None = None
    image: str | None = None
    """A URL, or a path under ``static/`` (front matter ``image`` or its ``src``)."""
    image_alt: str = ""
    image_caption: str = ""
    image_credit: str = ""
    draft: bool = False
    see_also: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Front-matter keys newsdigest does not know, for templates."""
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)
    """The file line of each front-matter key, for problems found after loading."""
    publish_date: datetime | None = None
    """Published from this moment (``publish_date``/``publishDate``); None: ``date``."""
    expires: datetime | None = None
    """Left out from this moment unless ``--expired`` (``expires``/``expirydate``)."""
    links: tuple[tuple[str, int], ...] = ()
    """(target, file line) of each Markdown link to a ``.md`` file, resolved by ``links.py``,
    and of each ``ref`` shortcode (target ``@digest-ref:…@``), resolved by ``index/refs.py``."""
    mark: PreviewMark | None = field(default=None, compare=False)
    """Set by the index stage for a draft or future story included by ``--drafts``/``--future``."""
    loaded: tuple[str, Article] | None = field(default=None, compare=False, repr=False)
    """(the key the file was loaded under, the article as loading gave it): every field
    whose value is still that article's is stood for by the key (its bytes and the
    loading settings) in page fingerprints (fingerprint.py) instead of being digested
    again; what later stages set (URL, topics, links rewritten) is digested itself."""

    @property
    def reading_time(self) -> int:
        """Minutes, at 200 words a minute, at least 1."""
        return max(1, round(self.word_count / 200))

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def evolve(article: Article, **changes: Any) -> Article:
    """``dataclasses.replace(article, ...)`` without re-running ``__init__`` over every field:
    load and index do it for every article of every build (a visible cost at 10,000).
    Only for fields of Article (checked), whose ``__init__`` does nothing but assign them.
    """
    unknown = set(changes) - _ARTICLE_FIELDS
    if unknown:
        raise TypeError(f"Article has no field {sorted(unknown)}")
    changed = object.__new__(Article)
    changed.__dict__.update(article.__dict__)
    changed.__dict__.update(changes)
    return changed


_ARTICLE_FIELDS = frozenset(Article.__dataclass_fields__)


@dataclass(frozen=True)
class Change:
    """A moment when a rebuild publishes a story or leaves it out (``digest schedule``)."""

    at: datetime
    kind: str
    """``publishes`` or ``expires``."""
    title: str
    src_path: str


@dataclass(frozen=True)
class Topic:
    """A topic page's subject: a canonical name and every article carrying it."""

    name: str
    slug: str
    url: str
    description: str
    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class Author:
    """An author's page: who they are (site.yaml's ``authors``, if listed) and their stories."""

    name: str
    slug: str
    url: str
    articles: tuple[Article, ...]
    """Newest first."""
    bio: str = ""
    image: str | None = None
    same_as: str | None = None
    """The author's own page elsewhere (``url`` in site.yaml)."""

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class EditionGroup:
    """The stories of one edition under one topic (``topic`` None: stories with no topic)."""

    topic: TopicRef | None
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Edition:
    """Every story of one day (or one ISO week), grouped by topic."""

    key: str
    """``2023-05-23`` or ``2023-W21``."""
    kind: str
    """``daily`` or ``weekly``."""
    title: str
    url: str
    start: date
    end: date
    """Last day included."""
    groups: tuple[EditionGroup, ...]
    articles: tuple[Article, ...]
    """All the edition's stories, newest first."""
    prev_url: str | None = None
    """The edition before this one."""
    next_url: str | None = None


@dataclass(frozen=True)
class ArchiveMonth:
    year: int
    month: int
    name: str
    url: str
    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    months: tuple[ArchiveMonth, ...]

    @property
    def count(self) -> int:
        return sum(m.count for m in self.months)


@dataclass(frozen=True)
class MonthLink:
    """A month as the archive's navigation (``years``) shows it: its count, not its stories,
    so an edited story does not change the fingerprint of every archive page."""

    year: int
    month: int
    name: str
    url: str
    count: int


@dataclass(frozen=True)
class YearLinks:
    year: int
    months: tuple[MonthLink, ...]

    @property
    def count(self) -> int:
        return sum(m.count for m in self.months)


@dataclass(frozen=True)
class Neighbours:
    """The previous (older) and next (newer) story within one topic."""

    topic: TopicRef
    prev: Article | None
    next: Article | None


@dataclass(frozen=True)
class Related:
    """What an article page links to besides itself."""

    see_also: tuple[Article, ...] = ()
    """Resolved ``see_also`` entries of the front matter, in their order."""
    automatic: tuple[Article, ...] = ()
    """Stories sharing topics, rare topics weighing more, recent ones preferred."""
    neighbours: tuple[Neighbours, ...] = ()


@dataclass(frozen=True)
class Site:
    """Everything the plan stage needs, derived from the articles."""

    articles: tuple[Article, ...]
    """Published articles, newest first (ties broken by URL)."""
    topics: tuple[Topic, ...]
    """Topics by name."""
    editions: tuple[Edition, ...] = ()
    """Daily editions, newest first."""
    weekly: tuple[Edition, ...] = ()
    archive: tuple[ArchiveYear, ...] = ()
    """Newest year first."""
    related: dict[str, Related] = field(default_factory=dict, hash=False, compare=False)
    """By article URL."""
    authors: tuple[Author, ...] = ()
    """By name."""
    skipped_drafts: int = 0
    skipped_future: int = 0
    skipped_expired: int = 0
    now: datetime | None = None
    """The build clock (``--now``), for what depends on it after the index (the news sitemap)."""
    schedule: tuple[Change, ...] = ()
    """Upcoming publications and expiries after the build clock, soonest first."""
    steady: tuple[datetime | None, datetime | None] = (None, None)
    """The build clocks that give this same site (``publication.steady_span``)."""


@dataclass(frozen=True)
class Summary:
    """What the summary line says about a build's site, kept in the manifest as well: a
    build with nothing to do says it again without loading a single article."""

    articles: int
    topics: int
    skipped_drafts: int = 0
    skipped_future: int = 0
    skipped_expired: int = 0
    next_change: Change | None = None

    @classmethod
    def of(cls, site: Site) -> Summary:
        upcoming = site.schedule[0] if site.schedule else None
        return cls(
            len(site.articles),
            len(site.topics),
            site.skipped_drafts,
            site.skipped_future,
            site.skipped_expired,
            upcoming,
        )


@dataclass(frozen=True)
class Page:
    """One output file to render: where it goes, with which template and values."""

    url: str
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    src_path: str = ""
    """The content file this page comes from, if any (for collision errors)."""
    src_line: int = 1
    lastmod: datetime | None = None
    """When what the page shows last changed (for the sitemap)."""

    @property
    def out_path(self) -> str:
        return url_to_out_path(self.url)


@dataclass(frozen=True)
class OutputFile:
    """Bytes for one file in the output folder, or a static file to copy."""

    out_path: str
    data: bytes | None = None
    copy_from: Path | None = None
    fingerprint: str | None = None
    """A page's fingerprint (fingerprint.py), recorded in the manifest; None for static files."""
    kept: bool = False
    """Not rendered: the current output's file is kept as it is (its fingerprint is unchanged)."""


@dataclass(frozen=True)
class PageInfo:
    """What every template knows about the page it renders (``page.url``, ``page.title``)."""

    url: str
    title: str
