"""The one place the stages are sequenced: discover -> load -> index -> plan -> render -> write.

Every problem of every stage is collected before anything is written; if any
is an error the output folder is not touched at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from jinja2 import Environment

from builder import discover, incremental, urls
from builder.config import SiteConfig
from builder.errors import BuildFailed, ConfigError, Problem, errors_in
from builder.index import build_index
from builder.index.links import resolve_links
from builder.load import Loaded
from builder.load.cache import ParseCache, cache_key, settings_fingerprint
from builder.load.pool import load_many
from builder.model import Article, OutputFile, Page, Site, SourceFile, evolve
from builder.plan import find_collisions, plan_pages, static_outputs, unsafe_urls
from builder.progress import Advance, Progress, silent
from builder.publication import Selection
from builder.render import render_pages
from builder.templating import make_environment
from builder.write import current_manifest, refuse_output_dir, repair, write_site


@dataclass(frozen=True)
class BuildResult:
    site: Site
    outputs: list[OutputFile]
    """Every output file; after a write, pages carry their path only (``data`` is None):
    their bytes were streamed to disk, not kept (about 250 MB at 10,000 articles)."""
    warnings: list[Problem] = field(default_factory=list)
    stats: BuildStats | None = None
    """None when nothing was written (``write=False``)."""


@dataclass(frozen=True)
class BuildStats:
    """What a build did: pages planned and rendered (the others were kept), files written."""

    planned: int
    rendered: int
    written: int
    unchanged: int
    removed: int
    rendered_paths: frozenset[str] = frozenset()
    """The output paths of the pages rendered (what the rebuild tests assert)."""


def build(
    config: SiteConfig,
    selection: Selection,
    *,
    strict: bool = False,
    write: bool = True,
    cache: ParseCache | None = None,
    rewrite: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the site; raises BuildFailed (exit 1) or ConfigError (exit 2) before writing.

    ``progress`` is told how loading and (when writing) rendering go, for a terminal's bars
    (DESIGN §5); None, as for ``serve`` and ``check``, reports nothing.
    """
    if not config.content_dir.is_dir():
        raise ConfigError(
            [Problem("content", 1, "folder not found: a site keeps articles in content/")]
        )
    refused = refuse_output_dir(config)
    if refused:
        raise ConfigError([refused])
    site, problems = index_site(config, selection, cache, progress)
    static_found, static_problems = discover.static_files(config.site_dir)
    problems += static_problems + discover.template_files(config.site_dir)[1]
    env = make_environment(config)
    inputs = incremental.inputs_digest(site, env, config, static_found, selection)
    if write and not rewrite and not _failing(problems, strict):
        repair(config.output_dir)
        recorded = current_manifest(config.output_dir)
        if incremental.up_to_date(config.output_dir, recorded, inputs):  # nothing to do
            kept = [OutputFile(path) for path in recorded.files]
            return BuildResult(site, kept, problems, BuildStats(0, 0, 0, len(kept), 0))
    static = static_outputs(static_found)
    pages = plan_pages(site, config)
    problems += find_collisions(pages, static) + unsafe_urls(pages)
    if write and not _failing(problems, strict):
        return _render_and_write(
            site, pages, static, env, config, problems, strict, rewrite, progress or silent, inputs
        )
    outputs, render_problems = render_pages(pages, env, config)
    problems += render_problems
    if _failing(problems, strict):
        raise BuildFailed(problems)
    return BuildResult(site, outputs + static, problems, None)


def _failing(problems: list[Problem], strict: bool) -> bool:
    return bool(problems if strict else errors_in(problems))


def _render_and_write(
    site: Site,
    pages: list[Page],
    static: list[OutputFile],
    env: Environment,
    config: SiteConfig,
    problems: list[Problem],
    strict: bool,
    rewrite: bool,
    progress: Progress,
    inputs: str,
) -> BuildResult:
    """Pages go to the new generation as they are rendered (the site's HTML is never all in
    memory); a page that fails to render abandons it before the swap. Pages whose
    fingerprint is unchanged are not rendered (incremental.py)."""
    plan = incremental.plan_render(pages, env, config, current_manifest(config.output_dir), rewrite)
    written: list[OutputFile] = []

    def rendered(advance: Advance) -> Iterator[OutputFile]:
        for output in itertools.chain(incremental.outputs(plan, env, config, problems), static):
            written.append(OutputFile(output.out_path, copy_from=output.copy_from))
            yield output
            advance(1)  # once the writer has taken it: written or found unchanged

    def gate() -> None:
        if _failing(problems, strict):
            raise BuildFailed(problems)

    with progress("rendering", len(pages) + len(static)) as advance:
        files = write_site(
            rendered(advance), config.output_dir, rewrite=rewrite, before_swap=gate, inputs=inputs
        )
    rendered_paths = frozenset(page.out_path for page in plan.render)
    stats = BuildStats(
        len(pages), len(plan.render), files.written, files.unchanged, files.removed, rendered_paths
    )
    return BuildResult(site, written, problems, stats)


def index_site(
    config: SiteConfig,
    selection: Selection,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
) -> tuple[Site, list[Problem]]:
    """load -> internal links -> index: the site as the plan stage sees it, and every problem."""
    articles, problems = load_all(config, cache, progress)
    articles, link_problems = resolve_links(articles, config, selection)
    site, index_problems = build_index(articles, config, selection)
    return site, problems + link_problems + index_problems


def load_all(
    config: SiteConfig, cache: ParseCache | None = None, progress: Progress | None = None
) -> tuple[list[Article], list[Problem]]:
    """Read and load every content file, reusing cached loads of unchanged bytes.

    Cache misses are loaded together (in parallel when there are many) and the
    results are used in discovery order, so the output never depends on which
    files happened to be cached.
    """
    found, problems = discover.content_files(config.site_dir)
    fingerprint = settings_fingerprint(config)
    sources: list[SourceFile] = []
    for item in found:
        try:
            sources.append(SourceFile(item.src_path, item.path.read_bytes()))
        except OSError as exc:
            problems.append(Problem(item.src_path, 1, f"cannot read the file ({exc.strerror})"))
    keys = [cache_key(s.src_path, s.data, fingerprint) for s in sources]
    loads = _lookup(cache, keys)
    missing = [i for i, key in enumerate(keys) if key not in loads]
    batch = [sources[i] for i in missing]
    fresh = _load_missing(batch, config, progress or silent, len(sources))
    loads.update((keys[i], loaded) for i, loaded in zip(missing, fresh, strict=True))
    articles: list[Article] = []
    for key in keys:
        loaded = loads[key]
        if cache is not None:
            cache.put(key, loaded)
        problems.extend(loaded.problems)
        if loaded.article:
            article = evolve(loaded.article, loaded=(key, loaded.article.content))
            articles.append(placed(article, config))
    return articles, problems


def placed(article: Article, config: SiteConfig) -> Article:
    """The article at its URL, computed from its date and slug by permalinks.article.

    Done here, after the parse cache, not in the load stage: the cache keeps
    what a file's bytes give, and the URL depends on site.yaml as well.
    """
    day = article.date.astimezone(config.tz).date()
    return evolve(article, url=urls.article_url(config.permalinks.article, day, article.slug))


def _load_missing(
    batch: list[SourceFile], config: SiteConfig, progress: Progress, total: int
) -> list[Loaded]:
    """Load the cache misses; on a terminal, one bar over all ``total`` content files."""
    with progress("loading", total) as advance:
        advance(total - len(batch))  # the cached files are loaded already
        return load_many(batch, config, advance=advance)


def load_one(source: SourceFile, config: SiteConfig, cache: ParseCache | None = None) -> Loaded:
    """One file through the same parse cache as :func:`load_all` (serve's early preview)."""
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
