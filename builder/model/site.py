"""The site the index stage makes of the articles: topics, authors, editions, archive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from builder.model.article import Article, Change, TopicRef


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
    language: str = ""
    languages: tuple[Site, ...] = ()
    """With ``languages:``, a Site per ``language``, the default's first (this one: all stories);
    ``translations``: article URL -> the key its translations share (index/translations.py)."""
    translations: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


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
