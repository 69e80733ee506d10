"""``digest build``: build the site once into the output folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from builder.commands import options
from builder.commands.helptext import verb_parser
from builder.config import SiteConfig
from builder.load.cache import DiskCache
from builder.pipeline import build
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
    options.add_site(p)
    options.add_selection(p)
    p.add_argument("--out", type=Path, help="output folder (default: output_dir of site.yaml)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--clean", action="store_true", help="ignore caches and rewrite every file")
    options.add_verbosity(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    config = options.site_config(args, args.out)
    cache = DiskCache(config.site_dir, clean=args.clean)
    progress = None if args.quiet else for_terminal(sys.stderr)  # bars on a terminal only
    try:
        result = build(
            config,
            options.selection(args),
            strict=args.strict,
            cache=cache,
            rewrite=args.clean,
            progress=progress,
            publishing=True,
        )
        cache.end_build()  # only now: a failed build leaves the site folder as it was
    finally:
        cache.close()
    options.report(result.warnings)
    if not args.quiet:
        shown = shown_output(config)
        print(options.summary(result, shown, time.perf_counter() - started))


def shown_output(config: SiteConfig) -> Path:
    """``public`` rather than ``/home/…/site/public``: the output folder as site.yaml names it,
    relative to the site folder when it is inside it."""
    out = config.output_dir
    return out.relative_to(config.site_dir) if out.is_relative_to(config.site_dir) else out
