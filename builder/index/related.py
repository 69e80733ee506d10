"""Related stories: the editor's ``see_also`` first, then automatic ones. Pure.

Automatic related stories share topics with the article; each shared topic
weighs its inverse document frequency (``log(N / stories with the topic)``), so
sharing a rare topic counts more than sharing a common one. Equal scores go to
the more recent story, then by URL. Candidates are the
:data:`CANDIDATES_PER_TOPIC` newest stories of each of the article's topics,
which keeps this linear in the site's size (a topic with 5,000 stories would
otherwise make every article compare itself with all of them).

The ranking comes from an inverted index (:class:`_Index`): each candidate carries the
topics it is a candidate for as bits, each topic's weight is computed once, and stories
with the same topics (in the same order) share one ranking, computed once.
"""

from __future__ import annotations

import math
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
        self._index: _Index | None = None  # made when first needed
        self._ranked: dict[tuple[tuple[str, ...], int], list[int]] = {}

    def related(self, article: Article) -> tuple[Related, list[Problem]]:
        """The article's related stories, and a warning per ``see_also`` entry not found."""
        see_also: list[Article] = []
        unresolved: list[Problem] = []
        if article.see_also:
            self._lookup = self._lookup or _Lookup(self._articles)
            see_also, unresolved = self._lookup.resolve(article)
        automatic = self._automatic(article, see_also)
        for ref in article.topics:
            if ref.slug not in self._positions:
                stories = self._members[ref.slug]
                self._positions[ref.slug] = {a.url: i for i, a in enumerate(stories)}
        neighbours = tuple(_neighbours(article, self._members, self._positions))
        return Related(tuple(see_also), tuple(automatic), neighbours), unresolved

    def _automatic(self, article: Article, see_also: list[Article]) -> list[Article]:
        if not self._count:
            return []
        if self._index is None:
            self._index = _Index(self._weight, self._members)
        index = self._index
        slugs = tuple(ref.slug for ref in article.topics)
        need = self._count + 1 + len(see_also)  # the story itself and its see_also are skipped
        best = self._ranked.get((slugs, need))
        if best is None:
            best = self._ranked[(slugs, need)] = index.ranking(slugs, need)
        skip = {index.position.get(a.url) for a in (article, *see_also)}
        return [index.candidates[i] for i in _first(best, skip, self._count)]


class _Index:
    """Candidates by topic: the newest stories of each, each with the topics it is a candidate
    for as one bit each, and every topic's weight (its inverse document frequency)."""

    def __init__(self, weight: dict[str, float], members: dict[str, tuple[Article, ...]]) -> None:
        newest = {slug: stories[:CANDIDATES_PER_TOPIC] for slug, stories in members.items()}
        unique = {a.url: a for stories in newest.values() for a in stories}
        by_url = sorted(unique.values(), key=lambda a: a.url)
        self.candidates = sorted(by_url, key=lambda a: a.date, reverse=True)
        """Every topic's newest stories, newest first, equal dates by URL: the ranking's
        tie-break is a candidate's position here (a few thousand at most, whatever the site)."""
        self.position = {a.url: i for i, a in enumerate(self.candidates)}
        self.step = len(self.candidates) + 1
        """Above any position: a ranking key is the level times this, plus the position."""
        self.weight = weight
        self.bit = {slug: 1 << n for n, slug in enumerate(members)}
        self.newest: dict[str, set[int]] = {}
        self.bits: dict[int, int] = {}
        for slug, stories in newest.items():
            found = {self.position[a.url] for a in stories}
            self.newest[slug] = found
            for i in found:
                self.bits[i] = self.bits.get(i, 0) | self.bit[slug]

    def ranking(self, slugs: tuple[str, ...], need: int) -> list[int]:
        """The ``need`` best candidate positions (fewer if there are fewer), best first.

        Order: score (the shared topics' weights added in the article's topic order, rounded
        so that sums in another order tie), then position. Topics are taken rarest first,
        and taking more stops once there are ``need`` candidates and the last topic taken
        weighs more than all the remaining ones together: every candidate seen scores at
        least that weight, and one outside the topics taken at most the remaining sum.
        """
        wanted = 0
        for slug in slugs:
            wanted |= self.bit[slug]
        order = sorted(slugs, key=lambda slug: (-self.weight[slug], slug))
        seen: set[int] = set()
        for taken, slug in enumerate(order, start=1):
            seen |= self.newest[slug]
            rest = sum(self.weight[s] for s in order[taken:])
            if len(seen) >= need and self.weight[slug] > rest + 1e-8:
                break  # every story seen scores at least this topic's weight: above the rest
        return self._rank(seen, wanted, slugs)[:need]

    def _rank(self, candidates: set[int], wanted: int, slugs: tuple[str, ...]) -> list[int]:
        """Candidate positions, best first; sorted as one integer each (level, then position),
        which is several times cheaper than sorting (score, position) pairs."""
        bits = self.bits
        shared = {i: bits[i] & wanted for i in candidates}
        score = {mask: round(self._score(mask, slugs), 9) for mask in set(shared.values())}
        levels = sorted(set(score.values()), reverse=True)
        step = self.step
        level = {mask: levels.index(value) * step for mask, value in score.items()}
        return [key % step for key in sorted([level[m] + i for i, m in shared.items()])]

    def _score(self, mask: int, slugs: tuple[str, ...]) -> float:
        total = 0.0
        for slug in slugs:
            if mask & self.bit[slug]:
                total += self.weight[slug]
        return total


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


def _first(ranked: list[int], skip: set[int | None], count: int) -> list[int]:
    found: list[int] = []
    for i in ranked:
        if len(found) == count:
            break
        if i not in skip:
            found.append(i)
    return found


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
