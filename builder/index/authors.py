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
from builder.config_news import AuthorSpec
from builder.model import Article, Author, AuthorRef
from builder.slugs import slugify
from builder.urls import author_url


class AuthorBook:
    """The vocabulary: any spelling or alias -> its entry in site.yaml's ``authors``."""

    def __init__(self, specs: Iterable[AuthorSpec]) -> None:
        self._by_slug: dict[str, AuthorSpec] = {}
        for spec in specs:
            for spelling in (spec.name, *spec.aliases):
                self._by_slug.setdefault(slugify(spelling), spec)

    def spec(self, name: str) -> AuthorSpec | None:
        return self._by_slug.get(slugify(name))

    def refs(self, names: Iterable[str]) -> tuple[AuthorRef, ...]:
        """One ref per author in byline order; a name without letters or digits gets none."""
        refs: dict[str, AuthorRef] = {}
        for name in names:
            spec = self.spec(name)
            canonical, slug = (spec.name, spec.slug) if spec else (name, slugify(name))
            if slug and slug not in refs:
                refs[slug] = AuthorRef(canonical, slug, author_url(slug))
        return tuple(refs.values())


def build_authors(
    articles: list[Article], config: SiteConfig
) -> tuple[list[Article], tuple[Author, ...]]:
    """Articles with their bylines linked, and each author's page subject, by name."""
    book = AuthorBook(config.authors)
    linked = [replace(a, bylines=book.refs(a.authors)) for a in articles]
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
        authors.append(Author(names[slug], slug, author_url(slug), tuple(stories), **extra))
    return linked, tuple(sorted(authors, key=lambda a: (a.name.casefold(), a.slug)))
