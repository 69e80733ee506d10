"""Authors: bylines linked to one page per author, as topics are. Pure.

Two spellings are one author when their slugs are equal; site.yaml's
``authors`` vocabulary adds aliases (``J. Doe`` for ``Jane Doe``), a bio, an
image and the author's own page elsewhere. A byline outside the vocabulary is
allowed and gets a page too, as a topic outside the vocabulary does: newsrooms
add contributors faster than they edit site.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from builder.config import SiteConfig
from builder.config.news import AuthorSpec
from builder.model import Article, Author, AuthorRef
from builder.text.slugs import slugify
from builder.urls import author_url, in_language


class AuthorBook:
    """The vocabulary: any spelling or alias -> its entry in site.yaml's ``authors``."""

    def __init__(self, specs: Iterable[AuthorSpec], prefix: str = "/") -> None:
        self._prefix = prefix
        self._by_slug: dict[str, AuthorSpec] = {}
        self._slugs: dict[str, str] = {}
        """name -> slug: 10,000 stories repeat a few hundred bylines."""
        for spec in specs:
            for spelling in (spec.name, *spec.aliases):
                self._by_slug.setdefault(slugify(spelling), spec)

    def slug(self, name: str) -> str:
        found = self._slugs.get(name)
        if found is None:
            found = self._slugs[name] = slugify(name)
        return found

    def url(self, slug: str) -> str:
        """The author's page, in the language of the stories' site."""
        return in_language(self._prefix, author_url(slug))

    def spec(self, name: str) -> AuthorSpec | None:
        return self._by_slug.get(self.slug(name))

    def refs(self, names: Iterable[str]) -> tuple[AuthorRef, ...]:
        """One ref per author in byline order; a name without letters or digits gets none."""
        refs: dict[str, AuthorRef] = {}
        for name in names:
            spec = self.spec(name)
            canonical, slug = (spec.name, spec.slug) if spec else (name, self.slug(name))
            if slug and slug not in refs:
                refs[slug] = AuthorRef(canonical, slug, self.url(slug))
        return tuple(refs.values())


def link_bylines(articles: list[Article], config: SiteConfig) -> list[Article]:
    """Articles with their bylines linked to the author pages."""
    book = AuthorBook(config.authors, config.prefix)
    return [replace(a, bylines=book.refs(a.authors)) for a in articles]


def build_authors(linked: Iterable[Article], config: SiteConfig) -> tuple[Author, ...]:
    """Each author's page subject, by name, from articles whose bylines are linked.

    Given the final articles (topics linked too), so an author page holds the very
    objects the rest of the site does: each is fingerprinted once a build."""
    book = AuthorBook(config.authors, config.prefix)
    members: dict[str, list[Article]] = {}
    names: dict[str, str] = {}
    for article in linked:
        for ref in article.bylines:
            members.setdefault(ref.slug, []).append(article)
            names.setdefault(ref.slug, ref.name)
    authors = []
    for slug, stories in members.items():
        spec = book.spec(names[slug])
        extra = {"bio": spec.bio, "image": spec.image, "same_as": spec.url} if spec else {}
        authors.append(Author(names[slug], slug, book.url(slug), tuple(stories), **extra))
    return tuple(sorted(authors, key=lambda a: (a.name.casefold(), a.slug)))
