"""A content file as the stages see it: found, read, loaded into an :class:`Article`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

ARTICLE_FORMAT = "5"
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
class StoryImage:
    """A story's lead image: front matter ``image: /x.jpg`` or ``{src, alt, caption, credit}``.

    One value from front matter to templates (``article.image.src``, ``.alt``), so the
    fields are declared once."""

    src: str
    """A URL, or a path under ``static/``."""
    alt: str = ""
    caption: str = ""
    credit: str = ""


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
    """Words; a Chinese or Japanese character is one (as Hugo counts them): ``cjk_chars``."""
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
    image: StoryImage | None = None
    """The lead image (front matter ``image``), or None."""
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
    lang: str = ""
    """With ``languages:``, the story's language (discover/languages.py); else empty."""
    mark: PreviewMark | None = field(default=None, compare=False)
    """Set by the index stage for a draft or future story included by ``--drafts``/``--future``."""
    loaded: tuple[str, Article] | None = field(default=None, compare=False, repr=False)
    """(the key the file was loaded under, the article as loading gave it): every field
    whose value is still that article's is stood for by the key (its bytes and the
    loading settings) in page fingerprints (fingerprint.py) instead of being digested
    again; what later stages set (URL, topics, links rewritten) is digested itself."""

    cjk_chars: int = 0  # of word_count, the Chinese and Japanese characters

    @property
    def reading_time(self) -> int:
        """Minutes, at 200 words and 500 Chinese or Japanese characters a minute, at least 1."""
        return max(1, round((self.word_count - self.cjk_chars) / 200 + self.cjk_chars / 500))

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
