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
from collections.abc import Sequence

from builder.config import SiteConfig
from builder.errors import Problem
from builder.model import Article, Neighbours, Related, Topic

CANDIDATES_PER_TOPIC = 50


def build_related(
    articles: Sequence[Article], topics: Sequence[Topic], config: SiteConfig
) -> tuple[dict[str, Related], list[Problem]]:
    """``articles`` newest first (ties by URL), as :func:`builder.index.newest_first` orders them.

    That order is the ranking's tie-break (newer, then URL), so a story is ranked by its
    position; and stories with the same topics (in the same order) have the same
    candidates, so their ranking is computed once, from an inverted index (each
    candidate's topics as bits, each topic's weight precomputed).
    """
    lookup = _Lookup(articles)
    position = {a.url: i for i, a in enumerate(articles)}
    index = _Index(articles, topics, position)
    members = {t.slug: t.articles for t in topics}
    positions = {t.slug: {a.url: i for i, a in enumerate(t.articles)} for t in topics}
    ranked: dict[tuple[tuple[str, ...], int], list[int]] = {}
    related: dict[str, Related] = {}
    problems: list[Problem] = []
    count = config.related_count
    for article in articles:
        see_also, unresolved = lookup.resolve(article)
        problems += unresolved
        slugs = tuple(ref.slug for ref in article.topics)
        need = count + 1 + len(see_also) if count else 0  # the story itself, its see_also
        best = ranked.get((slugs, need))
        if best is None:
            best = ranked[(slugs, need)] = index.ranking(slugs, need) if need else []
        skip = {position[article.url], *(position[a.url] for a in see_also)}
        automatic = tuple(articles[i] for i in _first(best, skip, count))
        neighbours = tuple(_neighbours(article, members, positions))
        related[article.url] = Related(tuple(see_also), automatic, neighbours)
    return related, problems


class _Index:
    """Candidates by topic: the newest stories of each, each with the topics it is a candidate
    for as one bit each, and every topic's weight (its inverse document frequency)."""

    def __init__(
        self, articles: Sequence[Article], topics: Sequence[Topic], position: dict[str, int]
    ) -> None:
        total = len(articles)
        self.step = total + 1
        """Above any position: a ranking key is the level times this, plus the position."""
        self.weight = {t.slug: math.log(total / t.count) for t in topics}
        self.bit = {t.slug: 1 << n for n, t in enumerate(topics)}
        self.newest: dict[str, set[int]] = {}
        self.bits: dict[int, int] = {}
        for topic in topics:
            found = {position[a.url] for a in topic.articles[:CANDIDATES_PER_TOPIC]}
            self.newest[topic.slug] = found
            for i in found:
                self.bits[i] = self.bits.get(i, 0) | self.bit[topic.slug]

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


def _first(ranked: list[int], skip: set[int], count: int) -> list[int]:
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
