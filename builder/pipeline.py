"""The one place the stages are sequenced: discover -> load -> index -> plan -> render -> write.

Every problem of every stage is collected before anything is written; if any
is an error the output folder is not touched at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder import discover
from builder.cache import ParseCache, cache_key, settings_fingerprint
from builder.config import SiteConfig
from builder.errors import BuildFailed, ConfigError, Problem, errors_in
from builder.index import Selection, build_index
from builder.links import resolve_links
from builder.load import load_article
from builder.markup import MarkdownRenderer
from builder.model import Article, OutputFile, Site, SourceFile
from builder.plan import find_collisions, plan_pages, static_outputs, unsafe_urls
from builder.render import make_environment, render_pages
from builder.write import WriteStats, refuse_output_dir, write_site


@dataclass(frozen=True)
class BuildResult:
    site: Site
    outputs: list[OutputFile]
    warnings: list[Problem] = field(default_factory=list)
    stats: WriteStats | None = None
    """None when nothing was written (``write=False``)."""


def build(
    config: SiteConfig,
    selection: Selection,
    *,
    strict: bool = False,
    write: bool = True,
    cache: ParseCache | None = None,
) -> BuildResult:
    """Build the site; raises BuildFailed (exit 1) or ConfigError (exit 2) before writing."""
    if not config.content_dir.is_dir():
        raise ConfigError(
            [Problem("content", 1, "folder not found: a site keeps articles in content/")]
        )
    refused = refuse_output_dir(config)
    if refused:
        raise ConfigError([refused])
    site, problems = index_site(config, selection, cache)
    static_found, static_problems = discover.static_files(config.site_dir)
    static = static_outputs(static_found)
    pages = plan_pages(site, config)
    problems += static_problems
    problems += find_collisions(pages, static) + unsafe_urls(pages)
    outputs, render_problems = render_pages(pages, make_environment(config), config)
    problems += render_problems
    failing = problems if strict else errors_in(problems)
    if failing:
        raise BuildFailed(problems)
    outputs += static
    stats = write_site(outputs, config.output_dir) if write else None
    return BuildResult(site, outputs, problems, stats)


def index_site(
    config: SiteConfig, selection: Selection, cache: ParseCache | None = None
) -> tuple[Site, list[Problem]]:
    """load -> internal links -> index: the site as the plan stage sees it, and every problem."""
    articles, problems = load_all(config, cache)
    articles, link_problems = resolve_links(articles, config, selection)
    site, index_problems = build_index(articles, config, selection)
    return site, problems + link_problems + index_problems


def load_all(
    config: SiteConfig, cache: ParseCache | None = None
) -> tuple[list[Article], list[Problem]]:
    """Read and load every content file, reusing cached loads of unchanged bytes."""
    found, problems = discover.content_files(config.site_dir)
    renderer: MarkdownRenderer | None = None  # built on the first cache miss only
    fingerprint = settings_fingerprint(config)
    articles: list[Article] = []
    for item in found:
        try:
            source = SourceFile(item.src_path, item.path.read_bytes())
        except OSError as exc:
            problems.append(Problem(item.src_path, 1, f"cannot read the file ({exc.strerror})"))
            continue
        key = cache_key(source.src_path, source.data, fingerprint)
        loaded = cache.get(key) if cache is not None else None
        if loaded is None:
            renderer = renderer or MarkdownRenderer(config.markdown)
            loaded = load_article(source, config, renderer)
        if cache is not None:
            cache.put(key, loaded)
        problems.extend(loaded.problems)
        if loaded.article:
            articles.append(loaded.article)
    return articles, problems
