"""``digest build``: build the site once into the output folder."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from builder.commands.helptext import verb_parser
from builder.config import SiteConfig, load_config
from builder.errors import ConfigError, Problem
from builder.index import Selection
from builder.load.cache import DiskCache
from builder.pipeline import BuildResult, build
from builder.progress import for_terminal


def add_parser(verbs: Any) -> None:
    p = verb_parser(
        verbs,
        "build",
        "build the site into the output folder",
        "Reads site.yaml and content/, writes every page to output_dir (default public/).\n"
        "Drafts and future-dated stories are left out unless --drafts/--future; then\n"
        "their pages carry a DRAFT or SCHEDULED badge and are not indexed. On any error\n"
        "nothing is written and the previous output stays as it was.",
        [
            "digest build",
            "digest build --site mysite --strict",
            "digest build --drafts --out /tmp/preview",
        ],
    )
    add_site_options(p)
    p.add_argument("--out", type=Path, help="output folder (default: output_dir of site.yaml)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--clean", action="store_true", help="ignore caches and rewrite every file")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    loud.add_argument("-v", "--verbose", action="store_true", help="more detail, tracebacks")
    p.set_defaults(run=run)


def add_site_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    p.add_argument("--drafts", action="store_true", help="include drafts")
    p.add_argument("--future", action="store_true", help="include future-dated articles")


def site_config(args: argparse.Namespace, out: Path | None = None) -> SiteConfig:
    """The site folder named by ``--site``, checked, and its site.yaml."""
    site_dir = args.site.resolve()
    if not site_dir.is_dir():
        raise ConfigError([Problem(str(args.site), 1, "site folder not found")])
    return load_config(site_dir, out.resolve() if out else None)


def selection(args: argparse.Namespace) -> Selection:
    return Selection(args.drafts, args.future, datetime.now(UTC))


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config = site_config(args, args.out)
    cache = DiskCache(config.site_dir, clean=args.clean)
    progress = None if args.quiet else for_terminal(sys.stderr)  # bars on a terminal only
    try:
        result = build(
            config,
            selection(args),
            strict=args.strict,
            cache=cache,
            rewrite=args.clean,
            progress=progress,
            publishing=True,
        )
        cache.end_build()  # only now: a failed build leaves the site folder as it was
    finally:
        cache.close()
    report(result.warnings)
    if not args.quiet:
        shown = shown_output(config)
        print(summary(result, shown, time.perf_counter() - started))
    return 0


def shown_output(config: SiteConfig) -> Path:
    """``public`` rather than ``/home/…/site/public``: the output folder as site.yaml names it,
    relative to the site folder when it is inside it."""
    out = config.output_dir
    return out.relative_to(config.site_dir) if out.is_relative_to(config.site_dir) else out


def summary(result: BuildResult, out: Path, seconds: float) -> str:
    site = result.site
    skipped = []
    if site.skipped_drafts:
        skipped.append(count(site.skipped_drafts, "draft"))
    if site.skipped_future:
        skipped.append(count(site.skipped_future, "future article"))
    note = f" ({', '.join(skipped)} skipped)" if skipped else ""
    stats = result.stats
    files = (
        f"{stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed"
        if stats
        else ""
    )
    return (
        f"built {count(len(site.articles), 'article')}{note}, {count(len(site.topics), 'topic')}"
        f" -> {out} ({files}) in {seconds:.2f} s"
    )


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def report(problems: list[Problem], verbose: bool = False) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
        if verbose and problem.detail:
            print(problem.detail.rstrip(), file=sys.stderr)
