"""The typed settings of a site: what each site.yaml key means, and its default. Pure data.

:mod:`builder.config` reads site.yaml into these frozen dataclasses (and re-exports
them, so ``from builder.config import SiteConfig`` is the usual import); every stage
reads them. Nested as site.yaml is: ``feeds.entries`` in the file is
``config.feeds.entries``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from builder.config.news import AuthorSpec, NewsConfig, SiteImage
from builder.config.sections import EmailConfig, SearchConfig
from builder.urls import language_prefix

CONFIG_NAME = "site.yaml"
CACHE_DIR = ".digest-cache"
"""Beside site.yaml: what builds keep between runs (the parse cache, image variants, the
record of the last build's sources); safe to delete, git-ignored."""
RAW_HTML_MODES = ("sanitize", "keep", "escape")
MARKDOWN_ENGINES = ("python-markdown", "cmark-gfm")
HEADING_IDS = ("toc", "github", "github-ascii")
DEFAULT_EXTENSIONS = ("tables", "footnotes", "toc", "fenced_code", "sane_lists")
PERMALINK_FIELDS = frozenset({"year", "month", "day", "slug"})
DEFAULT_BASE_URL = "http://localhost:8000/"
ARTICLE_PATTERN = "/{year}/{month}/{day}/{slug}/"
"""The default of permalinks.article (urls.article_url fills it in)."""


@dataclass(frozen=True)
class LanguageSpec:
    """One entry of ``languages:``: what differs in that language's pages."""

    code: str
    """As the site writes it (``ja``, ``pt-BR``): the ``lang`` attribute and the folder."""
    title: str = ""
    """Empty: the site's ``title``."""
    description: str = ""
    timezone: str = ""
    """Empty: the site's ``timezone``; naive dates of this language's stories are read in it."""
    direction: str = ""
    """``ltr`` or ``rtl``; empty: the script's own direction, as CLDR knows it."""
    base_url: str = ""
    """Empty: ``/CODE/``. A path (``/japanese/``) puts the language there; an absolute URL
    (``https://ja.example.org/``) is where the language's folder is served from."""
    weight: int = 0
    """Order in the language switcher and the choice of default (lightest first)."""
    name: str = ""
    """The language's name in itself for the switcher (empty: CLDR's, ``日本語``)."""
    locale: str = ""
    """Babel's locale for dates and numbers (empty: from ``code``: ``pt-BR`` -> ``pt_BR``)."""
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class TopicSpec:
    """One entry of the topic vocabulary in site.yaml."""

    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    keywords: tuple[str, ...] = ()
    """Whole words or phrases; an article mentioning them gets this topic automatically."""
    min_hits: int | None = None
    """Keyword mentions needed for this topic; None: site.yaml ``topic_keywords_min_hits``."""
    names: tuple[tuple[str, str], ...] = ()
    """(language code, name) from ``names:``: the topic as each language's pages show it;
    the slug stays the canonical name's, so a topic is one topic in every language."""

    def name_in(self, language: str) -> str:
        return next((n for code, n in self.names if code == language), self.name)


@dataclass(frozen=True)
class MarkdownConfig:
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    raw_html: str = "sanitize"
    timeout: float = 10.0
    """Seconds one file may take to render (see budget.py)."""
    engine: str = "python-markdown"
    """``cmark-gfm`` (GitHub's C parser, ``newsdigest[fast]``) renders several times faster."""
    heading_ids: str = "toc"
    """How headings get ids: ``toc`` (Python-Markdown's toc extension, ``a---b`` -> ``a-b``),
    or Hugo's ``github`` / ``github-ascii`` (``a---b`` stays), which keep a migrated site's
    anchors (load/headings.py)."""


@dataclass(frozen=True)
class ShortcodesConfig:
    """site.yaml ``shortcodes``: which template syntaxes bodies may use (docs/migrating.md)."""

    hugo: bool = True
    liquid: bool = True
    ref_not_found: str = "error"
    """A ``ref`` to nothing: ``error`` (Hugo's default) or ``warning`` (link to the page itself)."""
    liquid_undefined: str = "error"
    """An undefined Liquid variable or unknown filter: ``error``, or ``warning`` (printed as
    nothing, as Jekyll prints an undefined variable)."""


@dataclass(frozen=True)
class PermalinksConfig:
    article: str = ARTICLE_PATTERN
    """Placeholders {year}, {month}, {day} (in the site timezone) and {slug}; see urls.py."""


@dataclass(frozen=True)
class FeedsConfig:
    entries: int = 20
    """Newest stories (or editions) in each feed."""
    json: bool = False
    """Also write ``/feed.json`` (JSON Feed 1.1) beside the site's Atom feed."""


@dataclass(frozen=True)
class EditionsConfig:
    daily: bool = True
    weekly: bool = False


@dataclass(frozen=True)
class SiteConfig:
    """The whole of site.yaml, typed, plus the folders the build reads and writes.

    Nested as site.yaml is: ``feeds.entries`` in the file is ``config.feeds.entries``.
    """

    site_dir: Path
    output_dir: Path
    title: str = "News Digest"
    description: str = ""
    author: str = ""
    base_url: str = DEFAULT_BASE_URL
    language: str = "en"
    timezone: str = "UTC"
    per_page: int = 10
    topics: tuple[TopicSpec, ...] = ()
    topics_strict: bool = False
    """A topic outside the vocabulary is an error (not a new topic)."""
    topic_keywords_min_hits: int = 1
    """Keyword mentions (title and body, all keywords of a topic together) to add a topic."""
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    permalinks: PermalinksConfig = field(default_factory=PermalinksConfig)
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    editions: EditionsConfig = field(default_factory=EditionsConfig)
    related_count: int = 5
    max_article_bytes: int = 2_000_000
    shortcodes: ShortcodesConfig = field(default_factory=ShortcodesConfig)
    news: NewsConfig = field(default_factory=NewsConfig)
    authors: tuple[AuthorSpec, ...] = ()
    logo: SiteImage | None = None
    image: SiteImage | None = None
    email: EmailConfig = field(default_factory=EmailConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    allow_outside: tuple[str, ...] = ()
    """Top-level folders (``static``, ...) that may lead outside the site (sections.py)."""
    params: dict[str, Any] = field(default_factory=dict)
    """site.yaml ``params:``: the site's own values, as Hugo's ``params`` (``site.params.x``
    in templates, the ``param`` shortcode) and Jekyll's own keys; never mutated."""
    languages: tuple[LanguageSpec, ...] = ()
    """site.yaml ``languages:``, lightest weight first; empty: one language, ``language``."""
    default_in_subdir: bool = False
    """The default language under ``/CODE/`` too, not at ``/``."""
    default_language: str = ""
    """With ``languages:``, the default one's code (``language`` is then the language this
    configuration is for: config/languages.py ``for_language``)."""
    slugs: str = "unicode"
    """``unicode``: slugs keep every script (``中国外相``); ``ascii``: transliterated."""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def content_dir(self) -> Path:
        return self.site_dir / "content"

    @property
    def templates_dir(self) -> Path:
        return self.site_dir / "templates"

    @property
    def static_dir(self) -> Path:
        return self.site_dir / "static"

    @property
    def prefix(self) -> str:
        """The path this configuration's language lives under (``/``, ``/ja/``)."""
        spec = next((s for s in self.languages if s.code == self.language), None)
        if spec is None:
            return "/"
        return language_prefix(
            self.language, self.default_language, self.default_in_subdir, spec.base_url
        )

    @property
    def codes(self) -> tuple[str, ...]:
        """Every language's code, the default's first; one language: ``(language,)``."""
        if not self.languages:
            return (self.language,)
        codes = [s.code for s in self.languages]
        return tuple(sorted(codes, key=lambda code: code != self.default_language))

    @functools.cached_property
    def base_path(self) -> str:
        """The path part of base_url ("/" or "/digest/"), for root-relative links.

        Cached: every link of every page is joined with it (``urls.with_base``).
        """
        match = re.match(r"^[a-z][a-z0-9+.-]*://[^/]+(/.*)$", self.base_url)
        return match.group(1) if match else "/"
