"""The Jinja2 environment every template is rendered in, and where templates come from.

Shared by two stages: load renders shortcode templates (``shortcodes/NAME.html``)
and render the pages, so both get the same lookup (the site's ``templates/``
first, then the default theme), autoescaping, ``StrictUndefined`` and filters.
This is the one place a Jinja ``Environment`` is made.
"""

from __future__ import annotations

import re
import textwrap
import traceback
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import css_inline
import jinja2
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from builder import urls
from builder.config import SiteConfig, languages
from builder.paths import resolved_inside
from builder.render.i18n import I18N, page_language, strings_for
from builder.text.dates import long_date
from builder.text.locales import long_day

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAIL_WIDTH = 72
_INLINER = css_inline.CSSInliner(
    keep_style_tags=False, keep_at_rules=True, keep_link_tags=False, load_remote_stylesheets=False
)
"""Mail clients ignore or strip <style> and <link>: every rule goes into style="" attributes;
only @media rules (the dark-mode query), which cannot be inlined, stay in a <style>."""


def default_theme_dir() -> Path:
    """The default theme: ``builder/theme/`` in an installed wheel, else ``templates/``
    beside the package in a checkout (the sample site's theme, the one copy in git)."""
    here = Path(__file__).resolve().parents[1]  # the builder package
    for candidate in (here / "theme", here.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise RuntimeError("the default theme is missing: reinstall newsdigest")


def theme_folders(config: SiteConfig) -> list[Path]:
    """The site's templates/ first, then the default theme.

    A site that copies the whole theme needs no default one, so a missing default
    theme is an error only for a site that lacks a template (then no page renders).
    """
    try:
        return [config.templates_dir, default_theme_dir()]
    except RuntimeError:
        if (config.templates_dir / "base.html").is_file():
            return [config.templates_dir]
        raise


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, by file and source checksum.

    Each build makes its own environment, and each environment would parse and compile
    every template again: most of a small site's build, and of every ``serve`` rebuild.
    Jinja checks the source's checksum before using a bucket, so an edited template is
    compiled afresh; the code does not depend on anything but the source and the
    environment's options, which are the same for every environment made here."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()


def make_environment(config: SiteConfig, *, stale_search: bool = False) -> Environment:
    """One environment per build: the site's templates first, then the default theme.

    The load stage's shortcode templates (``shortcodes/NAME.html``) use an
    environment made here too, so every template is autoescaped and strict alike.
    ``stale_search``: the search index may lag the pages (serve re-indexes in the
    background); the search page says so.
    """
    folders = theme_folders(config)
    env = Environment(
        loader=ChoiceLoader([_ContainedLoader(str(f)) for f in folders if f.is_dir()]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_COMPILED,
    )
    env.filters["url"] = lambda url: urls.with_base(config.base_path, str(url))
    env.filters["absurl"] = lambda url: urls.absolute(config.base_url, str(url))
    env.filters["isodate"] = lambda d: d.isoformat()
    locale = languages.babel_locale(config)
    env.filters["longdate"] = long_date if locale is None else lambda d: long_day(d, locale)
    env.filters["xmltext"] = xml_text
    env.filters["og_locale"] = og_locale
    env.filters["inline_css"] = inline_css  # the email edition (mail.py)
    env.filters["wrap72"] = wrap72
    env.filters["mailurl"] = mail_url(config)
    env.filters["pagefind_filter"] = pagefind_filter  # the search index (templates/article.html)
    env.globals["site"] = config
    env.globals["T"] = strings_for(config, folders)
    env.globals["lang"] = page_language(config)
    env.globals["urls"] = site_urls(config.prefix)
    env.globals["search_stale"] = stale_search
    return env


def language_environments(
    config: SiteConfig, *, stale_search: bool = False
) -> dict[str, Environment] | None:
    """With ``languages:``, one environment per language: its ``site`` (title, language),
    its URLs (``urls.home_url()`` is ``/ja/``), its strings and date formats, so that a
    template, or a macro imported without context, speaks the page's language."""
    if not config.languages:
        return None
    views = languages.views(config)
    return {code: make_environment(view, stale_search=stale_search) for code, view in views.items()}


def site_urls(prefix: str = "/") -> SimpleNamespace:
    """The theme's URLs come from urls.py (``{{ urls.feed_url() | url }}``), never spelt in a
    template: a site with another shape or a base path gets working links (issue 20). Under
    a language's ``prefix`` every page's URL is that language's; the stylesheet, the search
    bundle and the sitemaps are the whole site's (``urls.SHARED``)."""
    found = {n: f for n, f in vars(urls).items() if n.endswith("_url") and callable(f)}
    if prefix != "/":
        found = {n: f if n in urls.SHARED else _placed(f, prefix) for n, f in found.items()}
    return SimpleNamespace(**found)


def _placed(function: Callable[..., str], prefix: str) -> Callable[..., str]:
    def in_language(*args: Any, **kwargs: Any) -> str:
        return urls.in_language(prefix, function(*args, **kwargs))

    return in_language


_TERRITORY = {"en": "US", "zh": "CN", "pt": "BR", "ja": "JP", "ko": "KR", "sv": "SE"}
_TERRITORY |= {"da": "DK", "el": "GR", "cs": "CZ", "uk": "UA", "he": "IL", "ar": "AR"}


def og_locale(language: str) -> str:
    """Open Graph's ``ll_TT`` from ``language``: ``en-GB`` -> ``en_GB``, ``en`` -> ``en_US``."""
    lang, _, territory = str(language).replace("_", "-").partition("-")
    lang = lang.lower() or "en"
    territory = territory.split("-")[-1] if territory else _TERRITORY.get(lang, lang)
    return f"{lang}_{territory.upper()}"


class _ContainedLoader(FileSystemLoader):
    """A template folder whose symlinks may not lead out of it (catalogue case 24).

    A ``templates/article.html`` linking to a file elsewhere is not found here, so the
    default theme's is used; discover.template_files() warns about the link.
    """

    def list_templates(self) -> list[str]:
        """Not the theme's strings (``i18n/*.yaml``): they are data, not templates."""
        return [name for name in super().list_templates() if not name.startswith(f"{I18N}/")]

    def get_source(self, environment: Environment, template: str) -> Any:
        source, filename, uptodate = super().get_source(environment, template)
        roots = (Path(root).resolve() for root in self.searchpath)
        if all(resolved_inside(Path(filename), root, strict=False) is None for root in roots):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def pagefind_filter(value: object) -> str:
    """A value for ``data-pagefind-filter="name:VALUE"``, escaped so search shows it as text.

    Pagefind (1.5) decodes a filter value's character references twice, and its default UI
    puts the result into /search/ as HTML (the filter checkboxes' labels): a topic
    ``<img src=x onerror=...>`` ran script there (issue 27). Escaped twice here and once
    more by autoescaping, the index holds the value escaped once and the label shows the
    exact text (tests/reliability/test_search_xss.py checks both in Chromium)."""
    return str(escape(str(escape(str(value)))))


def xml_text(value: object) -> Markup:
    """Text (or HTML as text) escaped once for XML, minus characters XML 1.0 forbids."""
    return escape(_XML_FORBIDDEN.sub("", str(value)))


def template_location(exc: BaseException, config: SiteConfig, fallback: str) -> tuple[str, int]:
    """(template file as the user sees it, line) of a template's fault."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return display_path(exc.filename, config), exc.lineno or 1
    path, line = template_frame(exc)
    return (display_path(path, config) if path else fallback), line


def template_frame(exc: BaseException) -> tuple[str | None, int]:
    """Jinja2 rewrites tracebacks so template frames carry the template's file and line."""
    found: tuple[str | None, int] = (None, 1)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt", ".css", ".json")):
            found = (frame.filename, frame.lineno or 1)
    return found


def display_path(filename: str | None, config: SiteConfig) -> str:
    if not filename:
        return "templates/?"
    path = Path(filename).resolve()
    if path.is_relative_to(config.site_dir):
        return path.relative_to(config.site_dir).as_posix()
    return f"templates/{path.name}"


def inline_css(html: str) -> Markup:
    """Every CSS rule into the elements' style attributes; @media rules kept in a <style>.

    Only ever given a rendered (autoescaped) template block, so the result is markup.
    """
    return Markup(_INLINER.inline(str(html)))  # noqa: S704 (escaped by the template)


def wrap72(text: str) -> str:
    """Plain text at 72 columns; a word (a URL) longer than a line is left whole."""
    return "\n".join(
        textwrap.fill(part, MAIL_WIDTH, break_long_words=False, break_on_hyphens=False)
        for part in str(text).splitlines() or [""]
    )


def mail_url(config: SiteConfig) -> Callable[[str], str]:
    """An image or link address as an email needs it: absolute (a mail has no base)."""

    def absolute(url: str) -> str:
        url = str(url)
        return (
            url
            if urlsplit(url).scheme in ("http", "https")
            else urls.absolute(config.base_url, url)
        )

    return absolute
