"""Every content file of a site, loaded: read, looked up in the parse cache, the misses
loaded together, each placed at its URL.

The loading half of the pipeline (pipeline.py sequences it with the rest): the files
come from discover, the parse cache answers for unchanged bytes, and the pool loads the
misses in parallel; results are used in discovery order, so the output never depends
on which files happened to be cached.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from builder import discover, urls
from builder.config import SiteConfig, languages
from builder.discover.languages import language_of
from builder.errors import Problem
from builder.load import Loaded
from builder.load.cache import ParseCache, cache_key, settings_fingerprint
from builder.load.pool import load_many
from builder.model import Article, SourceFile, evolve
from builder.progress import Progress, silent


@dataclass(frozen=True)
class Loads:
    """How the content files came to be loaded: parsed in this build, or from the cache."""

    loaded: int = 0
    """Files parsed (front matter and Markdown) by this build: the cache's misses."""
    cached: int = 0
    """Files whose load the parse cache gave back (their bytes and settings unchanged)."""
    keys: tuple[str, ...] = ()
    """The load key of every content file read, in discovery order (the build's inputs)."""


def load_all(
    config: SiteConfig, cache: ParseCache | None = None, progress: Progress | None = None
) -> tuple[list[Article], list[Problem], Loads]:
    """Read and load every content file, reusing cached loads of unchanged bytes.

    Cache misses are loaded together (in parallel when there are many) and the
    results are used in discovery order, so the output never depends on which
    files happened to be cached. With ``languages:``, each file is loaded with its
    language's configuration (its time zone reads naive dates).
    """
    found, problems = discover.content_files(config.site_dir)
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
    prints = {code: settings_fingerprint(view) for code, view in views.items()}
    keys = [cache_key(s.src_path, s.data, prints[c]) for s, c in zip(sources, codes, strict=True)]
    loads = _lookup(cache, keys)
    missing = [i for i, key in enumerate(keys) if key not in loads]
    batch = [(sources[i], views[codes[i]]) for i in missing]
    fresh = _load_missing(batch, progress or silent, len(sources))
    loads.update((keys[i], loaded) for i, loaded in zip(missing, fresh, strict=True))
    articles: list[Article] = []
    for key, code in zip(keys, codes, strict=True):
        loaded = loads[key]
        if cache is not None:
            cache.put(key, loaded)
        problems.extend(loaded.problems)
        if loaded.article:
            article = evolve(loaded.article, loaded=(key, loaded.article))
            articles.append(placed(article, views[code]))
    return articles, problems, Loads(len(batch), len(sources) - len(batch), tuple(keys))


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
    url = urls.in_language(
        config.prefix, urls.article_url(config.permalinks.article, day, article.slug)
    )
    if config.languages:
        return evolve(article, url=url, lang=config.language)
    return evolve(article, url=url)


def _load_missing(
    batch: list[tuple[SourceFile, SiteConfig]], progress: Progress, total: int
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
            loaded = load_many([batch[i][0] for i in members], configs[group], advance=advance)
            done.update(zip(members, loaded, strict=True))
    return [done[i] for i in range(len(batch))]


def load_one(source: SourceFile, config: SiteConfig, cache: ParseCache | None = None) -> Loaded:
    """One file through the same parse cache as :func:`load_all` (serve's early preview)."""
    config = languages.views(config)[_language(source.src_path, config)]
    key = cache_key(source.src_path, source.data, settings_fingerprint(config))
    loaded = cache.get(key) if cache is not None else None
    if loaded is None:
        loaded = load_many([source], config)[0]
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
