"""The one place the stages are sequenced: discover -> load -> index -> plan -> render -> write.

Every problem of every stage is collected before anything is written; if any
is an error the output folder is not touched at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace

from jinja2 import Environment

from builder import discover, incremental, urls
from builder.config import SiteConfig, default_base_url
from builder.errors import BuildFailed, Problem, errors_in
from builder.incremental import verify
from builder.incremental.manifest import Manifest
from builder.index import build_index
from builder.index.links import resolve_links
from builder.index.publication import Selection
from builder.load import Loaded
from builder.load.cache import ParseCache, cache_key, settings_fingerprint
from builder.load.pool import load_many
from builder.model import Article, Found, OutputFile, Page, Site, SourceFile, Summary, evolve
from builder.plan import find_collisions, plan_pages, static_outputs, unsafe_urls
from builder.plan.encode import Encoded, produce
from builder.plan.imagemeta import ImageProbe, image_problems
from builder.progress import Advance, Progress, silent
from builder.render import render_pages
from builder.render.environment import make_environment
from builder.result import BuildResult, BuildStats
from builder.write import (
    Derive,
    Staged,
    check_folders,
    current_manifest,
    repair,
    search,
    write_site,
)


@dataclass(frozen=True)
class Loads:
    """How the content files came to be loaded: parsed in this build, or from the cache."""

    loaded: int = 0
    """Files parsed (front matter and Markdown) by this build: the cache's misses."""
    cached: int = 0
    """Files whose load the parse cache gave back (their bytes and settings unchanged)."""
    keys: tuple[str, ...] = ()
    """The load key of every content file read, in discovery order (the build's inputs)."""


_NONE = Encoded([], 0, 0)
"""No image variants: a build that does not write (check) or already failed encodes none."""


def build(
    config: SiteConfig,
    selection: Selection,
    *,
    strict: bool = False,
    write: bool = True,
    cache: ParseCache | None = None,
    rewrite: bool = False,
    progress: Progress | None = None,
    publishing: bool = False,
    defer_search: bool = False,
    stamp: str = "",
    environment: bytes | None = None,
) -> BuildResult:
    """Build the site; raises BuildFailed (exit 1) or ConfigError (exit 2) before writing.

    ``progress`` is told how loading and (when writing) rendering go, for a terminal's bars
    (DESIGN §5). ``publishing`` (build and check, not serve) adds the warnings only a public
    site needs (the default base_url). ``defer_search`` keeps the previous search index
    (serve re-indexes in the background, preview/reindex.py). ``stamp``, the sources'
    stamp the caller took before the build (incremental.quick_result), is recorded with
    what the build said, for the next build to stop before loading. ``environment`` is the
    digest of this environment (incremental.environment_digest) that the caller took with
    the stamp, else it is taken here: once per build, before anything it covers is read,
    and shared by the page fingerprints and the inputs digest.
    """
    check_folders(config)
    env = make_environment(config, stale_search=defer_search and config.search.on)
    if environment is None:
        environment = incremental.environment_digest(env, config)
    site, problems, loads = index_site(config, selection, cache, progress)
    static_found, more = _site_problems(config, publishing)
    problems += more + image_problems(site, config)  # before the stop: its warnings count
    inputs = incremental.inputs_digest(environment, loads.keys, site, static_found, selection)
    sources = incremental.Sources(stamp, site.steady, Summary.of(site), ())
    if write and not rewrite and not _failing(problems, strict):
        done = _unchanged_site(config, inputs, sources, site, loads, problems)
        if done is not None:
            return done
    static = static_outputs(static_found)
    probe = ImageProbe(config)
    pages = plan_pages(site, config, probe)
    problems += find_collisions(pages, static) + unsafe_urls(pages)
    images = _images(probe, config, write and not errors_in(problems), rewrite)
    static = static + images.outputs
    planned = BuildStats(loads.loaded, loads.cached, len(pages), 0, **images.counts)
    if write and not _failing(problems, strict):
        derive = _indexer(pages, config, defer_search) if config.search.on else None
        work = (planned, environment, inputs, sources)
        return _render_and_write(
            site, pages, static, env, config, problems, strict, rewrite, progress, work, derive
        )
    outputs, render_problems = render_pages(pages, env, config)
    problems += render_problems
    if _failing(problems, strict):
        raise BuildFailed(problems)
    stats = replace(planned, rendered=len(outputs))
    return BuildResult(site, outputs + static, problems, stats, sources.summary)


def _site_problems(config: SiteConfig, publishing: bool) -> tuple[list[Found], list[Problem]]:
    """The static files, and the warnings about the site rather than its stories."""
    problems = default_base_url(config) if publishing else []
    static_found, static_problems = discover.static_files(config.site_dir)
    problems += static_problems + discover.template_files(config.site_dir)[1]
    problems += search.language_warnings(config)
    return static_found, problems


def _images(probe: ImageProbe, config: SiteConfig, make: bool, clean: bool) -> Encoded:
    """The variants the pages use, made (or taken from the cache) only by a build that writes."""
    return produce(probe.used(), config, clean=clean) if make else _NONE


def _unchanged_site(
    config: SiteConfig,
    inputs: str,
    sources: incremental.Sources,
    site: Site,
    loads: Loads,
    problems: list[Problem],
) -> BuildResult | None:
    """The result of a build with nothing to do (every input as the last build's), or None.
    Its sources are recorded (incremental.save_sources): the next build can stop sooner."""
    repair(config.output_dir)
    recorded = current_manifest(config.output_dir)
    if not incremental.up_to_date(config.output_dir, recorded, inputs):
        return None
    sources = replace(sources, warnings=tuple(problems))
    if sources.stamp:
        incremental.save_sources(config, sources)
    kept = [OutputFile(path) for path in recorded.files]
    stats = BuildStats(loads.loaded, loads.cached, 0, 0, unchanged=len(kept))
    return BuildResult(site, kept, list(sources.warnings), stats, sources.summary)


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
    progress: Progress | None,
    planned: tuple[BuildStats, bytes, str, incremental.Sources],
    derive: Derive | None = None,
) -> BuildResult:
    """Pages go to the new generation as they are rendered (the site's HTML is never all in
    memory); a page that fails to render abandons it before the swap. Pages whose
    fingerprint is unchanged are not rendered (incremental.py); ``planned`` carries the
    stats so far and the digest of the build's inputs, recorded in the manifest."""
    stats, environment, inputs, sources = planned
    recorded = current_manifest(config.output_dir)
    plan = incremental.plan_render(pages, env, environment, config, recorded, rewrite)
    written: list[OutputFile] = []

    def rendered(advance: Advance) -> Iterator[OutputFile]:
        for output in itertools.chain(incremental.outputs(plan, env, config, problems), static):
            written.append(OutputFile(output.out_path, copy_from=output.copy_from))
            yield output
            advance(1)  # once the writer has taken it: written or found unchanged

    def gate() -> None:
        if _failing(problems, strict):
            raise BuildFailed(problems)

    index: list[OutputFile] = []

    def derived(staged: Staged) -> Iterator[OutputFile]:
        for output in derive(staged) if derive else ():
            index.append(OutputFile(output.out_path, copy_from=output.copy_from))
            yield output

    with (progress or silent)("rendering", len(pages) + len(static)) as advance:
        files = write_site(
            rendered(advance),
            config.output_dir,
            rewrite=rewrite,
            before_swap=gate,
            inputs=inputs,
            derive=derived if derive else None,
        )
    written += index
    rendered_paths = frozenset(page.out_path for page in plan.render)
    counts = {"written": files.written, "unchanged": files.unchanged, "removed": files.removed}
    stats = replace(stats, rendered=len(plan.render), rendered_paths=rendered_paths, **counts)
    if sources.stamp:
        incremental.save_sources(config, replace(sources, warnings=tuple(problems)))
    return BuildResult(site, written, problems, stats, sources.summary)


def _indexer(pages: list[Page], config: SiteConfig, defer: bool) -> Derive:
    """The search index of the article pages, made from the staged build (search.py)."""
    articles = [p.out_path for p in pages if p.template == "article.html"]
    return lambda staged: search.index_outputs(staged, config, articles, defer=defer)


def verify_output(config: SiteConfig, selection: Selection, publishing: bool = True) -> list[str]:
    """The output compared with a clean build of the same sources (``digest build --verify``):
    every stage again in memory, with no parse cache, no image cache and no shortcut (every
    page rendered); one line per difference (incremental/verify.py)."""
    env = make_environment(config)
    environment = incremental.environment_digest(env, config)
    site, problems, loads = index_site(config, selection)
    static_found, more = _site_problems(config, publishing)
    inputs = incremental.inputs_digest(environment, loads.keys, site, static_found, selection)
    probe = ImageProbe(config)
    pages = plan_pages(site, config, probe)
    static = static_outputs(static_found) + produce(probe.used(), config, clean=True).outputs
    plan = incremental.plan_render(pages, env, environment, config, Manifest(), rewrite=True)
    problems += more + image_problems(site, config)
    digests: dict[str, str] = {}

    def fresh() -> Iterator[OutputFile]:
        for output in itertools.chain(incremental.outputs(plan, env, config, problems), static):
            if output.data is not None:
                digests[output.out_path] = verify.digest(output.data)
            yield output

    recorded = current_manifest(config.output_dir)
    shown = {page.out_path: page.url for page in pages}
    found = verify.compare(config.output_dir, recorded, fresh(), shown, inputs)
    if errors_in(problems):
        failing = "; ".join(str(p) for p in errors_in(problems)[:3])
        found.append(f"internal error: a clean build of these sources fails: {failing}")
    articles = [page.out_path for page in pages if page.template == "article.html"]
    key = search.articles_key(digests, articles) if config.search.on and articles else None
    return found + verify.search_index(config.output_dir, key)


def index_site(
    config: SiteConfig,
    selection: Selection,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
) -> tuple[Site, list[Problem], Loads]:
    """load -> internal links -> index: the site as the plan stage sees it, every problem,
    and how many files were parsed or came from the cache."""
    articles, problems, loads = load_all(config, cache, progress)
    articles, link_problems = resolve_links(articles, config, selection)
    site, index_problems = build_index(articles, config, selection)
    return site, problems + link_problems + index_problems, loads


def load_all(
    config: SiteConfig, cache: ParseCache | None = None, progress: Progress | None = None
) -> tuple[list[Article], list[Problem], Loads]:
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
            article = evolve(loaded.article, loaded=(key, loaded.article))
            articles.append(placed(article, config))
    return articles, problems, Loads(len(batch), len(sources) - len(batch), tuple(keys))


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
