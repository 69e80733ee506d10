"""Which pages are one page in several languages, for hreflang links, the switcher and the
sitemap. Pure.

A story's page and its translations share a key (index/translations.py); every other
page is the same page in each language that has it: the one at the same URL once the
language's prefix is taken away (``/topics/china/`` and ``/ja/topics/china/``, the
``/editions/2026-12-02/`` of every language that published that day). A page that no
other language has gets no alternates: a missing translation is only missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from builder import urls
from builder.config import SiteConfig
from builder.config.languages import language_name, views
from builder.model import Article, Page, PageInfo


@dataclass(frozen=True)
class Alternate:
    """The same page in one language: for ``<link rel="alternate" hreflang>`` and the switcher."""

    code: str
    """The hreflang value (the language code as site.yaml writes it)."""
    name: str
    """The language's name in itself (``日本語``), for the switcher."""
    url: str
    """Root-relative, like every URL of the model."""
    current: bool = False
    """The page this list is on."""


def with_alternates(
    pages: Sequence[Page], translations: Mapping[str, str], config: SiteConfig
) -> list[Page]:
    """Every page that exists in two languages or more gets ``translations``: one Alternate
    per language that has it (its own included), in the order of ``languages:``."""
    prefixes = {code: view.prefix for code, view in views(config).items()}
    order = {spec.code: i for i, spec in enumerate(config.languages)}
    groups: dict[tuple[str, ...], dict[str, Page]] = {}
    for page in pages:
        if page.lang and page.template.endswith(".html") and page.template != "email.html":
            groups.setdefault(_key(page, translations, prefixes), {}).setdefault(page.lang, page)
    out = []
    for page in pages:
        group = groups.get(_key(page, translations, prefixes), {}) if page.lang else {}
        if len(group) < 2 or group.get(page.lang) is not page:
            out.append(page)
            continue
        found = tuple(
            Alternate(code, language_name(config, code), other.url, other is page)
            for code, other in sorted(group.items(), key=lambda item: order[item[0]])
        )
        out.append(replace(page, context={**page.context, "translations": found}))
    return out


def language_root(config: SiteConfig) -> Page:
    """``/`` of a site whose default language is under its code too (``default_in_subdir``):
    the languages to choose from, and a redirect to the default one's home."""
    homes = {code: urls.in_language(v.prefix, urls.home_url()) for code, v in views(config).items()}
    choices = tuple(
        Alternate(spec.code, language_name(config, spec.code), homes[spec.code])
        for spec in config.languages
        if spec.code in homes
    )
    root = urls.home_url()
    context = {
        "page": PageInfo(root, config.title),
        "choices": choices,
        "target": homes[config.default_language],
    }
    return Page(root, "language-root.html", context)


def _key(
    page: Page, translations: Mapping[str, str], prefixes: Mapping[str, str]
) -> tuple[str, ...]:
    article = page.context.get("article")
    if page.template == "article.html" and isinstance(article, Article):
        return ("article", translations.get(article.url, article.url))
    return (page.template, urls.without_language(prefixes[page.lang], page.url))
