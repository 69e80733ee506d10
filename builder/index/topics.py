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
from collections.abc import Iterable, Mapping

from builder.config import SiteConfig, TopicSpec
from builder.errors import Problem
from builder.model import Article, Topic, TopicRef, evolve
from builder.text.hints import near_miss
from builder.text.slugs import slugify
from builder.urls import in_language, topic_url


class Vocabulary:
    """Looks up the canonical name for any spelling or alias of a known topic."""

    def __init__(self, specs: Iterable[TopicSpec]) -> None:
        self._by_slug: dict[str, TopicSpec] = {}
        self._spellings: dict[str, str] = {}
        for spec in specs:
            for spelling in (spec.name, *spec.aliases, *(name for _, name in spec.names)):
                self._by_slug.setdefault(slugify(spelling), spec)
                self._spellings.setdefault(slugify(spelling), spelling)
        self._named: dict[str, tuple[str, str]] = {}

    def canonical_slug(self, name: str) -> tuple[str, str]:
        """(the canonical name, its slug), remembered: a site spells a few dozen topics."""
        found = self._named.get(name)
        if found is None:
            canonical = self.canonical(name)
            found = self._named[name] = (canonical, slugify(canonical))
        return found

    def canonical(self, name: str) -> str:
        spec = self._by_slug.get(slugify(name))
        return spec.name if spec else name

    def shown(self, name: str, language: str) -> str:
        """The name a language's pages show (``names:`` in site.yaml), else ``name``."""
        spec = self._by_slug.get(slugify(name))
        return spec.name_in(language) if spec and spec.names else name

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

    def near_miss(self, name: str) -> str | None:
        """``'Netherlands'`` for ``Netherland``: the quoted vocabulary spelling a topic outside it
        is one slip from (with its canonical name when that spelling is an alias), or None.

        Stricter than :meth:`suggestion`: it warns even without ``topics_strict``, where a
        new topic is allowed, so two different places must not look like a typo.
        """
        slug = slugify(name)
        if not slug or slug in self._by_slug:
            return None
        close = near_miss(slug, self._by_slug)
        if close is None:
            return None
        name, spelling = self._by_slug[close].name, self._spellings[close]
        return f"'{name}'" if spelling == name else f"'{spelling}' (an alias of '{name}')"


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
    """Under ``topics_strict``, every topic must be a vocabulary name or alias; without it,
    a near miss of one (``Netherland``) is a warning, not silently a second topic."""
    if not config.topics_strict:
        return near_misses(articles, Vocabulary(config.topics))
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


Choice = tuple[str, str, bool]
"""One topic an article carries: (slug, canonical name, added by a keyword)."""


def topic_choice(article: Article, vocabulary: Vocabulary, matcher: KeywordMatcher) -> list[Choice]:
    """The article's topics in order: the ones written (canonical), then the keywords' ones."""
    slugs: dict[str, tuple[str, bool]] = {}
    for name, slug in map(vocabulary.canonical_slug, article.topic_names):
        if slug and slug not in slugs:
            slugs[slug] = (name, False)
    for name in matcher.topics_for(article) if matcher else ():
        if (slug := slugify(name)) and slug not in slugs:
            slugs[slug] = (name, True)
    return [(slug, name, automatic) for slug, (name, automatic) in slugs.items()]


def topic_refs(
    choice: Iterable[Choice], names: Mapping[str, str], prefix: str = "/"
) -> tuple[TopicRef, ...]:
    """The refs an article links to, under each topic's display name (``names`` by slug)."""
    return tuple(
        TopicRef(names[s], s, in_language(prefix, topic_url(s)), auto) for s, _, auto in choice
    )


def near_misses(articles: Iterable[Article], vocabulary: Vocabulary) -> list[Problem]:
    problems = []
    for article in articles:
        for name in article.topic_names:
            close = vocabulary.near_miss(name)
            if close:
                message = (
                    f"topic '{name}' is not in the vocabulary (did you mean {close}?); "
                    f"it makes a topic page of its own, {topic_url(slugify(name))}"
                )
                problems.append(Problem(article.src_path, topics_line(article), message, "warning"))
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
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    chosen: list[tuple[list[Choice], Article]] = []
    for article in articles:
        choice = topic_choice(article, vocabulary, matcher)
        for slug, name, _ in choice:
            spellings[slug][name] += 1
        chosen.append((choice, article))
    names = {slug: min(c, key=lambda n: (-c[n], n)) for slug, c in spellings.items()}
    canonical = dict(names)
    if config.languages:  # China is 中国 on the Japanese pages, at the same /topics/china/
        names = {slug: vocabulary.shown(name, config.language) for slug, name in names.items()}
    prefix = config.prefix
    members: dict[str, list[Article]] = defaultdict(list)
    result = []
    refs: dict[tuple[Choice, ...], tuple[TopicRef, ...]] = {}  # one per distinct topic list
    for choice, article in chosen:
        key = tuple(choice)
        if key not in refs:
            refs[key] = topic_refs(choice, names, prefix)
        linked = evolve(article, topics=refs[key])
        result.append(linked)
        for slug, _, _ in choice:
            members[slug].append(linked)
    topics = tuple(
        Topic(
            names[s],
            s,
            in_language(prefix, topic_url(s)),
            vocabulary.description(canonical[s]),
            tuple(members[s]),
        )
        for s in sorted(members, key=lambda s: (names[s].casefold(), s))
    )
    return result, topics
