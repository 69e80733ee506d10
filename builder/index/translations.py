"""Which stories are translations of each other, across the Sites of a multilingual build. Pure.

A story's translations are the stories in the other languages at the same path below
``content/`` once the language is taken out of it (discover/languages.py), or, when
front matter sets Hugo's ``translationKey``, the stories with the same key. A story
with no translation is fine (translations lag the original by hours). A file that says
it is a translation (``x.ja.md``, or a ``translationKey``) while no story of the
default language shares its key is a warning: its original is gone, or not published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from builder.config import SiteConfig
from builder.discover.languages import language_of
from builder.errors import Problem
from builder.model import Article, Site, Topic

TRANSLATION_KEY = "translationKey"


def translation_key(article: Article, config: SiteConfig) -> tuple[str, bool]:
    """(the key the story's translations share, whether the file says it is a translation)."""
    given = article.extra.get(TRANSLATION_KEY)
    if isinstance(given, str) and given.strip():
        return f"key:{given.strip()}", True
    placed = language_of(article.src_path, config.codes, config.default_language)
    return f"path:{placed.shared}", placed.by_name


def key_problems(article: Article) -> list[Problem]:
    given = article.extra.get(TRANSLATION_KEY)
    if given is None or (isinstance(given, str) and given.strip()):
        return []
    line = article.line_of(TRANSLATION_KEY)
    return [Problem(article.src_path, line, "translationKey must be a non-empty string")]


def translation_keys(
    sites: Sequence[Site], config: SiteConfig
) -> tuple[dict[str, str], list[Problem]]:
    """Article URL -> translation key, for the published stories of every language; and a
    warning for each translation with no story of the default language beside it."""
    keys: dict[str, str] = {}
    claims: list[tuple[Article, str]] = []
    languages: dict[str, set[str]] = defaultdict(set)
    problems: list[Problem] = []
    for site in sites:
        for article in site.articles:
            key, claimed = translation_key(article, config)
            problems += key_problems(article)
            keys[article.url] = key
            languages[key].add(site.language)
            if claimed and site.language != config.default_language:
                claims.append((article, key))
    built = {site.language for site in sites}
    for article, key in claims:  # (not when --lang left the default language out)
        if config.default_language in built and config.default_language not in languages[key]:
            shown = key.split(":", 1)[1]
            message = (
                f"translation of '{shown}', which has no published story in the default "
                f"language ({config.default_language}): its original is gone or unpublished"
            )
            line = article.line_of(TRANSLATION_KEY) if key.startswith("key:") else 1
            problems.append(Problem(article.src_path, line, message, "warning"))
    return keys, problems


def every_topic(sites: Sequence[Site]) -> tuple[Topic, ...]:
    """One Topic per slug over every language, the default's first (for the summary's count)."""
    seen: dict[str, Topic] = {}
    for site in sites:
        for topic in site.topics:
            seen.setdefault(topic.slug, topic)
    return tuple(seen.values())
