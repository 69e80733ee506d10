"""Liquid's ``site.posts``: the bodies that list other stories, rendered once all are loaded.

A body that reads ``site.posts`` depends on every other story, so the load stage leaves it
for here (``Loaded.lists_posts``). Once every file is loaded and placed, the stories this
build publishes (the publication rule, so ``--drafts`` lists drafts and a normal build
never lists an unpublished story) are ``site.posts``, newest first, and those few bodies
are loaded again with them. Their parse-cache key adds a digest of the list: each story's
own key (its bytes and the loading settings) and URL, so editing any story's title (or
anything of it) renders the lists again, and a warm build equals a clean one. The
stories are made into Liquid values only when read, so ``{% for post in site.posts
limit: 3 %}`` over 10,000 stories builds three.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, overload

from builder.errors import Problem
from builder.index.publication import Selection, unpublished_reason
from builder.load import load_article
from builder.load.cache import ParseCache, cache_key
from builder.load.expand import Expander
from builder.load.markdown import MarkdownRenderer
from builder.load.site import Loads, placed
from builder.load.variables import post_variables
from builder.model import Article, evolve


class Posts(Sequence[Mapping[str, Any]]):
    """The published stories, newest first, each made into Liquid's post when first read."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles
        self._made: dict[int, Mapping[str, Any]] = {}

    def __len__(self) -> int:
        return len(self._articles)

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[Mapping[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index not in self._made:
            self._made[index] = post(self._articles[index])
        return self._made[index]


def post(article: Article) -> dict[str, Any]:
    """One story as Liquid's ``post``: its front matter and Jekyll's computed keys."""
    matter = {
        **article.extra,
        "author": article.authors[0] if article.authors else None,
        "authors": list(article.authors),
        "tags": list(article.topic_names),
        "categories": list(article.topic_names),
        "image": article.image,
        "draft": article.draft,
    }
    computed = {
        "title": article.title,
        "date": article.date,
        "slug": article.slug,
        "src_path": article.src_path,
    }
    return post_variables(matter, computed, article.summary, article.url)


def published(articles: Sequence[Article], selection: Selection) -> list[Article]:
    """``site.posts``: what this build publishes, newest first (then by URL, as the index)."""
    shown = [a for a in articles if unpublished_reason(a, selection) is None]
    by_url = sorted(shown, key=lambda a: a.url)
    return sorted(by_url, key=lambda a: a.date, reverse=True)


def posts_digest(stories: Sequence[Article]) -> bytes:
    """What the list gives a body: each story's load key (bytes and settings) and URL."""
    digest = hashlib.blake2b(b"site.posts", digest_size=16)
    for story in stories:
        key = story.loaded[0] if story.loaded else story.src_path
        digest.update(f"{key}\x00{story.url}\x00".encode())
    return digest.digest()


def render_listings(
    articles: list[Article], loads: Loads, selection: Selection, cache: ParseCache | None
) -> tuple[list[Article], list[Problem]]:
    """``articles`` with every pending body (``loads.pending``) rendered over ``site.posts``
    (one that fails left out), and the problems of those files (the first load's are not
    reported). Each is loaded with its language's configuration and placed at its URL."""
    if not loads.pending:
        return articles, []
    stories = published(articles, selection)
    listed = posts_digest(stories)
    posts = Posts(stories)
    tools: dict[int, tuple[MarkdownRenderer, Expander]] = {}
    articles = list(articles)
    problems: list[Problem] = []
    failed: set[int] = set()
    for item in loads.pending:
        config, source = item.config, item.source
        if id(config) not in tools:
            renderer = MarkdownRenderer(config.markdown)
            tools[id(config)] = (renderer, Expander(config, renderer, loads.data))
        renderer, expander = tools[id(config)]
        key = cache_key(source.src_path, source.data, item.fingerprint + listed)
        loaded = cache.get(key) if cache is not None else None
        if loaded is None:
            loaded = load_article(source, config, renderer, expander, posts)
        if cache is not None:
            cache.put(key, loaded)
        problems += loaded.problems
        if loaded.article is None:
            failed.add(item.index)
            continue
        articles[item.index] = placed(evolve(loaded.article, loaded=(key, loaded.article)), config)
    return [a for i, a in enumerate(articles) if i not in failed], problems
