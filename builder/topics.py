"""The topic vocabulary: one canonical name per topic, one URL-safe slug each.

Two spellings are the same topic when their slugs are equal, so case variants
(``china``/``China``) and punctuation variants (``export-controls``/``Export
controls``) collapse; the vocabulary in site.yaml adds aliases on top.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from builder.config import SiteConfig, TopicSpec
from builder.errors import Problem
from builder.model import Article, Topic, TopicRef
from builder.slugs import slugify


class Vocabulary:
    """Looks up the canonical name for any spelling or alias of a known topic."""

    def __init__(self, specs: Iterable[TopicSpec]) -> None:
        self._by_slug: dict[str, TopicSpec] = {}
        for spec in specs:
            for spelling in (spec.name, *spec.aliases):
                self._by_slug.setdefault(slugify(spelling), spec)

    def canonical(self, name: str) -> str:
        spec = self._by_slug.get(slugify(name))
        return spec.name if spec else name

    def description(self, name: str) -> str:
        spec = self._by_slug.get(slugify(name))
        return spec.description if spec else ""


def topic_url(slug: str) -> str:
    return f"/topics/{slug}/"


def check_topic_names(article: Article) -> list[Problem]:
    """A topic with no letters or digits has no possible URL."""
    line = article.line_of("topics")
    return [
        Problem(article.src_path, line, f"topic '{name}' has no letters or digits")
        for name in article.topic_names
        if not slugify(name)
    ]


def build_topics(
    articles: Iterable[Article], config: SiteConfig
) -> tuple[list[Article], tuple[Topic, ...]]:
    """Attach canonical topic refs to every article and group the articles by topic.

    For a topic outside the vocabulary the display name is its most common
    spelling (ties: the alphabetically first), so it does not depend on file order.
    """
    vocabulary = Vocabulary(config.topics)
    articles = list(articles)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for name in map(vocabulary.canonical, article.topic_names):
            if slug := slugify(name):
                spellings[slug][name] += 1
    names = {slug: min(c, key=lambda n: (-c[n], n)) for slug, c in spellings.items()}
    members: dict[str, list[Article]] = defaultdict(list)
    result = []
    for article in articles:
        canonical = map(vocabulary.canonical, article.topic_names)
        slugs = dict.fromkeys(s for s in map(slugify, canonical) if s)
        refs = tuple(TopicRef(names[s], s, topic_url(s)) for s in slugs)
        linked = replace(article, topics=refs)
        result.append(linked)
        for s in slugs:
            members[s].append(linked)
    topics = tuple(
        Topic(names[s], s, topic_url(s), vocabulary.description(names[s]), tuple(members[s]))
        for s in sorted(members, key=lambda s: (names[s].casefold(), s))
    )
    return result, topics
