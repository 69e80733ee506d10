"""index: all loaded Articles -> a :class:`Site`. Pure.

Keeps what is published (``builder.index.publication``: drafts and future-dated stories
are left out unless asked for, and counted so the summary can say so), orders the
stories, and derives everything else from them: topics, editions, the archive,
related stories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from builder.config import SiteConfig, languages
from builder.errors import Problem
from builder.index.archive import build_archive
from builder.index.authors import build_authors, link_bylines
from builder.index.editions import daily_editions, weekly_editions
from builder.index.publication import Selection, published, schedule, steady_span
from builder.index.related import build_related
from builder.index.topics import build_topics, check_topic_names, check_vocabulary
from builder.index.translations import every_topic, translation_keys
from builder.model import Article, Site


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest first; equal dates by URL, so the order never depends on the file system."""
    by_url = sorted(articles, key=lambda a: a.url)
    return sorted(by_url, key=lambda a: a.date, reverse=True)


def build_index(
    articles: Iterable[Article], config: SiteConfig, selection: Selection
) -> tuple[Site, list[Problem]]:
    """The Site; with ``languages:``, one Site per language inside one that holds them all."""
    articles = tuple(articles)
    if config.languages:
        return _languages(articles, config, selection)
    return _one_language(articles, config, selection)


def _languages(
    articles: tuple[Article, ...], config: SiteConfig, selection: Selection
) -> tuple[Site, list[Problem]]:
    """Each language indexed on its own, as Hugo builds one site per language: topics,
    editions, the archive and related stories never mix languages."""
    sites: list[Site] = []
    problems: list[Problem] = []
    for code, view in languages.views(config).items():
        own = tuple(a for a in articles if a.lang == code)
        site, found = _one_language(own, view, selection)
        sites.append(replace(site, language=code))
        problems += found
    keys, orphans = translation_keys(sites, config)
    everything = newest_first(a for site in sites for a in site.articles)
    whole = replace(
        sites[0],
        articles=tuple(everything),
        topics=every_topic(sites),
        skipped_drafts=sum(s.skipped_drafts for s in sites),
        skipped_future=sum(s.skipped_future for s in sites),
        skipped_expired=sum(s.skipped_expired for s in sites),
        schedule=schedule(articles, selection),
        steady=steady_span(articles, selection.now),
        languages=tuple(sites),
        translations=keys,
    )
    return whole, problems + orphans


def _one_language(
    articles: tuple[Article, ...], config: SiteConfig, selection: Selection
) -> tuple[Site, list[Problem]]:
    chosen = published(articles, selection)
    problems = [p for article in chosen.articles for p in check_topic_names(article)]
    problems += check_vocabulary(chosen.articles, config)
    bylined = link_bylines(newest_first(chosen.articles), config)
    linked, topics = build_topics(bylined, config)
    authors = build_authors(linked, config)
    related, related_problems = build_related(linked, topics, config)
    site = Site(
        articles=tuple(linked),
        topics=topics,
        authors=authors,
        editions=daily_editions(linked, config),
        weekly=weekly_editions(linked, config),
        archive=build_archive(linked, config),
        related=related,
        skipped_drafts=chosen.drafts,
        skipped_future=chosen.future,
        skipped_expired=chosen.expired,
        now=selection.now,
        schedule=schedule(articles, selection),
        steady=steady_span(articles, selection.now),
    )
    return site, problems + related_problems
