"""Related stories: the editor's ``see_also`` first, then automatic ones. Pure.

Automatic related stories share topics with the article; each shared topic
weighs its inverse document frequency (``log(N / stories with the topic)``), so
sharing a rare topic counts more than sharing a common one. Equal scores go to
the more recent story, then by URL. Candidates are the
:data:`CANDIDATES_PER_TOPIC` newest stories of each of the article's topics,
which keeps this linear in the site's size (a topic with 5,000 stories would
otherwise make every article compare itself with all of them).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from builder.config import SiteConfig
from builder.errors import Problem
from builder.model import Article, Neighbours, Related, Topic

CANDIDATES_PER_TOPIC = 50


def build_related(
    articles: Sequence[Article], topics: Sequence[Topic], config: SiteConfig
) -> tuple[dict[str, Related], list[Problem]]:
    chooser = RelatedChooser(articles, {t.slug: t.articles for t in topics}, config)
    related: dict[str, Related] = {}
    problems: list[Problem] = []
    for article in articles:
        related[article.url], unresolved = chooser.related(article)
        problems += unresolved
    return related, problems


class RelatedChooser:
    """Chooses an article's related stories among ``articles`` (every published story, newest
    first) and ``members`` (each topic's stories by slug, newest first).

    ``serve``'s early preview builds one over the last build's stories with the edited
    ones in their place, so an edited page's related stories are the full build's. The
    title index and a topic's positions are made when first needed, so choosing for one
    article costs what its own topics cost, not what the whole site does.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        members: dict[str, tuple[Article, ...]],
        config: SiteConfig,
    ) -> None:
        self._articles = articles
        self._lookup: _Lookup | None = None
        total = len(articles)
        self._weight = {s: math.log(total / len(m)) for s, m in members.items()} if total else {}
        self._members = members
        self._positions: dict[str, dict[str, int]] = {}
        self._count = config.related_count

    def related(self, article: Article) -> tuple[Related, list[Problem]]:
        """The article's related stories, and a warning per ``see_also`` entry not found."""
        see_also: list[Article] = []
        unresolved: list[Problem] = []
        if article.see_also:
            self._lookup = self._lookup or _Lookup(self._articles)
            see_also, unresolved = self._lookup.resolve(article)
        automatic = _automatic(article, self._members, self._weight, self._count, see_also)
        for ref in article.topics:
            if ref.slug not in self._positions:
                stories = self._members[ref.slug]
                self._positions[ref.slug] = {a.url: i for i, a in enumerate(stories)}
        neighbours = tuple(_neighbours(article, self._members, self._positions))
        return Related(tuple(see_also), tuple(automatic), neighbours), unresolved


class _Lookup:
    """``see_also`` entries are slugs or titles, matched without regard to case."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._by_key: dict[str, Article] = {}
        for article in articles:  # newest first: the newest story wins a shared title
            self._by_key.setdefault(article.slug.casefold(), article)
        for article in articles:
            self._by_key.setdefault(" ".join(article.title.split()).casefold(), article)

    def resolve(self, article: Article) -> tuple[list[Article], list[Problem]]:
        found: list[Article] = []
        problems = []
        for entry in article.see_also:
            target = self._by_key.get(" ".join(entry.split()).casefold())
            if target is None:
                line = article.line_of("see_also")
                message = f'see_also: no article titled "{entry}"'
                problems.append(Problem(article.src_path, line, message, "warning"))
            elif target is not article and target not in found:
                found.append(target)
        return found, problems


def _automatic(
    article: Article,
    members: dict[str, tuple[Article, ...]],
    weight: dict[str, float],
    count: int,
    exclude: Sequence[Article],
) -> list[Article]:
    if count == 0:
        return []
    scores: dict[str, float] = defaultdict(float)
    by_url: dict[str, Article] = {}
    skip = {article.url, *(a.url for a in exclude)}
    for ref in article.topics:
        for other in members[ref.slug][:CANDIDATES_PER_TOPIC]:
            if other.url not in skip:
                scores[other.url] += weight[ref.slug]
                by_url[other.url] = other

    def rank(url: str) -> tuple[float, float, str]:
        return (-round(scores[url], 9), -by_url[url].date.timestamp(), url)

    ranked = sorted(scores, key=rank)
    return [by_url[url] for url in ranked[:count]]


def _neighbours(
    article: Article,
    members: dict[str, tuple[Article, ...]],
    positions: dict[str, dict[str, int]],
) -> list[Neighbours]:
    result = []
    for ref in article.topics:
        stories, i = members[ref.slug], positions[ref.slug][article.url]
        older = stories[i + 1] if i + 1 < len(stories) else None
        newer = stories[i - 1] if i > 0 else None
        if older or newer:
            result.append(Neighbours(ref, older, newer))
    return result
