"""Every content file of a site, loaded: read, looked up in the parse cache, the misses
loaded together, each placed at its URL.

The loading half of the pipeline (pipeline.py sequences it with the rest): the files
come from discover, the parse cache answers for unchanged bytes, and the pool loads the
misses in parallel; results are used in discovery order, so the output never depends
on which files happened to be cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from builder import discover, urls
from builder.config import SiteConfig, languages
from builder.discover.languages import language_of
from builder.errors import Problem
from builder.load import Loaded
from builder.load.cache import ParseCache, cache_key, settings_fingerprint
from builder.load.pool import load_many
from builder.load.sitedata import SiteData, read_data
from builder.model import Article, SourceFile, evolve
from builder.progress import Progress, silent
from builder.text.slugs import slugify


@dataclass(frozen=True)
class Pending:
    """A file whose body reads Liquid's ``site.posts``: loaded again once every story is
    placed (index/posts.py), with its language's configuration and parse-cache settings."""

    index: int
    """Where it is in the list of articles."""
    source: SourceFile
    config: SiteConfig
    fingerprint: bytes


@dataclass(frozen=True)
class Loads:
    """How the content files came to be loaded: parsed in this build, or from the cache."""

    loaded: int = 0
    """Files parsed (front matter and Markdown) by this build: the cache's misses."""
    cached: int = 0
    """Files whose load the parse cache gave back (their bytes and settings unchanged)."""
    keys: tuple[str, ...] = ()
    """The load key of every content file read, in discovery order (the build's inputs)."""
    pending: tuple[Pending, ...] = ()
    """The bodies that list the site's stories, for index/posts.py."""
    data: Mapping[str, Any] = field(default_factory=dict, compare=False)
    """Liquid's ``site.data`` (load/sitedata.py), for those bodies."""


def load_all(
    config: SiteConfig, cache: ParseCache | None = None, progress: Progress | None = None
) -> tuple[list[Article], list[Problem], Loads]:
    """Read and load every content file, reusing cached loads of unchanged bytes.

    Cache misses are loaded together (in parallel when there are many) and the
    results are used in discovery order, so the output never depends on which
    files happened to be cached. With ``languages:``, each file is loaded with its
    language's configuration (its time zone reads naive dates). The few bodies that
    list the site's stories (Liquid's ``site.posts``) are left pending (``Loads.pending``)
    for index/posts.py, which renders them over the stories a build publishes.
    """
    found, problems = discover.content_files(config.site_dir)
    data, data_digest, data_problems = read_data(config.site_dir)
    problems += data_problems
    sources: list[SourceFile] = []
    for item in found:
        try:
            sources.append(SourceFile(item.src_path, item.path.read_bytes()))
        except OSError as exc:
            problems.append(Problem(item.src_path, 1, f"cannot read the file ({exc.strerror})"))
    views = languages.views(config)
    codes = [_language(s.src_path, config) for s in sources]
    if config.languages:  # digest build --lang: only that language's files
        sources, codes = _of_languages(sources, codes, views)
    prints = {code: settings_fingerprint(view, data_digest) for code, view in views.items()}
    keys = [cache_key(s.src_path, s.data, prints[c]) for s, c in zip(sources, codes, strict=True)]
    loads = _lookup(cache, keys)
    missing = [i for i, key in enumerate(keys) if key not in loads]
    batch = [(sources[i], views[codes[i]]) for i in missing]
    fresh = _load_missing(batch, progress or silent, len(sources), data)
    loads.update((keys[i], loaded) for i, loaded in zip(missing, fresh, strict=True))
    articles: list[Article] = []
    pending: list[Pending] = []
    for key, source, code in zip(keys, sources, codes, strict=True):
        loaded = loads[key]
        if cache is not None:
            cache.put(key, loaded)
        if loaded.lists_posts:
            pending.append(Pending(len(articles), source, views[code], prints[code]))
        else:
            problems.extend(loaded.problems)  # a pending file's come with its second load
        if loaded.article:
            article = evolve(loaded.article, loaded=(key, loaded.article))
            articles.append(placed(article, views[code]))
    counts = Loads(len(batch), len(sources) - len(batch), tuple(keys), tuple(pending), data)
    return articles, problems, counts


def _of_languages(
    sources: list[SourceFile], codes: list[str], views: dict[str, SiteConfig]
) -> tuple[list[SourceFile], list[str]]:
    kept = [(s, c) for s, c in zip(sources, codes, strict=True) if c in views]
    return [s for s, _ in kept], [c for _, c in kept]


def _language(src_path: str, config: SiteConfig) -> str:
    if not config.languages:
        return config.language
    return language_of(src_path, config.codes, config.default_language).code


def placed(article: Article, config: SiteConfig) -> Article:
    """The article at its URL, computed from its date and slug by permalinks.article, under
    its language's prefix; in a site with ``languages:``, marked with its language.

    Done here, after the parse cache, not in the load stage: the cache keeps
    what a file's bytes give, and the URL depends on site.yaml as well.
    """
    day = article.date.astimezone(config.tz).date()
    own = article.extra.get("permalink")
    if isinstance(own, str):  # Jekyll's permalink: in front matter, checked when loaded
        topics = tuple(slugify(name) for name in article.topic_names)
        path = urls.permalink_url(own, day, article.slug, topics)
    else:
        path = urls.article_url(config.permalinks.article, day, article.slug)
    url = urls.in_language(config.prefix, path)
    if config.languages:
        return evolve(article, url=url, lang=config.language)
    return evolve(article, url=url)


def _load_missing(
    batch: list[tuple[SourceFile, SiteConfig]], progress: Progress, total: int, data: SiteData
) -> list[Loaded]:
    """Load the cache misses, each language's with its configuration; on a terminal, one bar
    over all ``total`` content files."""
    groups: dict[int, list[int]] = {}
    configs: dict[int, SiteConfig] = {}
    for i, (_source, view) in enumerate(batch):
        groups.setdefault(id(view), []).append(i)
        configs[id(view)] = view
    done: dict[int, Loaded] = {}
    with progress("loading", total) as advance:
        advance(total - len(batch))  # the cached files are loaded already
        for group, members in groups.items():
            chunk = [batch[i][0] for i in members]
            loaded = load_many(chunk, configs[group], advance=advance, data=data)
            done.update(zip(members, loaded, strict=True))
    return [done[i] for i in range(len(batch))]


def load_one(source: SourceFile, config: SiteConfig, cache: ParseCache | None = None) -> Loaded:
    """One file through the same parse cache as :func:`load_all` (serve's early preview)."""
    config = languages.views(config)[_language(source.src_path, config)]
    data, data_digest, _ = read_data(config.site_dir)  # reported by the build that follows
    key = cache_key(source.src_path, source.data, settings_fingerprint(config, data_digest))
    loaded = cache.get(key) if cache is not None else None
    if loaded is None:
        loaded = load_many([source], config, data=data)[0]
        if cache is not None:
            cache.put(key, loaded)
    return replace(loaded, article=placed(loaded.article, config)) if loaded.article else loaded


def _lookup(cache: ParseCache | None, keys: list[str]) -> dict[str, Loaded]:
    """Cached loads by key; a cache with ``get_many`` answers in a few queries."""
    if cache is None:
        return {}
    get_many = getattr(cache, "get_many", None)
    if get_many is not None:
        return dict(get_many(keys))
    found = {}
    for key in keys:
        loaded = cache.get(key)
        if loaded is not None:
            found[key] = loaded
    return found
