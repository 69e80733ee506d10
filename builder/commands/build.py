"""``digest build``: build the site once into the output folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from builder.commands import options
from builder.load.cache import DiskCache
from builder.pipeline import build
from builder.progress import for_terminal


def add_parser(verbs: Any) -> None:
    p = verbs.add_parser("build", help="build the site into the output folder")
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
        )
        cache.end_build()  # only now: a failed build leaves the site folder as it was
    finally:
        cache.close()
    options.report(result.warnings)
    if not args.quiet:
        print(options.summary(result, config.output_dir, time.perf_counter() - started))
