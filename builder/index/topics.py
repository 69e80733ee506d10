"""The topic vocabulary: one canonical name per topic, one URL-safe slug each.

Two spellings are the same topic when their slugs are equal, so case variants
(``china``/``China``) and punctuation variants (``export-controls``/``Export
controls``) collapse; the vocabulary in site.yaml adds aliases on top.

A vocabulary topic with ``keywords`` is also added to every article whose title
or body mentions them (whole words, any case) at least ``min_hits`` times; such
refs are marked ``automatic``. Under ``topics_strict`` a topic outside the
vocabulary is an error rather than a new topic.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from builder.config import SiteConfig, TopicSpec
from builder.errors import Problem
from builder.model import Article, Topic, TopicRef, evolve
from builder.slugs import slugify
from builder.urls import topic_url


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

    def knows(self, name: str) -> bool:
        return slugify(name) in self._by_slug

    def suggestion(self, name: str) -> str | None:
        """The closest known name or alias, for a "did you mean" hint."""
        spellings = {slug: spec.name for slug, spec in self._by_slug.items()}
        close = difflib.get_close_matches(slugify(name), list(spellings), n=1, cutoff=0.75)
        return spellings[close[0]] if close else None


class KeywordMatcher:
    """Counts whole-word, case-insensitive mentions of each topic's keywords.

    "chip" matches "chip", "Chip" and "chip-making" (a hyphen ends a word), never
    "chipper"; a keyword of several words matches across any white space. Only the
    text counts: a keyword inside a link's address does not.
    """

    def __init__(self, specs: Iterable[TopicSpec], default_min_hits: int) -> None:
        self._rules: list[tuple[TopicSpec, re.Pattern[str], int]] = []
        for spec in specs:
            words = [k for k in spec.keywords if k.strip()]
            if words:
                alternatives = "|".join(_keyword_pattern(k) for k in words)
                pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
                self._rules.append((spec, pattern, spec.min_hits or default_min_hits))

    def __bool__(self) -> bool:
        return bool(self._rules)

    def topics_for(self, article: Article) -> list[str]:
        """Canonical names of the vocabulary topics the article's text mentions enough."""
        text = f"{article.title}\n{_text_of(article.content)}"
        found = []
        for spec, pattern, needed in self._rules:
            for hits, _ in enumerate(pattern.finditer(text), start=1):
                if hits >= needed:
                    found.append(spec.name)
                    break
        return found


def _keyword_pattern(keyword: str) -> str:
    return r"\s+".join(re.escape(word) for word in keyword.split())


_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _text_of(fragment: str) -> str:
    """The text of sanitized HTML, tags (and so link addresses) dropped.

    Five times faster than ``markup.plain_text`` (nh3) and enough for counting
    words; it runs on every article at every rebuild, so the difference counts.
    """
    return html.unescape(_TAG.sub(" ", fragment))


def topics_line(article: Article) -> int:
    """The line of ``topics`` (or ``tags``/``categories``, read in its place), else of the title."""
    for key in ("topics", "tags", "categories", "title"):
        if key in article.lines:
            return article.lines[key]
    return 1


def check_topic_names(article: Article) -> list[Problem]:
    """A topic with no letters or digits has no possible URL."""
    line = topics_line(article)
    return [
        Problem(article.src_path, line, f"topic '{name}' has no letters or digits")
        for name in article.topic_names
        if not slugify(name)
    ]


def check_vocabulary(articles: Iterable[Article], config: SiteConfig) -> list[Problem]:
    """Under ``topics_strict``, every topic must be a vocabulary name or alias."""
    if not config.topics_strict:
        return []
    vocabulary = Vocabulary(config.topics)
    problems = []
    for article in articles:
        for name in article.topic_names:
            if not slugify(name) or vocabulary.knows(name):
                continue
            close = vocabulary.suggestion(name)
            hint = f" (did you mean '{close}'?)" if close else ""
            message = f"topic '{name}' is not in the vocabulary of site.yaml (topics_strict){hint}"
            problems.append(Problem(article.src_path, topics_line(article), message))
    return problems


def build_topics(
    articles: Iterable[Article], config: SiteConfig
) -> tuple[list[Article], tuple[Topic, ...]]:
    """Attach canonical topic refs to every article and group the articles by topic.

    For a topic outside the vocabulary the display name is its most common
    spelling (ties: the alphabetically first), so it does not depend on file order.
    """
    vocabulary = Vocabulary(config.topics)
    matcher = KeywordMatcher(config.topics, config.topic_keywords_min_hits)
    articles = list(articles)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    spelled: dict[str, tuple[str, str]] = {}  # as written -> (canonical name, slug): a few dozen
    chosen: list[tuple[dict[str, bool], Article]] = []  # per article: slug -> automatic
    for article in articles:
        slugs: dict[str, bool] = {}
        for written in article.topic_names:
            if written not in spelled:
                name = vocabulary.canonical(written)
                spelled[written] = (name, slugify(name))
            name, slug = spelled[written]
            if slug and slug not in slugs:
                slugs[slug] = False
                spellings[slug][name] += 1
        for name in matcher.topics_for(article) if matcher else ():
            if (slug := slugify(name)) and slug not in slugs:
                slugs[slug] = True
                spellings[slug][name] += 1
        chosen.append((slugs, article))
    names = {slug: min(c, key=lambda n: (-c[n], n)) for slug, c in spellings.items()}
    members: dict[str, list[Article]] = defaultdict(list)
    result = []
    refs_of: dict[tuple[tuple[str, bool], ...], tuple[TopicRef, ...]] = {}
    for slugs, article in chosen:
        key = tuple(slugs.items())
        if key not in refs_of:
            refs_of[key] = tuple(TopicRef(names[s], s, topic_url(s), a) for s, a in key)
        linked = evolve(article, topics=refs_of[key])
        result.append(linked)
        for s in slugs:
            members[s].append(linked)
    topics = tuple(
        Topic(names[s], s, topic_url(s), vocabulary.description(names[s]), tuple(members[s]))
        for s in sorted(members, key=lambda s: (names[s].casefold(), s))
    )
    return result, topics
