"""The one place the stages are sequenced: discover -> load -> index -> plan -> render -> write.

Every problem of every stage is collected before anything is written; if any
is an error the output folder is not touched at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

from jinja2 import Environment

from builder import discover, incremental
from builder.config import SiteConfig, default_base_url
from builder.errors import BuildFailed, Problem, errors_in
from builder.incremental import verify
from builder.incremental.manifest import Manifest
from builder.index import build_index
from builder.index.editorial import duplicate_titles, without_topics
from builder.index.links import resolve_links
from builder.index.posts import render_listings
from builder.index.publication import Selection
from builder.load.cache import MemoryCache, ParseCache
from builder.load.site import Loads, load_all
from builder.model import Found, OutputFile, Page, Site, Summary
from builder.plan import find_collisions, plan_pages, static_outputs, unsafe_urls
from builder.plan.encode import Encoded, produce
from builder.plan.imagemeta import ImageProbe, image_problems
from builder.progress import Advance, Progress, silent
from builder.render import render_pages
from builder.render.environment import make_environment
from builder.render.i18n import i18n_problems
from builder.result import BuildResult, BuildStats, Checked
from builder.write import (
    Derive,
    Staged,
    check_folders,
    current_manifest,
    repair,
    search,
    write_site,
)

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
    problems += search.language_warnings(config) + i18n_problems(config)
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
    articles, listing_problems = render_listings(articles, loads, selection, cache)
    problems += listing_problems
    articles, link_problems = resolve_links(articles, config, selection)
    site, index_problems = build_index(articles, config, selection)
    return site, problems + link_problems + index_problems, loads


def check_site(config: SiteConfig, chosen: Selection) -> tuple[list[Problem], Checked]:
    """``digest check``: every problem of a build that writes nothing, plus the editorial
    warnings (index/editorial.py), sorted, and what was checked. A failing build still has
    the articles that did load looked at."""
    cache = MemoryCache()
    try:
        result = build(config, chosen, write=False, cache=cache, publishing=True)
        site, problems = result.site, list(result.warnings)
    except BuildFailed as exc:
        site, problems = None, list(exc.problems)
        cache.end_build()
    if site is None:  # the build failed (a build that writes nothing always loads)
        site, _, _ = index_site(config, chosen, cache)
    problems += duplicate_titles(site.articles, config) + without_topics(site.articles)
    files = len(discover.content_files(config.site_dir)[0])
    counts = Checked(files, len(site.articles), site.skipped_drafts, site.skipped_future)
    return sorted(set(problems)), counts
